// The network page's own code: filters, search, legend, label spreading, map outlines, state in the URL.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var hidden = { node: new Set(), edge: new Set() };
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hidden.node.has(n.kind); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hidden.edge.has(e.kind); } });
  var state = readHash();
  (state.hideNodes || []).forEach(function (kind) { hidden.node.add(kind); });
  (state.hideLinks || []).forEach(function (kind) { hidden.edge.add(kind); });
  network = new vis.Network(document.getElementById("graph"), { nodes: nodeView, edges: edgeView }, data.options);
  if (data.map) { drawOutlinesUnderneath(data.map); }

  var physics = document.getElementById("physics");
  physics.checked = data.options.physics.enabled;
  physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    physics.checked = false;
  });
  network.once("afterDrawing", function () {
    if (data.spreadLabels) { spreadLabels(); }
    frame();
    if (data.map) { keepScreenSize(); network.on("zoom", keepScreenSize); }
    if (state.node) { selectByKey(state.node, false); }
    document.body.dataset.renderedMs = String(Math.round(performance.now()));
  });

  // --- the initial frame: the whole view, or on a map the regions and cities -----------------------
  function frame() {
    var ids = nodeView.getIds();
    if (data.map) {
      var regions = nodeView.get({ filter: function (n) { return n.kind === "region"; } }).map(function (n) { return n.id; });
      ids = regions.length ? regions : ids;
    }
    network.fit({ nodes: ids, animation: false });
  }

  // --- labels: move nodes apart until no two drawn labels overlap --------------------------------------
  function labelBoxes(withShapes) {
    // label (and node shape) boxes in canvas coordinates, each anchored to a node or an edge's midpoint
    var boxes = [];
    network.body.nodeIndices.forEach(function (id) {
      var node = network.body.nodes[id];
      var size = node.labelModule.size;
      if (size.width) { boxes.push({ node: id, left: size.left, top: size.top, width: size.width, height: size.height }); }
      if (withShapes) {
        var r = node.options.size;
        boxes.push({ node: id, shape: true, left: node.x - r, top: node.y - r, width: 2 * r, height: 2 * r });
      }
    });
    network.body.edgeIndices.forEach(function (id) {
      var edge = network.body.edges[id];
      var size = edge.labelModule.size;
      if (edge.options.label && size.width) {
        boxes.push({ edge: edge, left: size.left, top: size.top, width: size.width, height: size.height });
      }
    });
    return boxes;
  }
  function overlap(a, b) {
    var dx = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
    var dy = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
    return dx > 0 && dy > 0 ? { dx: dx, dy: dy } : null;
  }
  function spreadLabels() {
    // Move nodes (never labels) until no two labels and no label and node overlap. The boxes are measured
    // as drawn, then moved with their nodes in arithmetic; a redraw measures them again (up to 8 times).
    for (var pass = 0; pass < 8; pass++) {
      network.redraw();
      var pos = network.getPositions();
      var boxes = labelBoxes(true);
      boxes.forEach(function (box) {
        var at = anchor(box, pos);
        box.dx = box.left - at.x;
        box.dy = box.top - at.y;
      });
      if (!separate(boxes, pos)) { break; }
      Object.keys(pos).forEach(function (id) { network.moveNode(id, pos[id].x, pos[id].y); });
    }
    network.redraw();
  }
  function anchor(box, pos) {
    if (box.node !== undefined) { return pos[box.node]; }
    var a = pos[box.edge.fromId], b = pos[box.edge.toId];
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }
  function separate(boxes, pos) {
    // returns whether anything had to move
    var margin = 4, movedAtAll = false;
    for (var round = 0; round < 300; round++) {
      boxes.forEach(function (box) { var at = anchor(box, pos); box.left = at.x + box.dx; box.top = at.y + box.dy; });
      var shifts = {};
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], b = boxes[j];
          if ((a.shape && b.shape) || (a.node !== undefined && a.node === b.node)) { continue; }
          var hit = overlap(a, b);
          if (!hit) { continue; }
          // the direction comes from the owners' positions, so a node's label and shape push the same way
          var pa = anchor(a, pos), pb = anchor(b, pos);
          var vertical = hit.dy <= hit.dx;
          var amount = (vertical ? hit.dy : hit.dx) / 2 + margin;
          var sign = vertical ? (pa.y < pb.y || (pa.y === pb.y && i < j) ? -1 : 1) : (pa.x < pb.x || (pa.x === pb.x && i < j) ? -1 : 1);
          moved = true;
          if (lengthen(shifts, pos, a, b, amount) || lengthen(shifts, pos, b, a, amount)) { continue; }
          push(shifts, a, vertical, sign * amount);
          push(shifts, b, vertical, -sign * amount);
        }
      }
      if (!moved) { break; }
      movedAtAll = true;
      Object.keys(shifts).forEach(function (id) { pos[id].x += shifts[id].x; pos[id].y += shifts[id].y; });
    }
    return movedAtAll;
  }
  function lengthen(shifts, pos, edgeBox, nodeBox, amount) {
    // an edge's label over one of its own ends: move the other end away along the edge
    if (!edgeBox.edge || nodeBox.node === undefined) { return false; }
    var edge = edgeBox.edge;
    if (nodeBox.node !== edge.fromId && nodeBox.node !== edge.toId) { return false; }
    var far = nodeBox.node === edge.fromId ? edge.toId : edge.fromId;
    var from = pos[nodeBox.node], to = pos[far];
    var length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    var shift = shifts[far] || (shifts[far] = { x: 0, y: 0 });
    shift.x += 2 * amount * (to.x - from.x) / length;
    shift.y += 2 * amount * (to.y - from.y) / length;
    return true;
  }
  function push(shifts, box, vertical, amount) {
    // a node label moves its node; an edge label moves both ends of its edge half as far
    var ids = box.node !== undefined ? [box.node] : [box.edge.fromId, box.edge.toId];
    var share = box.node !== undefined ? amount : amount / 2;
    ids.forEach(function (id) {
      var shift = shifts[id] || (shifts[id] = { x: 0, y: 0 });
      if (vertical) { shift.y += share; } else { shift.x += share; }
    });
  }

  // --- map: nodes, labels and links keep their size on screen while the map zooms --------------------
  function keepScreenSize() {
    var k = 1 / network.getScale(), font = data.options.nodes.font.size;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, size: n.size * k, font: { size: font * k } }; }));
    var arrow = data.options.edges.arrows.to.scaleFactor;
    edges.update(data.edges.map(function (e) {
      return { id: e.id, width: e.width * k, arrows: { to: { enabled: e.arrows === "to", scaleFactor: arrow * k } } };
    }));
  }

  // --- map: Natural Earth country outlines under the network -----------------------------------------
  function drawOutlinesUnderneath(map) {
    var f = map.frame;
    var countries = topojson.feature(map.atlas, map.atlas.objects.countries).features;
    var land = new Path2D();
    countries.forEach(function (country) {
      var polygons = country.geometry.type === "Polygon" ? [country.geometry.coordinates] : country.geometry.coordinates;
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          ring.forEach(function (point, index) {
            var x = (point[0] - f.long0) * f.scale * f.cosLat0, y = -(point[1] - f.lat0) * f.scale;
            var jump = index > 0 && Math.abs(point[0] - ring[index - 1][0]) > 180;
            if (index === 0 || jump) { land.moveTo(x, y); } else { land.lineTo(x, y); }
          });
          land.closePath();
        });
      });
    });
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.fillStyle = "#f1efe8";
      ctx.strokeStyle = "#9d9583";
      ctx.lineWidth = 1 / network.getScale();
      ctx.fill(land, "evenodd");
      ctx.stroke(land);
      ctx.restore();
    });
    document.getElementById("graph").style.background = "#dfeaf2";
  }

  // --- status and legend (the legend's shapes are drawn by vis-network from the nodes' own style) -----
  function showStatus() {
    document.getElementById("status").textContent =
      nodeView.length + " of " + nodes.length + " nodes, " + edgeView.length + " of " + edges.length + " links shown";
  }
  function legend(containerId, what, entries) {
    var container = document.getElementById(containerId);
    entries.forEach(function (entry) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !hidden[what].has(entry.kind);
      box.dataset[what + "Kind"] = entry.kind;
      box.addEventListener("change", function () {
        if (box.checked) { hidden[what].delete(entry.kind); } else { hidden[what].add(entry.kind); }
        (what === "node" ? nodeView : edgeView).refresh();
        showStatus();
        writeHash();
      });
      var swatch = document.createElement("span");
      swatch.className = "swatch " + (what === "edge" ? "line" + (entry.dashed ? " dashed" : "") : "shape");
      swatch.dataset.kind = entry.kind;
      var name = document.createElement("span");
      name.textContent = entry.label;
      var count = document.createElement("span");
      count.className = "count";
      count.textContent = String(entry.count);
      label.append(box, swatch, name, count);
      container.appendChild(label);
      if (what === "edge") { swatch.style.borderTopColor = entry.color; } else { drawSwatch(swatch, entry); }
    });
  }
  var swatches = {};
  function drawSwatch(element, entry) {
    var sample = new vis.Network(element, { nodes: [{ id: 1, shape: entry.shape, color: entry.color, size: 7, x: 0, y: 0 }] }, {
      nodes: { borderWidth: 1 }, physics: { enabled: false },
      interaction: { dragView: false, zoomView: false, selectable: false, hover: false },
    });
    sample.moveTo({ position: { x: 0, y: 0 }, scale: 1 });
    swatches[entry.kind] = sample;
  }
  legend("node-legend", "node", data.legend.nodes);
  legend("edge-legend", "edge", data.legend.edges);
  window.legendSwatches = swatches;
  showStatus();

  // --- search: any label or alternative label, case, dashes and apostrophes ignored ------------------
  function normalise(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2010-\u2015\u2212]/g, "-").replace(/[\u2018\u2019\u02bb\u02bc\u0060\u00b4]/g, "'")
      .replace(/\s+/g, " ").trim();
  }
  var datalist = document.getElementById("node-labels");
  var seen = new Set();
  data.nodes.forEach(function (n) {
    [n.fullLabel].concat(n.altLabels || []).forEach(function (text) {
      if (seen.has(text)) { return; }
      seen.add(text);
      var option = document.createElement("option");
      option.value = text;
      datalist.appendChild(option);
    });
  });
  function find(query) {
    var q = normalise(query);
    if (!q) { return null; }
    function rank(n) {
      var names = [n.fullLabel].concat(n.altLabels || []).map(normalise);
      var tier = names.indexOf(q) !== -1 || normalise(n.key) === q ? 0
        : names.some(function (name) { return name.indexOf(q) === 0; }) ? 1
        : names.some(function (name) { return name.indexOf(q) !== -1; }) ? 2 : 3;
      var order = data.searchOrder.indexOf(n.kind);
      return tier * 100 + (order === -1 ? 99 : order);
    }
    var best = null, bestRank = 300;
    nodeView.get().forEach(function (n) {
      var r = rank(n);
      if (r < bestRank) { best = n; bestRank = r; }
    });
    return best;
  }
  var search = document.getElementById("search");
  function focusSearch() {
    var result = document.getElementById("search-result");
    var node = find(search.value);
    if (!node) {
      network.unselectAll();
      result.textContent = search.value.trim() ? "No shown node matches." : "";
      writeHash();
      return;
    }
    focusNode(node, true);
  }
  function focusNode(node, animate) {
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 1), animation: animate ? { duration: 400 } : false });
    document.getElementById("search-result").textContent =
      "Selected: " + node.fullLabel + " (" + node.kind + ", " + node.key + ")";
    writeHash();
  }
  function selectByKey(key, animate) {
    var node = nodeView.get({ filter: function (n) { return n.key === key; } })[0];
    if (node) { focusNode(node, animate); }
  }
  search.addEventListener("change", focusSearch);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { focusSearch(); } });
  network.on("click", function () { writeHash(); });

  // --- the page's state in the URL: view, hidden kinds, selected node ------------------------------------
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var list = function (name) { return (params.get(name) || "").split(",").filter(Boolean); };
    if (params.get("view") && params.get("view") !== data.view) {
      document.getElementById("search-result").textContent =
        "This link is for the " + params.get("view") + " view; this page draws the " + data.view + " view.";
    }
    return { hideNodes: list("hide"), hideLinks: list("hideLinks"), node: params.get("node") };
  }
  function writeHash() {
    var params = new URLSearchParams();
    params.set("view", data.view);
    if (hidden.node.size) { params.set("hide", Array.from(hidden.node).sort().join(",")); }
    if (hidden.edge.size) { params.set("hideLinks", Array.from(hidden.edge).sort().join(",")); }
    var selected = network.getSelectedNodes();
    if (selected.length) { params.set("node", nodes.get(selected[0]).key); }
    history.replaceState(null, "", "#" + params.toString());
  }
})();
