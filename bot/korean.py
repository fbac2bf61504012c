"""Korean questions: what they ask for, won amounts written the Korean way, and reply words."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from bot.derive import Conversion, Derivation, Stated
from bot.lang_data import lang_data
from index.figures import extract_figures
from index.lexical import tokenize

_WORDS = lang_data("ko")
# Hangul syllables, jamo and compatibility jamo: any of them makes a question Korean.
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Checked in order; the first kind whose pattern matches wins.
_KINDS = tuple((kind, re.compile(pattern)) for kind, pattern in _WORDS["kinds"])
# Words that ask for money itself; 얼마 alone asks for any amount ("눈이 얼마나 올까": a depth).
_MONEY_WORDS = re.compile(
    "|".join(
        word
        for kind, pattern in _WORDS["kinds"]
        if kind == "money"
        for word in pattern.split("|")
        if word != "얼마"
    )
)
_OLD = re.compile(_WORDS["old"])
_SOURCE = re.compile(_WORDS["source_asked"])
_AUTHOR = re.compile(_WORDS["author_asked"])
_MORE = re.compile(_WORDS["more_asked"])
_NEW = re.compile(_WORDS["new"])
_CHANGE = re.compile(_WORDS["change"])
_MOVED = re.compile(_WORDS["moved"])
_ENDING = re.compile(_WORDS["ending"])
# What an English sentence says when it tells when something ends, for a Korean question that
# asks it (마무리, 완료): an ending word ("ends", "completed", "the closure") or a deadline
# ("before July 2017", "by March"). Narrower than English questions' cue, which also takes
# "through" and "endeavor": a Korean question's answer is looked for among such sentences.
ENDING_CUE = re.compile(_WORDS["ending_cue"], re.IGNORECASE)
_USD = re.compile(_WORDS["usd"], re.I)
_KRW = re.compile(_WORDS["krw"])
# Particles written onto a word ("예산은" -> "예산"), longest first, and words that only frame.
_PARTICLES = tuple(sorted(_WORDS["particles"], key=len, reverse=True))
# A counter after 몇 says what is counted ("몇 개국" -> countries), in the English the articles
# use; checked in order, so longer counters come first.
_COUNTERS = tuple((re.compile(rf"몇\s*(?:{c})"), english) for c, english in _WORDS["counters"])
# "1년 전보다", "1년 사이": "a year", which English writes without the number; "2위", "4번째":
# a place, which English writes in words ("second", "fourth").
_RELATIVE_NUMBER = re.compile(_WORDS["relative_number"])
_LEADING_DIGITS = re.compile(r"^\d+")
# A year, month or day: "2017년", "3월", "27일" (after a month).
_DATED = re.compile(
    r"(?<![\d.,])((?:19|20)\d{2})(?=\s*년)|(?<![\d.,])(\d{1,2})(?=\s*월)"
    r"|(?<=월)\s*(\d{1,2})(?=\s*일)"
)
_FUNCTION_WORDS = frozenset(_WORDS["function_words"])
# A Korean word that qualifies the figure asked for, read only beside 몇 or 얼마 ("몇 퍼센트
# 넘게", "최대 몇 퍼센트"; 최대 alone is "largest", 이상 alone "abnormal"), and what English
# writes right before such a figure ("in excess of 10%", "as much as 0.9 percent").
_QUALIFIERS = tuple(
    (re.compile(korean), re.compile(english, re.IGNORECASE))
    for korean, english in _WORDS["qualifiers"]
)
# The English words that state a rank ("ranked 17th", "finished second", "top 10"): a rank
# question's subject in the English sentence, whatever Korean word asks it (몇 위, 순위, 몇 등).
RANK_WORDS = _WORDS["rank_words"]
# Question phrases and the English word news writes beside the answer: "언제부터" asks "since
# when", and "since late 2015" is the answer where "in November 2015" is only a date.
_PHRASE_WORDS = tuple((re.compile(phrase), english) for phrase, english in _WORDS["phrase_words"])
# Korean words of the first corpus's domain and the English words its article uses for them:
# they let the figure matcher find the subject in an English sentence. Names and loanwords are
# no longer listed: bot/crosslingual.transliterated finds them in the sentences (오로빌 ->
# Oroville). Issue 15 replaces the rest.
GLOSSARY = {
    "한국": "Korea", "반도체": "semiconductor", "이차전지": "battery", "바이오": "biotech",
    "제약": "pharmaceutical", "산업단지": "industrial zones", "특화단지": "specialized zones",
    "해외": "overseas", "공동": "joint", "연구": "research", "벤처": "venture",
    "외부": "external", "자산": "assets", "지주회사": "holding companies", "세제": "tax",
    "기술": "technologies", "양자": "quantum", "원자력": "nuclear", "우주": "space",
    "대기업": "corporations", "타당성": "feasibility", "항체": "antibody",
    "인공지능": "intelligence", "전략": "strategic", "의료": "medical", "첨단": "advanced",
    "신청": "applications", "비율": "ratio", "비중": "ratio", "한도": "limit", "상한": "limit",
}  # fmt: skip
_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
# A number written with Korean units: "527억", "3조 5천억", "1.2조", "123만 4567".
_AMOUNT = re.compile(r"\d[\d.,]*(?:\s?[천백십조억만]+(?:\s?\d[\d.,]*)?)+(?:\s?원)?|\d[\d.,]*\s?원")
_PART = re.compile(r"(\d[\d.,]*)?\s?([천백십조억만]|원)?")
# A year or decade as the articles write it: "2024", "2020s".
_YEAR = re.compile(r"^(\d{3,4})(s?)$")


def normalise(text: str) -> str:
    """Full-width digits and punctuation made plain: "１．８조" -> "1.8조"."""
    return unicodedata.normalize("NFKC", text)


def is_korean(text: str) -> bool:
    """Whether `text` has any Hangul in it (syllables or stray jamo)."""
    return bool(_HANGUL.search(text))


def strip_particle(word: str) -> str:
    """A Latin-script word without the Korean particle written onto it: "NATO가" -> "NATO"."""
    return _HANGUL.split(word, maxsplit=1)[0]


def korean_kind(text: str) -> str | None:
    """The kind of figure a Korean question asks for: "예산은 얼마입니까?" -> "money"."""
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), None)


_WHO = re.compile(_WORDS["who"])


def asks_who(text: str) -> bool:
    """Whether a Korean question asks for a person: "장관은 누구인가요?"."""
    return bool(_WHO.search(text.split(f" {FOLLOW_UP_MARK} ")[-1]))


def korean_role(text: str) -> str:
    """ "old" for 이전/전에, "new" for 지금/이제/새, else ""."""
    return "old" if _OLD.search(text) else "new" if _NEW.search(text) else ""


def korean_currency(text: str) -> str:
    """ "USD" for 달러, "KRW" for 원 as a currency (not the 원 inside 지원 or 연구원), and any
    other currency the language data names, asked in ("유로로는", "파운드로", "엔화로") or counted
    ("몇 유로"): "EUR", "GBP", "JPY"."""
    if _USD.search(text):
        return "USD"
    if _KRW.search(text):
        return "KRW"
    other = _OTHER_CURRENCY.search(text)
    return _CURRENCY_CODES[other.group("name") or other.group("counted")] if other else ""


# Every currency's Korean names (ko.json's currency_names and currency_units, "유로", "엔화",
# "엔"), longest first; one stands for its currency when no Hangul runs into it ("유엔으로" is
# the UN) and "(으)로" follows (in it) or "몇" comes before (how many of it).
_CURRENCY_CODES = {
    name: code
    for names in (_WORDS["currency_units"], _WORDS["currency_names"])
    for code, name in names.items()
    if code not in ("USD", "KRW")
}
_NAMES = "|".join(re.escape(n) for n in sorted(_CURRENCY_CODES, key=len, reverse=True))
_OTHER_CURRENCY = re.compile(
    rf"(?<![가-힣])(?P<name>{_NAMES})(?=\s*(?:으로|로))|몇\s*(?P<counted>{_NAMES})"
)


_MEASURES = tuple((name, re.compile(pattern)) for name, pattern in _WORDS["measures"])


def korean_measure(text: str) -> str:
    """The measure a Korean question asks: "정상의 높이는 얼마인가요?" -> "length"."""
    return next((name for name, pattern in _MEASURES if pattern.search(text)), "")


_TOTAL = re.compile(_WORDS["total"])
# Which way a change a Korean question asks about goes: "늘어나요" (up), "줄었나요" (down).
UP, DOWN = re.compile(_WORDS["up"]), re.compile(_WORDS["down"])


def asks_author(text: str) -> bool:
    """Whether a Korean question asks who wrote the article: "이 글 쓴 사람은 누구예요?"."""
    return bool(_AUTHOR.search(text))


def asks_source(text: str) -> bool:
    """Whether a Korean question asks whom the last answer comes from: "누가 그랬어요?"."""
    return bool(_SOURCE.search(text))


def asks_more(text: str) -> bool:
    """Whether a Korean question asks for more of the story just quoted: "더 알려줘"."""
    return bool(_MORE.search(text))


def asks_total(text: str) -> bool:
    """Whether a Korean question asks for a whole: "전체 의석수는", "모두 몇 곳"."""
    return bool(_TOTAL.search(text))


def asks_money(text: str) -> bool:
    """Whether a Korean question names money ("예산은 얼마", "달러로"), not only 얼마."""
    return bool(_MONEY_WORDS.search(text))


def korean_change(text: str) -> bool:
    """Whether a Korean question asks how a figure changes."""
    return bool(_CHANGE.search(text))


def asks_moved(text: str) -> bool:
    """Whether a Korean question asks the size of a change ("국무부 예산 삭감 폭은?"), which a
    share answers as well as an amount."""
    return bool(_MOVED.search(text))


def korean_ending(text: str) -> bool:
    """Whether a Korean question asks when something ends."""
    return bool(_ENDING.search(text))


def content_words(text: str) -> list[str]:
    """The Hangul words that name something, particles dropped: "항구 예산은 얼마?" ->
    ["항구", "예산"]."""
    found = (_content_word(word) for word in _HANGUL_WORD.findall(text))
    return list(dict.fromkeys(word for word in found if word))


_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


@lru_cache(maxsize=8192)
def _content_word(word: str) -> str:
    """A Hangul word without its particle, "" when it names nothing: "예산은" -> "예산";
    remembered, as the same words come back in every question."""
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            word = word[: -len(particle)]
            break
    if len(word) > 1 and word not in _FUNCTION_WORDS and not korean_kind_word(word):
        return word
    return ""


# Roles by their Korean ending, longest first: "외무장관" ends in 장관 (minister).
_ROLES: list[tuple[str, list[str]]] = sorted(_WORDS["roles"].items(), key=lambda i: -len(i[0]))
# Every role's English words, stemmed as BM25 stems them: a title, never part of a name.
TITLES = frozenset(tokenize(" ".join(p for _, phrases in _ROLES for p in phrases)))


def role_words(text: str) -> tuple[str, ...]:
    """The English phrases for the roles a Korean question names: "IOM 대변인의 이름은?" ->
    ("spokesman", "spokeswoman", "spokesperson"); "주총리는?" -> ("chief minister",)."""
    found: list[str] = []
    for word in content_words(text):
        found += next((phrases for k, phrases in _ROLES if word.endswith(k)), [])
    return tuple(dict.fromkeys(found))


def korean_kind_word(word: str) -> bool:
    """Whether `word` only says what is asked ("얼마입니까", "몇"), naming nothing."""
    return any(word.startswith(w) for w in _FUNCTION_WORDS if len(w) > 1) or word == "몇"


def counted(text: str) -> str:
    """English words for what a 몇 question counts: "몇 개국에 있나요?" -> "countries nations"."""
    return next((english for pattern, english in _COUNTERS if pattern.search(text)), "")


# The English nouns of people (ko.json's words counted with 명): "residents", "visitors".
PEOPLE = frozenset(_WORDS["unit_words"]["명"].split())


def counts_other_than_people(text: str) -> bool:
    """Whether a 몇 question counts with a counter that never counts people: "컵은 몇 개" (개,
    things), "몇 곳", "몇 대"; not "몇 명", nor a bare "몇"."""
    counter = _counter(text)
    return counter is not None and not {"명", "사람", "살", "세"} & set(counter.split("|"))


def _counter(text: str) -> str | None:
    """The counter a 몇 question counts with, as ko.json's counters list it ("명|사람")."""
    return next((c for (pattern, _), (c, _) in zip(_COUNTERS, _WORDS["counters"], strict=True)
                 if pattern.search(text)), None)  # fmt: skip


