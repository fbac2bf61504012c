"""Match a question to the figure that answers it: kind, closeness to the subject, cues."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.korean import PEOPLE, TITLES
from bot.question import COUNTED_ALIKE, DOWN, TOTAL, UP, Want, one_way
from index.figures import MONTH_NAMES, Figure
from index.lexical import tokenize
from index.retrieval import SentenceHit

# A figure may come from a sentence scoring at most this far below the best sentence.
SENTENCE_MARGIN = 0.12
FigureIndex = dict[tuple[str, int], list[Figure]]


def index_figures(figures: list[Figure]) -> FigureIndex:
    """Figures by (chunk id, sentence number)."""
    found: FigureIndex = defaultdict(list)
    for figure in figures:
        found[(figure.chunk_id, figure.sentence)].append(figure)
    return found


def fit(sentence: SentenceHit, want: Want) -> float:
    """Sentence score adjusted by whether it holds the question's numbers."""
    score = sentence.score
    for number in want.numbers:
        weight = DATING if number in want.dates else 0.1
        score += weight if number in numbers(sentence.text) else -weight
    return score


# A number that dates the question ("in 2016", "on March 27") counts for less: the article's
# date often stands for it.
DATING = 0.05


def relative_years(sentence: SentenceHit, figures: FigureIndex) -> set[str]:
    """Years a sentence states relative to its article's date: "last year" in a 2017 article
    -> {"2016"}."""
    return {
        f"{f.value:.0f}"
        for f in figures[(sentence.chunk.id, sentence.number)]
        if f.role == "relative" and f.value is not None
    }


def dated(
    want: Want, sentences: list[SentenceHit], figures: FigureIndex, drop: bool = True
) -> tuple[Want, list[SentenceHit]]:
    """Sentences with each dating year counted as `matching.fit` counts a stated number (plus
    DATING if stated, minus if not), a relative statement included; with `drop`, `want`
    without the years the best sentence states only relatively, so that they are not taken as
    missing from it (an English question keeps them: `drop` False)."""
    asked = [n for n in want.dates if n in want.numbers]
    if not asked or not sentences:
        return want, sentences
    years = {id(s): relative_years(s, figures) for s in sentences}

    def adjusted(sentence: SentenceHit, dropped: set[str]) -> SentenceHit:
        literal, relative = numbers(sentence.text), years[id(sentence)]
        change = 0.0
        for n in asked:
            said = DATING if n in literal or n in relative else -DATING
            counted = 0.0 if n in dropped else DATING if n in literal else -DATING
            change += said - counted  # what fit will not count itself
        return replace(sentence, score=sentence.score + change) if change else sentence

    rescored = [adjusted(s, set()) for s in sentences]
    if not drop:
        return want, rescored
    best = max(range(len(rescored)), key=lambda i: fit(rescored[i], want))
    top = sentences[best]
    dropped = {n for n in asked if n not in numbers(top.text) and n in years[id(top)]}
    if not dropped:
        return want, rescored
    want = replace(
        want,
        numbers=tuple(n for n in want.numbers if n not in dropped),
        dates=tuple(n for n in want.dates if n not in dropped),
    )
    return want, [adjusted(s, dropped) for s in sentences]


@dataclass(frozen=True)
class Pick:
    """The figure chosen to answer, with how it was weighed against the others."""

    figure: Figure
    sentence: SentenceHit
    score: float  # its SIGNALS weighed by WEIGHTS
    lead: float  # how far it scores above the next candidate (LONE_LEAD when it had none)
    weighed: int  # how many candidates were weighed
    signals: tuple[float, ...]
    fallback: bool  # of a fallback kind: none of the kinds asked first was found


# The lead of a figure that had no rival.
LONE_LEAD = 1.0


def pick_figure(
    ranked: list[SentenceHit],
    want: Want,
    figures: FigureIndex,
    matcher: bool = True,
    margin: float = SENTENCE_MARGIN,
) -> tuple[Figure, SentenceHit] | None:
    """The figure of a wanted kind in the best sentences (or the best one's neighbours) that
    sits closest to the question's subject, with the sentence that states it. `margin` is on
    the scale of the model's cosines."""
    pick = choose_figure(ranked, want, figures, matcher, margin)
    return None if pick is None else (pick.figure, pick.sentence)


def choose_figure(
    ranked: list[SentenceHit],
    want: Want,
    figures: FigureIndex,
    matcher: bool = True,
    margin: float = SENTENCE_MARGIN,
) -> Pick | None:
    """`pick_figure`, with how the figure was weighed."""
    found = _near_figure(ranked, want, figures, matcher, margin)
    if found is None and want.kind == "time":  # "What time was the silence on the bridge?"
        found = _only_date(ranked, want, figures, matcher)
    return found


