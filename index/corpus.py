"""Read the corpus directory into `Article` records, reporting files that cannot be read."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from index.errors import CorpusError

SUFFIXES = (".md", ".txt")
MAX_FILE_BYTES = 5_000_000
# A trailing list of other articles' headlines ("Read more from X:") is not this article's claim.
_TRAILER = re.compile(
    r"^\s*(read more|related( articles| stories)?|more from|see also|recommended)\b.*$",
    re.IGNORECASE,
)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Article:
    """One news article: its metadata and its body split into paragraphs."""

    id: str
    source: str
    title: str
    outlet: str
    url: str
    published: dt.date | None
    language: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class CorpusProblem:
    """A corpus file that was skipped, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The article files in `corpus_dir`, sorted; symlinks leading outside it are left out."""
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"The corpus directory {corpus_dir} does not exist. "
            "Set TALLY_CORPUS_DIR to a folder of .md or .txt articles."
        )
    root = corpus_dir.resolve()
    files = []
    for path in sorted(corpus_dir.rglob("*")):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        if not path.resolve().is_relative_to(root) or not path.resolve().is_file():
            continue
        files.append(path)
    return files


def corpus_hash(files: list[Path], corpus_dir: Path) -> str:
    """A digest of every file's name and bytes: it changes whenever the corpus does."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(corpus_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_corpus(corpus_dir: Path) -> tuple[list[Article], list[CorpusProblem]]:
    """Every readable article in `corpus_dir`, and a problem for each file that is not."""
    articles: list[Article] = []
    problems: list[CorpusProblem] = []
    for path in corpus_files(corpus_dir):
        # Named from the corpus folder down ("corpus/x.md"), wherever that folder lives.
        source = (Path(corpus_dir.name) / path.relative_to(corpus_dir)).as_posix()
        try:
            articles.append(read_article(path, source, path.relative_to(corpus_dir).as_posix()))
        except ValueError as exc:
            problems.append(CorpusProblem(source, str(exc)))
    if not articles:
        detail = "; ".join(str(p) for p in problems) or "no .md or .txt files"
        raise CorpusError(
            f"No readable articles in {corpus_dir} ({detail}). "
            "Add articles there or set TALLY_CORPUS_DIR."
        )
    return articles, problems


def read_article(path: Path, source: str, article_id: str | None = None) -> Article:
    """Parse one file; raise ValueError with a reason a person can act on."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if b"\0" in raw:
        raise ValueError("binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = _split_front_matter(text)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise ValueError("empty: no text to index")
    return Article(
        id=article_id or path.name,
        source=source,
        title=str(meta.get("title") or path.stem.replace("-", " ").replace("_", " ")),
        outlet=str(meta.get("outlet") or ""),
        url=str(meta.get("url") or ""),
        published=_date(meta.get("published")),
        language=str(meta.get("language") or "en"),
        paragraphs=paragraphs,
    )


def _split_front_matter(text: str) -> tuple[dict[str, object], str]:
    if not text.startswith("---"):
        return {}, text
    match = _FRONT.match(text)
    if match is None:
        raise ValueError("front matter opened with --- but never closed")
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValueError(f"front matter is not valid YAML{where}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ValueError("front matter must be key: value pairs")
    return meta, text[match.end() :]


def _paragraphs(body: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines (or one per line), stopping at a headline trailer."""
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    if len(blocks) == 1:
        blocks = body.split("\n")
    paragraphs: list[str] = []
    for block in blocks:
        first = block.strip().split("\n", 1)[0]
        if _TRAILER.match(first) and paragraphs:
            break
        text = " ".join(line.strip() for line in block.split("\n") if line.strip())
        text = re.sub(r"^#+\s*", "", text)
        if text:
            paragraphs.append(text)
    return tuple(paragraphs)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"published date {value!r} is not YYYY-MM-DD") from None
    return None
