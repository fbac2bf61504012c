"""Derived figures and the numeric guard: conversions at the article's own rate, resolved
dates, and replies whose numbers the sources do not bear out."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.derive import Conversion, Resolution, Stated, convert, exchange_pairs, is_range
from bot.guard import unsupported_numbers
from bot.korean import derivation_working
from bot.reply import Answer, AnswerFigure, Citation
from index.chunking import Chunk
from index.figures import Figure, extract_figures, format_money

QUOTE = "South Korea is also investing 86.4 billion won in 2024 in the Boston-Korea project."
RATE = "The plan is to invest a total of 2.2 trillion won ( USD 1.65 billion) in clusters."


def cite(n: int, quote: str) -> Citation:
    return Citation(n, "corpus/a.md", "T", "O", "", 8, quote, 0.9)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (6.48e7, "USD", "USD 64.8 million"),
        (86.4e9, "KRW", "86.4 billion won"),
        (2.2e12, "KRW", "2.2 trillion won"),
        (1.35e9, "USD", "USD 1.35 billion"),
        (1234.5, "USD", "USD 1,234.5"),
    ],
)
def test_format_money(value: float, unit: str, text: str) -> None:
    assert format_money(value, unit) == text


@given(
    st.floats(min_value=1, max_value=9.99e14, allow_nan=False, allow_infinity=False),
    st.sampled_from(["KRW", "USD"]),
)
def test_formatting_then_parsing_a_figure_returns_it(value: float, unit: str) -> None:
    text = format_money(value, unit)
    [figure] = extract_figures(text)
    assert figure.unit == unit and figure.text == text
    assert format_money(figure.value or 0, unit) == text


def test_guard_accepts_numbers_stated_differently() -> None:
    answer = Answer("q", "2,200,000,000,000 won [1].", citations=[cite(1, RATE)])
    assert unsupported_numbers(answer) == []


@given(st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=9))
def test_guard_rejects_a_number_altered_by_one_digit(position: int, delta: int) -> None:
    digits = list("86.4")
    index = [0, 1, 3][position % 3]
    digits[index] = str((int(digits[index]) + delta) % 10)
    altered = "".join(digits)
    answer = Answer("q", f"{altered} billion won in 2024 [1].", citations=[cite(1, QUOTE)])
    assert unsupported_numbers(answer) != []


AMOUNT = Stated("86.4 billion won", 86.4e9, "KRW")
CONVERSION = Conversion(
    AMOUNT, Stated("USD 1.65 billion", 1.65e9, "USD"), Stated("2.2 trillion won", 2.2e12, "KRW")
)
STATED = AnswerFigure("86.4 billion won", 86.4e9, "KRW", "money")


def _converted(value: float, conversion: Conversion = CONVERSION, working: str = "") -> Answer:
    """A reply with a conversion as the answer core writes it, its figure worth `value`."""
    working = working or conversion.working
    derived = AnswerFigure(
        format_money(value, "USD"), value, "USD", "money", True, working, conversion
    )
    lead = f"86.4 billion won in 2024 [1], about {derived.text} (an estimate: {working} [2])."
    figures = [STATED, derived]
    return Answer("q", lead, figures=figures, citations=[cite(1, QUOTE), cite(2, RATE)])


def test_a_conversion_carries_its_inputs_and_shows_its_working() -> None:
    assert CONVERSION.value == pytest.approx(64.8e6)
    assert (CONVERSION.text, CONVERSION.unit, CONVERSION.kind) == (
        "USD 64.8 million",
        "USD",
        "money",
    )
    assert CONVERSION.working == (
        "86.4 billion won × USD 1.65 billion / 2.2 trillion won = USD 64.8 million, "
        "at the rate the article itself implies"
    )


def test_guard_checks_a_derived_figure_against_its_inputs() -> None:
    assert unsupported_numbers(_converted(64.8e6)) == []
    assert unsupported_numbers(_converted(64.9e6)) == ["USD 64.9 million"]


@pytest.mark.parametrize(
    "tampered",
    [
        # An input no cited passage states: the rate's dollar side altered, and the result with it.
        replace(CONVERSION, target=Stated("USD 1.75 billion", 1.75e9, "USD")),
        # An input whose value is not what its text says.
        replace(CONVERSION, source=Stated("2.2 trillion won", 2.3e12, "KRW")),
        # An input in another unit than its passage states it.
        replace(CONVERSION, amount=Stated("86.4 billion won", 86.4e9, "USD")),
    ],
)
def test_guard_refuses_a_derived_figure_whose_inputs_the_passages_do_not_state(
    tampered: Conversion,
) -> None:
    answer = _converted(tampered.value, tampered)
    assert unsupported_numbers(answer) != []


def test_guard_reads_a_working_altered_in_the_lead_as_text() -> None:
    altered = CONVERSION.working.replace("USD 1.65 billion", "USD 1.75 billion")
    assert unsupported_numbers(_converted(64.8e6, working=altered)) == ["1.75"]


def test_guard_refuses_a_derived_figure_that_carries_no_inputs() -> None:
    answer = _converted(64.8e6)
    bare = [STATED, replace(answer.figures[1], derivation=None)]
    assert unsupported_numbers(replace(answer, figures=bare)) == ["USD 64.8 million"]


def _korean_converted(
    value: float, conversion: Conversion = CONVERSION, working: str = ""
) -> Answer:
    """A Korean reply with a conversion as the answer core writes it, worth `value`."""
    working = working or derivation_working(conversion)
    derived = AnswerFigure(
        format_money(value, "USD"), value, "USD", "money", True, working, conversion
    )
    lead = (
        "기사에 따르면 86.4 billion won in 2024 (864억 원)입니다 [1]. "
        f"달러로는 약 {derived.text}입니다 (추정치: {working} [2])."
    )
    figures = [STATED, derived]
    return Answer("q", lead, figures=figures, citations=[cite(1, QUOTE), cite(2, RATE)])


def test_a_conversion_s_working_is_said_in_korean() -> None:
    assert derivation_working(CONVERSION) == (
        "864억 원 × 16억 5천만 달러 / 2조 2천억 원 = 6,480만 달러, "
        "기사가 함께 밝힌 두 금액의 비율로 환산"
    )


def test_a_korean_working_keeps_an_amount_korean_units_cannot_read_back() -> None:
    # The reply shows "HKD 7.8 billion", which the figure reader does not take: as it is.
    dollars = Stated("USD 1 billion", 1e9, "USD")
    conversion = Conversion(dollars, Stated("HK$7.8 billion", 7.8e9, "HKD"), dollars)
    assert derivation_working(conversion).startswith(
        "10억 달러 × 78억 홍콩달러 / 10억 달러 = HKD 7.8 billion, "
    )


def test_guard_checks_a_korean_working_like_an_english_one() -> None:
    assert unsupported_numbers(_korean_converted(64.8e6)) == []
    assert unsupported_numbers(_korean_converted(64.9e6)) == ["USD 64.9 million"]
    altered = derivation_working(CONVERSION).replace("16억 5천만", "17억 5천만")
    assert unsupported_numbers(_korean_converted(64.8e6, working=altered)) == ["17억 5천만"]
    tampered = replace(CONVERSION, target=Stated("USD 1.75 billion", 1.75e9, "USD"))
    assert unsupported_numbers(_korean_converted(tampered.value, tampered)) != []


@pytest.mark.parametrize(
    ("year", "date", "problems"),
    [
        (2024, "3월 10일", []),
        (2025, "3월 10일", ["2025"]),  # the year is not what the date gives
        (2024, "3월 11일", ["11", "2023", "3"]),  # an altered working is read as text
    ],
)
def test_guard_recomputes_a_korean_resolved_year(year: int, date: str, problems: list[str]) -> None:
    resolution = Resolution("the upcoming year", "2023-03-10")
    working = derivation_working(resolution)
    assert working == "기사 날짜가 2023년 3월 10일이므로 'the upcoming year'는 2024년을 가리킵니다"
    working = working.replace("2024", str(year)).replace("3월 10일", date)
    figure = AnswerFigure(str(year), float(year), "year", "date", True, working, resolution)
    lead = f"기사에 따르면 the upcoming year입니다 [1]. 즉 {year}년입니다 (계산: {working})."
    answer = Answer("q", lead, figures=[figure], citations=[cite(1, "It opens the upcoming year.")])
    assert unsupported_numbers(answer) == problems


@pytest.mark.parametrize(
    ("phrase", "year"),
    [
        ("this year", 2023),
        ("the latter half of this year", 2023),
        ("next year", 2024),
        ("the upcoming year", 2024),
        ("the following year", 2024),
        ("last year", 2022),
    ],
)
def test_a_relative_year_is_resolved_from_the_article_date(phrase: str, year: int) -> None:
    resolution = Resolution(phrase, "2023-03-10")
    assert (resolution.value, resolution.text, resolution.unit) == (year, str(year), "year")
    assert (
        resolution.working == f"the article is dated 10 March 2023, so {phrase!r} falls in {year}"
    )


@pytest.mark.parametrize(("year", "problems"), [(2024, []), (2025, ["2025"])])
def test_guard_recomputes_a_resolved_year_from_its_date(year: int, problems: list[str]) -> None:
    resolution = Resolution("the upcoming year", "2023-03-10")
    working = resolution.working.replace("2024", str(year))
    figure = AnswerFigure(str(year), float(year), "year", "date", True, working, resolution)
    lead = f"the upcoming year [1], that is {year} (resolved: {working})."
    answer = Answer("q", lead, figures=[figure], citations=[cite(1, "It opens the upcoming year.")])
    assert unsupported_numbers(answer) == problems


def test_json_shows_a_derived_figure_but_not_its_inputs() -> None:
    [stated, derived] = _converted(64.8e6).to_json()["figures"]  # type: ignore[misc]
    assert derived == {"text": "USD 64.8 million", "value": 64800000, "unit": "USD",
                       "kind": "money", "derived": True}  # fmt: skip


@pytest.mark.slow
def test_dollars_for_a_won_only_figure_are_estimated_at_the_article_rate(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask("How much is going to the Boston-Korea project in dollars?")
    assert "86.4 billion won" in answer.lead and "about USD 64.8 million" in answer.lead
    assert "estimate" in answer.lead
    assert [c.paragraph for c in answer.citations] == [8, 1]
    [stated, derived] = answer.figures
    assert not stated.derived and derived.derived and derived.value == pytest.approx(64.8e6)
    assert unsupported_numbers(answer) == []


@pytest.mark.slow
def test_relative_date_is_resolved_and_labelled(real_answerer) -> None:  # type: ignore[no-untyped-def]
    answer = real_answerer.ask("When do applications open for the biotech-specialized zones?")
    # the time keeps the word that places it ("during")
    assert answer.lead.startswith(
        "during the latter half of this year [1], that is 2023 (resolved:"
    )
    assert answer.figures[-1].derived and answer.figures[-1].value == 2023


def _one_article(*sentences: str) -> tuple[list[Figure], dict[str, Chunk]]:
    """The figures and the one chunk of an article made of `sentences`, placed as the index
    places them (article offsets, chunk id, sentence number)."""
    text = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append((start, start + len(sentence)))
        start += len(sentence) + 1
    chunk = Chunk("a#0", "a", "corpus/a.md", "T", "O", "", 1, 0, len(text), text, tuple(spans))
    figures = [
        replace(f, start=f.start + s, end=f.end + s, chunk_id=chunk.id, sentence=n)
        for n, (s, e) in enumerate(spans)
        for f in extract_figures(text[s:e])
    ]
    return figures, {chunk.id: chunk}


RATE_SENTENCE = "The plan costs 3.5 trillion won ( USD 2.6 billion) in all."


def _convert(sentence: str, currency: str, rate: str = RATE_SENTENCE) -> str | None:
    figures, chunks = _one_article(rate, sentence)
    [figure] = [f for f in figures if f.sentence == 1 and f.kind == "money"]
    derived = convert(figure, currency, exchange_pairs(figures, chunks), chunks)
    return None if derived is None else derived.text


def test_an_amount_converts_at_its_articles_rate() -> None:
    assert _convert("Exports reached $1.3 billion.", "KRW") == "1.75 trillion won"


# A range's value is its low end: converted, it would state one amount the article does not.
@pytest.mark.parametrize(
    ("sentence", "currency"),
    [
        ("It will spend $3-4 billion abroad.", "KRW"),
        ("It will spend between $3 and $4 billion abroad.", "KRW"),
        ("It will spend 3-4 billion dollars abroad.", "KRW"),
        ("It will spend 1.5–2 trillion won abroad.", "USD"),
    ],
)
def test_a_range_is_not_converted(sentence: str, currency: str) -> None:
    assert _convert(sentence, currency) is None


def test_a_range_gives_no_rate() -> None:
    rate = "The plan costs 3-4 trillion won ( USD 2.6-3.5 billion) in all."
    assert _convert("Exports reached $1.3 billion.", "KRW", rate) is None


@pytest.mark.parametrize(
    ("text", "is_one"),
    [
        ("$3-4 billion", True),
        ("between $3 and $4 billion", True),
        ("1.5–2 trillion won", True),
        ("US$3.5 billion", False),
        ("HK$5 million", False),
        ("$1,255.70 an ounce", False),
        ("3.5 trillion won", False),
    ],
)
def test_is_range(text: str, is_one: bool) -> None:
    [figure] = extract_figures(text)
    assert is_range(figure) is is_one