def _near_figure(
    ranked: list[SentenceHit],
    want: Want,
    figures: FigureIndex,
    matcher: bool,
    margin: float,
) -> Pick | None:
    """The best figure of the kinds asked, else of the fallback kinds, in the sentences within
    `margin` of the best (or the best one's neighbours); else the last answer's figure."""
    found = _best_figure(ranked, want, figures, matcher, margin, want.figure_kinds)
    if found is None and want.fallback_kinds:
        found = _best_figure(ranked, want, figures, matcher, margin, want.fallback_kinds)
    if found is None and want.answered:  # nothing else: the last answer's figure it is
        return _near_figure(ranked, replace(want, answered=()), figures, matcher, margin)
    return found


# A "when" question no sentence near the best one dates is answered by the only date or clock
# time of the kinds asked that the best sentence's article gives among the sentences found,
# if that sentence scores at most this far below the best ("Just before the clock struck 14:40
# BST, ..." for "What time was the silence on the bridge?"). Fitted on the tune sets, session 18.
ONLY_DATE_REACH = 0.25


def _only_date(
    ranked: list[SentenceHit], want: Want, figures: FigureIndex, matcher: bool
) -> Pick | None:
    """The one date or time of `want.figure_kinds` in the best sentence's article's sentences
    of `ranked`, when there is exactly one and its sentence is within ONLY_DATE_REACH."""
    best = ranked[0]
    article = [s for s in ranked if s.chunk.article_id == best.chunk.article_id]
    found = _best_figure(article, want, figures, matcher, math.inf, want.figure_kinds)
    if found is None or found.weighed != 1:
        return None
    return found if fit(found.sentence, want) >= fit(best, want) - ONLY_DATE_REACH else None


def _best_figure(
    ranked: list[SentenceHit],
    want: Want,
    figures: FigureIndex,
    matcher: bool,
    margin: float,
    kinds: tuple[str, ...],
) -> Pick | None:
    # a follow-up asks past the last answer: its figure is no candidate
    found = [
        c for c in candidates(ranked, want, figures, margin, kinds)
        if (c[0].text, c[1].text) != want.answered
    ]  # fmt: skip
    # a calendar date says more than a weekday beside it; a date in another sentence is often
    # another event's ("Jones quit on Sunday" / "joined in August 2016")
    if any(f.unit != "weekday" and s is ranked[0] for f, s, _ in found):
        found = [c for c in found if c[0].unit != "weekday"]
    # a figure the question states is not what it asks ("How much would a 20 percent tax
    # cost?" is not answered by "20 percent"); a date may hold the year it asks by, and "what
    # is 500 million euros in dollars?" converts the figure it states
    if not want.currency:
        found = [c for c in found if not _given(c[0], want)]
    if not found:
        return None
    fallback = kinds != want.figure_kinds
    scored = [
        (sum(w * s for w, s in zip(WEIGHTS, signals, strict=True)), figure, sentence, signals)
        for figure, sentence, signals in found
    ]
    if not matcher:  # the ablation: the first figure of the kind, nothing more
        score, figure, sentence, signals = scored[0]
        return Pick(figure, sentence, score, LONE_LEAD, len(scored), signals, fallback)
    order = sorted(range(len(scored)), key=lambda i: (-scored[i][0], i))  # the first of equals
    score, figure, sentence, signals = scored[order[0]]
    lead = score - scored[order[1]][0] if len(order) > 1 else LONE_LEAD
    return Pick(figure, sentence, score, lead, len(scored), signals, fallback)


def _given(figure: Figure, want: Want) -> bool:
    """Whether a figure other than a date states only numbers the question states."""
    stated = numbers(figure.text)
    return figure.kind != "date" and bool(stated) and stated <= set(want.numbers)


