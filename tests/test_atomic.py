"""index/atomic.py: folders and files replaced in one step, flushed to disk before the rename."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index import atomic


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record, in order, the real fsync and rename calls atomic.py makes."""
    events: list[str] = []
    fsync, replace = os.fsync, os.replace

    def spy_fsync(fd: int) -> None:
        events.append(f"fsync {os.readlink(f'/proc/self/fd/{fd}')}")
        fsync(fd)

    def spy_replace(source: str | Path, target: str | Path) -> None:
        events.append(f"rename {Path(source).name} -> {Path(target).name}")
        replace(source, target)

    monkeypatch.setattr(atomic.os, "fsync", spy_fsync)
    monkeypatch.setattr(atomic.os, "replace", spy_replace)
    return events


def test_a_file_is_flushed_before_it_is_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    path.write_text("old", encoding="utf-8")
    events = _spy(monkeypatch)
    atomic.replace_file(path, '{"chats": "새"}')
    tmp = f"state.json.tmp-{os.getpid()}"
    assert events == [f"fsync {tmp_path / tmp}", f"rename {tmp} -> state.json", f"fsync {tmp_path}"]
    assert path.read_text(encoding="utf-8") == '{"chats": "새"}'
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_failed_file_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    path.write_text("old", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic.replace_file(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_folder_replaces_the_old_one_after_its_files_are_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "vectors"
    target.mkdir()
    (target / "a.bin").write_text("old")
    events = _spy(monkeypatch)
    with atomic.build_lock(target), atomic.replacing(target) as tmp:
        (tmp / "a.bin").write_text("new")
    assert (target / "a.bin").read_text() == "new"
    renames = [e for e in events if e.startswith("rename")]
    first_rename = events.index(renames[0])
    assert f"fsync {target.parent / tmp.name / 'a.bin'}" in events[:first_rename]
    assert renames == [f"rename vectors -> .vectors.old-{os.getpid()}",
                       f"rename {tmp.name} -> vectors"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == [".vectors.lock", "vectors"]


def test_a_failed_folder_write_keeps_the_old_folder_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "vectors"
    target.mkdir()
    (target / "a.bin").write_text("old")
    with pytest.raises(RuntimeError, match="killed"), atomic.replacing(target) as tmp:
        (tmp / "a.bin").write_text("half")
        raise RuntimeError("killed")
    assert (target / "a.bin").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["vectors"]