def counted_nouns(text: str) -> str:
    """The English nouns a 몇 question's counter counts with (ko.json unit_words), beyond the
    words `counted` gives: "몇 명이 구조됐나요?" -> "people persons ... refugees ..."."""
    counter = _counter(text)
    if counter is None:
        return ""
    return " ".join(_WORDS["unit_words"].get(word, "") for word in counter.split("|")).strip()


def asked_qualifier(text: str) -> re.Pattern[str] | None:
    """What English writes before a figure the question qualifies: "몇 퍼센트 넘게 올랐나요?"
    -> a pattern for "more than", "over", "in excess of"; None when it qualifies none."""
    return next((english for korean, english in _QUALIFIERS if korean.search(text)), None)


def without_relative_numbers(text: str) -> str:
    """`text` without numbers English leaves unwritten: "1년 전보다 늘었나" -> "년 전보다 늘었나",
    "2위 팀과" -> "위 팀과" (English writes a place in words: "second", "runner-up")."""
    return _RELATIVE_NUMBER.sub(lambda m: _LEADING_DIGITS.sub("", m.group(0), count=1), text)


def dating_numbers(text: str) -> list[str]:
    """The numbers that date a question, a month's as the month: "2017년 3월 27일에" ->
    ["2017", "3월", "27"] (an English text names the month: `bot.matching.numbers`)."""
    return [
        f"{n}월" if i == 1 else n
        for groups in _DATED.findall(text)
        for i, n in enumerate(groups)
        if n
    ]


