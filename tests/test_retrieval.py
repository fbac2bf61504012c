"""Retrieval's own shortcuts against the libraries they replace: same results, less work."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.lexical import tokenize
from index.retrieval import CANDIDATES, Retriever
from index.store import build_index, load_store
from tests.conftest import HashEmbedder

QUESTIONS = [
    "How much goes to the Boston-Korea project?",
    "What is the overseas investment ratio for venture capital?",
    "won 2024 billion",
    "Harvard",
    "zzz unknown words only",
]


@pytest.fixture
def retriever(tmp_path: Path, corpus_dir: Path) -> Retriever:
    for n in range(6):  # more chunks than a top-k, with repeated words and tied scores
        (corpus_dir / f"copy{n}.txt").write_text(
            "The ministry will invest 86.4 billion won in 2024. " * (n + 1) + "\n"
        )
    build_index(corpus_dir, tmp_path / "index", HashEmbedder())
    return Retriever(load_store(tmp_path / "index"), HashEmbedder())


@pytest.mark.parametrize("question", QUESTIONS)
def test_bm25_ranking_matches_bm25s_retrieve(
    retriever: Retriever, question: str, tmp_path: Path
) -> None:
    import bm25s

    bm25 = bm25s.BM25.load(str(tmp_path / "index" / "bm25"), show_progress=False)
    tokens = [t for t in tokenize(question) if t in bm25.vocab_dict]
    ours = retriever._bm25(tokenize(question))
    if not tokens:
        assert ours == []
        return
    n = min(CANDIDATES, len(retriever.store.chunks))
    ids, scores = bm25.retrieve([tokens], k=n, show_progress=False, n_threads=1)
    theirs = {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if s > 0}
    assert dict(ours) == theirs  # the same float32 sums, not merely close
    ranked = [s for _, s in ours]
    assert ranked == sorted(ranked, reverse=True)
    ties = [(s, i) for i, s in ours]
    assert ties == sorted(ties, key=lambda t: (-t[0], t[1]))  # ties keep chunk order


def test_bm25_on_a_one_chunk_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("Exports rose 12 percent in 2024.\n")
    build_index(corpus, tmp_path / "index", HashEmbedder())
    retriever = Retriever(load_store(tmp_path / "index"), HashEmbedder())
    assert [i for i, _ in retriever._bm25(tokenize("exports in 2024"))] == [0]
    assert np.isfinite(retriever._bm25(tokenize("exports"))[0][1])


def test_a_sentence_sharing_the_rarer_word_ranks_first(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    common = "The jet did land in the city. " * 3
    (corpus / "a.txt").write_text(
        "The jet did land at the city. The plane was diverted to Muscat.\n\n" + common + "\n"
    )
    for name in "bcd":
        (corpus / f"{name}.txt").write_text(common + "\n")
    build_index(corpus, tmp_path / "index", HashEmbedder())
    retriever = Retriever(load_store(tmp_path / "index"), HashEmbedder())
    # The first sentence shares three of the question's words, all common; the second one,
    # "muscat", found in one document only.
    best = retriever.search("Did the jet land at Muscat?").sentences[0]
    assert "Muscat" in best.text


class _Topics:
    """A stand-in at the Embedder seam: the question and the office chunks on one axis, the
    garden chunks near it, every other text apart, so dense retrieval ranks the one chunk that
    names the firm last."""

    model_id = "test-topics"

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        def vector(text: str) -> list[float]:
            if text.endswith("?") or "office" in text:
                return [1.0, 0.0]
            return [0.6, 0.8] if "garden" in text else [0.0, 1.0]

        return np.array([vector(t) for t in texts], dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def test_a_chunk_whose_words_match_far_best_is_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Prices may rise, says Ann Lee, head of Quillon Research.\n")
    for n in range(5):
        (corpus / f"office{n}.txt").write_text(f"Research staff work in office {n}.\n")
    for n in range(15):
        (corpus / f"garden{n}.txt").write_text(f"Flowers grow in garden {n}.\n")
    build_index(corpus, tmp_path / "index", _Topics())
    retriever = Retriever(load_store(tmp_path / "index"), _Topics())
    found = retriever.search("Who heads Quillon Research?")
    assert "a.txt" not in {h.chunk.source.rsplit("/", 1)[-1] for h in found.hits[:5]}
    assert any("Ann Lee" in s.text for s in found.sentences)


def test_a_follow_ups_article_is_read_first(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Staff work in office 1.\n")  # fewer of the question's words
    for n in range(2, 9):
        (corpus / f"office{n}.txt").write_text(f"Research staff work in office {n}.\n")
    build_index(corpus, tmp_path / "index", _Topics())
    retriever = Retriever(load_store(tmp_path / "index"), _Topics())
    question = "Which office do research staff work in?"
    source = next(c.source for c in retriever.store.chunks if c.source.endswith("a.txt"))
    assert {s.chunk.source for s in retriever.search(question, source=source).sentences} == {source}
    # Without it, the article competes with the others on its scores alone, and loses.
    assert source not in {s.chunk.source for s in retriever.search(question).sentences}


def test_a_sentence_opening_on_a_pronoun_shares_the_words_of_the_one_before(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "The Teide cable car was shut after a rescue. It will stay closed until Saturday. "
        "Hotels nearby will stay open.\n"
    )
    (corpus / "b.txt").write_text("The ferry will stay in port until Monday.\n")
    build_index(corpus, tmp_path / "index", HashEmbedder())
    retriever = Retriever(load_store(tmp_path / "index"), HashEmbedder())
    found = retriever.search("When will the Teide cable car open again?").sentences
    it = next(s for s in found if s.text.startswith("It will"))
    hotels = next(s for s in found if s.text.startswith("Hotels"))
    assert it.score > hotels.score


def test_a_sentence_after_one_about_the_question_scores_more(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Hotels nearby report fewer guests. Repairs will take four days. "
        "The Teide cable car was shut after a rescue. Repairs will take four days.\n"
    )
    build_index(corpus, tmp_path / "index", HashEmbedder())
    retriever = Retriever(load_store(tmp_path / "index"), HashEmbedder())
    found = retriever.search("How long will the Teide cable car repairs take?").sentences
    after_hotels, after_car = sorted(
        (s for s in found if s.text.startswith("Repairs")), key=lambda s: s.start
    )
    assert after_car.score > after_hotels.score


def test_a_sentence_counts_the_words_its_articles_title_shares_with_the_question(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "The firm employs 22,000 people worldwide.\n"
    (corpus / "body-shop-sale.md").write_text('---\ntitle: "Body Shop up for sale"\n---\n\n' + text)
    (corpus / "ferry-line.md").write_text('---\ntitle: "A ferry line"\n---\n\n' + text)
    build_index(corpus, tmp_path / "index", HashEmbedder())
    retriever = Retriever(load_store(tmp_path / "index"), HashEmbedder())
    found = retriever.search("How many people work for the Body Shop?").sentences
    assert found[0].chunk.title == "Body Shop up for sale"
    assert found[0].score > found[1].score


def test_a_foreign_questions_names_find_their_article_in_dense_mode(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Staff of Quillon work downtown.\n")  # apart from the topic
    for n in range(2, 9):
        (corpus / f"office{n}.txt").write_text(f"Research staff work in office {n}.\n")
    build_index(corpus, tmp_path / "index", _Topics())
    retriever = Retriever(load_store(tmp_path / "index"), _Topics(), mode="dense")
    question = "Which office do research staff work in?"
    first = retriever.search(question, names=("quillon",)).hits[0].chunk.source
    assert first.endswith("a.txt")
    # Dense alone ranks it by its vector: last.
    assert retriever.search(question).hits[-1].chunk.source.endswith("a.txt")
