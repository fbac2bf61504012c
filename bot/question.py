"""Read what a question wants: the kind of figure, its subject words and any cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import korean
from bot.lang_data import lang_data
from index.figures import CURRENCY_PREFIX, CURRENCY_SUFFIX, format_money
from index.lexical import tokenize

# How English questions are read, as data beside the code (bot/lang/en.json "reading"): each
# entry a regular expression written as a list of alternatives.
_READING = lang_data("en")["reading"]


def _pattern(key: str | list[str]) -> str:
    alternatives = _READING[key] if isinstance(key, str) else key
    return "|".join(alternatives)


# Words that ask for money itself; "how much" alone may ask for any amount.
_MONEY_WORDS = re.compile(
    "|".join(
        a
        for kind, alternatives in _READING["kinds"]
        if kind == "money"
        for a in alternatives
        if a != r"\bhow much\b"
    )
)
# Words that ask a share without saying so ("limit", "how much of"): an amount or a count may
# answer them ("a credit limit of 2 million yuan", "124,000 hectares of its crops").
_LOOSE_SHARE = frozenset(_READING["loose_share"])
_SHARE_WORDS = re.compile(
    "|".join(
        a
        for kind, alternatives in _READING["kinds"]
        if kind == "share"
        for a in alternatives
        if a not in _LOOSE_SHARE
    )
)
# Checked in order; the first kind whose pattern matches wins.
_KINDS = tuple((kind, re.compile(_pattern(a))) for kind, a in _READING["kinds"])
# A whole rather than a part, in a question or before a figure: "a total of 3.5 trillion won".
TOTAL = re.compile(_pattern("total"), re.I)
_SOURCE_ASKED = re.compile(_READING["source_asked"], re.I)
_AUTHOR_ASKED = re.compile(_READING["author_asked"], re.I)
_MORE_ASKED = re.compile(_READING["more_asked"], re.I)
_MONEY_VERBS = re.compile(_READING["money_verbs"], re.I)
_EARLIER_ASK = re.compile(_pattern("earlier_ask"))
_GIVE_UP = re.compile(_pattern("give_up"))
# A question asking for a person ("who filed it?", "the driver's name?"), and the words of
# one that say nothing of the person's role ("name", "says").
PERSON_ASKED = re.compile(_pattern("person_asked"), re.I)
# "What did bush call the media?": a quoted phrase answers.
CALLED_ASKED = re.compile(_pattern("called_asked"), re.I)
# "Which federal judge ...?": with a title among its words, a person too.
WHICH_ASKED = re.compile(_pattern("which_asked"), re.I)
NOT_ROLE = frozenset(tokenize(" ".join(_READING["not_role"])))
# The last words of names that are institutions or places: "Nankai University" is nobody.
INSTITUTION_HEADS = frozenset(_READING["institution_heads"])
# A place said after a preposition, as a place question's answer: "in Elkhart, Indiana".
AT_PLACE = re.compile(_pattern("at_place"))
# What a count counts: the words after "how many", up to the verb.
ASKED = re.compile(_pattern("asked"))
# The units a measure is asked in: "How much land was lost, in acres?" counts acres.
IN_UNIT = re.compile(_pattern("in_unit"), re.IGNORECASE)
# Nouns that count the same things ("kids", "children"), stemmed: {"kid": {"kid", "children",
# "child"}, ...}; not regular expressions.
COUNTED_ALIKE = {
    stem: frozenset(stems)
    for group in _READING["counted_alike"]
    for stems in [{s for word in group for s in tokenize(word)}]
    for stem in stems
}
# Measures a question may ask for, by the words that ask them.
_MEASURES = tuple((name, re.compile(_pattern(a))) for name, a in _READING["measures"])
# "How much did the index climb?": a change may be stated as a share or an amount.
_CHANGE_VERB = re.compile(_pattern("change_verb"))
# Which way a change goes ("rose", "a 10 percent increase": up; "cut", "fell": down).
UP = re.compile(_pattern("up"), re.I)
DOWN = re.compile(_pattern("down"), re.I)
# "How big an increase was that?": the size of a change, stated as an amount or a share.
_CHANGE_SIZE = re.compile(_pattern("change_size"))
FIGURE_KINDS = {
    "score": ("score",),
    "money": ("money",),
    "share": ("percent",),
    "count": ("count",),
    "time": ("date", "duration", "clock"),
    "duration": ("duration",),
    "rank": ("rank",),  # "17th", "top 10": for a rank question, once a reading asks one
}
_OLD = re.compile(_pattern("old"))
_NEW = re.compile(_pattern("new"))
_NEW_FIRST = re.compile(_pattern("new_first"))
_CHANGE = re.compile(_pattern("change"))
# A question about when something ends needs a passage that states an end.
_ENDING = re.compile(_pattern("ending"))
ENDING_CUE = re.compile(_pattern("ending_cue"), re.I)
_USD = re.compile(_pattern("usd"))
_KRW = re.compile(_pattern("krw"))
# Any other currency a question asks in: "in euros?", "in yuan", "€".
_OTHER_CURRENCY = re.compile(
    rf"\bin ({'|'.join(sorted(CURRENCY_SUFFIX, key=len, reverse=True))})\b|([€£¥])"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONTH = _READING["month"]
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
    not_people: bool = False  # counts with a counter that never counts people ("몇 개", "몇 곳")
    direction: str = ""  # which way a change asked about goes: "up" ("rise"), "down" ("cut")
    total: bool = False  # asks for a whole: "overall budget?", "how much in all?"
    # "how much" with no word of money, or a share asked by a word that may mean an amount
    # ("limit"): a figure of another kind may answer too (fallback_kinds)
    loose: bool = False
    # A follow-up's own words, stemmed: "And natural gas?" after a question about coal ->
    # ("natur", "gas"). They say which of the standalone question's figures is meant.
    focus: tuple[str, ...] = ()
    # A follow-up's last answer, (figure as written, quoted sentence): it asks past it ("and
    # how many of them are women?" after "250 Moroccans"), so that figure does not answer again
    answered: tuple[str, ...] = ()
    # asks who the last answer's figure comes from: "says who?", "출처는?"
    source_asked: bool = False
    # asks who wrote the article the chat is about: "who wrote this?", "글쓴이는?"
    author_asked: bool = False
    # asks for more of the story the last answer quoted: "tell me more", "더 알려줘"
    more_asked: bool = False

    @property
    def figure_kinds(self) -> tuple[str, ...]:
        """The figure kinds that can answer this question (none for names and statements)."""
        if self.moved and self.kind == "money":
            return ("money", "percent")
        if self.kind == "time" and not self.korean:
            return ("date", "clock")  # a duration only when no date is found (fallback_kinds)
        return FIGURE_KINDS.get(self.kind, ())

    @property
    def fallback_kinds(self) -> tuple[str, ...]:
        """The figure kinds that answer when none of `figure_kinds` is found: "How much was
        excluded ...?" may be answered by "308,000 shares"."""
        if self.loose and self.kind == "money":
            return ("count", "percent")
        if self.loose and self.kind == "share":
            return ("money", "count")
        if self.delta and self.kind == "count" and (not self.asked or self.answered):
            # "How far have they lowered it?": "by 60%"; "up by how much?" after a count
            return ("percent",)
        if self.kind == "count" and self.measure == "size" and not self.asked:
            return ("money", "percent")  # "How big is the fund?": "$890-billion"
        if self.kind == "time" and not self.korean:
            return ("duration",)  # "When ...?" may be answered "within two weeks"
        if self.kind == "count" and "vote" in self.asked:
            return ("score",)  # "How many votes did it get?": "by 300 votes to 200"
        if self.kind == "score" and "vote" in self.asked:
            return ("count",)  # "By how many votes ...?": "won by 48 votes" says it too
        if self.kind == "duration":
            # "Over what period?": "between January 2013 and June 2016"; "How long was the
            # ruling?": "a 43-page ruling" (a count in units of length: matching._may_measure)
            return ("date", "count")
        return ()