def english_subject(text: str) -> str:
    """English words for the glossed Korean words and question phrases in `text`:
    "협상은 언제부터 이어졌나요?" -> "since"."""
    glossed = [english for korean, english in GLOSSARY.items() if korean in text]
    return " ".join([*glossed, *(english for p, english in _PHRASE_WORDS if p.search(text))])


def korean_amounts(text: str) -> list[tuple[str, float | None]]:
    """Numbers written with Korean units, as found and as values: "527억 원" -> 5.27e10;
    a value is None when the amount cannot be read ("1.2.3억")."""
    found = []
    for match in _AMOUNT.finditer(normalise(text)):
        written = match.group(0).strip()
        if any(unit in written for unit in (*_UNITS, *_SMALL, "원")):
            found.append((written, parse_korean_number(written)))
    return found


def parse_korean_number(text: str) -> float | None:
    """ "3조 5천억 원" -> 3.5e12, "1.2조" -> 1.2e12, "123만 4567" -> 1234567; None if unreadable."""
    total = group = 0.0
    pending: float | None = None
    for digits, unit in _PART.findall(normalise(text).replace(" ", "")):
        if digits:
            if pending is not None:
                return None  # two numbers in a row
            try:
                pending = float(digits.replace(",", ""))
            except ValueError:
                return None
        if unit in _SMALL:
            group += (1.0 if pending is None else pending) * _SMALL[unit]
            pending = None
        elif unit in _UNITS:
            group += pending or 0.0
            if not group:
                return None
            total += group * _UNITS[unit]
            group, pending = 0.0, None
    return total + group + (pending or 0.0)