def candidates(
    ranked: list[SentenceHit],
    want: Want,
    figures: FigureIndex,
    margin: float,
    kinds: tuple[str, ...],
) -> Iterator[tuple[Figure, SentenceHit, tuple[float, ...]]]:
    """Each figure of `kinds` in the best sentences (or the best one's neighbours), with the
    signals (SIGNALS) that weigh it as the answer."""
    top = fit(ranked[0], want)
    for sentence in ranked:
        fitness = fit(sentence, want)
        # A neighbour of the best sentence may hold its figure ("This inclusion ..."); a
        # whole ("overall budget?") may be stated anywhere in the best sentence's article.
        same = (
            sentence.chunk.id == ranked[0].chunk.id
            or want.total
            and (sentence.chunk.article_id == ranked[0].chunk.article_id)
        )
        if fitness < top - margin and not same:
            continue
        every = _parts(figures[(sentence.chunk.id, sentence.number)])
        found = [
            f
            for f in every
            if f.kind in kinds
            and (_may_measure(f, want) or _lasting_since(f, sentence, want))
            # a weekday dates only what the best sentence says ("issued ... on Tuesday"): from
            # a sentence further down it is too often another event's day
            and (f.unit != "weekday" or sentence is ranked[0] and not want.korean)
            and _times_asked(f, sentence, want)
        ]
        pairs = _respectively(sentence, found)
        bounds = [
            (found[i - 1].end if i else sentence.start,
             found[i + 1].start if i + 1 < len(found) else sentence.end)
            for i in range(len(found))
        ]  # fmt: skip
        for i, figure in enumerate(found):
            # "3.5 trillion won (USD 2.6 billion)": the bracketed figure restates the one
            # before it, and its words are that figure's
            j = i - 1 if i and _restates(found[i - 1], figure, sentence) else i
            near = _own_words(found[j], sentence, *bounds[j], every)
            signals = (
                fitness,
                *_figure_signals(figure, sentence, want, found[j]),
                float(_describes(figure, want)),
                _share(near, want.subject),
                _share(near | _written_with(figure), want.focus) if want.focus else 0.0,
                _respective(pairs, figure, want),
                _named_clause(found[j], sentence, want),
                _own_year(near, want),
            )
            yield figure, sentence, signals


# "26 years and three months in prison, 18 of which ...": a part of the figure before it.
_PART = re.compile(r"\bof (?:which|whom)$", re.IGNORECASE)


def _parts(every: list[Figure]) -> list[Figure]:
    """The sentence's figures, a part that names no unit ("18 of which") of the kind and unit
    of the whole it is part of, the figure right before it ("26 years and three months")."""
    parts = list(every)
    for i, figure in enumerate(every[1:], 1):
        if figure.kind == "count" and not figure.unit and _PART.search(figure.text):
            parts[i] = replace(figure, kind=every[i - 1].kind, unit=every[i - 1].unit)
    return parts


# What weighs a candidate figure, and by how much: set by hand on news-dev's tune half and the
# seed's sets (docs/evaluation.md).
SIGNALS = (
    "sentence",  # the sentence's score, with the question's numbers (`fit`)
    "date",  # a date for a "when" question
    "currency",  # +1 in the currency asked for, -1 in another
    "brackets",  # in brackets: "3.5 trillion won (USD 2.6 billion)", the source's own first
    "role",  # +1 the role asked for ("target", "actual"), -1 another
    "restated",  # the question already states this figure; it asks for another
    "moved",  # +1 a change as the question asks, -1 a change it does not ask for or no change
    "whole",  # the question asks for a whole and the sentence calls the figure one
    "distance",  # how far it stands from the subject words, as a share of the sentence
    "described",  # its own unit is what the question counts or measures
    "own_words",  # the share of the question's words among its own words
    "focus",  # the share of a follow-up's own words ("And natural gas?") among them or in its text
    "respective",  # +1 "A and B rose 11% and 7%, respectively": its own item is asked, -1 another
    "named_clause",  # -1 its clause names only others where another names whom the question does
    "own_year",  # +1 its own words state a year the question asks, -1 only other years
)
DESCRIBED = 0.15
MOVED = 0.08
WHOLE = 0.3
LOCAL = 0.1  # the figure's own words: times the share of the question's words among them
FOCUS = 2.0  # a follow-up's own words count this many times more
RESPECTIVE = 0.2
NAMED_CLAUSE = 0.2
OWN_YEAR = 0.1
WEIGHTS = (
    1.0,
    0.05,
    0.3,
    -0.1,
    0.2,
    -0.5,
    MOVED,
    WHOLE,
    -0.1,
    DESCRIBED,
    LOCAL,
    LOCAL * FOCUS,
    RESPECTIVE,
    NAMED_CLAUSE,
    OWN_YEAR,
)
UNIT_MEASURES = {
    **dict.fromkeys(
        "feet foot ft km kilometres kilometers kilometre kilometer miles mile metres meters metre"
        " meter m cm mm pages page".split()
        + ["nautical miles", "nautical mile"],
        "length",
    ),
    **dict.fromkeys("kg kilograms kilogram tonnes tonne tons ton".split(), "weight"),
    **dict.fromkeys("gw mw kw gigawatts gigawatt megawatts megawatt".split(), "power"),
    "years old": "age",
    **dict.fromkeys("mph km/h knots knot".split(), "speed"),
    "year": "year",  # a date that states its year, for "몇 년에?" (what year), not "in March"
}
# The words right before a figure that call it a whole: "a total of", "out of 150 seats".
_WHOLE = re.compile(rf"{TOTAL.pattern}|\bout of\s*$", re.IGNORECASE)
# The words before a figure that make it a change: "rose $7.20", "fell 2.39 points", "were down
# 5%". "up" and "down" move a figure only after a state ("closed down 45"), not as part of a
# verb that does something else to it ("shut down nearly 140 media organizations").
_MOVE = re.compile(
    r"\b(rose|rise[sn]?|fell|fall(s|en)?|gain(ed|s)?|lost|lose[s]?|jump(ed|s)?|drop(ped|s)?"
    r"|climb(ed|s)?|sank|sink[s]?|slip(ped|s)?|add(ed|s)?|shed[s]?|by|increased?|improved?"
    r"|(?:(?:is|are|was|were|be|been|closed|ended|finished|edged|traded|trading|went|go|goes"
    r"|came|come|stood|stands?)\s+|[,%]\s*|^\s*)(?:up|down)"
    r"|decreased?)\s+(?:about |nearly |almost |some |roughly |more than )?$",
    re.IGNORECASE,
)


