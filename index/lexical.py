"""Words for BM25 (lower-cased, stemmed, stop words dropped, figures kept whole), and the
scores of a saved BM25 index, read without bm25s."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

# Lucene's English stop set, as bm25s ships it (bm25s.stopwords.STOPWORDS_EN; a test keeps the
# two equal). Importing it from there imports bm25s, and with it scipy.sparse and tqdm: about
# 0.12 s of every cold `tally ask` (docs/performance.md, issue 13).
LUCENE_STOPWORDS = tuple(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)
# Figures stay one token ("2.2", "1,650" -> "1650") so a question's number can match.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
STOPWORDS = frozenset(LUCENE_STOPWORDS) | frozenset(
    "what which who whom whose when where why how much many does did do is was were will would "
    "can could should about from into over their its it they them this that these those there "
    "has have had been being also any some me you your we our us i".split()
)


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


def tokenize(text: str) -> list[str]:
    """BM25 tokens: "How much for the harbour bridge?" -> ["harbour", "bridg"]."""
    words = []
    for word in _TOKEN.findall(text.lower()):
        word = word.replace("’", "'").removesuffix("'s")
        if word in STOPWORDS:
            continue
        if "," in word and _THOUSANDS.fullmatch(word):
            word = word.replace(",", "")  # "1,650" and "1650" are one figure
        words.append(word)
    return _stemmer().stemWords(words)


@dataclass(frozen=True, eq=False)  # arrays inside: compared and hashed by identity
class Bm25:
    """A BM25 index as bm25s saves it, scored with NumPy alone: bm25s builds it, but answering
    never imports bm25s or scipy. The attributes are bm25s.BM25's own: `vocab_dict` maps a token
    to its column; `scores` holds the precomputed per-document scores of every column (CSC:
    `data`, `indices`, `indptr`) and `num_docs`."""

    vocab_dict: dict[str, int]
    scores: dict[str, Any]
    dtype: str = "float32"

    def __post_init__(self) -> None:
        data, indices, indptr = (self.scores[k] for k in ("data", "indices", "indptr"))
        columns = len(indptr) - 1
        if data.shape != indices.shape or data.ndim != 1 or indptr.ndim != 1 or columns < 0:
            raise ValueError("bm25 arrays of mismatched shapes")
        if indptr[0] != 0 or indptr[-1] != len(data) or np.any(np.diff(indptr) < 0):
            raise ValueError("bm25 column pointers out of order")
        if len(indices) and not 0 <= indices.min() <= indices.max() < self.scores["num_docs"]:
            raise ValueError("bm25 document numbers out of range")
        ids = np.fromiter(self.vocab_dict.values(), dtype=np.int64, count=len(self.vocab_dict))
        if len(ids) and not 0 <= ids.min() <= ids.max() <= columns:
            raise ValueError("bm25 vocabulary beyond its columns")

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """Every document's BM25 score for `tokens`, as bm25s.BM25.get_scores computes it: each
        known token's column added in turn, in `dtype` (a repeated token counts again)."""
        data, indices, indptr = (self.scores[k] for k in ("data", "indices", "indptr"))
        scores = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        for token in tokens:
            column = self.vocab_dict.get(token, len(indptr))
            if column + 1 < len(indptr):  # bm25s's empty token "" has no column
                start, end = indptr[column], indptr[column + 1]
                scores[indices[start:end]] += data[start:end]  # a column names a document once
        return scores

    def idf(self, token: str) -> float:
        """How rare a token is across the documents (BM25's idf; highest for an unknown one)."""
        indptr = self.scores["indptr"]
        column = self.vocab_dict.get(token, len(indptr))
        df = int(indptr[column + 1] - indptr[column]) if column + 1 < len(indptr) else 0
        n = self.scores["num_docs"]
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