def format_korean_won(value: float) -> str | None:
    """A won amount written the Korean way: 5.27e10 -> "527억 원", 3.5e12 -> "3조 5천억 원";
    None for amounts that are not a positive whole number of won."""
    number = korean_number(value)
    return None if number is None else f"{number} 원"


def korean_number(value: float) -> str | None:
    """A positive whole number in Korean units: 3.5e9 -> "35억", 1.5e8 -> "1억 5천만",
    1.05e7 -> "1,050만", 600 -> "600"; None for anything else (0.5, -3)."""
    amount = round(value)
    if amount <= 0 or abs(amount - value) > 1e-6 * value:
        return None
    parts = []
    for unit, size in (*_UNITS.items(), ("", 1)):
        group, amount = divmod(amount, size)
        if group:
            parts.append(_group(group) + unit)
    return " ".join(parts)


def _group(n: int) -> str:
    """One four-digit group: 2000 -> "2천", 864 -> "864", 1050 -> "1,050"."""
    return f"{n // 1000}천" if n % 1000 == 0 else f"{n:,}"


# How Korean writes a unit after a number: currencies (35억 달러) and counters or measures,
# keyed by the English unit noun the articles use (200,000 people -> 20만 명).
_CURRENCY_UNITS = _WORDS["currency_units"]
_UNIT_WORDS = {
    english.lower(): korean for korean, nouns in _WORDS["unit_words"].items()
    for english in nouns.split()
}  # fmt: skip


