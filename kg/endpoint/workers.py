"""A small pool of query worker processes, killed and replaced at the time limit or when they die.

The workers are forked from the server over its store in memory and share its graph (one copy in
memory, nothing reloaded; kg.endpoint.processes). A query is sent to an idle worker; if it has not
answered by the deadline the worker is killed (real cancellation: the engine stops) and a fresh one
takes its place, and if it dies (a crash, a stack overflow) the request gets a one-line reason and
the pool goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
from dataclasses import dataclass

import pyoxigraph as ox

from kg.endpoint.processes import WorkerProcess, fork_worker
from kg.endpoint.protocol import Refused
from kg.endpoint.worker import LENGTH

START_TIMEOUT = 300.0


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
    """One worker process and its connection."""

    def __init__(self, process: WorkerProcess, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.process, self.reader, self.writer = process, reader, writer

    @classmethod
    async def start(cls, pid: int, connection: socket.socket) -> "Worker":
        """The worker `pid` once it says it is ready on `connection` (the server's end)."""
        process = WorkerProcess(pid)
        try:
            reader, writer = await asyncio.open_connection(sock=connection)
            if await asyncio.wait_for(reader.readexactly(1), START_TIMEOUT) != b"R":
                raise WorkerDied("worker did not start")
        except BaseException as error:  # also cancelled while starting: the server is stopping
            process.kill()
            connection.close()
            if isinstance(error, (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError)):
                raise WorkerDied("worker did not start") from None
            raise
        return cls(process, reader, writer)

    async def ask(self, request: dict) -> Answer:
        encoded = json.dumps(request).encode()
        try:
            self.writer.write(LENGTH.pack(len(encoded)) + encoded)
            await self.writer.drain()
            size = LENGTH.unpack(await self.reader.readexactly(LENGTH.size))[0]
            header = json.loads(await self.reader.readexactly(size))
            body = await self.reader.readexactly(header["length"])
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
        self.process.kill()
        self.writer.close()


class WorkerPool:
    """`size` workers forked over `store` (in memory); run() answers a query or raises Refused."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str], size: int, max_bytes: int):
        self.store, self.prefixes, self.max_bytes, self.size = store, prefixes, max_bytes, size
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.tasks: set[asyncio.Task] = set()
        self.closing = False
        self.readers = 0  # threads of the server reading the store: no fork while there are any
        self.no_readers = asyncio.Condition()

    async def start(self) -> None:
        for worker in await asyncio.gather(*(self.start_one() for _ in range(self.size))):
            self.add(worker)

    async def start_one(self) -> Worker:
        async with self.no_readers:
            await self.no_readers.wait_for(lambda: self.readers == 0)
            pid, connection = fork_worker(self.store, self.prefixes, self.max_bytes)
        return await Worker.start(pid, connection)

    @contextlib.asynccontextmanager
    async def reading_store(self):
        """Around a read of the store in another thread of the server: no worker is forked meanwhile
        (the child would inherit the engine's locks as that thread holds them)."""
        self.readers += 1
        try:
            yield
        finally:
            self.readers -= 1
            async with self.no_readers:
                self.no_readers.notify_all()

    def add(self, worker: Worker) -> None:
        """Put a started worker in the pool; it is replaced as soon as its process ends, even while idle."""
        self.workers.add(worker)
        self.idle.put_nowait(worker)
        worker.process.ended.add_done_callback(lambda _: self.replace(worker))

    async def run(self, request: dict, timeout: float) -> Answer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        worker = await self.acquire(timeout)
        while worker not in self.workers:  # it ended while idle and is being replaced
            worker = await self.acquire(max(0.0, deadline - loop.time()))
        try:
            answer = await asyncio.wait_for(worker.ask(request), max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            self.replace(worker)
            with contextlib.suppress(asyncio.TimeoutError):  # stopped means stopped: its engine has ended
                await asyncio.wait_for(worker.process.wait(), 5)
            raise Refused(503, f"query stopped after the time limit of {timeout:g} s", {"Retry-After": "1"}) from None
        except WorkerDied as died:
            self.replace(worker)
            raise Refused(500, f"the query crashed its worker process ({died}); the server goes on") from None
        except BaseException:  # the client went away mid-query: the worker's answer is unread
            self.replace(worker)
            raise
        if worker in self.workers:
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
        """Kill `worker` and start a fresh one in the background (once, and not while closing)."""
        if worker not in self.workers or self.closing:
            return
        worker.kill()
        self.workers.discard(worker)
        for _ in range(self.idle.qsize()):  # out of the idle queue, keeping the others' order
            idle = self.idle.get_nowait()
            if idle is not worker:
                self.idle.put_nowait(idle)
        task = asyncio.get_running_loop().create_task(self._replace())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _replace(self) -> None:
        self.add(await self.start_one())

    async def close(self) -> None:
        self.closing = True
        for task in list(self.tasks):
            task.cancel()
        for worker in self.workers:
            worker.kill()
        await asyncio.gather(*(worker.process.wait() for worker in self.workers), return_exceptions=True)
