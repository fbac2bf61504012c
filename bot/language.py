"""Languages plug in here, through one small interface: whether a text is in the language, how
a question in it is read, and what Tally says in it. English and Korean today; each keeps its
words as data beside the code (bot/lang/en.json, bot/lang/ko.json)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bot import korean, stock
from bot.question import Want, read_english, read_korean


class Language(Protocol):
    """A language Tally reads questions in and answers in."""

    @property
    def code(self) -> str:
        """Its ISO 639-1 code: "en", "ko"."""
        ...

    def detects(self, text: str) -> bool:
        """Whether `text` is written in this language."""
        ...

    def read(self, question: str) -> Want:
        """What a question in this language asks for."""
        ...

    def say(self, key: str, **values: Any) -> str:
        """A stock text in this language, filled in."""
        ...


@dataclass(frozen=True)
class _Spoken:
    code: str
    detect: Callable[[str], bool]
    reader: Callable[[str], Want]

    def detects(self, text: str) -> bool:
        return self.detect(text)

    def read(self, question: str) -> Want:
        return self.reader(question)

    def say(self, key: str, **values: Any) -> str:
        return stock.say(key, self.code, **values)


KOREAN: Language = _Spoken("ko", korean.is_korean, read_korean)
ENGLISH: Language = _Spoken("en", lambda text: True, read_english)
# Tried in order: the first language that detects a text reads it; English takes the rest.
LANGUAGES: tuple[Language, ...] = (KOREAN, ENGLISH)


def read_question(question: str) -> Want:
    """Classify a question in the language it is written in:
    "How much for the harbour bridge?" -> Want(kind="money", ...)."""
    question = korean.normalise(question)
    return language_of(question).read(question)


def language_of(text: str) -> Language:
    """The language a question is read in: "예산은 얼마?" -> KOREAN, anything else ENGLISH."""
    return next(language for language in LANGUAGES if language.detects(text))