# Measures only a figure in their own units answers: "How old ...?" is never "Four people".
# ("capacity" may be seats or megawatts, so it is not among them.)
STRICT_MEASURES = frozenset({"length", "speed", "age", "weight"})


# A span of dates ("between 1962 and 1968", "from May 3 to May 9") is also a period of time.
DATE_SPANS = frozenset({"years", "months", "days"})


def _may_measure(figure: Figure, want: Want) -> bool:
    """Whether the figure may answer a question that asks a measure (any, when none is asked);
    a date answers "how long" only as a span or as "... ago", and not when the question names
    its unit ("How many minutes ...?")."""
    if figure.unit == "years old" and want.measure != "age" and not want.korean:
        return False  # an age answers "how old", never "how many people" nor "how much"
    if want.not_people and figure.unit.lower() in PEOPLE:
        return False  # "컵은 몇 개" (how many cups) is never "a quarter of a million residents"
    if want.kind == "money" and figure.kind == "count" and figure.unit.lower() in PEOPLE:
        return False  # "how much compensation?" is never "nine people" (a count may be shares)
    if want.measure == "clock" and want.kind == "time":
        return figure.kind == "clock"  # "what time ...?", "몇 시?": a time of day, no date
    if want.kind == "time" and figure.text.endswith("-long"):
        return False  # "a week-long trip" says how long, never when
    if want.kind == "duration" and figure.kind == "date":
        return (figure.unit in DATE_SPANS or figure.unit.endswith(" ago")) and not want.asked
    if want.kind == "duration" and figure.kind == "count":  # "how long" is a length too
        return UNIT_MEASURES.get(figure.unit.lower()) == "length" and not want.asked
    if figure.kind == "count" and want.asked:
        # "how many tonnes of maize" is answered in a weight, never by "three provinces";
        # people ("how many of the tourists") in no unit of length, weight, power or speed
        unit = figure.unit.lower()
        named = _named_measures(want.asked)
        if named:
            return UNIT_MEASURES.get(unit) in named
        if _counts_people(want.asked) and (UNIT_MEASURES.get(unit) in PHYSICAL or unit in PLACES):
            return False  # "how many women went on strike?" is never "40 countries"
    if want.measure not in STRICT_MEASURES or figure.kind != "count":
        return True
    return UNIT_MEASURES.get(figure.unit.lower()) == want.measure


def _times_asked(figure: Figure, sentence: SentenceHit, want: Want) -> bool:
    """Whether a count of times counts what is asked: "liked over 13,000 times" counts likes,
    "shot four times" no suspects (the verb before it says what happened so often)."""
    if figure.unit.lower() != "times" or not want.asked or "time" in want.asked:
        return True
    before = re.findall(r"[A-Za-z]+", sentence.text[: figure.start - sentence.start])[-2:]
    return bool(set(tokenize(" ".join(before))) & set(want.asked))


# "How long has Gaza been under blockade?": "... under blockade since 2006" says for how long.
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _lasting_since(figure: Figure, sentence: SentenceHit, want: Want) -> bool:
    """Whether a date answers "how long" as the time since which something has gone on."""
    if want.kind != "duration" or figure.kind != "date" or want.asked:
        return False
    return bool(_SINCE.search(sentence.text[: figure.start - sentence.start]))


