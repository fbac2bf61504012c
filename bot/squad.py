"""Turn a SQuAD 2.0 article into a Tally corpus file and an evaluation set.

SQuAD 2.0 (Rajpurkar, Jia and Liang, 2018) is CC BY-SA 4.0; its paragraphs are Wikipedia's.
The converted files carry that attribution in their front matter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_KINDS = (
    ("count", r"^how many\b"),
    ("money", r"^how much\b.*\b(cost|money|pay|paid|price)"),
    ("time", r"\b(when|what year|which year|what century|which century|how long)\b"),
    ("place", r"\b(where|what country|which country|what city|which city|what region)\b"),
    ("name", r"^(who|whom|whose)\b|\bwho\b"),
)


def _kind(question: str) -> str:
    text = question.lower().strip()
    return next((k for k, pattern in _KINDS if re.search(pattern, text)), "statement")


def convert(squad: dict[str, Any], title: str) -> tuple[str, list[dict[str, Any]]]:
    """The Markdown article and the evaluation cases for the SQuAD article named `title`."""
    article = next(a for a in squad["data"] if a["title"] == title)
    paragraphs = [p["context"].strip() for p in article["paragraphs"]]
    front = (
        "---\n"
        f'title: "{title}"\n'
        'outlet: "Wikipedia, via the SQuAD 2.0 development set"\n'
        f'url: "https://en.wikipedia.org/wiki/{title}"\n'
        "language: en\n"
        "# Licence: CC BY-SA 4.0. Paragraphs from Wikipedia as published in SQuAD 2.0\n"
        "# (Rajpurkar, Jia and Liang, 2018), converted by bot/squad.py.\n"
        "---\n\n"
    )
    cases = []
    for number, paragraph in enumerate(article["paragraphs"], start=1):
        for qa in paragraph["qas"]:
            answers = list(dict.fromkeys(a["text"] for a in qa["answers"]))
            answerable = not qa.get("is_impossible", False)
            cases.append(
                {
                    "id": qa["id"],
                    "question": qa["question"].strip(),
                    "kind": _kind(qa["question"]),
                    "answer": answers[0] if answerable else None,
                    "alternatives": answers[1:] if answerable else [],
                    "paragraph": number if answerable else None,
                    "answerable": answerable,
                }
            )
    return front + "\n\n".join(paragraphs) + "\n", cases


def write(squad_file: Path, title: str, out_dir: Path, name: str) -> int:
    """Write `<out_dir>/<name>/corpus/<name>.md` and `<out_dir>/<name>.jsonl`; return the count."""
    squad = json.loads(squad_file.read_text(encoding="utf-8"))
    article, cases = convert(squad, title)
    corpus = out_dir / name / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / f"{name}.md").write_text(article, encoding="utf-8")
    lines = [json.dumps(c, ensure_ascii=False) for c in cases]
    (out_dir / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(cases)


if __name__ == "__main__":
    import sys

    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/squad-v2-normans.json")
    count = write(source, "Normans", Path("tests/eval"), "normans")
    print(f"Wrote {count} cases to tests/eval/normans.jsonl", file=sys.stderr)
