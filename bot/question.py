"""Read what a question wants: the kind of figure, its subject words and any cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import korean
from index.figures import CURRENCY_PREFIX, CURRENCY_SUFFIX, format_money
from index.lexical import tokenize

# Checked in order; the first kind whose pattern matches wins. General English question words
# and measure nouns, not any one article's.
_KINDS = (
    ("score", r"\bhow (was|were|did) .*\bsplit\b|\bby what (margin|score|vote)\b"
              r"|\bwhat (was|were|is) the (final |vote |closing )?"
              r"(score|tally|vote count|result of the vote|margin)\b"
              r"|\bhow (many votes )?(to|against) how many\b"),
    ("duration", r"\bhow long\b|\bhow many (years|months|weeks|days|hours|minutes)\b"
                 r"|\bover what (period|time)"),
    ("time", r"\bwhen\b|\bwhat (year|month|date|time|day)\b|\bwhich (year|month|day|date)\b"
             r"|\bby when\b|\btimeline\b|\bon what (date|day)\b|\bin what (year|month)\b"),
    ("statement", r"^\s*(why|what kind|what type)\b|\bwhat does .* stand for\b"
                  r"|\bwhat (led|leads|caused|causes|drove|drives) "
                  r"|^\s*how (is|are|was|were|does|do|did|can|will|would|should)\b"),
    ("money", r"\bmoney[- ]?wise\b|\bin (money|cash|financial) terms\b"),
    ("share", r"\bpercent|\bpercentage\b|\bshare\b|\bratio\b|\bproportion\b|\brate\b|\bcap\b"
              r"|\blimit\b|\bceiling\b|\bhow much of\b|\bturnout\b|\bwhat fraction\b"),
    ("count", r"\bhow many\b|\bnumber of\b|\bpopulation\b|\bheadcount\b"
              r"|\bhow (tall|high|big|large|far|deep|wide|heavy|old|fast|long a)\b"
              r"|\bwhat (is|was|were|are) the (\w+ )?(height|length|distance|size|area|weight"
              r"|capacity|age|depth|width|speed|altitude|elevation|margin)\b"),
    ("money", r"\bhow much\b|\bbudget|\bcost|\bprice\b|\bworth\b|\bspend|\bfunding\b|\bmoney\b"
              r"|\bamount\b|\bin (us )?dollars\b|\bin won\b|\busd\b|\bsalary\b|\bpaid\b|\bpay\b"
              r"|\bfee\b|\bfetch|\bsold for\b|\bsell for\b|\bbox[- ]office\b"),
    ("place", r"\bwhere\b|\bwhich (us |u\.s\. )?(city|cities|country|countries|region|place|state"
              r"|town|airport|port|province)\b|\blocat(ed|ion)\b|\bin what (city|country|state)\b"),
    ("name", r"\bwho\b|\bwhose\b|\bwhich (\w+ )?(company|companies|university|institution|firm"
             r"|minister|organi[sz]ation|program|senator|lawmaker|politician|player|skier|athlete"
             r"|actor|actress|director|official|person|party|team|brand|carmaker|bank|agency|group"
             r"|airline|manufacturer|executive|leader|president|secretary|film|movie)\b|\bname of\b"
             r"|\bwhat (company|firm|film|movie)\b"),
)  # fmt: skip
# A whole rather than a part, in a question or before a figure: "a total of 3.5 trillion won".
TOTAL = re.compile(r"\b(total|overall|in all|altogether|combined|whole|entire|all told)\b", re.I)
_EARLIER_ASK = re.compile(r"\b(how|what|which|who|whom|whose)\b")
_GIVE_UP = re.compile(r"\b(give|gave|given) up\b|\bshed\b|\badd(ed)?\b|\bby how much\b")
# What a count counts: the words after "how many", up to the verb.
_ASKED = re.compile(r"\b(?:how many|number of)\s+((?:[a-z][\w-]*\s){0,2}?[a-z][\w-]*?s)\b")
# Measures a question may ask for, by the words that ask them.
_MEASURES = (
    ("length", r"\bhow (tall|high|deep|far|wide|long a)\b|\b(height|altitude|elevation|depth"
               r"|distance|length|width)\b"),
    ("weight", r"\bhow heavy\b|\bweight\b"),
    ("power", r"\bcapacity\b|\bhow (much|many) (power|electricity|energy)\b"),
)  # fmt: skip
# "How much did the index climb?": a change may be stated as a share or an amount.
_CHANGE_VERB = re.compile(
    r"\b(climb|rise|rose|risen|fall|fell|fallen|drop|gain|jump|sink|sank|slip|increase|decrease"
    r"|grow|grew|decline|lose|lost|up|down)\w*\b"
)
FIGURE_KINDS = {
    "score": ("score",),
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
# Any other currency a question asks in: "in euros?", "in yuan", "€".
_OTHER_CURRENCY = re.compile(
    rf"\bin ({'|'.join(sorted(CURRENCY_SUFFIX, key=len, reverse=True))})\b|([€£¥])"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Numbers that date a question: a year, or a day beside its month.
_DATED = re.compile(
    rf"(?i)\b(?:{_MONTH}\s(\d{{1,2}})\b|(\d{{1,2}})(?:st|nd|rd|th)?\s{_MONTH}|((?:19|20)\d{{2}})\b)"
)


@dataclass(frozen=True)
class Want:
    """What a question asks for: e.g. kind "money", subject ["harbour", "bridg", "project"]."""

    kind: str
    subject: tuple[str, ...]
    numbers: tuple[str, ...]
    role: str = ""
    change: bool = False
    currency: str = ""
    ending: bool = False
    korean: bool = False
    unreadable: tuple[str, ...] = ()  # figures written in a way that could not be read
    moved: bool = False  # "how much did it climb?": a share answers as well as an amount
    dates: tuple[str, ...] = ()  # the numbers that date the question: "March 27, 2017"
    delta: bool = False  # asks how much something moved: "How many points did it give up?"
    asked: tuple[str, ...] = ()  # what is counted, stemmed: "How many athletes ..." -> ("athlet",)
    measure: str = ""  # the measure asked for: "How tall ...?" -> "length"
    total: bool = False  # asks for a whole: "overall budget?", "how much in all?"

    @property
    def figure_kinds(self) -> tuple[str, ...]:
        """The figure kinds that can answer this question (none for names and statements)."""
        if self.moved and self.kind == "money":
            return ("money", "percent")
        return FIGURE_KINDS.get(self.kind, ())


def read_question(question: str) -> Want:
    """Classify a question: "How much for the harbour bridge?" -> Want(kind="money", ...)."""
    question = korean.normalise(question)
    if korean.is_korean(question):
        return _read_korean(question)
    text = question.lower()
    kind = next((k for k, pattern in _KINDS if _asks(pattern, text)), "statement")
    if kind == "statement" and re.search(r"\b[Ww]hich [A-Z]", question):
        kind = "name"  # "Which Pennsylvania Republican ...?": a proper noun asks for a name
    role = "new" if _NEW_FIRST.search(text) else "old" if _OLD.search(text) else ""
    role = role or ("new" if _NEW.search(text) else "")
    currency = "USD" if _USD.search(text) else "KRW" if _KRW.search(text) else ""
    if not currency and (other := _OTHER_CURRENCY.search(text)):
        word, symbol = other.groups()
        currency = CURRENCY_SUFFIX[word] if word else CURRENCY_PREFIX[symbol]
    return Want(
        kind=kind,
        subject=tuple(tokenize(question)),
        numbers=tuple(n.replace(",", "") for n in _NUMBER.findall(question)),
        role=role,
        change=bool(_CHANGE.search(text)) and kind == "share" and not role,
        ending=bool(_ENDING.search(text)) and kind in ("time", "duration"),
        currency=currency,
        moved=kind == "money" and "how much" in text and bool(_CHANGE_VERB.search(text)),
        dates=tuple(n for m in _DATED.finditer(question) for n in m.groups() if n),
        delta=bool(_CHANGE_VERB.search(text) or _GIVE_UP.search(text)),
        asked=tuple(tokenize(m.group(1))[-1:]) if (m := _ASKED.search(text)) else (),
        measure=next((name for name, pattern in _MEASURES if re.search(pattern, text)), ""),
        total=bool(TOTAL.search(text)),
    )


def _asks(pattern: str, text: str) -> bool:
    """Whether `pattern` says what the question asks: a "when" or "where" after another
    question word opens a clause ("How many left when the dam ...?"), not the question."""
    match = re.search(pattern, text)
    if match is None:
        return False
    if match.group(0).strip() in ("when", "where"):
        return not _EARLIER_ASK.search(text[: match.start()])
    return True


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
    # "527억 원" is "52.7 billion won" in the articles: compare the numbers they write.
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
        delta=korean.korean_change(question) or english.delta,
        currency=korean.korean_currency(question) or english.currency,
        # "몇 년간 ... 뒤 종료됐나요?" asks how long, not when it ended.
        ending=(korean.korean_ending(question) or english.ending) and kind == "time",
        korean=True,
        unreadable=tuple(written for written, value in amounts if value is None),
        dates=tuple(korean.dating_numbers(rest)),
    )