PHYSICAL = ("length", "weight", "power", "speed")
# Places counted: a count of people is never one of them.
PLACES = frozenset(
    "countries nations states cities towns villages provinces regions districts counties"
    " municipalities territories continents capitals".split()
)


@lru_cache(maxsize=1024)
def _counts_people(asked: tuple[str, ...]) -> bool:
    """Whether a question counts people ("tourists", "people"), by its stemmed nouns."""
    return bool(set(asked) & {s for noun in PEOPLE for s in word_stems(noun)})


@lru_cache(maxsize=1024)
def _named_measures(asked: tuple[str, ...]) -> frozenset[str]:
    """The measures whose units a question counts in ("tonnes" -> weight, "miles" -> length)."""
    return frozenset(
        measure
        for unit, measure in UNIT_MEASURES.items()
        if measure in PHYSICAL and word_stems(unit) & set(asked)
    )


def _describes(figure: Figure, want: Want) -> bool:
    """Whether the figure's unit is what the question counts ("athletes") or measures."""
    unit = figure.unit.lower()
    asked = {alike for word in want.asked for alike in COUNTED_ALIKE.get(word, {word})}
    if asked and figure.kind == "count" and (word_stems(unit) & asked or _compound_of(unit, asked)):
        return True
    return bool(want.measure) and UNIT_MEASURES.get(unit) == want.measure


def _compound_of(unit: str, asked: set[str]) -> bool:
    """Whether a word of the unit is a compound ending in a counted noun of four letters or
    more: "websites" counts sites, "warplanes" planes."""
    return any(
        re.fullmatch(rf"\w+{re.escape(noun)}\w{{0,3}}", word)
        for word in unit.split()
        for noun in asked
        if len(noun) >= 4
    )


def _restates(first: Figure, figure: Figure, sentence: SentenceHit) -> bool:
    """Whether `figure` is `first` again in brackets, in another currency or unit, maybe
    rounded: "1.2 billion euros (about $1.3 billion)"."""
    between = sentence.text[first.end - sentence.start : figure.start - sentence.start]
    return first.kind == figure.kind and bool(_RESTATED.fullmatch(between))


# What opens a bracket that restates a figure: "(", "(about ", "(roughly ".
_RESTATED = re.compile(
    r"\s*\(\s*(?:(?:about|around|approximately|approx\.|roughly|some|nearly|almost|~|≈)\s*)?",
    re.IGNORECASE,
)


# The words beside a figure that say which way it moved: "cut the budget by 28 percent"
# (down), "a 10 percent spending increase" (up).
_AFTER_WAY = re.compile(r"^\s*(?P<w>(?:[a-z-]+\s?){1,3})")


def way_moved(text: str, start: int, end: int) -> str:
    """ "up" or "down" when the clause says which way the figure moved, else ""."""
    before = re.split(r"[,;:]|\b(?:and|but|while|whereas)\b", text[max(0, start - 40) : start])[-1]
    after = _AFTER_WAY.match(text[end : end + 30])
    return one_way(before, UP, DOWN) or one_way(after.group("w") if after else "", UP, DOWN)


def _figure_signals(
    figure: Figure, sentence: SentenceHit, want: Want, anchor: Figure
) -> tuple[float, ...]:
    """The signals from "date" to "distance" (SIGNALS); `anchor`, the figure it restates in
    brackets (itself otherwise), says whether it is a whole."""
    start = figure.start - sentence.start
    whole = anchor.start - sentence.start
    currency = brackets = moved = 0.0
    if want.currency and figure.kind == "money":
        currency = 1.0 if figure.unit == want.currency else -1.0
    elif _in_brackets(sentence.text, start):
        brackets = 1.0
    if not want.change:
        found = bool(_MOVE.search(sentence.text[max(0, start - 30) : start]))
        moved = 1.0 if found and want.delta else -1.0 if found != want.delta else 0.0
        if want.direction and way_moved(sentence.text, start, figure.end - sentence.start) not in (
            "",
            want.direction,
        ):
            moved = -1.0  # "how much did it rise?" is not what was cut
    return (
        float(want.kind == "time" and figure.kind == "date"),
        currency,
        brackets,
        (1.0 if figure.role == want.role else -1.0) if want.role and figure.role else 0.0,
        float(bool(numbers(figure.text) & set(want.numbers))),
        moved,
        float(bool(want.total and _WHOLE.search(sentence.text[max(0, whole - 25) : whole]))),
        _distance(figure, sentence, want.subject),
    )


