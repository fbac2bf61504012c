"""The bot's per-chat memory: bounded, saved as JSON, read back whole or not at all per chat."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.answer import Response
from bot.reply import Answer, AnswerFigure, Citation
from bot.telegram_memory import ChatMemory

CITATION = Citation(1, "corpus/a.md", "Title", "Outlet", "https://e.example/", 8, "Quote.", 0.83)


class Echo:
    """Stands in for the Answerer: one figure, one citation, the question echoed."""

    def respond(self, question: str, want: object = None, source: str = "") -> Response:
        figure = AnswerFigure("86.4 billion won", 86.4e9, "KRW", "money")
        return Response(Answer(question, f"86.4 billion won [1]. ({question})", "86.4 billion won",
                               figures=[figure], citations=[CITATION]))  # fmt: skip


def memory(path: Path, max_chats: int = 10_000) -> ChatMemory:
    return ChatMemory(Echo(), path, max_chats)  # type: ignore[arg-type]


def test_last_answers_survive_a_restart_as_plain_json(tmp_path: Path) -> None:
    path = tmp_path / "var" / "state.json"
    first = memory(path)
    asked = first.answer(42, "How much goes to the Boston-Korea project?")
    first.answer(-100, '<b>&"</b>')
    first.reset(-100)
    first.save()
    data = json.loads(path.read_text())
    assert data["format"] == 2 and list(data["chats"]) == ["42"]
    assert memory(path).last(42) == asked
    assert memory(path).last(-100) is None
    assert [p.name for p in (tmp_path / "var").iterdir()] == ["state.json"]  # no temp file left


def test_follow_up_context_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first = memory(path)
    first.answer(42, "How much is going to the Boston-Korea project?")
    first.save()
    again = memory(path).answer(42, "And in dollars?")
    assert again.question == "And in dollars?"
    assert again.standalone == "How much is going to the Boston-Korea project in dollars?"


def test_only_the_most_recent_chats_are_kept(tmp_path: Path) -> None:
    chats = memory(tmp_path / "state.json", max_chats=3)
    for chat in [1, 2, 3, 1, 4]:
        chats.answer(chat, f"q{chat}")
    assert [chats.last(c) is not None for c in [1, 2, 3, 4]] == [True, False, True, True]


def test_nothing_to_save_writes_nothing(tmp_path: Path) -> None:
    memory(tmp_path / "state.json").save()
    assert not (tmp_path / "state.json").exists()


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        ("not json", "Ignoring the chat memory"),
        ('{"format": 99, "chats": {}}', "format 99, expected 2"),
        ('["a list"]', "Ignoring the chat memory"),
        ('{"format": 2, "chats": {"7": [{"lead": "no question"}]}}', "conversation of chat 7"),
        ('{"format": 2, "chats": {"x": []}}', "conversation of chat x"),
    ],
)
def test_a_damaged_memory_is_a_warning_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str, warning: str
) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)
    with caplog.at_level(logging.WARNING):
        chats = memory(path)
    assert chats.last(7) is None
    assert warning in caplog.text
