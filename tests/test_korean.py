"""Korean questions: reading them, won amounts the Korean way, replies, the guard, follow-ups."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import korean
from bot.answer import Answerer, latin_words_written, people, role_beside_name
from bot.conversation import Conversation, Turn, rewrite
from bot.guard import unsupported_numbers
from bot.korean import (
    NEEDS_CONTEXT,
    ask_about,
    content_words,
    counted_nouns,
    figure_line,
    format_korean_won,
    is_korean,
    is_korean_follow_up,
    korean_amounts,
    korean_currency,
    korean_form,
    needs_context,
    normalise,
    parse_korean_number,
    strip_follow_up,
    strip_particle,
)
from bot.language import read_question
from bot.matching import numbers
from bot.reply import Answer, AnswerFigure, Citation
from index.figures import CURRENCY_NAMES, extract_figures
from index.retrieval import Retriever
from index.store import build_index, load_store

BOSTON = "보스턴-코리아 프로젝트 예산은 얼마입니까?"
BOSTON_QUOTE = (
    "South Korea is also bringing global collaboration by investing 86.4 billion won in 2024 "
    "in the Boston-Korea project."
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        (BOSTON, "money"),
        ("클러스터 계획 전체 규모는?", "money"),
        ("CVC 외부 투자 한도는 몇 퍼센트인가요?", "share"),
        ("해외 투자 비율은?", "share"),
        ("투자 상한은 몇 %로 바뀌나요?", "share"),
        ("바이오 기술은 몇 개 추가되나요?", "count"),
        ("몇 가지 기술이 지정되나요?", "count"),
        ("신청은 언제 받나요?", "time"),
        ("투자 기간은 몇 년인가요?", "duration"),
        ("반도체 클러스터는 어디에 들어서나요?", "place"),
        ("1.8조 원은 어디에 쓰이나요?", "statement"),  # "what is it used for", not a place
        ("이번 발표를 한 장관은 누구인가요?", "name"),
        ("어느 대학이 참여하나요?", "name"),
        ("정부는 어떤 절차를 생략하나요?", "statement"),
        ("어떤 분야 단지예요?", "statement"),
        ("그러면 제약사들은 뭘 받아요?", "statement"),
        ("어떤 대학이 참여하나요?", "name"),
        ("Boston-Korea 프로젝트 예산은?", "money"),  # mixed script
        ("How many 기술?", "count"),  # an English cue in a mostly Korean question
        ("최종 표결 결과는 몇 대 몇이었나요?", "score"),
        ("몇 년부터 몇 년까지의 것인가요?", "time"),  # a span of years, not a length of time
        ("인터뷰한 것은 몇 년이었나요?", "time"),
        ("대피 명령은 몇 시쯤이었나요?", "time"),
        ("평균 몇 년간 추적 관찰했나요?", "duration"),
        ("투표율은 몇 년 만의 최고치였나요?", "duration"),
        ("며칠간의 구류 처분을 받았나요?", "duration"),
        ("몇 년에 걸쳐서요?", "duration"),
        ("퇴짜를 맞은 건 얼마 전이에요?", "duration"),  # how long ago
        ("얼마 만에 끝났나요?", "duration"),
        ("몇 분 걸려요?", "duration"),  # minutes
        ("상원의원 몇 분의 몇이 찬성해야 했어요?", "share"),  # a fraction, not minutes
        ("몇 달러인가요?", "money"),  # 달 of 달러 is no month
        ("매장은 몇 개 나라에 있나요?", "count"),
        ("역대 개봉 성적 몇 위 안에 들 것으로 예상되나요?", "rank"),
        ("그 선수는 활강에서 몇 등을 했나요?", "rank"),
        ("이 대학의 세계 순위는?", "rank"),
        ("등수는 어떻게 되나요?", "rank"),
        ("정부의 우선순위는 무엇인가요?", "statement"),  # 우선순위 is a priority, no rank
        ("몇 등급인가요?", "count"),  # a grade, no place in an order
        # an ordinal in prose ("the fourth person") is no figure: the sentence answers
        ("그는 이 직책을 맡은 몇 번째 인물인가요?", "statement"),
        ("몇번째 시즌인가요?", "statement"),
        # a noun ending in 률/율 is a rate: a share
        ("실업률은?", "share"),
        ("투표율은 얼마였나요?", "share"),  # was read as money by 얼마
        ("성장률 목표는?", "share"),
        ("국무부 예산 삭감률은?", "share"),
        # but not a law, an exchange rate or a name that begins with 율
        ("법률은 언제 시행돼?", "time"),
        ("환율은?", "statement"),
        ("율리아는 누구야?", "name"),
    ],
)
def test_korean_kind(question: str, kind: str) -> None:
    want = read_question(question)
    assert (want.kind, want.korean) == (kind, True)


@pytest.mark.parametrize(
    ("question", "kind", "measure", "loose"),
    [
        ("정상의 높이는 얼마인가요?", "count", "length", False),  # how high: no money
        ("관광객은 몇 살이었나요?", "count", "age", False),
        ("눈이 얼마나 올 거래요?", "money", "", True),  # an amount of any kind may answer
        ("예산은 얼마입니까?", "money", "", False),  # money named
        ("달러로는 얼마예요?", "money", "", False),
        ("인터뷰한 것은 몇 년이었나요?", "time", "year", False),  # a date that states its year
        ("몇 년 동안 걸렸나요?", "duration", "", False),
    ],
)
def test_korean_measures_and_amounts_of_any_kind(
    question: str, kind: str, measure: str, loose: bool
) -> None:
    want = read_question(question)
    assert (want.kind, want.measure, want.loose) == (kind, measure, loose)


def test_a_year_as_a_rate_is_no_number_the_sentence_must_state() -> None:
    # "1년에" is "a year", "annually" in English: no 1 is written
    assert read_question("주민들이 1년에 쓰는 컵은 몇 개예요?").numbers == ()
    assert read_question("2021년에 쓴 컵은 몇 개예요?").numbers == ("2021",)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("매장은 몇 개 나라에 있나요?", {"countri"}),
        ("매장은 몇 개국에 있나요?", {"countri"}),
        ("몇 명이 숨졌나요?", {"peopl"}),
        ("의석은 모두 몇 석인가요?", {"seat"}),
        ("경사는 몇 도인가요?", {"degre"}),
        ("작년에 몇 대가 팔렸나요?", {"vehicl"}),
        ("몇 가족이 더 올 것으로 예상했나요?", {"famili"}),
        ("몇 가정이 대피했나요?", {"famili", "household"}),
        ("최종 표결 결과는 몇 대 몇이었나요?", set()),  # a score counts nothing
        # A rank is stated in English by the words that rank, however Korean asks it.
        ("그 영화는 역대 몇 위였나요?", {"top", "rank", "place", "finish"}),
        ("그 선수는 몇 등을 했나요?", {"top", "rank", "place", "finish"}),
        ("그 대학의 세계 순위는?", {"top", "rank", "place", "finish"}),
    ],
)
def test_korean_counter_names_what_is_counted(question: str, words: set[str]) -> None:
    want = read_question(question)
    english = {w for w in want.subject if w.isascii()}
    assert words <= english and (words or not english)
    assert words <= set(want.asked)  # the figure matcher prefers a figure of what is counted


@pytest.mark.parametrize(
    ("question", "words"),
    [
        # "since late 2015", not "in November 2015": English writes the phrase beside the date.
        ("러시아와 이집트의 항공편 재개 협상은 언제부터 이어져 왔나요?", {"sinc"}),
        ("그 제도는 언제까지 적용되나요?", {"until"}),
        ("그 제도는 언제 시작됐나요?", set()),
    ],
)
def test_a_question_phrase_brings_the_english_word_beside_the_answer(
    question: str, words: set[str]
) -> None:
    english = {w for w in read_question(question).subject if w.isascii()}
    assert english & {"sinc", "until"} == words


@pytest.mark.parametrize(
    ("question", "who"),
    [
        ("이번 발표를 한 장관은 누구인가요?", True),
        ("누가 반대했나요?", True),
        ("예산은 얼마인가요 — 누가 냈어요?", True),
        ("누가 반대했나요 — 언제요?", False),  # the last part asks
        ("어느 대학이 참여하나요?", False),
        ("대변인 이름이 뭐예요?", True),  # "what is the spokesman's name"
        ("이 계획의 이름은 무엇인가요?", True),
    ],
)
def test_asks_who(question: str, who: bool) -> None:
    assert korean.asks_who(question) is who


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("국제기구 대변인의 이름은 무엇인가요?", {"spokesman", "spokeswoman", "spokesperson"}),
        ("남아공 외무장관은 누구예요?", {"minister", "secretary"}),  # by its ending
        ("경찰청장은 누구예요?", {"police chief", "police commissioner"}),  # the longest ending
        ("주총리는 누구예요?", {"chief minister"}),
        ("유엔 사무총장은 누구?", {"secretary-general", "secretary general"}),  # not any 총장
        ("CSIS 선임연구원 이름이 뭐예요?", {"researcher", "fellow", "research fellow", "scholar"}),
        ("예산은 얼마인가요?", set()),
    ],
)
def test_role_words(question: str, words: set[str]) -> None:
    assert set(korean.role_words(question)) == words


@pytest.mark.parametrize(
    ("text", "beside"),
    [
        ("Zhang Chunlin, director of the Xinjiang Development and Reform Commission, says", True),
        ("Foreign Minister Maite Nkoana-Mashabane said the monitor would help", True),
        ("The Netherlands, where his Foreign Minister was denied entry, votes today", False),
        ("Mark Rutte said he did not think so, and the director left early", False),  # too far
    ],
)
def test_role_beside_name(text: str, beside: bool) -> None:
    question = "그 기관 국장은 누구예요?" if "director" in text else "외무장관은 누구예요?"
    assert role_beside_name(text, question) is beside


def test_a_role_is_said_whole() -> None:
    # "chief minister" is not any chief beside a name
    text = "In May, Chief of the Constitutional Court Park Han-chul visited Moscow"
    assert not role_beside_name(text, "주총리는 누구예요?")
    assert role_beside_name("Chief Minister Yogi Adityanath said so", "주총리는 누구예요?")


def test_titles_alone_name_nobody() -> None:
    text = "his Foreign Minister and Minister of Families met Dutch Prime Minister Mark Rutte"
    assert people(text, "총리는 누구예요?") == ["Mark Rutte"]


def test_a_country_or_its_people_name_nobody() -> None:
    # The CLDR's country names (Babel), and a people's word made from one ("South Korean").
    text = "South Korea and the United States met North Korean and Saudi Arabian envoys"
    assert people(text, "장관은 누구예요?") == []
    text = "The South Korean government hired Jordan Peterson and Chad Smith"
    assert people(text, "누가 고용됐어요?") == ["Jordan Peterson", "Chad Smith"]


def test_a_who_question_needs_someone_named(fake_answerer: Answerer) -> None:
    # The fake corpus names institutions and places, no person: nobody to answer "who".
    answer = fake_answerer.ask("프로젝트를 발표한 장관은 누구인가요?")
    assert answer.abstained


@pytest.mark.parametrize(
    ("question", "written"),
    [
        ("지수는 한때 최대 몇 퍼센트까지 밀렸나요?", "as much as 0.9 percent"),
        ("투표율은 몇 퍼센트 넘게 올랐나요?", "in excess of 10%"),
        ("몇 명 이상이 다쳤나요?", "more than 50 people"),
        ("계약금은 최소 몇 퍼센트인가요?", "at least 70 percent"),
        ("기온은 몇 도 미만이었나요?", "below 10 degrees"),
        ("러시아 최대 은행은 지분을 몇 퍼센트 파나요?", None),  # 최대: "largest"
        ("이상 기후로 몇 명이 다쳤나요?", None),  # 이상: "abnormal"
        ("투표율은 몇 퍼센트인가요?", None),
    ],
)
def test_a_qualifier_the_question_asks_is_what_english_writes_before_the_figure(
    question: str, written: str | None
) -> None:
    asked = korean.asked_qualifier(question)
    assert (asked is None) is (written is None)
    if asked is not None and written is not None:
        assert asked.search(written)


@pytest.mark.parametrize(
    ("question", "numbers", "dates", "ending"),
    [
        ("작년 SUV 판매량은 1년 전보다 몇 퍼센트 늘었나요?", (), (), False),
        ("2017년 선거에서 투표율은 몇 퍼센트 올랐나요?", ("2017",), ("2017",), False),
        # the month as the month ("3월": an English text says "March")
        (
            "2017년 3월 27일에 몇 퍼센트 밀렸나요?",
            ("2017", "3월", "27"),
            ("2017", "3월", "27"),
            False,
        ),
        ("임상시험은 몇 년간 관찰한 뒤 조기 종료됐나요?", (), (), False),
        ("그 사업은 언제 끝나요?", (), (), True),
        # A place English writes in words ("second", "fourth"), not a number to find
        ("선두 팀은 2위 팀에 몇 점 앞서 있나요?", (), (), False),
        ("3등을 한 선수는 몇 살인가요?", (), (), False),
        ("4번째로 도착한 배에는 몇 명이 탔나요?", (), (), False),
        ("1등급 한우는 몇 퍼센트인가요?", ("1",), (), False),  # a grade, no place
        ("3등분한 땅은 몇 평인가요?", ("3",), (), False),  # equal parts, no place
    ],
)
def test_korean_numbers_dates_and_endings(
    question: str, numbers: tuple[str, ...], dates: tuple[str, ...], ending: bool
) -> None:
    want = read_question(question)
    assert (want.numbers, want.dates, want.ending) == (numbers, dates, ending)


@pytest.mark.parametrize(
    ("question", "role", "currency"),
    [
        ("CVC 외부 투자 한도는 이전에 몇 퍼센트였나요?", "old", ""),
        ("한도는 전에는 얼마였나요?", "old", ""),
        ("한도는 지금 몇 퍼센트인가요?", "new", ""),
        ("이제 한도는?", "new", ""),
        ("새 한도는?", "new", ""),
        ("해외 투자 비율은 총자산의 몇 퍼센트로 늘어나나요?", "new", ""),
        ("해외 투자 비중은 얼마까지 늘어나요?", "new", ""),
        ("보스턴-코리아 프로젝트 예산은 달러로 얼마인가요?", "", "USD"),
        ("원화로 얼마인가요?", "", "KRW"),
        ("그럼 원으로는?", "", "KRW"),
        ("연구원 지원 예산은 얼마인가요?", "", ""),  # the 원 inside 연구원 and 지원 is no currency
    ],
)
def test_korean_role_and_currency(question: str, role: str, currency: str) -> None:
    want = read_question(question)
    assert (want.role, want.currency) == (role, currency)


@pytest.mark.parametrize(
    ("question", "numbers", "unreadable"),
    [
        ("１．８조 원은 어디에 쓰이나요?", ("1.8",), ()),  # full-width digits, NFKC
        ("864억 원은 어디에 쓰이나요?", ("86.4",), ()),  # as the articles write it
        ("2024년 예산은?", ("2024",), ()),
        ("1.2.3억 원은?", (), ("1.2.3억 원",)),
        ("ㅋㅋㅋ ㅎ", (), ()),  # stray jamo
        ("보스턴ㅋ 예산 얼마?!?", (), ()),
        ("", (), ()),
    ],
)
def test_korean_numbers_and_bad_input(
    question: str, numbers: tuple[str, ...], unreadable: tuple[str, ...]
) -> None:
    want = read_question(question)
    assert (want.numbers, want.unreadable) == (numbers, unreadable)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (BOSTON, ["보스턴", "코리아", "프로젝트", "예산"]),
        ("오로빌 댐 하류 주민들에게 대피 명령이 내려진 것은 몇 시쯤이었나요?",
         ["오로빌", "하류", "주민들", "대피", "명령", "내려진", "시쯤이었나요"]),
        ("언제요?", []),
        ("", []),
    ],
)  # fmt: skip
def test_content_words_drop_particles_and_question_words(question: str, words: list[str]) -> None:
    assert content_words(question) == words


@pytest.mark.parametrize(
    ("text", "korean"),
    [("보스턴", True), ("ㅋ", True), ("How much?", False), ("１．８", False), ("CVC가", True)],
)
def test_is_korean(text: str, korean: bool) -> None:
    assert is_korean(text) is korean


def test_normalise_full_width() -> None:
    assert normalise("１．８조") == "1.8조"


def test_strip_particle() -> None:
    assert strip_particle("CVC가") == "CVC"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (86.4e9, "864억 원"),
        (2.2e12, "2조 2천억 원"),
        (400e9, "4천억 원"),
        (1.8e12, "1조 8천억 원"),
        (1.65e9, "16억 5천만 원"),
        (1_234_567, "123만 4,567 원"),
        (5000, "5천 원"),
        (7, "7 원"),
        (0, None),
        (-5e8, None),
        (0.5, None),
    ],
)
def test_format_korean_won(value: float, text: str | None) -> None:
    assert format_korean_won(value) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("864억 원", 86.4e9),
        ("2조 2천억 원", 2.2e12),
        ("2조2천억원", 2.2e12),
        ("1.8조", 1.8e12),
        ("１．８조", 1.8e12),
        ("1조 8,000억 원", 1.8e12),
        ("123만 4567 원", 1_234_567),
        ("1.2.3억", None),
        ("억", None),
    ],
)
def test_parse_korean_number(text: str, value: float | None) -> None:
    assert parse_korean_number(text) == value


# Exact in a float up to 2**53; no article states a quadrillion won.
@given(st.integers(min_value=1, max_value=10**15))
def test_korean_won_round_trips(amount: int) -> None:
    text = format_korean_won(amount)
    assert text is not None
    assert korean_amounts(f"약 {text}입니다") == [(text, amount)]


def test_korean_amounts_skip_plain_numbers() -> None:
    assert korean_amounts("86.4 billion won in 2024 (864억 원)") == [("864억 원", 86.4e9)]


def _answer(lead: str) -> Answer:
    citation = Citation(1, "corpus/a.md", "T", "O", "", 8, BOSTON_QUOTE, 0.8)
    figure = AnswerFigure("86.4 billion won", 86.4e9, "KRW", "money")
    return Answer(BOSTON, lead, figures=[figure], citations=[citation])


@pytest.mark.parametrize(
    ("lead", "unsupported"),
    [
        ("기사에 따르면 86.4 billion won in 2024 (864억 원)입니다 [1].", []),
        ("기사에 따르면 86.4 billion won in 2024 (865억 원)입니다 [1].", ["865억 원"]),
        ("기사에 따르면 86.4 billion won in 2024 (8천억 원)입니다 [1].", ["8천억 원"]),
        ("기사에 따르면 86.4 billion won in 2024 (1.2.3억 원)입니다 [1].", ["1.2.3억 원"]),
    ],
)
def test_guard_checks_korean_won(lead: str, unsupported: list[str]) -> None:
    assert unsupported_numbers(_answer(lead)) == unsupported


@pytest.fixture
def fake_answerer(corpus_dir: Path, tmp_path: Path, embedder) -> Answerer:  # type: ignore[no-untyped-def]
    build_index(corpus_dir, tmp_path / "index", embedder)
    return Answerer(Retriever(load_store(tmp_path / "index"), embedder))


def test_korean_abstention_is_in_korean(fake_answerer: Answerer) -> None:
    answer = fake_answerer.ask("서울의 인구는 몇 명인가요?")
    assert answer.abstained
    assert answer.lead == (
        "기사에는 나와 있지 않습니다. 가장 가까운 구절은 [1]이지만, 이 질문에 대한 답은 아닙니다."
    )


def test_unreadable_figure_gets_a_clear_answer(fake_answerer: Answerer) -> None:
    answer = fake_answerer.ask("1.2.3억 원은 어디에 쓰이나요?")
    assert answer.abstained
    assert answer.lead == "질문의 숫자를 읽을 수 없습니다: 1.2.3억 원. 숫자를 다시 써 주세요."


@pytest.mark.parametrize(
    ("question", "written"), [("예산이 5,00달러?", "5,00"), ("1,2345 원인가요?", "1,2345")]
)
def test_a_malformed_number_in_korean_gets_the_korean_hint(
    fake_answerer: Answerer, question: str, written: str
) -> None:
    # no figure can be read from it, whatever follows it: the hint names it, in Korean
    answer = fake_answerer.ask(question)
    assert answer.abstained
    assert answer.lead == f"질문의 숫자를 읽을 수 없습니다: {written}. 숫자를 다시 써 주세요."


@pytest.mark.parametrize(
    "question", ["ㅋㅋㅋ ㅎ", "보스턴ㅋ ㅏ 예산?", "１２３４５６７８９０억", "얼마", "？"]
)
def test_odd_korean_input_never_crashes(fake_answerer: Answerer, question: str) -> None:
    assert fake_answerer.ask(question).lead


@pytest.mark.parametrize(
    "questions",
    [
        ["그럼", "은요", "요?", "그럼 는요?"],
        ["해외 비중은요?", "해외 비중은요?", "원래는요?", "그쪽은요?"],
        [BOSTON, "ㅋ은요?", "그러면, 몇 년도요?", "그쪽 그것 거기"],
    ],
)
def test_odd_korean_follow_ups_never_crash(fake_answerer: Answerer, questions: list[str]) -> None:
    conversation = Conversation(fake_answerer)
    assert all(conversation.ask(question).lead for question in questions)


def _turn(standalone: str) -> Turn:
    return Turn(standalone, standalone, standalone, Answer(standalone, "x"))


@pytest.mark.parametrize(
    ("previous", "question", "standalone"),
    [
        (BOSTON, "그럼 달러로는?", "보스턴-코리아 프로젝트 예산은 얼마입니까 달러로는?"),
        (BOSTON, "원화로는?", "보스턴-코리아 프로젝트 예산은 얼마입니까 원화로는?"),
        (
            "보스턴-코리아 프로젝트 예산은 얼마입니까 달러로는?",
            "그럼 원화로는?",
            "보스턴-코리아 프로젝트 예산은 얼마입니까 원화로는?",
        ),
        (
            "CVC 한도는 지금 몇 퍼센트인가요?",
            "이전에는?",
            "CVC 한도는 지금 몇 퍼센트인가요 이전에는?",
        ),
        (
            BOSTON,
            "그럼 언제 집행되나요?",
            "보스턴-코리아 프로젝트 예산은 얼마입니까 — 그럼 언제 집행되나요?",
        ),
        (BOSTON, "서울의 인구는 몇 명인가요?", "서울의 인구는 몇 명인가요?"),  # stands alone
        (BOSTON, "달러로 치면요?", "보스턴-코리아 프로젝트 예산은 얼마입니까 달러로는?"),
        (
            BOSTON,
            "몇 년도 예산이에요?",
            "보스턴-코리아 프로젝트 예산은 얼마입니까 — 몇 년도 예산이에요?",
        ),
        # A lead-in before a question with its own topic: asked as it stands.
        (
            "바이오 의약 기술은 몇 개예요?",
            "그러면 제약사들은 뭘 받아요?",
            "그러면 제약사들은 뭘 받아요?",
        ),
        # "What about ...?": the question before, asked of the new topic.
        (
            "CVC 외부 투자 한도가 어떻게 바뀌어요?",
            "해외 투자 비율은요?",
            "해외 투자 비율은 어떻게 바뀌나요?",
        ),
        (
            "CVC 한도는 이전에 몇 퍼센트였나요?",
            "그럼 해외 투자 비율은요?",
            "해외 투자 비율은 몇 퍼센트인가요 이전에는?",
        ),
        # The last question with a topic of its own is the one followed up.
        (
            "그럼 바이오 특화단지 신청은 언제 받아요?",
            "단지 조성은 언제고요?",
            "바이오 특화단지 신청은 언제 받아요 — 단지 조성은 언제고요?",
        ),
    ],
)
def test_korean_follow_ups(previous: str, question: str, standalone: str) -> None:
    rewritten = rewrite(question, _turn(previous))
    assert rewritten is not None and rewritten[0] == standalone


def test_korean_follow_up_reads_as_its_last_part() -> None:
    want = read_question("보스턴-코리아 프로젝트 예산은 얼마입니까 — 그럼 언제 집행되나요?")
    assert want.kind == "time"
    assert read_question("보스턴-코리아 프로젝트 예산은 얼마입니까 달러로는?").currency == "USD"


def test_korean_follow_up_without_context_asks_for_it() -> None:
    assert rewrite("그럼 달러로는?", None) is None
    assert rewrite("어느 대학이 참여하나요?", None) == ("어느 대학이 참여하나요?",) * 2


def test_korean_follow_up_without_context_is_told_in_korean(fake_answerer: Answerer) -> None:
    answer = Conversation(fake_answerer).ask("그럼 달러로는?")
    assert answer.abstained and answer.lead.startswith(NEEDS_CONTEXT)


@pytest.mark.parametrize(
    ("standalone", "base"),
    [
        ("보스턴 예산은 얼마예요 — 언제요?", "보스턴 예산은 얼마예요"),
        ("보스턴 예산은 얼마예요 달러로는?", "보스턴 예산은 얼마예요"),
        ("그럼 바이오 특화단지 신청은 언제 받아요?", "바이오 특화단지 신청은 언제 받아요"),
        ("CVC 한도는 얼마예요 — 해외 비중은요?", "CVC 한도는 얼마예요 — 해외 비중은요"),
        (
            "CVC 한도는 얼마예요 — 해외 비중은요 — 그 전에는요?",
            "CVC 한도는 얼마예요 — 해외 비중은요",
        ),
    ],
)
def test_strip_follow_up(standalone: str, base: str) -> None:
    assert strip_follow_up(standalone) == base


@pytest.mark.parametrize(
    ("text", "kind", "change", "tail", "question"),
    [
        ("해외 투자 비율은요?", "share", True, "", "해외 투자 비율은 어떻게 바뀌나요?"),
        ("보스턴 프로젝트는요?", "money", False, "USD", "보스턴 프로젝트는 얼마인가요 달러로는?"),
        ("보스턴 프로젝트 예산은요?", "share", False, "", "보스턴 프로젝트 예산은 얼마인가요?"),
        ("그럼 해외 비중은요?", "share", False, "old", "해외 비중은 몇 퍼센트인가요 이전에는?"),
        ("조성은 언제고요?", "time", False, "", None),  # asks its own question
        ("보스턴 쪽은요?", "name", False, "", None),  # no figure to ask for
        ("제약사들은 뭘 받아요?", "count", False, "", None),  # no "what about"
        ("여자부는요?", "rank", False, "", "여자부는 몇 위인가요?"),
        # the casual "what about", without 요, as chats write it
        ("바이오 특화단지는?", "money", False, "", "바이오 특화단지는 얼마인가요?"),
        ("내년에는?", "money", False, "", None),  # a time, asked with the question before
    ],
)
def test_ask_about(text: str, kind: str, change: bool, tail: str, question: str | None) -> None:
    assert ask_about(text, kind, change, tail) == question


@pytest.mark.parametrize(
    ("question", "follow_up", "alone"),
    [
        ("그럼 달러로는?", True, False),
        ("이전에는?", True, False),
        ("그건 언제인가요?", True, False),
        ("그쪽 예산은 얼마예요?", True, False),
        ("그럼 몇 년이에요?", True, False),
        # No topic of its own: a follow-up when there is a question before, else asked as is.
        ("달러로 치면요?", True, True),
        ("몇 년에 걸쳐서요?", True, True),
        ("어떤 분야 단지예요?", True, True),
        ("어느 대학이 참여하나요?", True, True),
        ("해외 투자 비중은요?", True, True),
        (BOSTON, False, True),
        ("그러면 제약사들은 뭘 받아요?", False, True),
        ("몇 가지 바이오 제약 기술이 새로 전략기술로 지정되나요?", False, True),
    ],
)
def test_is_korean_follow_up(question: str, follow_up: bool, alone: bool) -> None:
    assert (is_korean_follow_up(question), not needs_context(question)) == (follow_up, alone)


@pytest.mark.parametrize(
    ("lead", "unit", "value", "kind", "line"),
    [
        ("2024", "year", 2024.0, "date", "기사에 따르면 2024년입니다 [1]."),
        ("2020s", "decade", 2020.0, "date", "기사에 따르면 2020년대입니다 [1]."),
        (
            "86.4 billion won in 2024",
            "KRW",
            86.4e9,
            "money",
            "기사에 따르면 86.4 billion won in 2024 (864억 원)입니다 [1].",
        ),
        (
            "USD 1.65 billion",
            "USD",
            1.65e9,
            "money",
            "기사에 따르면 USD 1.65 billion (16억 5천만 달러)입니다 [1].",
        ),
        ("50 percent", "%", 50.0, "percent", "기사에 따르면 50 percent (50%)입니다 [1]."),
        # Written in words, read whole: the guard reads "five years" in the quote as 5년.
        (
            "over the next five years",
            "years",
            5.0,
            "duration",
            "기사에 따르면 over the next five years (5년)입니다 [1].",
        ),
        (
            "twenty-five people",
            "people",
            25.0,
            "count",
            "기사에 따르면 twenty-five people (25명)입니다 [1].",
        ),
        (
            "three months",
            "months",
            3.0,
            "duration",
            "기사에 따르면 three months (3개월)입니다 [1].",
        ),
        # Words the reader does not take ("a dozen"), or that do not read as the value: no form.
        ("a dozen people", "people", 12.0, "count", "기사에 따르면 a dozen people입니다 [1]."),
        (
            "one hundred people",
            "people",
            1.0,
            "count",
            "기사에 따르면 one hundred people입니다 [1].",
        ),
        # A change gets both ends, not its first alone; a range at either end gets none.
        (
            "from 40 percent to 50 percent",
            "%",
            40.0,
            "percent",
            "기사에 따르면 from 40 percent to 50 percent (40% → 50%)입니다 [1].",
        ),
        (
            "from $3 billion to $4.5 billion",
            "USD",
            3e9,
            "money",
            "기사에 따르면 from $3 billion to $4.5 billion (30억 달러 → 45억 달러)입니다 [1].",
        ),
        (
            "from $3-4 billion to $5 billion",
            "USD",
            3e9,
            "money",
            "기사에 따르면 from $3-4 billion to $5 billion입니다 [1].",
        ),
        ("3 years", "years", 3.0, "duration", "기사에 따르면 3 years (3년)입니다 [1]."),
        ("51-50", "score", 51.0, "score", "기사에 따르면 51-50 (51 대 50)입니다 [1]."),
        ("45 degrees", "degrees", 45.0, "count", "기사에 따르면 45 degrees (45도)입니다 [1]."),
        ("five degrees", "degrees", 5.0, "count", "기사에 따르면 five degrees (5도)입니다 [1]."),
        ("17th", "place", 17.0, "rank", "기사에 따르면 17th (17위)입니다 [1]."),
        ("No. 1", "place", 1.0, "rank", "기사에 따르면 No. 1 (1위)입니다 [1]."),
        ("top 10", "top", 10.0, "rank", "기사에 따르면 top 10 (10위권)입니다 [1]."),
        # Written in words, a rank still gets its Korean form: the guard checks "3위" against
        # the rank the quote states, not against its digits.
        ("ranked third", "place", 3.0, "rank", "기사에 따르면 ranked third (3위)입니다 [1]."),
    ],
)
def test_figure_line(lead: str, unit: str, value: float, kind: str, line: str) -> None:
    assert figure_line(lead, unit, value, kind) == line


# Every currency Tally reads, written the Korean way, and counts with the counter their noun
# takes; a noun without one gets the number alone, and a small number without one nothing.
@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("3.5 billion dollars", "35억 달러"),
        ("150 million euros", "1억 5천만 유로"),
        ("2.2 trillion won", "2조 2천억 원"),
        ("£40 million", "4천만 파운드"),
        ("¥1.2 trillion", "1조 2천억 엔"),
        ("30 billion yuan", "300억 위안"),
        ("1.5 billion rupees", "15억 루피"),
        ("CHF 250 million", "2억 5천만 스위스 프랑"),
        ("HK$3.2 billion", "32억 홍콩달러"),
        ("A$5 million", "500만 호주달러"),
        ("C$12 million", "1,200만 캐나다달러"),
        ("S$800 million", "8억 싱가포르달러"),
        ("NZ$20 million", "2천만 뉴질랜드달러"),
        ("R$1 billion", "10억 헤알"),
        ("2 billion pesos", "20억 페소"),
        ("7 billion rand", "70억 랜드"),
        ("10 billion lira", "100억 리라"),
        ("4 billion riyals", "40억 리얄"),
        ("9 million dirhams", "900만 디르함"),
        ("5 billion roubles", "50억 루블"),
        ("$7.20", "7.2달러"),
        ("45 percent", "45%"),
        ("2.5 percentage points", "2.5%p"),
        ("200,000 people", "20만 명"),
        ("10.5 million passengers", "1,050만 명"),
        ("600 athletes", "600명"),
        ("27 countries", "27개국"),
        ("1.2 million vehicles", "120만 대"),
        ("12 ships", "12척"),
        ("3,000 homes", "3,000채"),
        ("230 metres", "230미터"),
        ("9,317 feet", "9,317피트"),
        ("1.5 million widgets", "150만"),
        ("45 degrees", "45도"),
        ("1.5 degrees Celsius", "섭씨 1.5도"),
        ("98.6 degrees Fahrenheit", "화씨 98.6도"),
        ("ranked 17th", "17위"),
        ("finished second", "2위"),
        ("top 10", "10위권"),
        ("12 widgets", None),
        ("about a third", None),
    ],
)
def test_korean_form_of_every_currency_and_unit(text: str, form: str | None) -> None:
    [figure] = extract_figures(text)
    assert korean_form(figure.value, figure.unit, figure.kind) == form


def test_every_currency_has_korean_words() -> None:
    assert set(CURRENCY_NAMES) <= set(korean.CURRENCY_NAMES)
    assert set(CURRENCY_NAMES) <= set(korean._CURRENCY_UNITS)


def _stated(quote: str, lead: str, figures: list[AnswerFigure] | None = None) -> Answer:
    citation = Citation(1, "corpus/a.md", "T", "O", "", 3, quote, 0.8)
    return Answer("q", lead, figures=figures or [], citations=[citation])


@pytest.mark.parametrize(
    ("quote", "lead", "unsupported"),
    [
        ("It costs 3.5 billion dollars.", "3.5 billion dollars (35억 달러)", []),
        ("It costs 3.5 billion dollars.", "3.5 billion dollars (36억 달러)", ["36억"]),
        ("It costs 150 million euros.", "150 million euros (1억 5천만 유로)", []),
        ("It costs 150 million euros.", "150 million euros (1억 6천만 유로)", ["1억 6천만"]),
        ("About 200,000 people fled.", "200,000 people (20만 명)", []),
        ("About 200,000 people fled.", "200,000 people (2만 명)", ["2만"]),
        ("It carried 10.5 million passengers.", "10.5 million passengers (1,050만 명)", []),
        (
            "It carried 10.5 million passengers.",
            "10.5 million passengers (1,500만 명)",
            ["1,500만"],
        ),
        ("It costs 3.5 billion dollars.", "3.5 billion dollars (3.5.1억 달러)", ["3.5.1억"]),
        ("She finished 17th.", "17th (17위)", []),
        ("She finished 17th.", "17th (18위)", ["18"]),
        ("It is among the top 10 openings.", "top 10 (10위권)", []),
        ("It ranked first for four years.", "ranked first (1위)", []),
        ("It ranked first for four years.", "ranked first (2위)", ["2"]),
        ("It finished second.", "finished second (2위권)", ["2"]),  # second place, not top two
        ("It finished ahead of two rivals.", "2위", ["2"]),  # a two that is no rank
        ("It is among the top ten.", "top ten (10위권)", []),
        # Counts and durations written in words, read whole: "five years" is 5년, no other.
        ("It runs over the next five years.", "over the next five years (5년)", []),
        ("It runs over the next five years.", "over the next five years (6년)", ["6"]),
        ("It runs over the next five years.", "over the next five years (5개월)", ["5"]),
        ("It runs over the next five years.", "5명", ["5"]),  # five years, not five people
        ("It runs for twenty-five years.", "five years (5년)", ["5"]),  # not its "five"
        ("It runs for twenty-five years.", "twenty-five years (25년)", []),
        ("Some seventeen people fled.", "seventeen people (17명)", []),
        ("Some seventeen people fled.", "seventeen people (7명)", ["7"]),
        ("A five-year plan.", "5년", []),
        ("They stayed three months.", "three months (3개월)", []),
        ("It costs five dollars.", "5년", ["5"]),  # a word number of no counted unit
        ("The slope is 100% or 45 degrees.", "45 degrees (45도)", []),
        ("The slope is 100% or 45 degrees.", "45 degrees (46도)", ["46"]),
        ("It warmed by five degrees.", "five degrees (5도)", []),
        ("It warmed by five degrees.", "five degrees (6도)", ["6"]),
        ("It passed 51-50.", "51-50 (51 대 50)", []),
        ("It passed 51-50.", "51-50 (51 대 49)", ["49"]),
        ("It is 1.5 degrees Celsius.", "1.5 degrees Celsius (섭씨 1.5도)", []),
        ("It is 1.5 degrees Celsius.", "1.5 degrees Celsius (섭씨 2.5도)", ["2.5"]),
        # Both ends of a change, each stated.
        ("It rose from 40 percent to 50 percent.", "from 40 percent to 50 percent (40% → 50%)", []),
        (
            "It rose from 40 percent to 50 percent.",
            "from 40 percent to 50 percent (40% → 60%)",
            ["60"],
        ),
    ],
)
def test_guard_checks_korean_numbers_of_any_unit(
    quote: str, lead: str, unsupported: list[str]
) -> None:
    assert unsupported_numbers(_stated(quote, f"기사에 따르면 {lead}입니다 [1].")) == unsupported


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("over the next five years", [(5.0, ("years",))]),
        ("over the next twenty-five years", [(25.0, ("years",))]),
        ("Forty two new homes", [(42.0, ("new", "homes"))]),
        ("one hundred people", [(100.0, ("people",))]),
        ("a five-year plan", [(5.0, ("year", "plan"))]),
        ("seventeen, sixty and six", [(17.0, ()), (60.0, ("and", "six")), (6.0, ())]),
        ("someone, often, tent, fiftyish", []),
        ("a dozen eggs, 5 years", []),
    ],
)
def test_word_numbers_are_read_whole(text: str, found: list[tuple[float, tuple[str, ...]]]) -> None:
    assert korean.word_numbers(text) == found


def test_guard_accepts_a_korean_year() -> None:
    answer = replace(_answer("기사에 따르면 2024년입니다 [1]."), figures=[])
    assert unsupported_numbers(answer) == []
    assert unsupported_numbers(replace(answer, lead="기사에 따르면 2025년입니다 [1].")) == ["2025"]


def test_korean_reply_renders_for_telegram_within_the_utf16_limit() -> None:
    from bot.telegram_format import html_to_text, render_answer, split_html, utf16_len

    lead = "기사에 따르면 86.4 billion won in 2024 (864억 원)입니다 [1]."
    answer = replace(_answer(lead), emphasis="86.4 billion won")
    markup = render_answer(answer)
    assert "<b>86.4 billion won</b>" in markup and "864억 원" in markup
    long = replace(answer, lead=lead + " 보스턴" * 1500)
    parts = split_html(render_answer(long), limit=4096)
    assert len(parts) > 1 and all(utf16_len(html_to_text(p)) <= 4096 for p in parts)


@pytest.mark.parametrize(
    ("question", "nouns", "absent"),
    [
        ("구조된 난민은 몇 명인가요?", {"refugees", "passengers", "victims"}, {"ships"}),
        ("몇 척이 침몰했나요?", {"ships", "vessels", "boats"}, {"people"}),
        ("난민은 어디로 갔나요?", set(), {"refugees"}),
    ],
)
def test_counted_nouns(question: str, nouns: set[str], absent: set[str]) -> None:
    words = set(counted_nouns(question).split())
    assert nouns <= words and not absent & words


@pytest.mark.parametrize(
    ("question", "not_people"),
    [("일회용 컵은 몇 개 정도예요?", True), ("공장은 몇 곳인가요?", True),
     ("몇 명이 죽었나요?", False), ("몇 살이었나요?", False), ("모두 몇이에요?", False)],
)  # fmt: skip
def test_a_counter_that_never_counts_people(question: str, not_people: bool) -> None:
    assert read_question(question).not_people is not_people


@pytest.mark.parametrize(
    ("question", "total"),
    [("네덜란드 의회의 전체 의석수는 몇 석인가요?", True), ("기업은 모두 몇 곳이에요?", True),
     ("총 예산은 얼마예요?", True), ("총리 이름이 뭐예요?", False), ("예산은 얼마예요?", False)],
)  # fmt: skip
def test_a_korean_question_that_asks_for_a_whole(question: str, total: bool) -> None:
    assert read_question(question).total is total


def test_a_month_a_korean_question_dates_by_is_the_month_an_english_text_names() -> None:
    want = read_question("3월에 브뤼셀에서 행진한 철강 노동자는 몇 명이었어요?")
    assert want.numbers == ("3월",) and want.dates == ("3월",)
    assert "3월" in numbers("In March, about 5,000 steelworkers marched in Brussels.")
    assert "3월" not in numbers("About 5,000 steelworkers marched, 3 of them arrested.")
    assert read_question("2015년 1월 이후 잃은 영토는?").numbers == ("2015", "1월")


def test_how_long_asked_with_orae_is_a_duration() -> None:
    assert read_question("독일 독자들은 오스터를 얼마나 오래 좋아해 왔어요?").kind == "duration"


@pytest.mark.parametrize(
    ("question", "currency"),
    [
        ("홍콩 시가총액 유로로는 얼마야?", "EUR"),
        ("파운드로 얼마예요?", "GBP"),
        ("엔화로는?", "JPY"),
        ("위안화로 치면요?", "CNY"),
        ("몇 유로야?", "EUR"),
        ("달러로는?", "USD"),
        ("원화로는?", "KRW"),
        ("유엔으로 보낸 돈은 얼마야?", ""),  # the UN, not the yen
        ("예산은 얼마예요?", ""),
    ],
)
def test_a_korean_question_asks_in_any_currency_the_language_names(
    question: str, currency: str
) -> None:
    assert korean_currency(question) == currency


def test_how_much_longer_to_wait_is_a_duration_and_notches_are_counted() -> None:
    # "얼마나 더 미룰" (how much longer to put off) asks a span of time, not an amount
    assert read_question("총리는 발동을 얼마나 더 미룰 것 같대요?").kind == "duration"
    assert read_question("완공까지 얼마나 걸려요?").kind == "duration"
    assert read_question("예산은 얼마나 더 늘었어요?").kind != "duration"
    # "몇 단계" counts steps or notches, as news text writes them
    assert "notch" in read_question("정크보다 몇 단계 위예요?").asked


def test_a_korean_who_question_takes_the_role_beside_a_name_from_the_next_article(
    tmp_path: Path,
    embedder,  # type: ignore[no-untyped-def]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "trade.md").write_text(
        '---\ntitle: "Trade"\n---\n\nXue Rongjiu, deputy director of a Beijing centre, said'
        " China would answer.\n\nThe complaint was filed on Monday.\n"
    )
    (corpus / "video.md").write_text(
        '---\ntitle: "Video"\n---\n\nChinese Foreign Ministry spokesman Geng Shuang said China'
        " opposed the video.\n\nThe video was posted on Monday.\n"
    )
    build_index(corpus, tmp_path / "index", embedder)
    retriever = Retriever(load_store(tmp_path / "index"), embedder)
    answerer = Answerer(retriever)
    found = retriever.search("China said Monday").sentences
    question = "중국 외교부 대변인 이름이 뭐예요?"
    trade_first = sorted(found, key=lambda s: s.chunk.article_id != "trade.md")
    said = answerer._who_said(question, trade_first, retriever)
    assert said is not None and "Geng Shuang" in said.text  # the role asked, beside a name
    # where no article gives the role beside a name, the best article's person answers
    said = answerer._who_said("중국 측 인사는 누구예요?", trade_first, retriever)
    assert said is not None and "Xue Rongjiu" in said.text


def test_a_korean_who_question_prefers_the_person_beside_the_words_it_writes_in_latin(
    tmp_path: Path,
    embedder,  # type: ignore[no-untyped-def]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "firm.md").write_text(
        '---\ntitle: "Firm"\n---\n\nHe cites the firm\'s work with Li Wei, a one-time rival, on'
        " a second project.\n\nZhang Tao, CEO of the engineering subsidiary, said the plant"
        " would open in May.\n"
    )
    build_index(corpus, tmp_path / "index", embedder)
    retriever = Retriever(load_store(tmp_path / "index"), embedder)
    answerer = Answerer(retriever)
    found = retriever.search("engineering subsidiary plant").sentences
    for question in ("엔지니어링 자회사의 CEO는 누구예요?", "엔지니어링 자회사의 ceo는 누구예요?"):
        said = answerer._who_said(question, found, retriever)
        assert said is not None and "Zhang Tao" in said.text
    assert latin_words_written("IOM 대변인은?", "IOM spokesman Joel Millman said") == 1.0
    assert latin_words_written("IOM 대변인은?", "A spokesman, Joel Millman, said") == 0.0
    assert latin_words_written("대변인은?", "IOM spokesman Joel Millman said") == 0.0
    # an acronym is written when its words are spelled out
    fellow = "Jeffrey Rathke, a senior fellow at the Center for Strategic & International Studies"
    assert latin_words_written("CSIS 선임연구원은?", fellow) == 1.0
    assert latin_words_written("CSIS 선임연구원은?", "a senior fellow at the Centre") == 0.0
