"""The shipped default, ONNX Runtime int8, against the values measured with torch fp32.

The values in the other evaluation tests were measured on torch fp32 (conftest.REAL_BACKEND);
here every set is run again through int8 and held to the same floors (each measured value less
conftest.margin for the set's size). The int8 export has one variant, with 7-bit weights, whose
integer products are the same on CPUs with and without VNNI (index/onnx_export.py), so this
test exercises what every machine ships.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import load_cases, load_set, run_cases, run_set
from tests.conftest import CORPUS, check_floors
from tests.test_conversation import FLOORS as CONVERSATION_FLOORS
from tests.test_eval_article import FLOORS as ARTICLE_FLOORS
from tests.test_evaluation import NORMANS_FLOORS

EVAL = Path(__file__).parent / "eval"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def int8(models: Path):  # type: ignore[no-untyped-def]
    from index.onnx_embedding import OnnxEmbedder

    return OnnxEmbedder(variant="int8", cache_dir=models)


@pytest.fixture(scope="module", params=["int8", "fp32"])
def exported(request: pytest.FixtureRequest, models: Path):  # type: ignore[no-untyped-def]
    """Every variant the export makes (index/onnx_export.py), on whatever CPU runs the test."""
    from index.onnx_embedding import OnnxEmbedder

    return OnnxEmbedder(variant=request.param, cache_dir=models)


def answerer(corpus: Path, index_dir: Path, embedder):  # type: ignore[no-untyped-def]
    from bot.answer import Answerer
    from index.retrieval import Retriever
    from index.store import build_index, load_store

    build_index(corpus, index_dir, embedder)
    return Answerer(Retriever(load_store(index_dir), embedder))


def test_int8_export_is_the_cpu_independent_variant(int8) -> None:  # type: ignore[no-untyped-def]
    import json

    manifest = json.loads((int8.model_file().parent / "manifest.json").read_text())
    assert manifest["quantization"]["reduce_range"] is True
    assert manifest["quantization"]["per_channel"] is True


def test_every_export_meets_the_seed_floors(exported, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    core = answerer(CORPUS, tmp_path / "index", exported)
    name = f"onnx-{exported.variant}"
    outcomes = run_cases(core, load_cases(EVAL / "article.jsonl"))
    check_floors(f"article (hybrid, {name})", outcomes, ARTICLE_FLOORS, capsys)
    outcomes = run_set(core, load_set(EVAL / "conversations.jsonl"))
    check_floors(f"conversations (hybrid, {name})", outcomes, CONVERSATION_FLOORS, capsys)


def test_every_export_meets_the_normans_floors(exported, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    core = answerer(EVAL / "normans" / "corpus", tmp_path / "index", exported)
    outcomes = run_set(core, load_set(EVAL / "normans.jsonl"))
    check_floors(f"normans (hybrid, onnx-{exported.variant})", outcomes, NORMANS_FLOORS, capsys)
