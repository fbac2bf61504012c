"""Figures Tally computes from the article's own: labelled, with how they were derived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.chunking import Chunk
from index.figures import Figure, format_money, paired


@dataclass(frozen=True)
class Derived:
    """A computed figure, the sentence that gives its basis, and the working shown to the user."""

    text: str
    value: float
    unit: str
    kind: str
    working: str
    basis: Chunk | None = None
    basis_sentence: int = -1


def exchange_pairs(figures: list[Figure], chunks: dict[str, Chunk]) -> list[tuple[Figure, Figure]]:
    """Every amount an article states in two currencies, exact ones first."""
    found = []
    by_sentence: dict[tuple[str, int], list[Figure]] = {}
    for figure in figures:
        by_sentence.setdefault((figure.chunk_id, figure.sentence), []).append(figure)
    for (chunk_id, _), group in by_sentence.items():
        chunk = chunks[chunk_id]
        text = " " * chunk.start + chunk.text  # offsets are article offsets
        found += paired(group, text)
    return sorted(found, key=lambda pair: bool(pair[1].qualifier))


def convert(
    figure: Figure, currency: str, pairs: list[tuple[Figure, Figure]], chunks: dict[str, Chunk]
) -> Derived | None:
    """`figure` in `currency` at the rate its own article implies, or None when it gives none:
    86.4 billion won -> USD 64.8 million at 2.2 trillion won = USD 1.65 billion."""
    article = chunks[figure.chunk_id].article_id
    for first, second in pairs:
        if chunks[first.chunk_id].article_id != article or first.value is None:
            continue
        if {first.unit, second.unit} != {figure.unit, currency} or second.value is None:
            continue
        source, target = (first, second) if first.unit == figure.unit else (second, first)
        assert figure.value is not None and source.value and target.value is not None
        value = figure.value * target.value / source.value
        text = format_money(value, currency)
        working = (
            f"{figure.text} × {target.text} / {source.text} = {text}, "
            "at the rate the article itself implies"
        )
        return Derived(
            text, value, currency, "money", working, chunks[first.chunk_id], first.sentence
        )
    return None


def resolve_year(figure: Figure, published: str) -> Derived | None:
    """A relative date made absolute from the article's date: "the upcoming year" -> 2024."""
    if figure.role != "relative" or figure.value is None or not published:
        return None
    date = dt.date.fromisoformat(published)
    year = int(figure.value)
    working = f"the article is dated {date:%-d %B %Y}, so {figure.text!r} falls in {year}"
    return Derived(str(year), float(year), "year", "date", working)
