"""Load a large graph into Virtuoso with its own bulk loader: chunked, resumable, all or nothing.

The graph is written as N-Triples files of `chunk_lines` lines into a folder that the Virtuoso
server can read (one of its `DirsAllowed`), named after a key of the source, with every blank-node
triple in the first file (the loader reads each file on its own, so a blank node stays one node).
Virtuoso's `ld_dir` lists them and `rdf_loader_run()` loads them (in `loaders` sessions at once)
into a staging graph; then `checkpoint` and one SPARQL `MOVE`, committed row by row as Virtuoso's
own loader commits, replace the target graph (readers may see both during the move). A chunk
Virtuoso cannot read stops the load: the staging graph and the chunks are removed and the target
graph is untouched. An interrupted run leaves its chunks and the loader's list in place, so the
same command run again loads only what is missing. Statements go through Virtuoso's `isql`
client (`isql-vt` on Debian), which takes the password on its command line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from kg.errors import DataError

CHUNK_LINES = 1_000_000
STAGING = "urn:clusterkg:staging:"
ISQL_CLIENTS = ("isql-vt", "isql")


class BulkLoadError(ValueError):
    """The bulk load failed; the message is one line naming what failed and Virtuoso's words."""


@dataclass(frozen=True)
class Chunks:
    files: list[Path]
    triples: int
    triples_per_file: list[int]


@dataclass
class Isql:
    """Virtuoso's SQL interface at `address` (HOST:PORT), through its isql client."""

    address: str
    user: str
    password: str
    timeout: float

    def __post_init__(self):
        self.client = next((shutil.which(name) for name in ISQL_CLIENTS if shutil.which(name)), None)
        if self.client is None:
            raise BulkLoadError("Virtuoso's isql client is not installed (Debian: apt-get install virtuoso-opensource)")

    def run(self, statements: str, timeout: float | None = None) -> str:
        """Run SQL statements; their output, or BulkLoadError with Virtuoso's first error line."""
        command = [self.client, self.address, self.user, self.password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
                   "ECHO=OFF", f"exec={statements}"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout or self.timeout)
        except subprocess.TimeoutExpired:
            raise BulkLoadError(f"{self.address}: no answer within {timeout or self.timeout:g} s") from None
        error = next((line for line in done.stderr.splitlines() if line.startswith("*** Error")), None)
        if error or done.returncode:
            raise BulkLoadError(f"{self.address}: {(error or done.stderr.strip() or 'isql failed').removeprefix('*** ')}")
        return done.stdout


Progress = Callable[[str, int, int | None], None]  # (step, triples done, triples in all or None)


def write_chunks(lines: Iterable[bytes], folder: Path, key: str, chunk_lines: int = CHUNK_LINES,
                 progress: Progress | None = None) -> Chunks:
    """Write N-Triples `lines` as chunk files `clusterkg-KEY-NNNNN.nt` (blank-node triples in 00000).

    A finished split is recorded in `clusterkg-KEY.json` and reused as it is by the next run."""
    record = folder / f"clusterkg-{key}.json"
    if record.is_file():
        kept = json.loads(record.read_text())
        return Chunks([folder / name for name in kept["files"]], kept["triples"], kept["triples_per_file"])
    folder.mkdir(parents=True, exist_ok=True)
    names, counts = [f"clusterkg-{key}-00000.nt"], [0]
    blank = (folder / names[0]).open("wb")
    current, current_count = None, chunk_lines
    try:
        for line in lines:
            if b"_:" in line:
                blank.write(line)
                counts[0] += 1
                continue
            if current_count == chunk_lines:
                if current:
                    current.close()
                    if progress:
                        progress("splitting", sum(counts), None)
                names.append(f"clusterkg-{key}-{len(names):05d}.nt")
                counts.append(0)
                current, current_count = (folder / names[-1]).open("wb"), 0
            current.write(line)
            current_count += 1
            counts[-1] += 1
    except BaseException:
        for name in names:
            (folder / name).unlink(missing_ok=True)
        raise
    finally:
        blank.close()
        if current:
            current.close()
    record.write_text(json.dumps({"files": names, "triples": sum(counts), "triples_per_file": counts}))
    return Chunks([folder / name for name in names], sum(counts), counts)


