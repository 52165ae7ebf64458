"""A small pool of query worker processes, killed and replaced at the time limit or when they die.

Each worker (kg.endpoint.worker) holds its own copy of the graph, loaded from an N-Quads dump the
pool writes once. A query is sent to an idle worker; if it has not answered by the deadline the
worker is killed (real cancellation: the engine stops) and a fresh one takes its place, and if it
dies (a crash, a stack overflow) the request gets a one-line reason and the pool goes on.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.endpoint.protocol import Refused
from kg.endpoint.worker import LENGTH

START_TIMEOUT = 300.0
KG_DIR = Path(__file__).resolve().parent.parent
# Runs kg.endpoint.worker without kg/__init__.py (which imports the whole build chain): a worker that
# replaces a killed one is ready in a fraction of a second.
WORKER_MAIN = (
    "import sys, types; package = types.ModuleType('kg'); package.__path__ = [sys.argv[1]]; "
    "sys.modules['kg'] = package; from kg.endpoint.worker import main; main(sys.argv[2])"
)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    reason: str = ""
    triples: int | None = None


class WorkerDied(Exception):
    pass


class Worker:
    """One worker process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process

    @classmethod
    async def start(cls, settings: Path) -> "Worker":
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WORKER_MAIN, str(KG_DIR), str(settings),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        try:
            if await asyncio.wait_for(process.stdout.readexactly(1), START_TIMEOUT) != b"R":
                raise WorkerDied("worker did not start")
        except (asyncio.IncompleteReadError, asyncio.TimeoutError):
            process.kill()
            raise WorkerDied("worker did not start") from None
        except BaseException:  # cancelled while starting: the server is stopping
            process.kill()
            raise
        return cls(process)

    async def ask(self, request: dict) -> Answer:
        encoded = json.dumps(request).encode()
        try:
            self.process.stdin.write(LENGTH.pack(len(encoded)) + encoded)
            await self.process.stdin.drain()
            size = LENGTH.unpack(await self.process.stdout.readexactly(LENGTH.size))[0]
            header = json.loads(await self.process.stdout.readexactly(size))
            body = await self.process.stdout.readexactly(header["length"])
        except (asyncio.IncompleteReadError, ConnectionError):
            raise WorkerDied(await self.cause()) from None
        return Answer(header["status"], header.get("media_type", ""), body, header.get("reason", ""),
                      header.get("triples"))

    async def cause(self) -> str:
        """Why the process ended, in a few words (e.g. 'killed by SIGABRT')."""
        try:
            code = await asyncio.wait_for(self.process.wait(), 5)
        except asyncio.TimeoutError:
            return "worker stopped answering"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exited with status {code}"

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()


class WorkerPool:
    """`size` workers over a copy of `store`; run() answers a query or raises Refused."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str], size: int, max_bytes: int):
        self.folder = Path(tempfile.mkdtemp(prefix="clusterkg-serve-"))
        store.dump(str(self.folder / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        self.settings = self.folder / "settings.json"
        self.settings.write_text(json.dumps({"dump": str(self.folder / "graph.nq"), "prefixes": prefixes,
                                             "max_bytes": max_bytes}), encoding="utf-8")
        self.size = size
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        for worker in await asyncio.gather(*(Worker.start(self.settings) for _ in range(self.size))):
            self.workers.add(worker)
            self.idle.put_nowait(worker)

    async def run(self, request: dict, timeout: float) -> Answer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        worker = await self.acquire(timeout)
        try:
            answer = await asyncio.wait_for(worker.ask(request), max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            self.replace(worker)
            raise Refused(503, f"query stopped after the time limit of {timeout:g} s", {"Retry-After": "1"}) from None
        except WorkerDied as died:
            self.replace(worker)
            raise Refused(500, f"the query crashed its worker process ({died}); the server goes on") from None
        except BaseException:  # the client went away mid-query: the worker's answer is unread
            self.replace(worker)
            raise
        self.idle.put_nowait(worker)
        return answer

    async def acquire(self, timeout: float) -> Worker:
        """An idle worker, waiting at most `timeout` seconds (a worker is never lost to the race
        between the timeout and its arrival, which asyncio.wait_for has before Python 3.12)."""
        getter = asyncio.ensure_future(self.idle.get())
        try:
            return await asyncio.wait_for(asyncio.shield(getter), timeout)
        except BaseException as error:
            if not getter.cancel():  # it arrived after all
                worker = getter.result()
                if isinstance(error, asyncio.TimeoutError):
                    return worker
                self.idle.put_nowait(worker)
            if isinstance(error, asyncio.TimeoutError):
                raise Refused(503, f"every query worker stayed busy for the time limit of {timeout:g} s",
                              {"Retry-After": str(max(1, round(timeout)))}) from None
            raise

    def replace(self, worker: Worker) -> None:
        """Kill `worker` and start a fresh one in the background."""
        worker.kill()
        self.workers.discard(worker)
        task = asyncio.get_running_loop().create_task(self._start_one())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _start_one(self) -> None:
        worker = await Worker.start(self.settings)
        self.workers.add(worker)
        self.idle.put_nowait(worker)

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        for worker in self.workers:
            worker.kill()
        await asyncio.gather(*(worker.process.wait() for worker in self.workers), return_exceptions=True)
        shutil.rmtree(self.folder, ignore_errors=True)
