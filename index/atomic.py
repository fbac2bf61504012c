"""Replace a folder or a file in one step, one writer at a time, and tidy up after killed builds.

The one way Tally replaces what it writes: the index, the multilingual vectors, the ONNX export
(`replacing`, under `build_lock`) and the Telegram state file (`replace_file`), each flushed to
disk before it is renamed into place.

A build writes `.index.tmp-PID` beside `index/`, then renames `index/` to `.index.old-PID` and
the temp dir to `index/`. A build killed before the first rename leaves only its temp dir; one
killed between the two renames leaves no `index/` at all, and its `.old-PID` is put back.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import IndexBusy

log = logging.getLogger(__name__)


@contextmanager
def build_lock(index_dir: Path, wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock for writing `index_dir` (any folder replaced with `replacing`).

    When another process holds it: `wait()` is called, then this waits for it; with no `wait`,
    IndexBusy.
    """
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    # flock is released by the kernel when its holder dies, so a killed build never blocks.
    with open(index_dir.parent / f".{index_dir.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait is None:
                raise IndexBusy(
                    f"Another `tally build` is writing {index_dir}; try again soon."
                ) from None
            wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A new, empty folder to write into; on success it replaces `target`, on failure it goes.

    The caller holds `build_lock(target)`: the temp folder's name is this process's.
    """
    tmp = temp_dir(target)
    try:
        yield tmp
        swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def replace_file(path: Path, text: str) -> None:
    """Write `text` beside `path`, flush it to disk and rename it into place: a crash leaves
    either the old file or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def temp_dir(index_dir: Path) -> Path:
    """A new, empty directory beside `index_dir` for this process to write a build into."""
    tmp = _sibling(index_dir, "tmp", os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def swap_into_place(tmp: Path, index_dir: Path) -> None:
    """Make the finished `tmp` the index: two renames, then the old one is deleted."""
    fsync_tree(tmp)
    old = _sibling(index_dir, "old", os.getpid())
    if index_dir.exists() or index_dir.is_symlink():
        os.replace(index_dir, old)
    try:
        os.replace(tmp, index_dir)
    except BaseException:
        if old.exists() and not index_dir.exists():
            os.replace(old, index_dir)
        raise
    _fsync_dir(index_dir.parent)
    shutil.rmtree(old, ignore_errors=True)


def leftovers(index_dir: Path) -> list[tuple[Path, str, int]]:
    """The `.index.tmp-PID` and `.index.old-PID` dirs beside `index_dir`: (path, kind, PID)."""
    prefix = f".{index_dir.name}."
    try:
        names = sorted(p.name for p in index_dir.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []
    found = []
    for name in names:
        kind, _, pid = name.removeprefix(prefix).partition("-")
        if kind in ("tmp", "old") and pid.isdigit():
            found.append((index_dir.parent / name, kind, int(pid)))
    return found


def tidy(index_dir: Path) -> bool:
    """Put back an index lost between the two renames, and delete dead builds' temp dirs.

    The caller holds the build lock. Dirs of a live process are left alone. True when an index
    was put back.
    """
    dead = [(path, kind) for path, kind, pid in leftovers(index_dir) if not _alive(pid)]
    restored = False
    replaced = [path for path, kind in dead if kind == "old"]
    if replaced and not (index_dir.exists() or index_dir.is_symlink()):
        newest = max(replaced, key=lambda p: p.stat().st_mtime)
        os.replace(newest, index_dir)
        log.warning("put back the index that a killed build left in %s", newest)
        restored = True
    for path, _ in dead:
        if path.exists():
            log.info("removing %s, left by a build that was killed", path)
            shutil.rmtree(path, ignore_errors=True)
    return restored


def recover(index_dir: Path) -> bool:
    """`tidy` under the build lock, unless a build holds it now; True if an index was put back."""
    if not leftovers(index_dir):
        return False
    try:
        with build_lock(index_dir):
            return tidy(index_dir)
    except IndexBusy:
        return False


def swapping(index_dir: Path) -> bool:
    """Whether a live build is between the two renames of its swap right now."""
    return any(kind == "old" and _alive(pid) for _, kind, pid in leftovers(index_dir))


def fsync_tree(root: Path) -> None:
    """Flush every file under `root`, and the directories, to disk."""
    for child in root.rglob("*"):
        if child.is_file():
            with open(child, "rb") as handle:
                os.fsync(handle.fileno())
        elif child.is_dir():
            _fsync_dir(child)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sibling(index_dir: Path, kind: str, pid: int) -> Path:
    return index_dir.parent / f".{index_dir.name}.{kind}-{pid}"


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]
