"""The numeric faithfulness guard: no reply states a number its sources do not bear out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.korean import korean_amounts
from bot.matching import numbers
from index.figures import extract_figures

if TYPE_CHECKING:
    from bot.reply import Answer


def unsupported_numbers(answer: Answer) -> list[str]:
    """Numbers in the lead that no cited passage states, after normalising ("2,200,000,000,000
    won" is "2.2 trillion won"); a derived figure passes only if it recomputes from its inputs."""
    quotes = [c.quote for c in answer.citations]
    stated = {(f.value, f.unit) for quote in quotes for f in extract_figures(quote)}
    written = set().union(*(numbers(q) for q in quotes)) if quotes else set()
    lead = re.sub(r"\[\d+\]", "", answer.lead)
    problems = []
    for figure in answer.figures:
        if figure.derived and figure.working:
            if not _recomputes(figure.working, figure.value, written):
                problems.append(figure.text)
            lead = lead.replace(figure.working, "").replace(figure.text, "")
    for amount, value in korean_amounts(lead):
        # "864억 원" passes only as the value of a won figure a cited passage states.
        if value is None or not any(_same(value, v) for v, unit in stated if unit == "KRW"):
            problems.append(amount)
        lead = lead.replace(amount, "")
    for found in extract_figures(lead):
        if (found.value, found.unit) in stated or found.kind == "date" and found.role:
            lead = lead.replace(found.text, "")
    problems += [n for n in sorted(numbers(lead)) if n not in written]
    return problems


def _recomputes(working: str, value: float | None, written: set[str]) -> bool:
    """Check "A × B / C = D, ..." (every input quoted, D = A·B/C to display precision) or a date
    resolved from the article's own date."""
    head = working.split(" = ")[0]
    parts = re.split(r" × | / ", head)
    if len(parts) == 3 and value:
        values = [extract_figures(p)[0].value if extract_figures(p) else None for p in parts]
        if None in values or not all(numbers(p) <= written for p in parts):
            return False
        amount, target, source = (float(v) for v in values)  # type: ignore[arg-type]
        return abs(amount * target / source - value) <= 1e-9 * abs(value)
    match = re.match(r"the article is dated .* (\d{4}), so '(.+)' falls in (\d{4})$", working)
    if match:
        published_year, phrase, year = int(match.group(1)), match.group(2), int(match.group(3))
        offset = 1 if re.search(r"\b(next|upcoming|coming|following)\b", phrase) else 0
        offset = -1 if re.search(r"\blast\b", phrase) else offset
        return year == published_year + offset == value
    return False


def _same(value: float, other: float | None) -> bool:
    return other is not None and abs(value - other) <= 1e-9 * max(abs(value), abs(other))
