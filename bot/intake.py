"""Input checks, all in one place: a question Tally cannot take gets a hint, never an error."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.reply import Answer
from bot.stock import language_of, say, small_talk, third_language
from index.figures import malformed_numbers

if TYPE_CHECKING:
    from bot.examples import Examples
    from bot.question import Want

MAX_QUESTION_CHARS = 1000
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
# Hangul letters written alone, not as syllables: "ㅋㅋㅋ" (a laugh), "ㅠㅠ".
_JAMO = re.compile(r"[\u1100-\u11ff\u3131-\u318e]")
# A message that is one word or a phrase of up to REPEATED_UNIT words said REPEATS times or
# more ("budget budget budget", "how much how much how much"; a stuck key, a paste gone wrong)
# is no question: no question says its words over in the same order three times.
REPEATED_UNIT = 3
REPEATS = 3
SHOWN = 40  # characters of it the reply quotes back
_EDGES = "?!.,;:…\"'()“”‘’"  # what a word may be written between: "budget?", "(budget)"


def clean(question: str) -> str:
    """The question with lone surrogates (undecodable bytes in an argument), which would break
    the tokenizer, replaced: "a\\udcffb" -> "a?b"."""
    return question.encode("utf-8", "replace").decode("utf-8")


def refusal(question: str, examples: Callable[[], Examples]) -> Answer | None:
    """The hint, in the question's language, for a question (cleaned and stripped) that cannot
    be asked as written: empty or without a letter or digit ("???", "😀"), longer than
    MAX_QUESTION_CHARS, a greeting or thanks (answered in kind), a bare link, or in a language
    Tally does not answer in (a note in English and Korean); None when it can be read.
    `examples` gives the corpus's example questions, built only when the hint needs one."""
    if len(question) > MAX_QUESTION_CHARS:
        lead = say(
            "too_long", language_of(question), length=len(question), limit=MAX_QUESTION_CHARS
        )
        return Answer(question[:80] + "…", lead, abstained=True)
    if not any(c.isalnum() for c in question):  # empty, or only punctuation and emoji
        example = examples().first()
        hint = say("ask_hint", example=example) if example else ""
        return Answer(question, say("ask_something", hint=hint), abstained=True)
    if not any(c.isalnum() and not _JAMO.match(c) for c in question):
        # only stray jamo ("ㅋㅋㅋ", "ㅠㅠ"): a laugh or a sigh, no question; asked in Korean
        example = examples().first(True)
        hint = say("ask_hint", "ko", example=example) if example else ""
        return Answer(question, say("ask_something", "ko", hint=hint), abstained=True)
    talk = small_talk(question)
    if talk:  # "hello", "thanks": answered in kind, with an example to go on
        language = language_of(question)
        example = examples().first(language == "ko") if talk == "greeting" else ""
        hint = say("ask_hint", language, example=example) if example else ""
        return Answer(question, say(talk, language, hint=hint), abstained=True)
    if _LINK.fullmatch(question):
        return Answer(question, say("link_only", url=question), abstained=True)
    repeated = _repeated(question)
    if repeated:  # "budget budget budget ...": asked once, it is a question
        language = language_of(question)
        example = examples().first(language == "ko")
        hint = say("ask_hint", language, example=example) if example else ""
        lead = say("repeated", language, word=repeated, hint=hint)
        return Answer(question[:80] + ("…" if len(question) > 80 else ""), lead, abstained=True)
    if third_language(question):
        return Answer(question, say("other_language"), abstained=True)
    return None


def _repeated(question: str) -> str:
    """The word or phrase a message says over and over ("how much" for "how much how much how
    much"), a last repeat cut short allowed; "" for anything else."""
    words = [w for w in (w.strip(_EDGES).lower() for w in question.split()) if w]
    for unit in range(1, REPEATED_UNIT + 1):
        if len(words) < REPEATS * unit:
            break
        if all(word == words[i % unit] for i, word in enumerate(words)):
            return _shown(" ".join(words[:unit]))
    return ""


def bare_number(question: str) -> str:
    """The number a message that is only a number writes ("$3.5 billion?" -> "3.5"), as the
    reply may quote it back; "" for anything else."""
    if not _BARE_NUMBER.fullmatch(question):
        return ""
    digits = _DIGITS.search(question)
    return _shown(digits.group(0).rstrip(".,")) if digits else ""


def _shown(text: str) -> str:
    """`text` as a reply quotes it back: at most SHOWN characters."""
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


_DIGITS = re.compile(r"\d[\d,.]*")
# A message that is only a number, maybe with a currency sign, a percent sign or a scale word:
# "2017?", "$2.6bn", "45%", "3.5 billion".
_BARE_NUMBER = re.compile(
    r"\W*[$€£¥₩]?\d[\d,.]*\s*(?:%|percent|bn|m|k|million|billion|trillion)?\W*", re.IGNORECASE
)


def unreadable(question: str, want: Want) -> Answer | None:
    """The hint for a question whose figures could not be read ("2조 억 원"), in its language;
    None when every figure was read."""
    # and "1.2.3 billion", "5,00", "1,2345 원": numbers no figure can be read from
    malformed = (n for n in malformed_numbers(question) if n[0].isdigit())
    written = tuple(dict.fromkeys((*want.unreadable, *malformed)))
    if want.korean:  # "1.2.3억 원" read by the Korean reader already names "1.2.3"
        written = tuple(w for w in written if not any(w in u and w != u for u in written))
    if not written:
        return None
    language = "ko" if want.korean else "en"
    lead = say("unreadable", language, written=", ".join(written))
    return Answer(question, lead, abstained=True)
