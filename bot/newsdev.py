"""Sets in news-dev's format (tests/eval/news-dev/README.md): questions about a corpus of many
articles, each turn with the forms a right answer may take (`any`), the words its quote must
hold (`cite`) or `abstain`, and per question a split (`tune`, `check`) and a language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.evaluation import Case, fold
from index.corpus import Article, load_corpus
from index.errors import TallyError
from index.figures import extract_figures

QUESTIONS = "questions.jsonl"
# The set's kinds as evaluation.py counts them; the rest are read off the gold figure.
_KINDS = {
    "money": "money",
    "percent": "share",
    "count": "count",
    "date": "time",
    "duration": "time",
    "name": "name",
    "place": "place",
    "statement": "statement",
}
_FIGURE_KINDS = {"money": "money", "share": "share", "count": "count", "date": "time",
                 "duration": "time"}  # fmt: skip


def is_turn_set(path: Path) -> bool:
    """Whether `path` is a set in this format: a questions.jsonl beside a corpus folder."""
    return path.name == QUESTIONS and (path.parent / "corpus").is_dir()


def load_turn_set(path: Path, corpus_dir: Path | None = None) -> list[list[Case]]:
    """The set's questions as conversations of cases, checked against the articles they ask
    about; a bad line stops with the file and line named."""
    articles, _ = load_corpus(corpus_dir or path.parent / "corpus")
    by_slug = {Path(a.id).stem: a for a in articles}
    slugs = sorted(by_slug, key=len, reverse=True)  # "a-b-c" before "a-b"
    conversations = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            qid = row["id"]
            slug = next((s for s in slugs if str(qid).startswith(s + "-")), None)
            if slug is None:
                raise ValueError(f"id {qid!r} names no article of the corpus")
            conversations.append(_conversation(row, by_slug[slug]))
        except (ValueError, KeyError, TypeError) as exc:
            raise TallyError(f"{path}, line {number}: not a valid question ({exc}).") from None
    return conversations


def _conversation(row: dict[str, Any], article: Article) -> list[Case]:
    turns = row["turns"]
    if not isinstance(turns, list) or not turns:
        raise ValueError("turns must be a non-empty list")
    split, lang = row.get("split", ""), row.get("lang", "en")
    if split not in ("", "tune", "check") or lang not in ("en", "ko"):
        raise ValueError(f"split {split!r} or lang {lang!r} is not one of the set's")
    group = f"{split}/{lang}" if split else lang
    many = len(turns) > 1
    ids = [f"{row['id']}.{n}" if many else str(row["id"]) for n in range(1, len(turns) + 1)]
    kind = row.get("kind", "")
    return [_case(i, turn, kind, article, group) for i, turn in zip(ids, turns, strict=True)]


def _case(case_id: str, turn: dict[str, Any], kind: str, article: Article, group: str) -> Case:
    question = turn["q"]
    if not isinstance(question, str) or not question.strip():
        raise ValueError(f"{case_id}: the question is empty")
    if turn.get("abstain") is True:
        return Case(case_id, question, "abstain", None, (), None, False, group=group)
    forms, cite = turn["any"], turn.get("cite")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f for f in forms):
        raise ValueError(f"{case_id}: any must be a non-empty list of answers")
    if cite is not None and not isinstance(cite, str):
        raise ValueError(f"{case_id}: cite must be text")
    given = turn.get("paragraph")
    if given is not None and not _holds(article, given, forms):
        raise ValueError(f"{case_id}: paragraph {given} of {article.id} holds no form of {forms}")
    paragraph = given if given is not None else _paragraph(article, forms, cite)
    if paragraph is None:
        where = f"cite {cite!r}" if cite else f"no form of {forms}"
        raise ValueError(f"{case_id}: {where} is not in {article.id}")
    kind = _KINDS.get(kind) or _kind_of(forms[0])
    return Case(case_id, question, kind, forms[0], tuple(forms[1:]), paragraph, True, cite,
                article.id, group)  # fmt: skip


def _paragraph(article: Article, forms: list[str], cite: str | None) -> int | None:
    """The 1-based paragraph holding `cite`, or without one the first holding a form."""
    for number, text in enumerate(article.paragraphs, start=1):
        if cite is not None and cite in text:
            return number
        if cite is None and any(fold(f) in fold(text) for f in forms):
            return number
    return None


def _holds(article: Article, paragraph: object, forms: list[str]) -> bool:
    if not isinstance(paragraph, int) or not 1 <= paragraph <= len(article.paragraphs):
        return False
    return any(fold(f) in fold(article.paragraphs[paragraph - 1]) for f in forms)


def _kind_of(answer: str) -> str:
    """The kind of the figure an answer states: "51-50" -> "count", "$3 billion" -> "money"."""
    figures = extract_figures(answer)
    return _FIGURE_KINDS.get(figures[0].kind, "statement") if figures else "statement"