# A figure's own words: those beside it that the question uses (weights on news-dev tune).
WINDOW = 6  # words (stop words aside) on either side
# Where a clause or an item of a list begins: "..., 50 percent of gas and 30 percent of oil".
_CLAUSE_MARK = re.compile(r"[,;:()]|\b(?:and|or|but)\b")


def _own_words(
    figure: Figure, sentence: SentenceHit, before: int, after: int, others: list[Figure]
) -> frozenset[str]:
    """The stemmed words beside a figure: up to WINDOW on either side, none past the candidates
    next to it (`before`, `after`), on its left none past the clause it opens ("80 percent of
    coal reserves, 50 percent of gas reserves": "coal" is the first figure's, "gas" the
    second's) and on its right none in the clause the next candidate opens ("16 seats, while
    the Socialist Party took 14": "Socialist" is 14's). A comma inside a figure ("May 26,
    2019" among `others`) opens no clause."""
    words, marks = _layout(sentence.text)
    first = max(before, _clause(figure.start, sentence, marks, others))
    if after < sentence.end:  # the next candidate's own clause is its, not this figure's
        after = max(figure.end, _clause(after, sentence, marks, others))
    offset = sentence.start
    left = [w for s, e, w in words if first <= s + offset and e + offset <= figure.start]
    right = [w for s, e, w in words if figure.end <= s + offset and e + offset <= after]
    return frozenset().union(*left[-WINDOW:], *right[:WINDOW])


def _written_with(figure: Figure) -> frozenset[str]:
    """The stemmed words a figure is written with, its number aside: "six manufacturers" ->
    {"manufactur"}. A follow-up that names only what it counts ("and manufacturers?", "in
    miles?") names them."""
    words = re.findall(r"[^\W\d][\w'’-]*", figure.text)
    return frozenset().union(*(word_stems(w) for w in words))


def _clause(at: int, sentence: SentenceHit, marks: tuple[int, ...], others: list[Figure]) -> int:
    """Where the clause holding the text position `at` opens (-1 at the sentence's start)."""
    opened = (p + sentence.start for p in marks if p + sentence.start < at)
    return max((p for p in opened if not any(f.start <= p < f.end for f in others)), default=-1)


@lru_cache(maxsize=4096)
def _layout(text: str) -> tuple[tuple[tuple[int, int, frozenset[str]], ...], tuple[int, ...]]:
    """A sentence's words that are not stop words, with their offsets and stems, and where its
    clauses may open: computed once per sentence, not once per figure."""
    words = tuple(
        (m.start(), m.end(), stems)
        for m in re.finditer(r"[\w'’-]+", text)
        if (stems := word_stems(m.group(0)))
    )
    return words, tuple(m.start() for m in _CLAUSE_MARK.finditer(text))


def _share(found: frozenset[str], words: tuple[str, ...]) -> float:
    """The share of `words` (numbers aside: `fit` weighs them) that are in `found`."""
    wanted = {w for w in words if not w.isdigit()}
    return len(found & wanted) / len(wanted) if wanted else 0.0


# "Shares of JBS and BRF fell 11 percent and seven percent, respectively": a list of figures
# whose items pair, in order, with a list of as many words elsewhere in the sentence.
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_BETWEEN_ITEMS = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", re.IGNORECASE)
_ITEM = r"([\w'’.&-]*\w)"
_ITEM_SEP = r"\s*,\s*"
_LAST_SEP = r"(?:\s*,\s*|\s+)(?:and|or)\s+"  # a list ends "..., B and C" or "..., B, and C"


def _respectively(sentence: SentenceHit, found: list[Figure]) -> dict[int, tuple[str, list[str]]]:
    """For each figure of a "respectively" list, its own item and all the list's items, by the
    figure's start: {start of "11 percent": ("JBS", ["JBS", "BRF"]), ...}."""
    text, offset = sentence.text, sentence.start
    if len(found) < 2 or not _RESPECTIVELY.search(text):
        return {}
    runs, run = [], [found[0]]
    for a, b in zip(found, found[1:], strict=False):
        if _BETWEEN_ITEMS.fullmatch(text[a.end - offset : b.start - offset]):
            run.append(b)
        else:
            runs.append(run)
            run = [b]
    runs.append(run)
    pairs: dict[int, tuple[str, list[str]]] = {}
    for run in (r for r in runs if len(r) > 1):
        n, first, last = len(run), run[0].start - offset, run[-1].end - offset
        pattern = _ITEM + (_ITEM_SEP + _ITEM) * (n - 2) + _LAST_SEP + _ITEM
        lists = re.finditer(rf"(?=(?<![\w'’.&-]){pattern}\b)", text)
        spans = [(m.start(), [m.group(k) for k in range(1, n + 1)]) for m in lists]
        spans = [(at, items) for at, items in spans if at < first or at >= last]
        items = [i for i in spans if not {w.lower() for w in i[1]} & {"and", "or"}]
        if not items:
            continue
        # the list nearest the figures' own
        _, chosen = min(items, key=lambda i: min(abs(i[0] - first), abs(i[0] - last)))
        for figure, item in zip(run, chosen, strict=True):
            pairs[figure.start] = (item, chosen)
    return pairs


