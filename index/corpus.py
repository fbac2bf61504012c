"""Read the corpus directory into `Article` records, reporting files that cannot be read."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from index.errors import CorpusError

SUFFIXES = (".md", ".txt")
MAX_FILE_BYTES = 5_000_000
# News paragraphs run to a few thousand characters (the longest in 3,824 real articles, which
# had no paragraph breaks, is 28,396); a longer run is not prose, and figure extraction on one
# unbroken run of text grows faster than its length.
MAX_PARAGRAPH_CHARS = 100_000
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
    return [path for path, reason in scan_corpus(corpus_dir) if reason is None]


def scan_corpus(corpus_dir: Path) -> list[tuple[Path, str | None]]:
    """Every entry named like an article, sorted, with why it is skipped (None: it is read)."""
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"The corpus directory {corpus_dir} does not exist. "
            "Set TALLY_CORPUS_DIR to a folder of .md or .txt articles."
        )
    root = corpus_dir.resolve()
    entries: list[tuple[Path, str | None]] = []
    for path in sorted(corpus_dir.rglob("*")):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        if path.is_dir():  # a folder named like "x.md": the files in it are read on their own
            continue
        entries.append((path, _skip_reason(path, root)))
    return entries


def _skip_reason(path: Path, root: Path) -> str | None:
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "symlink that never reaches a file; not followed"
    if not target.is_relative_to(root):
        return "symlink to a file outside the corpus directory; not followed"
    if not target.exists():
        return "symlink to a file that does not exist"
    if not target.is_file():
        return "not a regular file"
    return None


def corpus_hash(files: list[Path], corpus_dir: Path) -> str:
    """A digest of every file's name and bytes: it changes whenever the corpus does."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(corpus_dir).as_posix().encode())
        digest.update(b"\0")
        try:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno())
                if size.st_size > MAX_FILE_BYTES:  # skipped anyway: never read it all
                    digest.update(f"too large: {size.st_size} {size.st_mtime_ns}".encode())
                else:
                    digest.update(hashlib.file_digest(handle, "sha256").digest())
        except OSError as exc:  # reported by load_corpus; hashed so a fix triggers a rebuild
            digest.update(f"unreadable: {exc.strerror}".encode())
    return digest.hexdigest()


def load_corpus(corpus_dir: Path) -> tuple[list[Article], list[CorpusProblem]]:
    """Every readable article in `corpus_dir`, and a problem for each file that is not."""
    articles: list[Article] = []
    problems: list[CorpusProblem] = []
    for path, skipped in scan_corpus(corpus_dir):
        # Named from the corpus folder down ("corpus/x.md"), wherever that folder lives.
        source = (Path(corpus_dir.name) / path.relative_to(corpus_dir)).as_posix()
        if skipped is not None:
            problems.append(CorpusProblem(source, skipped))
            continue
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
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more, however large the file
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
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
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    if len(paragraphs[longest]) > MAX_PARAGRAPH_CHARS:
        raise ValueError(
            f"paragraph {longest + 1} is {len(paragraphs[longest]):,} characters long; "
            f"the limit is {MAX_PARAGRAPH_CHARS:,} (separate paragraphs with blank lines)"
        )
    return Article(
        id=article_id or path.name,
        source=source,
        title=_text(meta, "title") or path.stem.replace("-", " ").replace("_", " "),
        outlet=_text(meta, "outlet"),
        url=_text(meta, "url"),
        published=_date(meta.get("published")),
        language=_text(meta, "language") or "en",
        paragraphs=paragraphs,
    )


def _split_front_matter(text: str) -> tuple[dict[str, object], str]:
    if not text.startswith("---"):
        return {}, text
    match = _FRONT.match(text)
    if match is None:
        raise ValueError("front matter opened with --- but never closed")
    import yaml  # only a build reads front matter: `tally ask` does not pay for PyYAML

    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValueError(f"front matter is not valid YAML{where}") from None
    except RecursionError:
        raise ValueError("front matter is nested too deeply") from None
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


def _text(meta: dict[str, object], name: str) -> str:
    """A front-matter field as text; a list or mapping (perhaps a YAML alias bomb) is refused."""
    value = meta.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int | float | dt.date):
        kind = type(value).__name__
        raise ValueError(f"front matter {name} must be a single value, not a {kind}")
    return str(value)


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
