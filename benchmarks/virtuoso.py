"""Start a fresh Virtuoso on loopback ports in a folder of its own, for tests and benchmarks.

Debian's virtuoso.ini is rewritten for the folder: its database files go there, HTTP and SQL
listen on free loopback ports, the folder is one of its DirsAllowed (so the bulk loader reads
files from it), user dba with password dba. `buffers_gb` sizes NumberOfBuffers and
MaxDirtyBuffers from the table in the ini's own comments (their values for that much free
memory) instead of the default 10,000 buffers (80 MB), which starve a bulk load of millions of
triples. `whole_answers` lifts Debian's [SPARQL] limits: 10,000 rows at most, and 60 s per query
after which Virtuoso answers with the rows it has so far, so a slow or large answer is either
whole or visibly missing.
"""

from __future__ import annotations

import configparser
import contextlib
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import requests

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
STATIC_FILES = "/var/lib/virtuoso-opensource-7/vsp"
START_SECONDS = 120
LOG = "virtuoso-stdout.log"
_MEMORY_ROW = re.compile(r"system memory free\s*\n;\s*NumberOfBuffers\s*=\s*(\d+)\s*\n;\s*MaxDirtyBuffers\s*=\s*(\d+)")
_MEMORY_SIZE = re.compile(r"if there is (\d+) GB system memory free")


@dataclass(frozen=True)
class VirtuosoServer:
    base: str  # HTTP base URL
    sql: str  # HOST:PORT of its SQL port, for isql
    folder: Path  # its database folder, which it may read files from (DirsAllowed)
    pid: int  # the server's process id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def buffer_settings(ini_text: str, buffers_gb: float) -> tuple[int, int]:
    """(NumberOfBuffers, MaxDirtyBuffers) of the ini's commented table for the largest memory size
    that is at most `buffers_gb`; ValueError below the smallest size it lists."""
    sizes = [int(size) for size in _MEMORY_SIZE.findall(ini_text)]
    rows = [(int(buffers), int(dirty)) for buffers, dirty in _MEMORY_ROW.findall(ini_text)]
    if not sizes or len(sizes) != len(rows):
        raise ValueError("virtuoso.ini has no table of NumberOfBuffers per memory size in its comments")
    fitting = [(size, row) for size, row in zip(sizes, rows) if size <= buffers_gb]
    if not fitting:
        raise ValueError(f"buffers_gb={buffers_gb:g}: virtuoso.ini's smallest size is {min(sizes)} GB")
    return max(fitting)[1]


def write_config(folder: Path, buffers_gb: float | None, whole_answers: bool) -> tuple[Path, str, str]:
    """The ini for a server in `folder`; its path, HTTP base URL and SQL address."""
    text = VIRTUOSO_INI.read_text()
    config = configparser.RawConfigParser(strict=False, interpolation=None, inline_comment_prefixes=None)
    config.optionxform = str
    config.read_string(text)
    for section in ("Database", "TempDatabase"):
        for key, value in config[section].items():
            if value.startswith("/var/lib/"):
                config[section][key] = str(folder / Path(value).name)
    http_port, sql = free_port(), f"127.0.0.1:{free_port()}"
    parameters = config["Parameters"]
    parameters["ServerPort"] = sql
    parameters["DirsAllowed"] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
    if buffers_gb is not None:
        parameters["NumberOfBuffers"], parameters["MaxDirtyBuffers"] = map(str, buffer_settings(text, buffers_gb))
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    config["HTTPServer"]["ServerRoot"] = STATIC_FILES
    if whole_answers:  # 0: no limit
        for key in ("ResultSetMaxRows", "MaxQueryExecutionTime", "MaxQueryCostEstimationTime"):
            config["SPARQL"][key] = "0"
    ini = folder / "virtuoso.ini"
    with ini.open("w") as stream:
        config.write(stream)
    return ini, f"http://127.0.0.1:{http_port}", sql


@contextlib.contextmanager
def running_virtuoso(folder: Path, buffers_gb: float | None = None,
                     whole_answers: bool = False) -> Iterator[VirtuosoServer]:
    """A Virtuoso (user dba, password dba) with its database in `folder` (a new one, or the one a
    previous server left there), answering SPARQL; stopped on exit. RuntimeError with the end of
    its log if it is not installed or does not start."""
    program = shutil.which("virtuoso-t")
    if not program:
        raise RuntimeError("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    ini, base, sql = write_config(folder, buffers_gb, whole_answers)
    with (folder / LOG).open("w") as log:
        process = subprocess.Popen([program, "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_answering(base, process, folder)
            yield VirtuosoServer(base, sql, folder, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_answering(base: str, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            state = f"exited with {process.returncode}" if process.poll() is not None else \
                f"not answering after {START_SECONDS} s"
            tail = (folder / LOG).read_text(errors="replace")[-2000:]
            raise RuntimeError(f"Virtuoso did not start in {folder} ({state}); its log ends:\n{tail}")
        time.sleep(0.5)
