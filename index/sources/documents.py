"""A document's bytes as a `Draft`, by its kind: HTML page, PDF, plain text or Markdown."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from index.corpus import MAX_FILE_BYTES, read_article
from index.sources import SourceError
from index.sources.draft import Draft, checked

# The file kinds `tally add` and the bot take, by suffix.
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "text", ".md": "markdown"}
_TITLE_LINE = re.compile(r"^#*\s*(?P<title>[^.!?]{3,150})$")


def kind_of(name: str) -> str:
    """The kind of a file by its name: "report.PDF" -> "pdf"; SourceError for any other."""
    kind = SUFFIXES.get(Path(name).suffix.lower())
    if kind is None:
        known = ", ".join(SUFFIXES)
        raise SourceError(f"not a kind of file Tally reads (it takes {known})")
    return kind


def read_file(path: Path) -> Draft:
    """The article in the file at `path`."""
    kind = kind_of(path.name)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    return read_document(data, path.name, kind)


def read_document(data: bytes, name: str, kind: str, url: str = "") -> Draft:
    """The article in `data`, a document of `kind` named `name` (fetched from `url`, if any)."""
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
    stem = Path(name).stem.replace("-", " ").replace("_", " ") if name else ""
    if kind == "html":
        from index.sources.web import read_html

        return read_html(data, url=url, name=stem)
    if kind == "pdf":
        from index.sources.pdf import read_pdf

        return read_pdf(data, name=stem, url=url)
    return _read_text(data, kind, stem, url)


def _read_text(data: bytes, kind: str, stem: str, url: str) -> Draft:
    """Text or Markdown read as the corpus reads it; a short first line without a full stop
    is the title when the file gives none."""
    suffix = ".md" if kind == "markdown" else ".txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"document{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path, path.name)
        except ValueError as exc:
            raise SourceError(str(exc)) from None
    paragraphs, title = article.paragraphs, article.title
    if title == path.stem:  # no title in front matter
        first = _TITLE_LINE.match(paragraphs[0]) if len(paragraphs) > 1 else None
        title, paragraphs = (first["title"], paragraphs[1:]) if first else (stem, paragraphs)
    draft = Draft(
        title=title or "Untitled",
        paragraphs=paragraphs,
        outlet=article.outlet,
        published=article.published,
        url=article.url or url,
        language=article.language,
    )
    return checked(draft, "file")