_SCALES = _WORDS["temperature_scales"]


def korean_form(value: float | None, unit: str, kind: str) -> str | None:
    """A figure written the Korean way, for a reply beside the article's own words:
    (3.5e9, "USD", "money") -> "35억 달러", (2e5, "people", "count") -> "20만 명",
    (45, "%", "percent") -> "45%", (17, "place", "rank") -> "17위"; None when Korean has no
    form of its own for it."""
    if value is None or value <= 0:
        return None
    if kind == "count" and unit == "years old":
        return f"{_plain(value)}세"
    if kind == "percent":
        sign = {"%": "%", "pp": "%p"}.get(unit)
        return f"{_plain(value)}{sign}" if sign else None
    if kind == "rank":  # "17th" -> "17위", "top 10" -> "10위권"
        return f"{_plain(value)}위{'권' if unit == 'top' else ''}"
    degrees, _, scale = unit.lower().partition(" ")
    if degrees == "degrees" and scale in _SCALES:  # "1.5 degrees Celsius" -> "섭씨 1.5도"
        return f"{_SCALES[scale]} {_plain(value)}도"
    if kind == "money":
        word = _CURRENCY_UNITS.get(unit)
        number = korean_number(value) or _plain(value)
    elif kind in ("count", "duration"):
        word = _UNIT_WORDS.get(unit.lower())
        number = (korean_number(value) if value >= 10**4 else _plain(value)) or ""
    else:
        return None
    if not number or word is None and (kind == "money" or value < 10**4):
        return None
    # Korean spaces a word after 만/억/조 ("20만 명") and writes it onto digits ("600명").
    return number if word is None else f"{number}{' ' if number[-1] in '천조억만' else ''}{word}"


def _plain(value: float) -> str:
    """A number as digits, without trailing zeros: 45.0 -> "45", 2.50 -> "2.5"."""
    return f"{value:,.6f}".rstrip("0").rstrip(".")


_RANGE = re.compile(r"\d\s?%?\s?(?:[-–]|to|and)\s?[$€£¥₩]?\d")


