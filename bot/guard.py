"""The numeric faithfulness guard: no reply states a number its sources do not bear out."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.korean import counted_in_words, counter_words, derivation_working, korean_amounts
from bot.matching import numbers
from index.figures import Figure, extract_figures

if TYPE_CHECKING:
    from bot.reply import Answer, AnswerFigure


def unsupported_numbers(answer: Answer) -> list[str]:
    """Numbers in the lead that no cited passage states, after normalising ("2,200,000,000,000
    won" is "3.5 trillion won"); a derived figure passes only if it recomputes from its inputs."""
    quotes = [c.quote for c in answer.citations]
    stated = {(f.value, f.unit) for quote in quotes for f in _quoted_figures(quote)}
    written = set().union(*(numbers(q) for q in quotes)) if quotes else set()
    lead = re.sub(r"\[\d+\]", "", answer.lead)
    problems = []
    # Values a number written the Korean way may have: a stated figure's, in any unit, or a
    # derived figure's as the reply shows it ("USD 64.8 million" -> 6480만 달러).
    values = {v for v, _ in stated}
    for figure in answer.figures:
        if not figure.derived:
            continue
        if figure.derivation is None or not _recomputes(figure, stated, written):
            problems.append(figure.text)
            lead = lead.replace(figure.working, "").replace(figure.text, "")
            continue
        values |= {f.value for f in extract_figures(figure.text)}
        # The working as its inputs give it, in English or Korean: a working altered in the
        # lead is read as text.
        for working in (figure.derivation.working, derivation_working(figure.derivation)):
            lead = lead.replace(working, "")
        lead = lead.replace(figure.text, "")
    for figure in answer.figures:
        if not figure.derived and (figure.value, figure.unit) in stated:
            if numbers(figure.text) <= written:
                # a figure as a cited passage states it: read already, not parsed again below
                lead = lead.replace(figure.text, "")
    for amount, value in korean_amounts(lead):
        # "527억 원", "35억 달러", "20만 명": the value of a figure the sources bear out.
        if value is None or not any(_same(value, v) for v in values):
            problems.append(amount)
        lead = lead.replace(amount, "")
    for rank in _KOREAN_RANK.finditer(lead):
        # "1위" for "ranked first", "10위권" for "top ten": a rank the sources state.
        if (float(rank.group(1)), "top" if rank.group(2) else "place") in stated:
            lead = lead.replace(rank.group(0), "")
    in_words = set().union(*map(counted_in_words, quotes)) if quotes else set()
    # "5년" for "five years": a count or duration a cited passage writes in words.
    lead = _korean_count().sub(
        lambda m: "" if (float(m.group(1)), m.group(2)) in in_words else m.group(0), lead
    )
    for found in extract_figures(lead) if re.search(r"\d", lead) else ():
        if (found.value, found.unit) in stated or found.kind == "date" and found.role:
            lead = lead.replace(found.text, "")
    problems += [n for n in sorted(numbers(lead)) if n not in written]
    return problems


# A rank written the Korean way: "17위", "10위권" (bot/korean.py's form of a rank figure).
_KOREAN_RANK = re.compile(r"(?<![\d.,])(\d{1,3})위(권)?")


@lru_cache(maxsize=1)
def _korean_count() -> re.Pattern[str]:
    """A count or duration written the Korean way after digits: "5년", "3개월", "12명"."""
    words = "|".join(map(re.escape, counter_words()))
    return re.compile(rf"(?<![\d.,])(\d{{1,4}})({words})")


def _recomputes(
    figure: AnswerFigure, stated: set[tuple[float | None, str]], written: set[str]
) -> bool:
    """Whether a derived figure is what its inputs give (to display precision), and every
    input a figure some cited passage states, with the numbers it writes."""
    derivation = figure.derivation
    assert derivation is not None
    for given in derivation.inputs:
        if not numbers(given.text) <= written:
            return False
        if not any(unit == given.unit and _same(given.value, v) for v, unit in stated):
            return False
    return (
        figure.value is not None
        and _same(figure.value, derivation.value)
        and (figure.text, figure.unit) == (derivation.text, derivation.unit)
    )


def _same(value: float, other: float | None) -> bool:
    return other is not None and abs(value - other) <= 1e-9 * max(abs(value), abs(other))


@lru_cache(maxsize=4096)
def _quoted_figures(quote: str) -> tuple[Figure, ...]:
    """The figures a cited sentence states, remembered: the same sentences are quoted again."""
    return tuple(extract_figures(quote))