def read_english(question: str) -> Want:
    """An English question (already normalised), read with bot/lang/en.json's words."""
    text = question.lower()
    kind = next((k for k, pattern in _KINDS if _asks(pattern, text)), "statement")
    if kind == "statement" and re.search(r"^\W*[Ww]hich\b", question):
        kind = "name"  # "Which Pennsylvania Republican ...?", "Which resident ...?": a name
    sized = kind in ("count", "statement") and bool(_CHANGE_SIZE.search(text))
    kind = "money" if sized else kind  # "how big an increase": "how much" did it move
    role = "new" if _NEW_FIRST.search(text) else "old" if _OLD.search(text) else ""
    role = role or ("new" if _NEW.search(text) else "")
    currency = "USD" if _USD.search(text) else "KRW" if _KRW.search(text) else ""
    moves = bool(_CHANGE_VERB.search(text))
    if not currency and (other := _OTHER_CURRENCY.search(text)):
        word, symbol = other.groups()
        currency = CURRENCY_SUFFIX[word] if word else CURRENCY_PREFIX[symbol]
    measure = next((name for name, pattern in _MEASURES if pattern.search(text)), "")
    if kind == "count" and measure == "size" and currency:
        kind, measure = "money", ""  # "how big is the economy in dollars": an amount
    return Want(
        kind=kind,
        subject=tuple(tokenize(question)),
        numbers=tuple(n.replace(",", "") for n in _NUMBER.findall(question)),
        role=role,
        change=bool(_CHANGE.search(text)) and kind == "share" and not role,
        ending=bool(_ENDING.search(text)) and kind in ("time", "duration"),
        currency=currency,
        # "how much did it climb?", and a chat's "state department budget cut?" (no question
        # word): the size of a change, as a share or an amount
        moved=kind == "money"
        and ("how much" in text or sized or not _ASKING.search(text))
        and moves,
        dates=tuple(n for m in _DATED.finditer(question) for n in m.groups() if n),
        delta=moves or bool(_GIVE_UP.search(text)),
        asked=_asked(text),
        measure=measure,
        total=bool(TOTAL.search(text)),
        direction=_direction(text) if moves or _GIVE_UP.search(text) else "",
        loose=kind == "money"
        and not _MONEY_WORDS.search(text)
        and not _MONEY_VERBS.search(text)
        and not currency
        or kind == "share"
        and not _SHARE_WORDS.search(text),
        source_asked=bool(_SOURCE_ASKED.search(text)),
        author_asked=bool(_AUTHOR_ASKED.search(text)),
        more_asked=bool(_MORE_ASKED.search(text)),
    )


