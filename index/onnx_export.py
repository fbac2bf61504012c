"""Export a sentence-transformers model to ONNX once, from local weights, and keep it checked.

torch's TorchScript ONNX exporter writes the fp32 transformer; onnxruntime's dynamic
quantization makes the int8 copy. Both live in one folder per model (named from the weights'
SHA-256 and EXPORT_VERSION) beside a manifest whose checksums are verified on every load
(a file is read again only when its size or times changed: index/digests.py); a stale or
damaged export is made again, under a lock so two processes never export at once.
Only this module imports torch and onnx, and only while exporting.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index import digests
from index.atomic import build_lock, replacing
from index.embedding import resolve_model
from index.errors import ModelError

log = logging.getLogger(__name__)

# Part of every export's folder name and of the embedder's model id (an index embedded by one
# export is never mixed with another's vectors): raise it when the export below changes.
EXPORT_VERSION = 3
OPSET = 17
# Per-channel weights keep int8 close to fp32 (per-tensor: cosine 0.77 at worst). Weights are
# 7-bit (reduce_range): ONNX Runtime's AVX2 u8s8 kernel sums pairs of u8 x s8 products in 16
# bits and saturates with 8-bit weights, where AVX-512 VNNI does not, so 8-bit exports
# (version 2) answered differently on CPUs without VNNI (issue 13: a09 flipped, 4 points lost
# on an AVX2-only EPYC). With 7-bit weights no pair can saturate (2 x 255 x 64 < 2^15) and both
# kernels compute the same integers; what still differs between CPUs is fp32 rounding (cosine
# >= 0.997 between an AVX2-only run, emulated, and a VNNI one; docs/evaluation.md). The first
# two layers' feed-forward down-projections (their input is GELU's skewed output) stay fp32:
# measured 2026-11-25, every layer int8 flipped a conversation answer; layers 0-1 fp32 kept
# them at ~1.2x the throughput of keeping all six.
QUANTIZATION: dict[str, Any] = {
    "per_channel": True,
    "reduce_range": True,
    "keep_fp32": r"/layer\.[01]/output/dense/MatMul$",
}
MANIFEST = "manifest.json"
TORCH = " Set TALLY_EMBEDDING_BACKEND=torch to run it through sentence-transformers."


def ensure_export(model: str, cache_dir: Path, variant: str) -> Path:
    """The `variant` file of `model`'s export in `cache_dir`, (re)exported when needed."""
    folder = Path(resolve_model(model))
    max_length(folder)  # refuse unsupported models before spending seconds on an export
    digest = weights_sha256(folder, cache_dir)
    target = cache_dir / f"{slug(model)}-{digest[:16]}-v{EXPORT_VERSION}"
    try:
        return _checked(target, variant, digest)
    except FileNotFoundError:
        log.info("exporting %s to ONNX in %s (once per model)", model, target)
    except ModelError as damaged:
        log.warning("%s Exporting it again.", damaged)
    with _lock(cache_dir):
        try:  # another process may have exported it while this one waited for the lock
            return _checked(target, variant, digest)
        except (FileNotFoundError, ModelError):
            _export_or_explain(folder, target, digest)
        _remove_stale(cache_dir, target, model)
    try:
        return _checked(target, variant, digest)
    except (FileNotFoundError, ModelError) as exc:
        raise ModelError(
            f"The fresh ONNX export of {model!r} in {target} is unusable: {exc}"
        ) from None


def _export_or_explain(folder: Path, target: Path, digest: str) -> None:
    """`_export`, with any failure of torch or onnxruntime turned into a ModelError."""
    try:
        _export(folder, target, digest)
    except ModelError:
        raise
    except Exception as exc:  # torch's exporter and the quantizer raise many types
        log.debug("ONNX export failed", exc_info=True)
        raise ModelError(
            f"Exporting {folder} to ONNX failed ({type(exc).__name__}: {exc}). {TORCH.strip()}"
        ) from None


def _checked(target: Path, variant: str, digest: str) -> Path:
    """The variant's file when the manifest and checksums agree; ModelError when they do not."""
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"The ONNX export in {target} has an unreadable manifest ({exc})."
        ) from None
    name = f"model-{variant}.onnx"
    made = (manifest.get("format_version"), manifest.get("quantization"))
    if made != (EXPORT_VERSION, QUANTIZATION) or manifest.get("weights_sha256") != digest:
        raise ModelError(f"The ONNX export in {target} was made from other weights or code.")
    if name not in manifest.get("files", {}):
        raise ModelError(f"The ONNX export in {target} lacks {name}.")
    path = target / name
    try:
        found = digests.sha256(path, record_dir=target.parent)
    except OSError as exc:
        raise ModelError(f"The ONNX model file {path} cannot be read ({exc}).") from None
    if found != manifest["files"][name]:
        raise ModelError(f"The ONNX model file {path} is damaged (checksum mismatch).")
    return path


