"""Tally speaks the user's language: Telegram by the user's language_code (or the question's),
the shell by the question's or the locale's; odd input gets a reply the user can read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.shell import Shell, locale_language
from bot.stock import STOCK, language_of, say, small_talk, third_language, user_language
from bot.telegram import KOREAN_COMMANDS
from bot.telegram_format import html_to_text
from bot.telegram_memory import ChatMemory
from index.retrieval import Retriever
from index.store import build_index, load_store
from tests.botapi_server import BotApiServer
from tests.test_telegram import GROUP, TITLE, Scripted, replies, running

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

OTHER_LANGUAGE = (
    "Tally answers in English and Korean: please ask in one of them. Tally는 영어와 한국어로 "
    "답합니다. 두 언어 중 하나로 질문해 주세요."
)


def test_every_stock_text_is_in_both_languages() -> None:
    assert STOCK["en"].keys() == STOCK["ko"].keys()
    assert STOCK["en"]["commands"].keys() == STOCK["ko"]["commands"].keys()
    for key, text in STOCK["ko"].items():
        if isinstance(text, str) and key != "other_language":
            assert text != STOCK["en"][key], key


@pytest.mark.parametrize(
    ("code", "language"),
    [("ko", "ko"), ("ko-KR", "ko"), ("KO", "ko"), ("en", "en"), ("ja", "en"), (None, "en")],
)
def test_user_language(code: str | None, language: str) -> None:
    assert user_language(code) == language


@pytest.mark.parametrize(
    ("text", "fallback", "language", "third"),
    [
        ("보스턴 예산은?", "en", "ko", False),
        ("Boston 2024 예산은 얼마?", "en", "ko", False),  # Hangul, Latin and digits
        ("ㅋㅋㅋ", "en", "ko", False),  # stray jamo
        ("How much?", "ko", "en", False),
        ("１２３４?", "ko", "ko", False),  # digits alone say nothing: the user's language
        ("ボストンの予算はいくらですか?", "en", "en", True),
        ("波士顿项目的预算是多少?", "ko", "ko", True),
        ("What did 北京 spend?", "en", "en", False),
        ("北京에 얼마를 썼나요?", "en", "ko", False),  # Hanja in Korean
        ("Какой бюджет у проекта?", "en", "en", True),  # Cyrillic
        ("ما هو المبلغ؟", "ko", "ko", True),  # Arabic
        ("Πόσο κοστίζει;", "en", "en", True),  # Greek
        ("How much did Sinn Féin win in Łódź?", "en", "en", False),  # accented Latin
    ],
)
def test_language_of_a_question(text: str, fallback: str, language: str, third: bool) -> None:
    assert language_of(text, fallback) == language
    assert third_language(text) is third


# The answer core: the hint for input it cannot take, in a language the user reads -----------


@pytest.fixture
def answerer(corpus_dir: Path, tmp_path: Path, embedder) -> Answerer:  # type: ignore[no-untyped-def]
    build_index(corpus_dir, tmp_path / "index", embedder)
    return Answerer(Retriever(load_store(tmp_path / "index"), embedder))


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("ボストン・コリア事業の予算はいくらですか?", OTHER_LANGUAGE),
        ("波士顿-韩国项目的预算是多少?", OTHER_LANGUAGE),
        ("1.2.3억 원은 어디에 쓰이나요?",
         "질문의 숫자를 읽을 수 없습니다: 1.2.3억 원. 숫자를 다시 써 주세요."),
        ("What is 1.2.3 billion won for?",
         "I could not read the figure 1.2.3; please write it again."),
        ("가" * 1001, "질문이 1,001자입니다. 1,000자 이내로 줄여 주세요. (That question is 1,001 "
                      "characters long; please keep it under 1,000.)"),
        ("a" * 1001, "That question is 1,001 characters long; please keep it under 1,000."),
    ],
)  # fmt: skip
def test_input_tally_cannot_take_gets_a_hint_it_can_read(
    answerer: Answerer, question: str, lead: str
) -> None:
    answer = answerer.ask(question)
    assert answer.abstained and answer.lead == lead


@pytest.mark.parametrize(
    "question",
    ["Boston-Korea 프로젝트 2024 예산?", "ㅋㅋㅋ ㅎ ㅏ", "보스턴ㅋ 예산 ㅠㅠ?",
     "１．８조 원은 어디에 쓰이나요?", "예산은 ８６４억 원인가요?", "ㄱ"],
)  # fmt: skip
def test_odd_korean_gets_a_korean_reply(answerer: Answerer, question: str) -> None:
    lead = answerer.ask(question).lead
    assert lead.startswith(("기사에", "질문의")), lead


# Telegram: a user whose Telegram is in Korean ------------------------------------------------

KO_STOCK = [
    ("/sources", "아직 출처가 없습니다. 먼저 질문해 주세요."),
    ("/reset", "대화를 지웠습니다. 새 질문을 해 주세요."),
    ("/bogus", "/bogus은(는) 없는 명령어입니다. /help에 명령어 목록이 있습니다."),
    ("/articles x", "기사 목록 첫 쪽은 /articles, 2쪽은 /articles 2를 보내 주세요."),
    ("/articles", f"기사 1건 중 1–1\n\n1. {TITLE}"),
    ("/remove 1", "이 봇에서는 기사를 추가할 수 없습니다."),
    ("/start", "Tally는 뉴스 기사에 대한 질문에 정확한 수치와 출처로 답합니다.\n\n"
               f"아는 기사는 1건입니다:\n• {TITLE}\n\n/help에 명령어 목록이 있습니다."),
    ("/help", html_to_text(STOCK["ko"]["help"])),
    ("/about", html_to_text(STOCK["ko"]["about"])),
]  # fmt: skip


@pytest.mark.parametrize("code", ["ko", "ko-KR"])
async def test_a_korean_user_gets_every_stock_message_in_korean(
    server: BotApiServer, tmp_path: Path, code: str
) -> None:
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}  # fmt: skip
    async with running(server, Scripted(), tmp_path):
        for text, _ in KO_STOCK:
            server.message(42, text, language_code=code)
        server.message(42, "", sticker=sticker, language_code=code)
        got = await replies(server, 42, len(KO_STOCK) + 1)
    assert got == [reply for _, reply in KO_STOCK] + [
        "글자만 읽을 수 있습니다. 기사에 대해 글로 질문해 주세요. /start에 예시가 있고 /help에 "
        "명령어가 있습니다."
    ]
    assert got[-3].startswith("기사에 대해 평소 말로 질문하세요")  # /help


async def test_commands_are_described_in_korean_beside_the_default(
    server: BotApiServer, tmp_path: Path
) -> None:
    async with running(server, Scripted(), tmp_path):
        pass
    default, korean = server.calls_of("setMyCommands")
    assert "language_code" not in default.params
    assert korean.params["language_code"] == "ko"
    assert [c["command"] for c in korean.params["commands"]] == [
        c["command"] for c in default.params["commands"]
    ]
    start = {"command": "start", "description": "Tally가 아는 것과 질문 예시"}
    assert server.commands_in["ko"][0] == start
    assert [c.command for c in KOREAN_COMMANDS] == [c["command"] for c in server.commands or []]


async def test_an_english_user_still_gets_english(server: BotApiServer, tmp_path: Path) -> None:
    async with running(server, Scripted(), tmp_path):
        server.message(42, "/reset", language_code="en")
        server.message(43, "/reset")
        got = await replies(server, 42, 1) + await replies(server, 43, 1)
    assert got == ["Conversation cleared. Ask a new question."] * 2


async def test_korean_user_gets_korean_apology_refusal_and_mention_hint(
    server: BotApiServer, tmp_path: Path
) -> None:
    mention = [{"type": "mention", "offset": 0, "length": 15}]
    async with running(server, Scripted(error=RuntimeError("boom")), tmp_path,
                       telegram_allowed_ids=[GROUP]):  # fmt: skip
        server.message(GROUP, "@tally_test_bot", chat_type="supergroup", entities=mention,
                       language_code="ko")  # fmt: skip
        server.message(GROUP, "@tally_test_bot 예산은?", chat_type="supergroup",
                       entities=mention, language_code="ko")  # fmt: skip
        server.message(7, "예산은?", language_code="ko")
        group = await replies(server, GROUP, 2)
        private = await replies(server, 7, 1)
    assert group == [
        "기사에 대해 질문해 주세요.",
        "죄송합니다. 답하는 중에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.",
    ]
    assert private == ["죄송합니다. 이 Tally 봇은 비공개라서 설정된 사람과 대화방에만 답합니다."]


@pytest.mark.slow
async def test_replies_to_questions_follow_the_question_language(
    server: BotApiServer, tmp_path: Path, real_answerer: Answerer
) -> None:
    """A Korean user asking in English gets English; a Japanese question gets the note."""
    async with running(server, ChatMemory(real_answerer, tmp_path / "s.json"), tmp_path):
        server.message(42, "How much is the Boston-Korea project getting?", language_code="ko")
        await replies(server, 42, 1, timeout=60)
        server.message(42, "ボストンの予算はいくらですか?", language_code="ko")
        english, note = await replies(server, 42, 2, timeout=60)
    assert english.startswith("86.4 billion won in 2024 [1].")
    assert note == OTHER_LANGUAGE


# The shell -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_MESSAGES": "ko_KR"}, "ko"),
        ({}, "en"),
    ],
)
def test_locale_language(environ: dict[str, str], language: str) -> None:
    assert locale_language(environ) == language


def test_shell_speaks_the_locale_then_the_question_language(answerer: Answerer) -> None:
    out = io.StringIO()
    shell = Shell(answerer, out, language="ko")
    shell.greet()
    for line in ["/reset", "/sources", "/nope", "How much is the Boston-Korea project?",
                 "/reset", "보스턴 예산은?", "/reset"]:  # fmt: skip
        shell.handle(line)
    said = out.getvalue().split("\n\n")
    example = answerer.examples.first()
    assert said[0] == (
        "Tally는 기사에 대한 질문에 정확한 수치와 출처로 답합니다.\n"
        f'예: "{example}" /help를 입력하면 명령어가 나옵니다.\n대화를 지웠습니다.'
    )
    assert said[1:3] == [
        "아직 출처가 없습니다. 먼저 질문해 주세요.",
        "/nope은(는) 없는 명령어입니다. /help를 입력하면 목록이 나옵니다.",
    ]
    english = said.index("Conversation cleared.")  # after the English answer
    assert said[english - 1].startswith("[1] ") and said[-2:] == ["대화를 지웠습니다.", ""]


def test_shell_help_in_korean(answerer: Answerer) -> None:
    out = io.StringIO()
    Shell(answerer, out, language="ko").handle("/help")
    example = answerer.examples.first()
    assert out.getvalue() == (
        f'기사에 대해 질문해 주세요. 예: "{example}".\n  /sources  마지막 답의 전체 출처\n'
        "  /reset    대화 지우기\n  /help     이 도움말\n  /quit     나가기 (또는 Ctrl-D)\n\n"
    )
    assert json.dumps(say("shell_help", "ko", hint=""))  # a template that fills


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hello!", "greeting"),
        ("hi there 👋", "greeting"),
        ("Thanks a lot.", "thanks"),
        ("ok", "thanks"),
        ("안녕하세요?", "greeting"),
        ("감사합니다 🙂", "thanks"),
        ("Hi, how much is the budget?", ""),  # a question that greets is a question
        ("thanks to whom was the plan approved?", ""),
    ],
)
def test_small_talk_is_answered_in_kind(text: str, kind: str) -> None:
    assert small_talk(text) == kind
