"""A sentence-transformers model run by ONNX Runtime, from the export index/onnx_export.py makes.

The export needs torch and onnx and takes seconds, once per model; embedding needs only
onnxruntime and tokenizers. The pipeline is the sentence-transformers one of the mean-pooling
models this supports (all-MiniLM-L6-v2 among them): tokenize, transformer, mean over the
attention mask, L2 normalise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from index.digests import short
from index.embedding import DEFAULT_MODEL, resolve_model
from index.errors import ModelError
from index.onnx_export import EXPORT_VERSION, TORCH, ensure_export, max_length, weights_sha256

VARIANTS = ("int8", "fp32")


class OnnxEmbedder:
    """`model` through ONNX Runtime, as int8 (default) or fp32; satisfies `Embedder`.

    The export lives in `cache_dir` (default var/models, beside the default index) and is made
    on first use.
    Documents run longest first in batches of `batch_size` (16 ran 1.3x faster than 64 here:
    less padding, smaller activations). `threads` is ONNX Runtime's thread count for documents
    (None: one per core); `query_threads`, when set, runs questions in a second session with
    that many threads.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        variant: str = "int8",
        cache_dir: str | Path | None = None,
        batch_size: int = 16,
        threads: int | None = None,
        query_threads: int | None = None,
    ) -> None:
        if variant not in VARIANTS:
            raise ModelError(f"Unknown ONNX variant {variant!r}: use one of {', '.join(VARIANTS)}.")
        self.model_name = model
        self.variant = variant
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Path("var/models")
        self.batch_size = batch_size
        self.threads = threads
        self.query_threads = query_threads
        self._sessions: dict[int | None, Any] = {}
        self._model_file: Path | None = None
        self._tokenizer: Any = None
        self._model_id: str | None = None

    @property
    def model_id(self) -> str:
        """`model@digest+onnx-variant-vN`: the weights' digest (as in the export's folder name),
        the variant and the export's version, so an index never mixes two exports' vectors."""
        if self._model_id is None:
            digest = weights_sha256(Path(resolve_model(self.model_name)), self.cache_dir)
            variant = f"onnx-{self.variant}-v{EXPORT_VERSION}"
            self._model_id = f"{self.model_name}@{short(digest)}+{variant}"
        return self._model_id

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text, in input order; batches are formed by token count."""
        session = self._session(self.threads)
        if not texts:
            return np.zeros((0, session.get_outputs()[0].shape[-1]), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        rows = np.empty((len(texts), session.get_outputs()[0].shape[-1]), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            rows[batch] = _run(session, [encodings[i].ids for i in batch])
        return rows

    def embed_query(self, text: str) -> np.ndarray:
        """A normalised row for one question."""
        session = self._session(self.query_threads or self.threads)
        return _run(session, [self.tokenizer.encode(text).ids])[0]

    @property
    def tokenizer(self) -> Any:
        """The model folder's fast tokenizer, truncating at the model's max_seq_length."""
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            folder = Path(resolve_model(self.model_name))
            try:
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            except Exception as exc:  # tokenizers raises a bare Exception for a bad file
                raise ModelError(
                    f"Cannot read {folder / 'tokenizer.json'} ({exc}): the ONNX backend needs "
                    f"the model folder's fast tokenizer.{TORCH}"
                ) from None
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=max_length(folder))
            self._tokenizer = tokenizer
        return self._tokenizer

    def model_file(self) -> Path:
        """The checked ONNX file of this variant, exported first when missing, stale or damaged."""
        if self._model_file is None:
            self._model_file = ensure_export(self.model_name, self.cache_dir, self.variant)
        return self._model_file

    def _session(self, threads: int | None) -> Any:
        if threads not in self._sessions:
            self._sessions[threads] = open_session(self.model_file(), threads)
        return self._sessions[threads]


def open_session(path: Path, threads: int | None) -> Any:
    """An ONNX Runtime session of `path` on `threads` threads (None: one per core), its idle
    workers sleeping rather than spinning."""
    try:
        import onnxruntime
    except ImportError:
        raise ModelError("The ONNX backend needs onnxruntime. Run `make install`.") from None
    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    # Spinning workers steal the other core from busy neighbours: query p50 1.5x slower under load.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors for a bad file
        raise ModelError(f"ONNX Runtime cannot load {path}: {exc}") from None


def padded(ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of token ids padded with 0 to the longest, and their mask: [[5, 6], [7]] ->
    ([[5, 6], [7, 0]], [[1, 1], [1, 0]]), both int64."""
    width = max(len(row) for row in ids)
    found = np.zeros((len(ids), width), dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, row in enumerate(ids):
        found[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return found, mask


def _run(session: Any, ids: list[list[int]]) -> np.ndarray:
    """Pad `ids` to the longest, run the transformer, mean-pool over the mask, normalise."""
    input_ids, mask = padded(ids)
    feeds = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": 0 * input_ids}
    wanted = [i.name for i in session.get_inputs()]
    tokens = session.run(None, {name: feeds[name] for name in wanted})[0]
    weights = mask[..., None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return (pooled / norms).astype(np.float32)