def with_korean_form(text: str, value: float | None, unit: str, kind: str) -> str:
    """`text` with the figure's Korean form after it: "3.5 billion dollars (35억 달러)",
    "over the next five years (5년)", "from 40 percent to 50 percent (40% → 50%)"; `text`
    alone when there is none, or when the form would state a number `text` writes neither in
    digits nor in words the guard reads ("a dozen people"), except a rank's: "ranked first
    (1위)", which the guard checks against the rank the quote states."""
    change = _change_form(text, kind)
    if change is not None:
        return f"{text} ({change})"
    score = _SCORE.fullmatch(text.strip()) if kind == "score" else None
    if score:  # "51-50" -> "51 대 50", as Korean reads a score or a vote
        return f"{text} ({score.group(1)} 대 {score.group(2)})"
    form = korean_form(value, unit, kind)
    if form is None or form == text or _RANGE.search(text) or _WORD_RANGE.search(text):
        return text  # a range ("1.5-2%", "five to seven days") is not its low end alone
    written = {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text)}
    small = value is not None and value < 10**4 and _plain(value).replace(",", "") not in written
    in_words = any(value == said for said, _ in word_numbers(text))
    if small and kind != "rank" and not in_words:
        return text
    return f"{text} ({form})"


_SCORE = re.compile(r"(\d+)\s?[-–]\s?(\d+)")
# A change as the articles write it: "from 40 percent to 50 percent", "from $3 billion to $4
# billion".
_FROM_TO = re.compile(r"\bfrom\b.+\bto\b", re.IGNORECASE)


def _change_form(text: str, kind: str) -> str | None:
    """Both ends of a change, the Korean way: "from 20 percent of total assets to 30 percent"
    -> "20% → 30%"; None when `text` states no change of two figures of one kind."""
    if not _FROM_TO.search(text) or _RANGE.search(text):
        return None  # "from $3-4 billion to ...": a range's form would be its low end
    ends = [f for f in extract_figures(text) if f.kind == kind]
    if len(ends) != 2:
        return None
    forms = [korean_form(f.value, f.unit, f.kind) for f in ends]
    if None in forms or forms[0] == forms[1]:
        return None
    return f"{forms[0]} → {forms[1]}"


# English numbers written in words, read whole ("twenty-five", not its "five"): the guard
# reads them in a quote to check a Korean form in digits ("five years" -> 5년).
_ONES = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_NUMBER = re.compile(
    rf"(?<![\w-])(?:(?P<tens>{'|'.join(_TENS)})(?:[\s-](?P<one>{'|'.join(_ONES[:9])}))?"
    rf"|(?P<ones>{'|'.join(sorted(_ONES, key=len, reverse=True))}))"
    r"(?:[\s-](?P<hundred>hundred))?(?![\w])"
    r"(?=(?P<after>(?:[\s-]+[A-Za-z]+){0,2}))",  # looked at, not taken: "sixty and six"
    re.IGNORECASE,
)


# A range in words: "five to seven days", "two or three weeks" ("twenty-five" is one number).
_WORD_RANGE = re.compile(
    rf"\b(?:{'|'.join(_ONES + _TENS)})\s+(?:to|or|and)\s+(?:{'|'.join(_ONES + _TENS)})\b",
    re.IGNORECASE,
)


def word_numbers(text: str) -> list[tuple[float, tuple[str, ...]]]:
    """Each number `text` writes in words, with the (up to two) words after it:
    "over the next twenty-five years" -> [(25.0, ("years",))]; "one hundred people" ->
    [(100.0, ("people",))]."""
    found = []
    for match in _WORD_NUMBER.finditer(text):
        words = [w.lower() for w in match.group("tens", "one", "ones") if w]
        value = sum(20 + 10 * _TENS.index(w) if w in _TENS else _ONES.index(w) + 1 for w in words)
        if match.group("hundred"):
            value *= 100
        after = tuple(w.lower() for w in re.findall(r"[A-Za-z]+", match.group("after")))
        found.append((float(value), after))
    return found


def unit_word(noun: str) -> str | None:
    """The Korean counter or unit for an English unit noun, singular or plural: "years" ->
    "년", "year" -> "년", "people" -> "명"; None when Korean has none listed."""
    noun = noun.lower()
    return _UNIT_WORDS.get(noun) or _UNIT_WORDS.get(noun + "s")


def counted_in_words(quote: str) -> set[tuple[float, str]]:
    """The counts and durations a quote writes in words, as (value, Korean counter): "over
    the next five years" -> {(5.0, "년")}."""
    found = set()
    for value, after in word_numbers(quote):
        found |= {(value, word) for word in map(unit_word, after) if word}
    return found


