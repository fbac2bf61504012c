"""Figures Tally computes from the article's own: labelled, with how they were derived."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from index.chunking import Chunk
from index.figures import Figure, format_money, paired

# A phrase's year against its article's year, as the phrase says it: "next year" is one on.
_RELATIVE = re.compile(
    r"\b(?P<on>next|upcoming|coming|following)\b|\b(?P<back>last)\b", re.IGNORECASE
)


# A number as written: "1,255.70", "3".
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Stated:
    """A figure as its article states it: "3.5 trillion won" is 3.5e12 KRW."""

    text: str
    value: float
    unit: str


@dataclass(frozen=True)
class Conversion:
    """An amount in another currency at the rate its article implies: amount × target /
    source, where source and target state one sum in the two currencies."""

    amount: Stated
    target: Stated
    source: Stated
    kind = "money"

    @property
    def inputs(self) -> tuple[Stated, ...]:
        """The stated figures it is computed from."""
        return (self.amount, self.target, self.source)

    @property
    def value(self) -> float:
        return self.amount.value * self.target.value / self.source.value

    @property
    def unit(self) -> str:
        return self.target.unit

    @property
    def text(self) -> str:
        return format_money(self.value, self.unit)

    @property
    def working(self) -> str:
        """How it was computed, as the reply shows it."""
        return (
            f"{self.amount.text} × {self.target.text} / {self.source.text} = {self.text}, "
            "at the rate the article itself implies"
        )


@dataclass(frozen=True)
class Resolution:
    """A relative year ("the upcoming year") made absolute from its article's date."""

    phrase: str
    published: str  # the article's date, ISO: "2023-03-10"
    unit = "year"
    kind = "date"

    @property
    def inputs(self) -> tuple[Stated, ...]:
        """The stated figures it is computed from: none, the phrase and the date are words."""
        return ()

    @property
    def value(self) -> float:
        match = _RELATIVE.search(self.phrase)
        offset = 0 if match is None else 1 if match.group("on") else -1
        return float(dt.date.fromisoformat(self.published).year + offset)

    @property
    def text(self) -> str:
        return str(int(self.value))

    @property
    def working(self) -> str:
        """How it was resolved, as the reply shows it."""
        date = dt.date.fromisoformat(self.published)
        return f"the article is dated {date:%-d %B %Y}, so {self.phrase!r} falls in {self.text}"


Derivation = Conversion | Resolution


@dataclass(frozen=True)
class Derived:
    """A computed figure, carried as the data it is computed from, and the sentence that gives
    its basis (a conversion's rate), if any."""

    derivation: Derivation
    basis: Chunk | None = None
    basis_sentence: int = -1

    @property
    def text(self) -> str:
        return self.derivation.text

    @property
    def unit(self) -> str:
        return self.derivation.unit

    @property
    def kind(self) -> str:
        return self.derivation.kind

    @property
    def value(self) -> float:
        return self.derivation.value

    @property
    def working(self) -> str:
        return self.derivation.working


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
    """`figure` in `currency` at the rate its own article implies, or None when it gives none
    or `figure` is a range: 52.7 billion won -> USD 39.1 million at 3.5 trillion won = USD 2.6
    billion; "$3-4 billion" -> None."""
    if is_range(figure):
        return None
    article = chunks[figure.chunk_id].article_id
    for first, second in pairs:
        if chunks[first.chunk_id].article_id != article or first.value is None:
            continue
        if {first.unit, second.unit} != {figure.unit, currency} or second.value is None:
            continue
        if is_range(first) or is_range(second):
            continue  # a range's low end against the other currency's gives no rate
        source, target = (first, second) if first.unit == figure.unit else (second, first)
        assert figure.value is not None and source.value and target.value is not None
        conversion = Conversion(_stated(figure), _stated(target), _stated(source))
        return Derived(conversion, chunks[first.chunk_id], first.sentence)
    return None


def is_range(figure: Figure) -> bool:
    """Whether `figure` states a range: "$3-4 billion", "between $3 and $4 billion" (its value
    is the low end alone, so a conversion of it would state one wrong amount)."""
    return len(_NUMBER.findall(figure.text)) > 1


def _stated(figure: Figure) -> Stated:
    assert figure.value is not None
    return Stated(figure.text, figure.value, figure.unit)


def resolve_year(figure: Figure, published: str) -> Derived | None:
    """A relative date made absolute from the article's date: "the upcoming year" -> 2024."""
    if figure.role != "relative" or figure.value is None or not published:
        return None
    return Derived(Resolution(figure.text, published))
