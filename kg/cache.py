"""A persistent Oxigraph store of the built graph, reused while its inputs are unchanged.

`clusterkg build` leaves one beside its exports (out/store/); `query`, `serve`, `path` and
`analyze` open it read-only instead of rebuilding the graph from the data files. Its key is a
hash of everything the graph is made from: the data files, the ontology, the code of the `kg`
package and the base IRI (or, for an RDF file, the file's path, size and modification time).
A store whose key differs is never opened: the graph is rebuilt into a new keyed folder, which
appears in one rename, so a reader never sees a half-written store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

KG_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = KG_DIR.parent / "ontology" / "clusterkg.ttl"
DEFAULT_DATA_DIR = KG_DIR / "data"
LAYOUT = "clusterkg-store-1"  # bump when the folder layout changes
ENGINE_DIR = "oxigraph"
PREFIXES_FILE = "prefixes.json"
KEY_LENGTH = 24
KEY = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}")
REMOVING = ".removing-"  # a store of other inputs on its way out

# fill(engine) puts the triples into an empty Oxigraph store and returns the prefixes to remember
Fill = Callable[[ox.Store], dict[str, str]]


def _hash_files(digest, root: Path, files) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def data_key(data_dir: Path | str | None, base: str) -> str:
    """The hash of the curated data, the ontology, the package's code and the base IRI."""
    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    digest = hashlib.sha256(f"{LAYOUT}\0{base}\0".encode())
    _hash_files(digest, data_dir, (p for p in data_dir.rglob("*") if p.is_file()))
    _hash_files(digest, ONTOLOGY_FILE.parent, [ONTOLOGY_FILE])
    _hash_files(digest, KG_DIR, KG_DIR.rglob("*.py"))
    return digest.hexdigest()[:KEY_LENGTH]


def file_key(path: Path) -> str:
    """The hash of an RDF file's place, size and modification time (not its bytes: it may be GBs)."""
    stat = path.stat()
    text = f"{LAYOUT}\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return hashlib.sha256(text.encode()).hexdigest()[:KEY_LENGTH]


def open_cached(folder: Path | str, key: str, fill: Fill) -> tuple[ox.Store, dict[str, str]]:
    """The read-only store under `folder` for `key`, filled by `fill` first if there is none yet.

    Stores of other keys in `folder` are removed once the new one is in place.
    """
    folder = Path(folder)
    target = folder / key
    if not (target / PREFIXES_FILE).is_file():
        _fill_into(folder, target, fill)
        _remove_others(folder, key)
    prefixes = json.loads((target / PREFIXES_FILE).read_text(encoding="utf-8"))
    return ox.Store.read_only(str(target / ENGINE_DIR)), prefixes


def _fill_into(folder: Path, target: Path, fill: Fill) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix=".building-"))
    try:
        engine = ox.Store(str(scratch / ENGINE_DIR))
        prefixes = fill(engine)
        engine.flush()
        engine.optimize()
        del engine  # closes the store: its files must be complete before the rename
        (scratch / PREFIXES_FILE).write_text(json.dumps(prefixes, indent=1, sort_keys=True), encoding="utf-8")
        try:
            os.rename(scratch, target)
        except OSError:  # another process put the same store in place first
            if not (target / PREFIXES_FILE).is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _remove_others(folder: Path, key: str) -> None:
    """Remove the stores of other keys (only folders this module made: a key name, a prefixes file).
    Each is renamed out of its key first, so a removal cut short (a killed build) never leaves half
    a store under a key that a later build of the same data would open; what it left goes next time."""
    for other in folder.iterdir():
        if other.name.startswith(REMOVING):
            shutil.rmtree(other, ignore_errors=True)
        elif other.name != key and KEY.fullmatch(other.name) and (other / PREFIXES_FILE).is_file():
            doomed = folder / f"{REMOVING}{other.name}-{os.getpid()}"
            try:
                os.rename(other, doomed)
            except OSError:  # another build removed it first
                continue
            shutil.rmtree(doomed, ignore_errors=True)
