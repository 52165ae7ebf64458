"""Virtuoso at scale: bulk-load an N-Triples file through `clusterkg publish`, answer every question.

Starts a fresh Virtuoso of its own (benchmarks/virtuoso.py: buffers sized for --buffers-gb, no
row or time limit of its own) in a folder under --workdir, then times `clusterkg publish --input
FILE --bulk-load DIR --isql …` as a whole process, and records Virtuoso's peak resident memory
(VmHWM) and its database's size on disk after a checkpoint. Then each research question (its
defaults; region-profile for Navoi, as benchmarks/scale.py) is asked as `clusterkg query
--endpoint URL NAME` asks it: the command's own function, in a process of its own, timed around
the call (imports excluded), stopped after --timeout seconds. A question Virtuoso does not answer
is recorded as "timed out" or "error: …" (and Virtuoso is restarted on the same database, since
a stopped client leaves the query running inside it). Results go to
benchmarks/results/virtuoso-LABEL.json; the database folder is removed at the end.

    python benchmarks/virtuoso_scale.py synth-1640.nt --label 1M --workdir /big/disk
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import paired  # noqa: E402
from scale import PARAMS, disk_mb, peak_of  # noqa: E402
from virtuoso import running_virtuoso  # noqa: E402

from kg.bulk_load import Isql  # noqa: E402
from kg.namespaces import DEFAULT_BASE  # noqa: E402
from kg.query import list_queries  # noqa: E402

GRAPH_IRI = DEFAULT_BASE  # the graph named after the data's base, as the README publishes it
ASK_SCRIPT = """
import sys, time
from kg.cli import main
import kg.commands.query, rdflib.plugins.stores.sparqlstore  # the command's imports: not timed
start = time.perf_counter()
code = main(["query", "--endpoint", sys.argv[1], sys.argv[2], "-f", "json", "-o", sys.argv[3], *sys.argv[4:]])
print(time.perf_counter() - start)
sys.exit(code)
"""


def progress(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def publish(path: Path, server, chunks: Path) -> dict:
    """Seconds and peak memory (MB) of the whole `clusterkg publish --bulk-load` process, and the
    number of triples it says it published."""
    argv = [sys.executable, "-m", "kg", "publish", "--input", str(path), "--bulk-load", str(chunks),
            "--isql", server.sql, "--graph", GRAPH_IRI, "--user", "dba", "--password", "dba"]
    run = peak_of(argv)
    said = next(line for line in run["stderr"].splitlines() if line.startswith("published "))
    return {"seconds": run["seconds"], "peak_mb": run["peak_mb"], "triples": int(said.split()[1].replace(",", ""))}


def triples_in(base: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }} }}"
    answer = requests.get(f"{base}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"},
                          timeout=600)
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def ask(endpoint: str, name: str, params: dict[str, str], timeout: float, scratch: Path) -> dict:
    """{"seconds", "rows"} of one question, or {"outcome": "timed out" | "error: …"}."""
    output = scratch / f"{name}.json"
    argv = [sys.executable, "-c", ASK_SCRIPT, endpoint, name, str(output),
            *[f"--param={key}={value}" for key, value in params.items()]]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        return {"outcome": "timed out"}
    if done.returncode:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return {"outcome": f"error: {last.removeprefix('error: ')[:300]}"}
    seconds = float(done.stdout.split()[-1])
    if seconds > timeout:
        return {"outcome": "timed out"}
    answer = json.loads(output.read_text())
    rows = len(answer["results"]["bindings"]) if "results" in answer else 1
    return {"seconds": seconds, "rows": rows}


def lines_of(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, metavar="FILE", help="an N-Triples file, e.g. from `clusterkg synth`")
    parser.add_argument("--label", required=True, help="size label, e.g. 1M: results go to virtuoso-LABEL.json")
    parser.add_argument("--workdir", type=Path, default=Path("benchmarks/.cache"),
                        help="where Virtuoso's database and the bulk loader's chunks go (default: benchmarks/.cache)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per question (default: 300)")
    parser.add_argument("--buffers-gb", type=float, default=4,
                        help="memory for Virtuoso's buffers, from virtuoso.ini's table (default: 4)")
    parser.add_argument("--questions", nargs="+", metavar="NAME", help="ask only these questions (default: all)")
    args = parser.parse_args(argv)
    known = [stored.name for stored in list_queries()]
    unknown = sorted(set(args.questions or ()) - set(known))
    if unknown:
        parser.error(f"--questions: no question {unknown[0]!r} (the questions are: {', '.join(known)})")
    if not args.file.is_file():
        parser.error(f"{args.file}: no such file")
    args.workdir.mkdir(parents=True, exist_ok=True)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop Virtuoso, remove its folder on the way out
    try:
        with tempfile.TemporaryDirectory(dir=args.workdir, prefix=f"virtuoso-{args.label}-") as folder:
            result = measure(args, Path(folder))
    finally:
        signal.signal(signal.SIGTERM, previous)
    written = paired.write_result(f"virtuoso-{args.label}", result)
    print(render(result))
    progress(f"wrote {written}")
    return 0


def measure(args: argparse.Namespace, folder: Path) -> dict:
    database = folder / "database"
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(running_virtuoso(database, args.buffers_gb, whole_answers=True))
        progress(f"Virtuoso at {server.base} (SQL {server.sql}); publishing {args.file}")
        published = publish(args.file, server, database / "chunks")
        publish_peak = paired.peak_resident_mb(server.pid)
        isql = Isql(server.sql, "dba", "dba", 3600)
        isql.run("checkpoint;")
        progress(f"published {published['triples']:,} triples in {published['seconds']:.1f} s")
        result = {
            "label": args.label, "file": args.file.name, "file_mb": args.file.stat().st_size / 1e6,
            "lines": lines_of(args.file),
            "virtuoso": isql.run("SELECT sys_stat('st_dbms_ver');").strip(), "buffers_gb": args.buffers_gb,
            "publish": published, "triples_in_virtuoso": triples_in(server.base),
            "virtuoso_peak_mb_publishing": publish_peak, "disk_mb": disk_mb(database), "timeout": args.timeout,
            "questions": {},
        }
        for stored in (stored for stored in list_queries() if not args.questions or stored.name in args.questions):
            progress(f"asking {stored.name}")
            answer = ask(f"{server.base}/sparql", stored.name, PARAMS.get(stored.name, {}), args.timeout, folder)
            result["questions"][stored.name] = answer
            progress(f"  {answer['outcome']}" if "outcome" in answer else f"  {answer['seconds']:.2f} s, {answer['rows']} rows")
            if "outcome" in answer:  # the query may still run inside Virtuoso: restart it
                stack.close()
                server = stack.enter_context(running_virtuoso(database, args.buffers_gb, whole_answers=True))
        result["virtuoso_peak_mb_querying"] = paired.peak_resident_mb(server.pid)
    return result


def render(result: dict) -> str:
    """The run as a caption line and a Markdown table."""
    published = result["publish"]
    rows = [["publish (bulk loader)", paired.seconds(published["seconds"]),
             f"Virtuoso {result['virtuoso_peak_mb_publishing']:.0f} MB, clusterkg {published['peak_mb']:.0f} MB"]]
    for name, answer in result["questions"].items():
        rows.append([f"query {name}", answer.get("outcome") or paired.seconds(answer["seconds"]),
                     "" if "outcome" in answer else f"{answer['rows']} rows"])
    caption = (f"{result['label']}: {result['triples_in_virtuoso']:,} triples in Virtuoso {result['virtuoso']} "
               f"({result['lines']:,} lines in the file); database on disk {result['disk_mb']:.0f} MB after a "
               f"checkpoint; buffers for {result['buffers_gb']:g} GB")
    return caption + "\n" + paired.markdown_table(["step", "time", "peak memory / answer"], rows)


if __name__ == "__main__":
    sys.exit(main())
