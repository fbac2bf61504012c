"""SHA-256 of large files (model weights, ONNX exports), read again only when a file changes.

A small record beside the cache (`digests.json`: path -> [size, mtime_ns, ctime_ns, inode,
sha256]) lets a process trust a digest another process computed, as long as the file's `stat`
still matches: replacing, rewriting, truncating or touching a file changes at least one of
these, and then it is hashed again. What the record cannot see is a file damaged without any
of them changing (bits flipped on the disk, or an edit that put the same size back and
forged both times): only reading the whole file would show that, which is the work this
avoids. Hash with `record_dir=None` when that matters.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from index.errors import ModelError

log = logging.getLogger(__name__)

RECORD = "digests.json"
WEIGHTS = ("model.safetensors", "pytorch_model.bin")


def sha256(path: Path, record_dir: Path | None = None) -> str:
    """`path`'s SHA-256 in hex, taken from `record_dir`'s record while the file is unchanged."""
    if record_dir is None:
        return hash_file(path)
    key = str(Path(path).resolve())
    seen = _stamp(os.stat(key))
    record = _read(record_dir / RECORD)
    entry = record.get(key)
    if isinstance(entry, list) and entry[:-1] == seen and isinstance(entry[-1], str):
        return entry[-1]
    digest = hash_file(Path(key))
    if _stamp(os.stat(key)) == seen:  # not changed while it was being read
        record[key] = [*seen, digest]
        _write(record_dir / RECORD, record)
    return digest


def hash_file(path: Path) -> str:
    """The SHA-256 of the whole file, read from disk: the one place files are hashed."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def weights_file(folder: Path) -> Path:
    """The weights file of a sentence-transformers or transformers model folder."""
    for name in WEIGHTS:
        if (folder / name).is_file():
            return folder / name
    raise ModelError(f"No model weights (model.safetensors or pytorch_model.bin) in {folder}.")


def short(digest: str) -> str:
    """The part of a digest a model id carries: "53aa5172..." -> "53aa51726ed0"."""
    return digest[:12]


def _stamp(status: os.stat_result) -> list[int]:
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def _read(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: everything is hashed again and recorded
    return record if isinstance(record, dict) else {}


def _write(path: Path, record: dict[str, Any]) -> None:
    """Replace the record in one step; entries for files that are gone are dropped.

    Two processes writing at once may lose one's new entry, which costs one more hash later.
    """
    kept = {key: entry for key, entry in record.items() if os.path.exists(key)}
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(kept, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache still gives right digests, only slower
        log.debug("cannot record digests in %s: %s", path, exc)
        tmp.unlink(missing_ok=True)
