"""Read what a question wants: the kind of figure, its subject words and any cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import korean
from index.figures import format_money
from index.lexical import tokenize

# Checked in order; the first kind whose pattern matches wins.
_KINDS = (
    ("duration", r"\bhow long\b|\bhow many (years|months|weeks|days)\b|\bover what (period|time)"),
    ("time", r"\bwhen\b|\bwhat (year|month|date|time)\b|\bwhich year\b|\bby when\b|\btimeline\b"),
    ("statement", r"^\s*(why|what kind|what type)\b|\bwhat does .* stand for\b"),
    ("share", r"\bpercent|\bpercentage\b|\bshare\b|\bratio\b|\bproportion\b|\brate\b|\bcap\b"
              r"|\blimit\b|\bceiling\b|\bhow much of\b"),
    ("count", r"\bhow many\b|\bnumber of\b|\bpopulation\b|\bheadcount\b"),
    ("money", r"\bhow much\b|\bbudget|\bcost|\bprice\b|\bworth\b|\bspend|\bfunding\b|\bmoney\b"
              r"|\bamount\b|\bin (us )?dollars\b|\bin won\b|\busd\b"),
    ("place", r"\bwhere\b|\bwhich (us |u\.s\. )?(city|cities|country|countries|region|place)\b"
              r"|\blocat(ed|ion)\b"),
    ("name", r"\bwho\b|\bwhose\b|\bwhich (company|companies|university|institution|firm|minister"
             r"|organi[sz]ation|program)\b|\bname of\b"),
)  # fmt: skip
FIGURE_KINDS = {
    "money": ("money",),
    "share": ("percent",),
    "count": ("count",),
    "time": ("date", "duration"),
    "duration": ("duration",),
}
_OLD = re.compile(r"\b(before|previous(ly)?|used to|prior|originally|old|formerly|was|were)\b")
_NEW = re.compile(r"\b(now|new|after|currently|going forward|will be|raised to)\b")
_NEW_FIRST = re.compile(r"\b(raised|increased|cut|lowered|changed) to\b")
_CHANGE = re.compile(r"\b(change|changing|rise|rising|go(es)? up|increase|by how much|shift)\b")
# A question about when something ends needs a passage that states an end.
_ENDING = re.compile(
    r"\b(end|ends|ending|wrap(s|ped)? up|finish\w*|complet\w*|conclud\w*|expire\w*)\b"
)
ENDING_CUE = re.compile(
    r"\b(until|through|by the end|end\w*|complet\w*|finish\w*|conclud\w*|expir\w*)\b", re.I
)
_USD = re.compile(r"\b(dollars?|usd|us\$)|\$")
_KRW = re.compile(r"\bin (korean )?won\b|\d\s*won\b|\bkrw\b|₩")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Want:
    """What a question asks for: e.g. kind "money", subject ["boston", "korea", "project"]."""

    kind: str
    subject: tuple[str, ...]
    numbers: tuple[str, ...]
    role: str = ""
    change: bool = False
    currency: str = ""
    ending: bool = False
    korean: bool = False
    unreadable: tuple[str, ...] = ()  # figures written in a way that could not be read

    @property
    def figure_kinds(self) -> tuple[str, ...]:
        """The figure kinds that can answer this question (none for names and statements)."""
        return FIGURE_KINDS.get(self.kind, ())


def read_question(question: str) -> Want:
    """Classify a question: "How much for the Boston-Korea project?" -> Want(kind="money", ...)."""
    question = korean.normalise(question)
    if korean.is_korean(question):
        return _read_korean(question)
    text = question.lower()
    kind = next((k for k, pattern in _KINDS if re.search(pattern, text)), "statement")
    role = "new" if _NEW_FIRST.search(text) else "old" if _OLD.search(text) else ""
    role = role or ("new" if _NEW.search(text) else "")
    currency = "USD" if _USD.search(text) else "KRW" if _KRW.search(text) else ""
    return Want(
        kind=kind,
        subject=tuple(tokenize(question)),
        numbers=tuple(n.replace(",", "") for n in _NUMBER.findall(question)),
        role=role,
        change=bool(_CHANGE.search(text)) and kind == "share" and not role,
        ending=bool(_ENDING.search(text)) and kind in ("time", "duration"),
        currency=currency,
    )


def _read_korean(question: str) -> Want:
    """A question with Hangul in it; English cues still count in mixed-script questions."""
    english = read_question(re.sub(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+", " ", question))
    # A rewritten follow-up ("... — 그럼 언제?") asks what its last part asks.
    last = question.split(f" {korean.FOLLOW_UP_MARK} ")[-1]
    kind = korean.korean_kind(last) or korean.korean_kind(question) or english.kind
    amounts = korean.korean_amounts(question)
    rest = question
    for written, _ in amounts:
        rest = rest.replace(written, " ")
    rest = korean.without_relative_numbers(rest)
    # "864억 원" is "86.4 billion won" in the articles: compare the numbers they write.
    stated = [format_money(value, "KRW") for _, value in amounts if value is not None]
    found = _NUMBER.findall(rest) + [n for text in stated for n in _NUMBER.findall(text)]
    role = korean.korean_role(last) or korean.korean_role(question) or english.role
    counted = korean.counted(last) if kind == "count" else ""
    return Want(
        kind=kind,
        subject=tuple(tokenize(f"{question} {korean.english_subject(question)} {counted}")),
        numbers=tuple(n.replace(",", "") for n in found),
        role=role,
        change=(korean.korean_change(question) or english.change) and kind == "share" and not role,
        currency=korean.korean_currency(question) or english.currency,
        # "몇 년간 ... 뒤 종료됐나요?" asks how long, not when it ended.
        ending=(korean.korean_ending(question) or english.ending) and kind == "time",
        korean=True,
        unreadable=tuple(written for written, value in amounts if value is None),
    )
