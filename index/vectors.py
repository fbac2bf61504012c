"""Embed a build's texts: each distinct text once, longest first, reusing the last index's rows.

A rebuild after adding one article embeds that article's texts alone; everything else is read
back from the previous index when it was built by the same model and library
(docs/performance.md, finding 4). With the int8 model a text's vector also moves slightly with
the texts batched beside it (cosine 0.99 or more to the text embedded alone), so the order is
fixed: the same corpus always gives the same vectors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from index.embedding import Embedder

log = logging.getLogger(__name__)

BATCH = 64
Progress = Callable[[int, int], None]  # (texts just embedded, texts to embed in all)


def embed_texts(
    embedder: Embedder,
    texts: list[str],
    known: dict[str, np.ndarray] | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, int, int]:
    """One row per text, and how many distinct texts the model embedded and `known` supplied.

    Rows found in `known` are copied; the rest are embedded once per distinct text, longest
    first in batches of 64, so each batch pads to texts of about its own length.
    """
    known = known or {}
    distinct = set(texts)
    # Longest first, ties in text order: a set's order changes from process to process, and
    # an int8 vector moves with the texts batched beside it (ONNX Runtime quantizes each
    # batch's activations with one scale), so only a fixed order makes two builds alike.
    todo = sorted((t for t in distinct if t not in known), key=lambda t: (-len(t), t))
    reused = len(distinct) - len(todo)
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        fresh.update(zip(batch, embedder.embed_documents(batch), strict=True))
        if progress is not None:
            progress(len(batch), len(todo))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0, 0
    rows = [fresh[t] if t in fresh else known[t] for t in texts]
    return np.ascontiguousarray(np.vstack(rows), dtype=np.float32), len(todo), reused


def previous_rows(store: Any, wanted: Iterable[str]) -> dict[str, np.ndarray]:
    """The vectors of a loaded `index.store.Store`, by text, for the texts in `wanted`."""
    wanted = set(wanted)
    rows: dict[str, np.ndarray] = {}
    chunk_vectors = store.vectors.reconstruct_n(0, store.vectors.ntotal)
    for chunk, vector in zip(store.chunks, chunk_vectors, strict=True):
        if chunk.text in wanted:
            rows[chunk.text] = np.array(vector, dtype=np.float32)
    sentences = (s for chunk in store.chunks for s in chunk.sentence_texts())
    for sentence, vector in zip(sentences, store.sentence_vectors, strict=True):
        if sentence in wanted:
            rows[sentence] = np.array(vector, dtype=np.float32)
    return rows