_YEAR = re.compile(r"(?:19|20)\d\d")


def _own_year(near: frozenset[str], want: Want) -> float:
    """+1 when a figure's own words state a year the question asks ("308,000 for the year
    ended 2019 and 113,000 for the year ended 2018": 2018's is the second), -1 when they state
    only other years, else 0."""
    asked = {d for d in want.dates if _YEAR.fullmatch(d)}
    stated = {w for w in near if _YEAR.fullmatch(w)}
    if want.korean or not asked or not stated:
        return 0.0
    return 0.0 if stated & asked else -1.0


def _respective(pairs: dict[int, tuple[str, list[str]]], figure: Figure, want: Want) -> float:
    """+1 when the question asks for the figure's own item of a "respectively" list, -1 when
    it asks for another item of it, else 0; a follow-up's own words say which ("And BRF's?")."""
    if figure.start not in pairs:
        return 0.0
    own, items = pairs[figure.start]
    asked = []
    for words in (want.focus, want.subject):
        asked = [i for i in items if word_stems(i) & set(words) or i.rstrip(".") in want.numbers]
        if asked:
            break
    if not asked:
        return 0.0
    return 1.0 if own in asked else -1.0


# Where a sentence's clauses part that may each be about someone else: "Four of 13 board members
# at ICBC are women; two women sit on Huawei's board", "..., while Labour took 14".
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\b|\s(?:while|whereas)\s|\s[-–—]\s")
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]*")