def bulk_load(isql: Isql, chunks: Chunks, key: str, graph_iri: str, loaders: int = 1,
              progress: Progress | None = None) -> None:
    """Load `chunks` into a staging graph and MOVE it to `graph_iri`; remove the chunks when done."""
    folder = chunks.files[0].parent.resolve()
    pattern = f"{folder}/clusterkg-{key}-%"
    staging = f"{STAGING}{key}"
    isql.run(f"ld_dir('{folder}', 'clusterkg-{key}-*.nt', '{staging}');")
    triples_in = {str(path.resolve()): count for path, count in zip(chunks.files, chunks.triples_per_file)}
    failures: list[BaseException] = []

    def loader() -> None:
        try:
            isql.run("rdf_loader_run();", timeout=24 * 3600)
        except BaseException as error:  # reported after the other loaders end
            failures.append(error)

    threads = [threading.Thread(target=loader, daemon=True) for _ in range(max(1, loaders))]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(2)
        if progress:
            progress("loading", sum(triples_in.get(name, 0) for name in loaded_files(isql, pattern)), chunks.triples)
    if failures:
        raise failures[0]
    errors = isql.run(f"SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '{pattern}' "
                      "AND ll_error IS NOT NULL;").strip()
    if errors:
        forget(isql, chunks, key)
        file, error = errors.splitlines()[0].split(maxsplit=1)
        raise BulkLoadError(f"{isql.address}: Virtuoso could not load {file}: {' '.join(error.split())} "
                            "(the target graph is unchanged)")
    target = f"<{graph_iri}>"
    if progress:
        progress("publishing", chunks.triples, chunks.triples)
    # row by row (log_enable(3)): as one transaction, a MOVE of millions of triples passes Virtuoso's
    # TransactionAfterImageLimit and is aborted (SR325)
    isql.run(f"checkpoint; log_enable(3, 1); SPARQL MOVE <{staging}> TO {target}; checkpoint;", timeout=24 * 3600)
    forget(isql, chunks, key, drop_staging=False)


def loaded_files(isql: Isql, pattern: str) -> list[str]:
    """The chunk files the loader has finished (state 2)."""
    output = isql.run(f"SELECT ll_file FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '{pattern}' AND ll_state = 2;")
    return [line.strip() for line in output.splitlines() if line.strip()]


def forget(isql: Isql, chunks: Chunks, key: str, drop_staging: bool = True) -> None:
    """Remove the chunk files, their rows in the loader's list and (by default) the staging graph."""
    folder = chunks.files[0].parent.resolve()
    statements = f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '{folder}/clusterkg-{key}-%';"
    if drop_staging:
        statements += f" SPARQL DROP SILENT GRAPH <{STAGING}{key}>;"
    isql.run(statements)
    for path in [*chunks.files, folder / f"clusterkg-{key}.json"]:
        path.unlink(missing_ok=True)


def ntriples_of(path: Path) -> Iterator[bytes]:
    """The triples of an RDF file as N-Triples lines, parsed (and so checked) as the file streams."""
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise DataError(path, None, None, "unknown RDF format (use .nt, .ttl, .nq, .trig, .rdf or .jsonld)")
    try:
        for quad in ox.parse(path=str(path), format=rdf_format):
            yield f"{quad.triple} .\n".encode()
    except SyntaxError as error:
        message = error.msg.removeprefix(f"Parser error at line {error.lineno} ")
        raise DataError(path, f"line {error.lineno}", None, message) from None


def publish_bulk(lines: Iterable[bytes], key: str, folder: Path, isql: Isql, graph_iri: str,
                 chunk_lines: int = CHUNK_LINES, loaders: int = 1, progress: Progress | None = None) -> int:
    """Split `lines` into `folder` (or reuse the split of an interrupted run), load and publish them
    as `graph_iri`; the number of triples."""
    ox.NamedNode(graph_iri)  # ValueError for a text that is not an IRI
    if "'" in str(folder.resolve()):
        raise BulkLoadError(f"{folder}: a folder for the bulk loader cannot have ' in its path")
    isql.run("SELECT 1;")  # reach the store before minutes of splitting
    chunks = write_chunks(lines, folder, key, chunk_lines, progress)
    bulk_load(isql, chunks, key, graph_iri, loaders, progress)
    return chunks.triples