def counter_words() -> list[str]:
    """Every Korean counter or unit a reply writes after digits, longest first."""
    return sorted(set(_UNIT_WORDS.values()), key=len, reverse=True)


def derivation_working(derivation: Derivation) -> str:
    """How a derived figure was computed, said in Korean from the figures it is computed from:
    52.7 billion won at USD 2.6 billion for 3.5 trillion won -> "527억 원 × 26억 달러 / 3조
    5천억 원 = 3,915만 달러, ..."; a relative year -> "기사 날짜가 2017년 3월 10일이므로
    'next year'는 2018년을 가리킵니다"."""
    if isinstance(derivation, Conversion):
        amount, target, source = map(_money_form, derivation.inputs)
        # The result as the reply shows it (to display precision), not its exact value.
        shown = next((f.value for f in extract_figures(derivation.text) if f.kind == "money"), 0)
        result = _money_form(Stated(derivation.text, shown or 0.0, derivation.unit))
        return _WORKING["conversion"].format(
            amount=amount, target=target, source=source, result=result
        )
    date = dt.date.fromisoformat(derivation.published)
    return _WORKING["resolution"].format(
        date=f"{date.year}년 {date.month}월 {date.day}일", phrase=derivation.phrase,
        year=derivation.text,
    )  # fmt: skip


def _money_form(stated: Stated) -> str:
    """An amount in Korean units, or as the article writes it when it has no Korean form."""
    return korean_form(stated.value, stated.unit, "money") or stated.text


def figure_line(lead: str, unit: str, value: float | None, kind: str) -> str:
    """The reply to a Korean question: the figure as the article writes it, a year the Korean
    way and the figure also in Korean units: ("2024", "year", "date") -> "기사에 따르면
    2024년입니다 [1].", ("52.7 billion won in 2024", "KRW", "money") -> "... 52.7 billion won in
    2024 (527억 원)입니다 [1]."."""
    if unit in ("year", "decade"):
        lead = _YEAR.sub(lambda m: m.group(1) + ("년대" if m.group(2) else "년"), lead)
        return f"기사에 따르면 {lead}입니다 [1]."
    return f"기사에 따르면 {with_korean_form(lead, value, unit, kind)}입니다 [1]."


def money_with_form(text: str, unit: str) -> str:
    """An amount as the reply shows it, with its Korean form: "USD 64.8 million" ->
    "USD 64.8 million (6480만 달러)"."""
    value = next((f.value for f in extract_figures(text) if f.kind == "money"), None)
    return with_korean_form(text, value, unit, "money")


def in_currency(unit: str) -> str:
    """ "In <currency>", as a Korean reply says it: "USD" -> "달러로는", "AED" -> "UAE
    디르함으로는"."""
    name = CURRENCY_NAMES.get(unit, unit)
    last = ord(name[-1]) - 0xAC00
    # 으로 after a final consonant other than ㄹ; 로 after a vowel, ㄹ or a Latin letter.
    return name + ("으로는" if 0 <= last < 11172 and last % 28 not in (0, 8) else "로는")


# A follow-up leans on the turn before: a pronoun ("그것", "거기", "그 사업"), or hardly any
# words of its own ("달러로는?", "이전에는?"). A lead-in ("그럼") is read past.
_REFERS = re.compile(_WORDS["refers"])
_CONJUNCTION = re.compile(_WORDS["conjunction"])
# Korean puts the topic first ("항구 예산은 얼마예요?"); a short question that opens with what
# it asks ("달러로 치면요?", "몇 년에 걸쳐서요?", "어떤 분야예요?") has no topic of its own.
_ASKS_FIRST = re.compile(_WORDS["asks_first"])
# "해외 투자 비중은요?", "조성은 언제고요?": "and what about ...?", the question before's frame
# with a topic of its own.
_WHAT_ABOUT = re.compile(_WORDS["what_about"])
_SHORT = 3  # words
_ROLE_TAIL = re.compile(_WORDS["role_tail"])
FOLLOW_UP_MARK = "—"


