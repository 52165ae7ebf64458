"""Starting a query worker process and learning of its end without blocking the event loop.

The worker is forked from the server over its store in memory: it shares the loaded graph
copy-on-write (no dump, no reload, one copy in memory). It talks to the server on one end of a
socket pair, and its exit status is read when its pidfd becomes readable.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import socket
import traceback

import pyoxigraph as ox

from kg.endpoint import worker


class WorkerProcess:
    """A started worker process: its id, and its exit code once the loop has seen it end."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self.loop = asyncio.get_running_loop()
        self.ended = self.loop.create_future()
        self.pidfd = os.pidfd_open(pid)
        self.loop.add_reader(self.pidfd, self._reap)

    def _reap(self) -> None:
        self.loop.remove_reader(self.pidfd)
        os.close(self.pidfd)
        _, status = os.waitpid(self.pid, 0)  # it has ended: this does not wait
        self.returncode = os.waitstatus_to_exitcode(status)
        self.ended.set_result(self.returncode)

    async def wait(self) -> int:
        return await asyncio.shield(self.ended)

    def kill(self) -> None:
        if self.returncode is None:  # not reaped yet, so the id is still this process's
            os.kill(self.pid, signal.SIGKILL)


def fork_worker(store: ox.Store, prefixes: dict[str, str], max_bytes: int) -> tuple[int, socket.socket]:
    """Fork a worker over `store`; its pid and the server's end of its connection.

    Call it from the thread that owns the store, while no other thread reads it: a fork copies the
    engine's locks as they are at that moment."""
    ours, theirs = socket.socketpair()
    try:
        pid = os.fork()
    except OSError:
        ours.close()
        theirs.close()
        raise
    if pid == 0:
        _run_forked(store, theirs.detach(), prefixes, max_bytes)
    theirs.close()
    return pid, ours


def _run_forked(store: ox.Store, connection: int, prefixes: dict[str, str], max_bytes: int) -> None:
    """The forked child: never returns into the server's code, only leaves by os._exit."""
    code = 1
    try:
        _close_all_but({2, connection})  # the server's sockets, pipes and event loop are not ours
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        gc.freeze()  # the collector leaves the server's objects alone: their pages stay shared
        with os.fdopen(connection, "rb") as requests, os.fdopen(os.dup(connection), "wb") as replies:
            worker.serve(store, requests, replies, prefixes, max_bytes)
        code = 0
    except BaseException:  # noqa: B036 (the child must reach os._exit whatever happens)
        traceback.print_exc()
    finally:
        os._exit(code)


def _close_all_but(keep: set[int]) -> None:
    low = 0
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))

