"""Example questions for the front ends, built from the indexed corpus itself: a figure's
sentence gives "How much goes to ...?", the first article's title gives a question about it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from index.chunking import Chunk
from index.figures import CURRENCY_SUFFIX, SCALES, Figure
from index.lexical import STOPWORDS

# Only the opening paragraphs of an article: what it leads with makes the clearest example.
LEAD_PARAGRAPHS = 3
# What the amount goes to, right after it: "52.7 billion won in 2024 in the X project".
_PURPOSE = re.compile(
    r"^(?:\s*\([^)]*\))?(?:\s*(?:in|for|by) (?:19|20)\d{2})?\s*(?:in|for|to|on|into) "
    r"(?P<what>(?:(?:the|a|an) )?[A-Za-z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,3})"
)
# Words that end the phrase: a clause or a second complement starts there.
_PHRASE_END = frozenset(
    "and or but that which who with by to for in on of from at as while during over under "
    "across among between through focused aimed designed".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
# Words too general to be what an article is about: reporting verbs, and the units of figures.
_GENERAL = (
    frozenset("said says told according also would could just like year years percent".split())
    | frozenset(SCALES)
    | frozenset(CURRENCY_SUFFIX)
)


@dataclass(frozen=True)
class Examples:
    """Example questions in English and in Korean, best first; empty for an empty corpus."""

    english: tuple[str, ...] = ()
    korean: tuple[str, ...] = ()

    def first(self, korean: bool = False) -> str | None:
        """The first example in the language asked for, if any."""
        found = self.korean if korean else self.english
        return found[0] if found else None


def example_questions(chunks: Sequence[Chunk], figures: Sequence[Figure]) -> Examples:
    """Up to two examples per language: "How much goes to the X project?" from an amount in a
    lead paragraph, and a question about the first article's title."""
    english: list[str] = []
    korean: list[str] = []
    purpose = _amount_purpose(chunks, figures)
    if purpose is not None:
        english.append(f"How much goes to {purpose}?")
        korean.append(f"{_without_article(purpose)} 금액은 얼마인가요?")
    if chunks:
        title = chunks[0].title.strip()
        topic = _key_word(chunks, title)
        if title and topic:
            english.append(f'What does "{title}" say about {topic}?')
        if title:
            korean.append(f'"{title}" 기사의 핵심 내용은 무엇인가요?')
    return Examples(tuple(english[:2]), tuple(korean[:2]))


def _amount_purpose(chunks: Sequence[Chunk], figures: Sequence[Figure]) -> str | None:
    """What the first lead-paragraph amount that says so is for: "the harbour bridge project"."""
    by_id = {c.id: c for c in chunks}
    order = {c.id: n for n, c in enumerate(chunks)}
    money = [f for f in figures if f.kind == "money" and f.chunk_id in by_id]
    for figure in sorted(money, key=lambda f: (by_id[f.chunk_id].paragraph, order[f.chunk_id])):
        chunk = by_id[figure.chunk_id]
        if chunk.paragraph > LEAD_PARAGRAPHS:
            continue
        match = _PURPOSE.match(chunk.text[figure.end - chunk.start :])
        phrase = _trim(match.group("what")) if match else ""
        if len(phrase.split()) >= 2 or phrase[:1].isupper():
            return phrase
    return None


def _trim(phrase: str) -> str:
    """The phrase up to the word that starts another clause: "industrial clusters focused on
    AI" -> "industrial clusters"."""
    words = phrase.split()
    for n, word in enumerate(words[1:], 1):
        if word.lower() in _PHRASE_END:
            words = words[:n]
            break
    return " ".join(words).rstrip(",.;:")


def _without_article(phrase: str) -> str:
    return re.sub(r"^(the|a|an) ", "", phrase, flags=re.I)


def _key_word(chunks: Sequence[Chunk], title: str) -> str | None:
    """The first article's most frequent content word that its title does not already use."""
    article = chunks[0].article_id
    text = " ".join(c.text for c in chunks if c.article_id == article)
    in_title = {w.lower() for w in _WORD.findall(title)}
    words = [w for w in _WORD.findall(text) if w.lower() not in STOPWORDS | _GENERAL | in_title]
    counts = Counter(w.lower() for w in words)
    spelling = {w.lower(): w for w in reversed(words)}  # as first written: "China", "spillway"
    # Ties go to the word met first, so the choice is the same on every run.
    return spelling[max(counts, key=lambda w: counts[w])] if counts else None