def needs_context(text: str) -> bool:
    """ "그럼 달러로는?", "이전에는?", "그건 언제인가요?": a question that cannot stand alone."""
    rest = _CONJUNCTION.sub("", text, count=1)
    led_in = rest != text and (_topicless(rest) or _what_about(rest))
    return led_in or bool(_REFERS.search(rest)) or len(_words(rest)) <= 1


def is_korean_follow_up(text: str) -> bool:
    """A question that needs the one before, or leans on it when there is one: no topic of its
    own ("달러로 치면요?", "어떤 분야 단지예요?") or "what about" ("해외 투자 비중은요?").
    "그러면 제약사들은 뭘 받아요?" names its own topic and stands alone."""
    rest = _CONJUNCTION.sub("", text, count=1)
    return _topicless(rest) or _what_about(rest)


def _topicless(text: str) -> bool:
    """ "언제요?", "그 사업은 언제 끝나요?", "몇 년에 걸쳐서요?": nothing new named."""
    asks_first = len(_words(text)) <= _SHORT and bool(_ASKS_FIRST.match(text))
    return asks_first or bool(_REFERS.search(text)) or len(_words(text)) <= 1


def _what_about(text: str) -> bool:
    return len(_words(text)) <= _SHORT and bool(_WHAT_ABOUT.search(text))


# The question a "what about" follow-up repeats, by the kind of figure asked for.
_ASKS = _WORDS["asks"]
_QUESTION_WORD = re.compile(_WORDS["question_word"])
_TAILS = _WORDS["tails"]


def ask_about(text: str, kind: str, change: bool = False, tail: str = "") -> str | None:
    """A "what about" follow-up as the question before asked of its topic: "해외 투자 비율은요?"
    after "한도는 어떻게 바뀌어요?" -> "해외 투자 비율은 어떻게 바뀌나요?"; `tail` is the role
    ("old", "new") or currency ("USD", "KRW") it was asked in. None when `text` asks something
    of its own ("조성은 언제고요?") or the question before wants no figure."""
    text = _CONJUNCTION.sub("", text, count=1)
    if (
        not _what_about(text)
        or _QUESTION_WORD.search(text)
        or not re.search(r"[은는]요?\W*$", text)
    ):
        return None
    topic = re.sub(r"요?[\s?]*$", "", text)
    kind = korean_kind(topic) or kind
    ask = "어떻게 바뀌나요" if change and kind == "share" else _ASKS.get(kind)
    return f"{topic} {ask}{_TAILS.get(tail, '')}?" if ask else None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w%$]+", text)


def strip_follow_up(standalone: str) -> str:
    """A rewritten question ready for another follow-up: without its lead-in, its role or
    currency tail and its follow-ups that name nothing new ("A — 언제요?" -> "A"); a "what
    about" stays ("A — B는요")."""
    parts = [
        _ROLE_TAIL.sub("", p).rstrip("?").strip() for p in standalone.split(f" {FOLLOW_UP_MARK} ")
    ]
    while len(parts) > 1 and _topicless(_CONJUNCTION.sub("", parts[-1], count=1)):
        parts.pop()
    parts[0] = _CONJUNCTION.sub("", parts[0], count=1)
    return f" {FOLLOW_UP_MARK} ".join(parts)


_WORKING = _WORDS["working"]
ABSTAIN = _WORDS["messages"]["abstain"]
CLOSEST = _WORDS["messages"]["closest"]
CURRENCY_NAMES = _WORDS["currency_names"]
NEEDS_CONTEXT = _WORDS["messages"]["needs_context"]


def needs_context_hint(example: str | None) -> str:
    """The reply to a follow-up with nothing to follow, with an example question when known."""
    if example is None:
        return NEEDS_CONTEXT
    return f"{NEEDS_CONTEXT} " + _WORDS["messages"]["needs_context_example"].format(example=example)
