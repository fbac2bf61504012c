"""Turn TAT-QA's text-span figure questions into a Tally corpus and a set in news-dev's format.

TAT-QA (Zhu et al., "TAT-QA: A Question Answering Benchmark on a Hybrid of Tabular and Textual
Content in Finance", ACL 2021; MIT licence) pairs annual-report tables with the paragraphs
around them. Kept: questions answered by one span of the paragraphs (`answer_from` "text",
`answer_type` "span") that holds a digit. Tables are left out; each context's paragraphs
become one small article, so every question is asked of all the contexts at once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.evaluation import fold
from bot.newsdev import QUESTIONS

FRONT = (
    "---\n"
    'title: "Annual report extract {uid}"\n'
    'outlet: "TAT-QA test split"\n'
    'url: ""\n'
    "language: en\n"
    "# Licence: MIT. Paragraphs of TAT-QA (Zhu et al., ACL 2021), its table left out;\n"
    "# converted by bot/tatqa.py.\n"
    "---\n\n"
)


def wanted(question: dict[str, Any]) -> bool:
    """A question answered by one span of the paragraphs holding a digit: "$54.7 million"."""
    answer = question["answer"]
    return (
        question["answer_from"] == "text"
        and question["answer_type"] == "span"
        and isinstance(answer, list)
        and len(answer) == 1
        and bool(re.search(r"\d", answer[0]))
    )


def convert(items: list[dict[str, Any]]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Articles by slug and the question rows, for every context with a wanted question."""
    articles, rows = {}, []
    for item in items:
        questions = [q for q in item["questions"] if wanted(q)]
        if not questions:
            continue
        uid = item["table"]["uid"][:8]
        slug = f"tatqa-{uid}"
        ordered = sorted(item["paragraphs"], key=lambda p: p["order"])
        paragraphs = [(p["order"], " ".join(p["text"].split())) for p in ordered]
        paragraphs = [(order, text) for order, text in paragraphs if text]
        articles[slug] = FRONT.format(uid=uid) + "\n\n".join(t for _, t in paragraphs) + "\n"
        for q in sorted(questions, key=lambda q: q["order"]):
            rows.append(_row(slug, q, paragraphs))
    return articles, rows


def _row(slug: str, q: dict[str, Any], paragraphs: list[tuple[int, str]]) -> dict[str, Any]:
    answer = " ".join(q["answer"][0].split())
    relevant = {int(order) for order in q["rel_paragraphs"]}
    holding = [n for n, (_, text) in enumerate(paragraphs, 1) if fold(answer) in fold(text)]
    # The gold paragraph, for the retrieval metrics: one TAT-QA marks, else the first holding it.
    marked = [n for n in holding if paragraphs[n - 1][0] in relevant]
    turn: dict[str, Any] = {"q": " ".join(q["question"].split()), "any": [answer]}
    if marked or holding:
        turn["paragraph"] = (marked or holding)[0]
    return {"id": f"{slug}-{q['uid'][:8]}", "lang": "en", "turns": [turn]}


def write(source: Path, out_dir: Path) -> int:
    """Write `<out_dir>/corpus/<slug>.md` and `<out_dir>/questions.jsonl`; return the count."""
    articles, rows = convert(json.loads(source.read_text(encoding="utf-8")))
    corpus = out_dir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for slug, text in articles.items():
        (corpus / f"{slug}.md").write_text(text, encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    (out_dir / QUESTIONS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    import sys

    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/tatqa-test-gold.json")
    count = write(source, Path("tests/eval/tatqa"))
    print(f"Wrote {count} questions to tests/eval/tatqa/{QUESTIONS}", file=sys.stderr)
