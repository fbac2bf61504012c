"""Check news-tune's questions.jsonl against corpus/*.md and print its counts.

A copy of news-extra's check_questions.py; the one change: news-tune is for fitting, so every
question must be in the "tune" split (news-extra requires "check").

Usage: python3 check_questions.py

Fails (exit 1) when an id repeats, a field is malformed, a cite is not verbatim in its
article, or no form in `any` occurs in the folded article text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = frozenset(
    "money percent count date duration name place change score statement abstain follow-up".split()
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def fold(text: str) -> str:
    """Grading fold: lower case, thousands commas dropped, runs of spaces made one
    ('1,254 X' -> '1254 x')."""
    text = text.lower()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return re.sub(r"\s+", " ", text)


def load_corpus() -> dict[str, str]:
    """Article body (front matter removed) by slug."""
    bodies = {}
    for path in sorted((HERE / "corpus").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        assert "language: en" in front, path.name
        bodies[path.stem] = body.strip()
    return bodies


def too_short(form: str) -> bool:
    """True for forms a wrong answer could contain by chance: '4', '86', '2016'."""
    bare = fold(form).strip()
    return len(bare) < 3 or bool(re.fullmatch(r"\d{1,2}|(?:1[89]|20)\d\d", bare))


def check_turn(qid: str, n: int, turn: dict, body: str) -> tuple[list[str], list[str]]:
    """Errors and warnings for one turn."""
    errors, warnings = [], []
    where = f"{qid} turn {n}"
    if not isinstance(turn.get("q"), str) or not turn["q"].strip():
        errors.append(f"{where}: empty q")
    if turn.get("abstain") is True:
        if "any" in turn or "cite" in turn:
            errors.append(f"{where}: abstain turn carries any/cite")
        return errors, warnings
    forms = turn.get("any")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f for f in forms):
        return errors + [f"{where}: any must be a non-empty list of strings"], warnings
    errors += [f"{where}: form {f!r} is too short" for f in forms if too_short(f)]
    folded = fold(body)
    if not any(fold(f) in folded for f in forms):
        errors.append(f"{where}: no form of {forms} occurs in the article")
    cite = turn.get("cite")
    if cite is not None:
        paragraphs = [p for p in body.split("\n\n") if cite in p]
        if not paragraphs:
            errors.append(f"{where}: cite {cite!r} is not verbatim in the article")
        elif not any(fold(f) in fold(p) for p in paragraphs for f in forms):
            warnings.append(f"{where}: no form of {forms} in the paragraph quoting {cite!r}")
    return errors, warnings


def main() -> int:
    """Validate and count."""
    bodies = load_corpus()
    slugs = sorted(bodies, key=len, reverse=True)
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()
    split_of: dict[str, str] = {}
    counts: dict[str, Counter] = {k: Counter() for k in ("kind", "lang", "split", "article")}
    objects = Counter()
    abstain = follow_up = topic = 0
    by_split: dict[str, Counter] = {"tune": Counter(), "check": Counter()}
    lines = (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    for line_no, line in enumerate(lines, 1):
        item = json.loads(line)
        qid = item.get("id", f"line {line_no}")
        if set(item) != {"id", "split", "kind", "lang", "turns"}:
            errors.append(f"{qid}: fields are {sorted(item)}")
        if qid in seen:
            errors.append(f"{qid}: duplicate id")
        seen.add(qid)
        slug = next((s for s in slugs if qid.startswith(s + "-")), None)
        if slug is None:
            errors.append(f"{qid}: id names no article")
            continue
        split = item.get("split")
        if split not in ("tune", "check") or split_of.setdefault(slug, split) != split:
            errors.append(f"{qid}: split {item.get('split')!r} (article is {split_of.get(slug)!r})")
        if item.get("kind") not in KINDS:
            errors.append(f"{qid}: kind {item.get('kind')!r}")
        if item.get("lang") not in ("en", "ko"):
            errors.append(f"{qid}: lang {item.get('lang')!r}")
        turns = item.get("turns") or []
        if (len(turns) > 1) != (item.get("kind") == "follow-up"):
            errors.append(f"{qid}: follow-up kind must go with 2+ turns")
        for n, turn in enumerate(turns, 1):
            if bool(HANGUL.search(turn.get("q", ""))) != (item.get("lang") == "ko"):
                errors.append(
                    f"{qid} turn {n}: lang {item.get('lang')} does not match the question"
                )
            e, w = check_turn(qid, n, turn, bodies[slug])
            errors += e
            warnings += w
            abstain += turn.get("abstain") is True
            follow_up += n > 1
            tally = by_split.get(item.get("split"), Counter())
            tally.update(
                turns=1,
                ko=item.get("lang") == "ko",
                abstain=turn.get("abstain") is True,
                follow_up=n > 1,
                topic="-topic-" in qid,
            )
        if (item.get("kind") == "abstain") != all(t.get("abstain") for t in turns):
            errors.append(f"{qid}: kind abstain must go with abstain turns")
        topic += "-topic-" in qid
        objects[item.get("kind")] += 1
        for key, value in (
            ("kind", item.get("kind")),
            ("lang", item.get("lang")),
            ("split", item.get("split")),
            ("article", slug),
        ):
            counts[key][value] += len(turns)
    missing = set(bodies) - set(split_of)
    errors += [f"{slug}: no questions" for slug in sorted(missing)]
    per_split = Counter(split_of.values())
    if set(per_split) != {"tune"}:
        errors.append(f"articles per split: {dict(per_split)} (news-tune is all 'tune')")
    total = sum(counts["lang"].values())
    print(
        f"articles {len(bodies)} (tune {per_split['tune']}, check {per_split['check']}); "
        f"questions {len(lines)}; turns {total}"
    )
    print(
        f"abstain turns {abstain}; follow-up turns (2nd and later) {follow_up}; "
        f"topic-only questions {topic}"
    )
    for key in ("kind", "lang", "split"):
        print(f"turns by {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts[key].items())))
    for name, tally in by_split.items():
        print(
            f"{name}: turns {tally['turns']}, ko {tally['ko']}, abstain {tally['abstain']}, "
            f"follow-up {tally['follow_up']}, topic-only {tally['topic']}"
        )
    print("questions by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(objects.items())))
    print("turns per article: " + ", ".join(f"{v}" for _, v in sorted(counts["article"].items())))
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("FAILED" if errors else "OK")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
