"""Input checks, all in one place: a question Tally cannot take gets a hint, never an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.reply import Answer

if TYPE_CHECKING:
    from bot.examples import Examples
    from bot.question import Want

MAX_QUESTION_CHARS = 1000


def clean(question: str) -> str:
    """The question with lone surrogates (undecodable bytes in an argument), which would break
    the tokenizer, replaced: "a\\udcffb" -> "a?b"."""
    return question.encode("utf-8", "replace").decode("utf-8")


def refusal(question: str, examples: Callable[[], Examples]) -> Answer | None:
    """The hint for a question (cleaned and stripped) that cannot be asked as written: empty,
    or longer than MAX_QUESTION_CHARS; None when it can be read. `examples` gives the corpus's
    example questions, built only when the hint needs one."""
    if not question:
        example = examples().first()
        hint = f', e.g. "{example}"' if example else ""
        return Answer(question, f"Ask a question about the articles{hint}.", abstained=True)
    if len(question) > MAX_QUESTION_CHARS:
        return Answer(
            question[:80] + "…",
            f"That question is {len(question):,} characters "
            f"long; please keep it under {MAX_QUESTION_CHARS:,}.",
            abstained=True,
        )
    return None


def unreadable(question: str, want: Want) -> Answer | None:
    """The hint for a question whose figures could not be read ("2조 억 원"), in its language;
    None when every figure was read."""
    if not want.unreadable:
        return None
    written = ", ".join(want.unreadable)
    if want.korean:
        lead = f"질문의 숫자를 읽을 수 없습니다: {written}. 숫자를 다시 써 주세요."
    else:
        lead = f"I could not read the figure {written}; please write it again."
    return Answer(question, lead, abstained=True)
