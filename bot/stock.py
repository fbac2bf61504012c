"""What the front ends say, in the user's language: stock texts kept as data in
bot/lang/en.json and bot/lang/ko.json ("stock"), and how the language is chosen."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bot.korean import is_korean
from bot.lang_data import lang_data

LANGUAGES = ("en", "ko")
STOCK: dict[str, dict[str, Any]] = {lang: lang_data(lang)["stock"] for lang in LANGUAGES}
# Greetings and thanks, by language: "hello", "thanks", "안녕하세요" (bot/lang/*.json).
SMALL_TALK: dict[str, dict[str, frozenset[str]]] = {
    language: {kind: frozenset(words) for kind, words in lang_data(language)["smalltalk"].items()}
    for language in LANGUAGES
}
# Kana, or Han characters with no Hangul: Japanese or Chinese, which Tally does not answer in.
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")


def say(key: str, language: str = "en", **values: Any) -> str:
    """The stock text `key` in `language` ("en" or "ko"), filled in: say("reset", "ko") ->
    "대화를 지웠습니다. 새 질문을 해 주세요."."""
    text: str = STOCK.get(language, STOCK["en"])[key]
    return text.format(**values) if values else text


def commands(language: str = "en") -> dict[str, str]:
    """The bot's command descriptions in `language`, by command."""
    return dict(STOCK.get(language, STOCK["en"])["commands"])


def user_language(code: str | None) -> str:
    """The language to speak to a Telegram user: "ko" for "ko" or "ko-KR", else "en"."""
    return "ko" if (code or "").lower().startswith("ko") else "en"


def language_of(text: str, fallback: str = "en") -> str:
    """The language to reply to `text` in: "ko" with Hangul, "en" with Latin letters, else
    `fallback` (digits or signs alone say nothing): "1234?" -> fallback."""
    if is_korean(text):
        return "ko"
    return "en" if _LATIN.search(text) else fallback


def third_language(text: str) -> bool:
    """Whether `text` is written in a language Tally does not answer in: no Hangul, and kana,
    or more letters of other scripts (Han, Cyrillic, Arabic, Greek ...) than Latin ones.
    "東京の予算は?" and "Какой бюджет?" -> True, "What did 北京 spend?" -> False."""
    if text.isascii() or is_korean(text):
        return False  # plain ASCII is English or signs: no letter of another script to count
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if _is_latin(c))
    return bool(_KANA.search(text)) or len(letters) - latin > latin


def _is_latin(letter: str) -> bool:
    """A letter of the Latin script, accented ones included ("é", "ł")."""
    return unicodedata.name(letter, "").startswith("LATIN")


def small_talk(text: str) -> str:
    """ "greeting" or "thanks" when the whole message is one ("Hi!", "thanks 🙂", "감사합니다"),
    else ""."""
    said = " ".join(re.findall(r"[^\W_]+", text.lower()))
    for kinds in SMALL_TALK.values():
        for kind, words in kinds.items():
            if said in words:
                return kind
    return ""
