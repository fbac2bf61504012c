"""Words for BM25: lower-cased, stemmed, stop words dropped, and figures kept whole."""

from __future__ import annotations

import re
from functools import cache

from bm25s.stopwords import STOPWORDS_EN

# Figures stay one token ("2.2", "1,650" -> "1650") so a question's number can match.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(
    "what which who whom whose when where why how much many does did do is was were will would "
    "can could should about from into over their its it they them this that these those there "
    "has have had been being also any some me you your we our us i".split()
)


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """BM25 tokens: "How much for the Boston-Korea project?" -> ["boston", "korea", "project"]."""
    words = []
    for match in _TOKEN.finditer(text.lower()):
        word = match.group(0).replace("’", "'").removesuffix("'s")
        if word in STOPWORDS:
            continue
        if re.fullmatch(r"\d{1,3}(,\d{3})+", word):
            word = word.replace(",", "")  # "1,650" and "1650" are one figure
        words.append(word)
    return _stemmer().stemWords(words)