def _export(folder: Path, target: Path, digest: str) -> None:
    """Export, quantize and write the manifest in a temp folder, then rename it to `target`."""
    # The caller holds the export lock, so this process's temp folder name is free.
    with replacing(target) as tmp:
        inputs = _export_fp32(folder, tmp / "model-fp32.onnx")
        _quantize(tmp / "model-fp32.onnx", tmp / "model-int8.onnx")
        files = {p.name: _sha256(p) for p in sorted(tmp.glob("*.onnx"))}
        manifest = {
            "format_version": EXPORT_VERSION,
            "source": str(folder),
            "weights_sha256": digest,
            "inputs": inputs,
            "opset": OPSET,
            "quantization": QUANTIZATION,
            "files": files,
            "versions": _versions(),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _export_fp32(folder: Path, path: Path) -> list[str]:
    """Trace the transformer (token embeddings out) with dynamic batch and sequence axes."""
    import inspect
    import warnings

    try:
        import onnx  # noqa: F401  (torch's exporter needs it; fail here with a clear message)
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise ModelError(f"The ONNX export needs {exc.name}. Run `make install`.") from None
    # Eager attention traces to plain MatMul and Softmax nodes, which ONNX Runtime fuses itself.
    model = AutoModel.from_pretrained(
        str(folder), local_files_only=True, attn_implementation="eager"
    )
    model.eval()
    wanted = ("input_ids", "attention_mask", "token_type_ids")
    names = [n for n in wanted if n in inspect.signature(model.forward).parameters]
    dummy = tuple(torch.ones((2, 16), dtype=torch.long) for _ in names)
    axes = {n: {0: "batch", 1: "sequence"} for n in [*names, "token_embeddings"]}
    wrapper = _token_embeddings(model, names)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation notes, not for users
        # dynamo=False: the default dynamo exporter needs onnxscript, which nothing else uses.
        torch.onnx.export(
            wrapper,
            dummy,
            str(path),
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    return names


def _quantize(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the weight matrices and the embedding tables."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    keep = re.compile(QUANTIZATION["keep_fp32"])
    graph = onnx.load(str(source), load_external_data=False).graph
    with _quiet_root_logger():
        quantize_dynamic(
            source,
            target,
            weight_type=QuantType.QInt8,
            per_channel=QUANTIZATION["per_channel"],
            reduce_range=QUANTIZATION["reduce_range"],
            nodes_to_exclude=[node.name for node in graph.node if keep.search(node.name)],
        )


def max_length(folder: Path) -> int:
    """The model's max_seq_length, after checking that its pipeline is the one run here."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling = json.loads((folder / pooling_dir / "config.json").read_text(encoding="utf-8"))
        config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise ModelError(
            f"{folder} is not a sentence-transformers model folder the ONNX backend can read "
            f"({type(exc).__name__}: {exc}).{TORCH}"
        ) from None
    modes = [
        k.removeprefix("pooling_mode_")
        for k, v in pooling.items()
        if k.startswith("pooling_mode_") and v
    ]
    if (
        kinds[:2] != ["Transformer", "Pooling"]
        or set(kinds[2:]) - {"Normalize"}
        or modes != ["mean_tokens"]
    ):
        raise ModelError(
            f"The ONNX backend runs Transformer, mean-tokens Pooling, Normalize models only; "
            f"{folder} has {', '.join(kinds)} with {' + '.join(modes) or 'no'} pooling.{TORCH}"
        )
    return int(config.get("max_seq_length", 512))


def weights_sha256(folder: Path, cache_dir: Path) -> str:
    """The SHA-256 of the model folder's weights, hashed only when the file changed since the
    last process recorded it in `cache_dir` (index/digests.py)."""
    return digests.sha256(digests.weights_file(folder), record_dir=cache_dir)


def _remove_stale(cache_dir: Path, keep: Path, model: str) -> None:
    """Delete `model`'s other exports (other weights or versions) and dead temp folders.

    The caller holds the export lock, so no temp folder here belongs to a live export.
    """
    pattern = re.compile(rf"\.?{re.escape(slug(model))}-[0-9a-f]{{16}}-v\d+")
    for path in cache_dir.iterdir():
        if path != keep and path.is_dir() and pattern.match(path.name):
            log.info("removing the stale ONNX export %s", path)
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _lock(cache_dir: Path) -> Iterator[None]:
    """One export at a time per cache folder; the kernel drops the lock if its holder dies."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    # The lock file is cache_dir/.export.lock, as it was before atomic.py held it.
    with build_lock(cache_dir / "export", lambda: log.info("waiting for another ONNX export")):
        yield


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    """Drop the per-tensor notes onnxruntime's quantizer logs on the root logger, and the
    stderr handler its module-level `logging.info` calls install when none is configured."""
    root = logging.getLogger()
    handlers = list(root.handlers)

    def keep(record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or "onnxruntime" not in record.pathname

    root.addFilter(keep)
    try:
        yield
    finally:
        root.removeFilter(keep)
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)


def _token_embeddings(model: Any, names: list[str]) -> Any:
    """`model` as a torch module of positional inputs `names` that returns token embeddings."""
    import torch

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: Any) -> Any:
            return self.model(**dict(zip(names, tensors, strict=True))).last_hidden_state

    return TokenEmbeddings()


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("torch", "transformers", "onnx", "onnxruntime"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            continue
    return found


def _sha256(path: Path) -> str:
    return digests.hash_file(path)


def slug(model: str) -> str:
    """A folder-name form of a model name or path: "/m/all-MiniLM/" -> "all-MiniLM"."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", Path(model.rstrip("/")).name or model).strip("-.")
