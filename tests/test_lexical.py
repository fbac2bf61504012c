"""BM25 tokens (figures kept whole, stop words dropped, words stemmed), and BM25 scores read
without bm25s, checked against bm25s itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index import files
from index.lexical import LUCENE_STOPWORDS, STOPWORDS, Bm25, tokenize
from index.store import build_index
from tests.conftest import ROOT, HashEmbedder

NEWS = ROOT / "tests" / "eval" / "news-dev"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("2.2 trillion won", ["2.2", "trillion", "won"]),
        ("1,650 jobs", ["1650", "job"]),
        ("1,650,000 won", ["1650000", "won"]),
        ("3.5 percent", ["3.5", "percent"]),
        ("7 projects", ["7", "project"]),
        ("in 2024", ["2024"]),
        ("( USD 1.65 billion)", ["usd", "1.65", "billion"]),
        ("about USD 301.66 million", ["usd", "301.66", "million"]),
        ("Doctor & Answer 3.0", ["doctor", "answer", "3.0"]),
        ("5,00", ["5,00"]),  # not a thousands figure: left as written
    ],
)
def test_figures_are_kept_whole(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_a_figure_matches_however_its_thousands_are_written() -> None:
    assert tokenize("1,650") == tokenize("1650") == ["1650"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("How much for the Boston-Korea project?", ["boston", "korea", "project"]),
        ("What is the budget of the project?", ["budget", "project"]),
        ("When will it be done, and where?", ["done"]),
        ("the of and is was were", []),
        ("", []),
        ("   ", []),
    ],
)
def test_stop_words_are_dropped(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize("word", ["what", "how", "much", "many", "the", "is", "their"])
def test_question_words_are_stop_words(word: str) -> None:
    assert word in STOPWORDS


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("investments", "investment"),
        ("semiconductors", "semiconductor"),
        ("technologies", "technology"),
        ("clusters", "cluster"),
        ("budgets", "budget"),
        ("Investments", "investment"),
    ],
)
def test_stemming_joins_word_forms(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)
    assert len(tokenize(a)) == 1


def test_stemming_keeps_different_words_apart() -> None:
    assert tokenize("semiconductor") != tokenize("battery")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Korea’s largest", ["korea", "largest"]),
        ("Korea's largest", ["korea", "largest"]),
        ("the project’s focus", ["project", "focus"]),
        ("don’t", ["don't"]),
        ("What’s the 2024 budget?", ["2024", "budget"]),
    ],
)
def test_apostrophes(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_curly_and_straight_apostrophes_tokenize_alike() -> None:
    assert tokenize("the government’s plan") == tokenize("the government's plan")


def test_unicode_words_are_kept() -> None:
    assert tokenize("Café naïve Über") == ["café", "naïv", "über"]


def test_hyphens_and_symbols_split_words() -> None:
    assert tokenize("Boston-Korea R&D") == ["boston", "korea", "r", "d"]


def test_the_stop_set_is_bm25s_own() -> None:
    from bm25s.stopwords import STOPWORDS_EN

    assert LUCENE_STOPWORDS == tuple(STOPWORDS_EN)


@pytest.fixture(scope="module")
def news_bm25(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The BM25 part of a real index: the news-dev and TAT-QA articles, chunked and written as
    a build writes them (the dense side, not looked at here, by the hash embedder)."""
    root = tmp_path_factory.mktemp("news")
    for corpus in (NEWS / "corpus", ROOT / "tests" / "eval" / "tatqa" / "corpus"):
        shutil.copytree(corpus, root / "corpus", dirs_exist_ok=True)
    index_dir = root / "index"
    build_index(root / "corpus", index_dir, HashEmbedder())
    return index_dir / "bm25"


def test_numpy_scores_are_bm25s_scores_bit_for_bit(news_bm25: Path) -> None:
    import bm25s

    theirs = bm25s.BM25.load(str(news_bm25), show_progress=False, allow_pickle=False)
    ours = files.read_bm25(news_bm25)
    assert ours.vocab_dict == theirs.vocab_dict and len(ours.vocab_dict) > 4000
    questions = [
        turn["q"] for row in files.read_jsonl(NEWS / "questions.jsonl") for turn in row["turns"]
    ]
    queries = [[token] for token in theirs.vocab_dict if token]  # every column alone
    queries += [tokenize(q) for q in questions] + [tokenize(q) * 2 for q in questions[:20]]
    queries = [[t for t in q if t in theirs.vocab_dict] for q in queries]
    assert sum(len(q) > 3 for q in queries) > 100
    for query in filter(None, queries):
        expected = theirs.get_scores(query)
        found = ours.get_scores(query)
        assert found.dtype == expected.dtype == np.float32
        assert np.array_equal(found, expected), query
    assert not ours.get_scores([]).any() and not ours.get_scores(["", "zzzz"]).any()


def _arrays(**changed: object) -> dict[str, object]:
    scores = {
        "data": np.array([0.5, 0.25, 1.0], dtype=np.float32),
        "indices": np.array([0, 1, 1], dtype=np.int32),
        "indptr": np.array([0, 2, 3]),
        "num_docs": 2,
    }
    return scores | {k: np.asarray(v) if k != "num_docs" else v for k, v in changed.items()}


def test_a_small_index_scores_by_hand() -> None:
    bm25 = Bm25({"won": 0, "2024": 1, "": 2}, _arrays())
    assert bm25.get_scores(["won"]).tolist() == [0.5, 0.25]
    assert bm25.get_scores(["won", "2024", "won"]).tolist() == [1.0, 1.5]


def test_a_rarer_word_weighs_more() -> None:
    bm25 = Bm25({"won": 0, "2024": 1, "": 2}, _arrays())  # "won" in both documents, "2024" in one
    assert bm25.idf("won") < bm25.idf("2024") < bm25.idf("unknown")
    assert bm25.idf("won") == pytest.approx(np.log(1 + 0.5 / 2.5))


@pytest.mark.parametrize(
    ("vocab", "changed", "message"),
    [
        ({"a": 0}, {"indices": [0, 1]}, "bm25 arrays of mismatched shapes"),
        ({"a": 0}, {"indptr": [0, 3, 2]}, "bm25 column pointers out of order"),
        ({"a": 0}, {"indptr": [0, 2, 4]}, "bm25 column pointers out of order"),
        ({"a": 0}, {"indices": [0, 2, 1]}, "bm25 document numbers out of range"),
        ({"a": 0}, {"indices": [0, -1, 1]}, "bm25 document numbers out of range"),
        ({"a": 3}, {}, "bm25 vocabulary beyond its columns"),
    ],
)
def test_a_damaged_index_is_refused(
    vocab: dict[str, int], changed: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        Bm25(vocab, _arrays(**changed))