def _named_clause(figure: Figure, sentence: SentenceHit, want: Want) -> float:
    """-1 for a figure whose clause names only others ("Huawei") where another clause of its
    sentence names someone the question names ("ICBC"); else 0. No reward for the asked one's
    clause: that would lift any sentence of many clauses above the rest."""
    text, at = sentence.text, figure.start - sentence.start
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text) + 1]
    if len(cuts) < 3:
        return 0.0
    wanted = set(want.subject)
    names = [_names(text[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    own = next(i for i, b in enumerate(cuts[1:]) if at < b)
    asked = [bool(n & wanted) for n in names]
    others = [bool(n) and not a for n, a in zip(names, asked, strict=True)]
    if others[own] and any(a for i, a in enumerate(asked) if i != own):
        return -1.0
    return 0.0


def _names(text: str) -> frozenset[str]:
    """The stems of a clause's capitalised words, a sentence's first word aside."""
    return frozenset().union(*(word_stems(m.group(0)) for m in _CAPITALISED.finditer(text)))


# How many texts' numbers are remembered: a few answers' sentences and chunks (~1 MB at most).
NUMBERS_READ = 1024


def _in_brackets(text: str, position: int) -> bool:
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


@lru_cache(maxsize=NUMBERS_READ)
def numbers(text: str) -> frozenset[str]:
    """The numbers written in `text`, commas dropped: "1,650 and 2.2" -> {"1650", "2.2"}; and
    each month it names as a Korean question writes it, "In March" -> "3월". Remembered for
    the last NUMBERS_READ texts: one answer reads the same sentences' numbers many times."""
    found = {n.replace(",", "") for n in _DIGITS.findall(text)}
    return frozenset(found | {f"{i}월" for i, month in enumerate(MONTH_NAMES, 1) if month in text})


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=65536)
def word_stems(word: str) -> frozenset[str]:
    """A word's stemmed tokens, remembered: the same words come back question after question."""
    return frozenset(tokenize(word))


def _distance(figure: Figure, sentence: SentenceHit, subject: tuple[str, ...]) -> float:
    """How far, as a share of the sentence, the figure stands from the subject words, on average."""
    middle = (figure.start + figure.end) / 2 - sentence.start
    places: dict[str, list[int]] = defaultdict(list)
    wanted = set(subject)
    for match in re.finditer(r"[\w-]+", sentence.text):
        for token in word_stems(match.group(0)) & wanted:
            places[token].append(match.start())
    if not places:
        return 0.5
    gaps = [min(abs(middle - p) for p in positions) for positions in places.values()]
    return sum(gaps) / len(gaps) / max(len(sentence.text), 1)


# A sentence that names someone or somewhere new scores this much more for "who"/"where"
# (half again for a full name, INTRODUCED times more when the question's words introduce it).
NAMED = 0.08
INTRODUCED = 1.0
_NAME = re.compile(
    r"[A-Z][\w'’.-]*[a-z][\w'’.-]*(?:\s+(?:of\s+|de\s+|van\s+|von\s+)?[A-Z][\w'’.-]+)*"
)
# Months and weekdays: they date a text, they name nothing.
CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


# Capitalised mid-sentence only where a heading runs into the text ("... divided The
# legislation"), and no one's name; the stop words (index.lexical) are neither.
_PRONOUNS = frozenset("he she his her him hers".split())


def names_in(text: str, question: str) -> list[str]:
    """Capitalised names in `text` that the question does not already use, sentence-initial
    single words left out: "Nicole Schmidhofer won ..." -> ["Nicole Schmidhofer"]."""
    return [name for name, _ in named(text, question)]


def named(text: str, question: str) -> list[tuple[str, bool]]:
    """`names_in`, each with whether the question's own words introduce it, as a title before
    it ("Northern Ireland Secretary James Brokenshire", "resident Michael Roland") or a role
    after it ("James Macdonald, head of Savills"); a title the question uses is no part of the
    name it introduces."""
    asked = set(tokenize(question))
    found = []
    for match in _NAME.finditer(text):
        name = match.group(0).rstrip(".")
        words = name.split()
        if match.start() == 0 and len(words) == 1 or name.lower() in CALENDAR:
            continue
        titled = 0
        while titled < len(words) - 1 and (title := set(word_stems(words[titled]))) <= asked:
            if not title:
                following = set(word_stems(words[titled + 1])) if titled + 2 < len(words) else set()
                if titled and words[titled] == "of" and following and following <= asked:
                    titled += 1  # "Minister of Commerce Gao Hucheng": one title
                    continue
                break  # "The Korean": an article is no title
            titled += 1
        if len(words) - titled < 2:
            titled = 0  # "Great Wall Motor Co" is one name, not "Co" titled
        if not titled:  # "Japanese Defense Minister Tomomi Inada": titled after a people's word
            roles = (i for i, w in enumerate(words[:-2]) if word_stems(w) & asked & TITLES)
            titled = 1 + max(roles, default=-1)
        name = " ".join(words[titled:])
        if word_stems(name) & asked:
            continue  # a name the question already uses, or part of one
        if not word_stems(name) or name.lower() in _PRONOUNS:
            continue  # "The", "He" after a heading glued to the text: no name
        # a title stands right before the name ("resident Michael Roland"), not across a
        # comma ("sent back to the detention center, The AP reported")
        before = re.findall(r"[\w'’-]+(?=\s+$)", text[: match.start()])[-1:]
        after = re.match(r",\s+(?:the\s+)?([\w'’-]+)", text[match.end() :])
        role = [*before, after.group(1)] if after else before
        full = len(name.split()) > 1 and name[0].isupper()  # only a full name is introduced
        introduced = full and (bool(titled) or any(word_stems(w) & asked for w in role))
        found.append((name, introduced))
    return found


def pick_sentence(ranked: list[SentenceHit], want: Want, margin: float) -> SentenceHit:
    """For a name or place question, the sentence among the best that names someone or
    somewhere the question does not (a person's full name counts most for "who"); for a
    statement, the best sentence that is more than a heading."""
    if want.kind == "statement":
        return next((s for s in ranked if not _heading(s.text)), ranked[0])
    if want.kind not in ("name", "place"):
        return ranked[0]
    top = fit(ranked[0], want)

    def score(sentence: SentenceHit) -> float:
        names = named(sentence.text, " ".join(want.subject))
        full = any(len(n.split()) > 1 for n, _ in names)
        introduced = any(i for _, i in names) and not want.korean  # a gloss introduces none
        return fit(sentence, want) + NAMED * (bool(names) + full / 2 + introduced * INTRODUCED)

    near = [s for s in ranked if fit(s, want) >= top - margin]
    return max(near, key=score)


# A heading, not a statement: a few words and no number ("Research and Development Expense").
HEADING_WORDS = 6


def _heading(text: str) -> bool:
    """Whether a sentence is only a heading: at most HEADING_WORDS words, no digit."""
    return len(text.split()) <= HEADING_WORDS and not re.search(r"\d", text)