# A question word: a question without one is a chat's fragment ("overall budget?").
_ASKING = re.compile(_pattern("asking"))


def _direction(text: str) -> str:
    """ "up" or "down" for an English question that asks how far something moved one way."""
    if _GAVE_UP.search(text):
        return "down"  # "How many points did it give up?"
    return one_way(text, UP, DOWN)


def one_way(text: str, up: re.Pattern[str], down: re.Pattern[str]) -> str:
    """ "up" or "down" when `text` says one way and not the other, else ""."""
    rises, falls = bool(up.search(text)), bool(down.search(text))
    return "up" if rises and not falls else "down" if falls and not rises else ""


_GAVE_UP = re.compile(r"\b(give|gave|given|giving) up\b")


def _asked(text: str) -> tuple[str, ...]:
    """What an English question counts ("How many athletes ...?") or the units it asks a
    measure in ("... in acres?"), stemmed."""
    if m := ASKED.search(text):
        return tuple(tokenize(next(g for g in m.groups() if g))[-1:])
    if m := IN_UNIT.search(text):
        return tuple(tokenize(m.group("unit"))[-1:])
    return ()


def _asks(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` says what the question asks: a "when" or "where" after another
    question word opens a clause ("How many left when the dam ...?"), not the question."""
    match = pattern.search(text)
    if match is None:
        return False
    if match.group(0).strip() in ("when", "where"):
        return not _EARLIER_ASK.search(text[: match.start()])
    return True


def read_korean(question: str) -> Want:
    """A question with Hangul in it; English cues still count in mixed-script questions."""
    english = read_english(re.sub(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+", " ", question))
    # A rewritten follow-up ("... — 그럼 언제?") asks what its last part asks.
    last = question.split(f" {korean.FOLLOW_UP_MARK} ")[-1]
    kind = korean.korean_kind(last) or korean.korean_kind(question) or english.kind
    measure = korean.korean_measure(last) or english.measure
    if measure and kind == "money" and not korean.asks_money(question):
        kind = "count"  # "높이는 얼마인가요?": how high, a count in units of length
    amounts = korean.korean_amounts(question)
    rest = question
    for written, _ in amounts:
        rest = rest.replace(written, " ")
    rest = korean.without_relative_numbers(rest)
    # "527억 원" is "52.7 billion won" in the articles: compare the numbers they write.
    stated = [format_money(value, "KRW") for _, value in amounts if value is not None]
    found = _NUMBER.findall(rest) + [n for text in stated for n in _NUMBER.findall(text)]
    dates = korean.dating_numbers(rest)
    found = [f"{n}월" if f"{n}월" in dates else n for n in found]  # "3월" is March, not a 3
    role = korean.korean_role(last) or korean.korean_role(question) or english.role
    currency = korean.korean_currency(question) or english.currency
    counted = korean.counted(last) if kind == "count" else ""
    counted = korean.RANK_WORDS if kind == "rank" else counted
    return Want(
        kind=kind,
        subject=tuple(tokenize(f"{question} {korean.english_subject(question)} {counted}")),
        numbers=tuple(n.replace(",", "") for n in found),
        role=role,
        change=(korean.korean_change(question) or english.change) and kind == "share" and not role,
        delta=korean.korean_change(question) or english.delta,
        currency=currency,
        # "몇 년간 ... 뒤 종료됐나요?" asks how long, not when it ended.
        ending=(korean.korean_ending(question) or english.ending) and kind == "time",
        korean=True,
        unreadable=tuple(written for written, value in amounts if value is None),
        dates=tuple(dates),
        asked=tuple(tokenize(counted)),  # "몇 대" counts vehicles: a figure of them fits best
        loose=kind == "money" and not korean.asks_money(question) and not currency,
        not_people=kind == "count" and korean.counts_other_than_people(last),
        total=korean.asks_total(last) or english.total,
        direction=one_way(last, korean.UP, korean.DOWN) or english.direction,
        # "국무부 예산 삭감 폭은?": a change's size, as a share or an amount
        moved=kind == "money" and not currency and korean.asks_moved(last),
        measure=measure,
        source_asked=korean.asks_source(last),
        author_asked=korean.asks_author(last),
        more_asked=korean.asks_more(last),
    )
