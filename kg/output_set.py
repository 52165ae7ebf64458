"""Replace a folder of outputs as one set: write into a staging folder beside it, then swap the two at once.

On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so a build killed at any moment leaves
either the whole old set or the whole new set. Elsewhere it falls back to two renames. Files in the
folder that the build does not own (a user's notes, another command's output) are carried over.
Staging folders left by a killed build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


@contextmanager
def output_set(out_dir: Path, owns: Callable[[str], bool]) -> Iterator[Path]:
    """Yield a staging folder to write the outputs into; when the block ends without error, it becomes out_dir.

    `owns(name)` says whether a file name in out_dir belongs to the set (replaced or dropped) or not (kept).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.staging-"))
    try:
        yield staging
        if out_dir.is_dir():
            for path in out_dir.iterdir():
                if not owns(path.name) and not (staging / path.name).exists():
                    _carry_over(path, staging / path.name)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; outputs are meant to be shared
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the swap: the old set


def _carry_over(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(staging: Path, out_dir: Path) -> None:
    """Make staging the new out_dir, leaving the old contents at staging's path."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        return
    old = staging.with_name(staging.name + "-old")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2 (Linux); False where that is not available."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
