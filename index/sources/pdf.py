"""A PDF's text layer (pypdf) as paragraphs: lines re-joined, hyphenation mended, page numbers
dropped; the title from the metadata or the first, larger line."""

from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass
from typing import Any

from index.sources import SourceError
from index.sources.draft import Draft, checked

log = logging.getLogger(__name__)

MAX_PAGES = 300
_PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$")
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")  # "infra-" at a line's end


@dataclass(frozen=True)
class Line:
    """One line of a page's text layer, with where it sits and how large it is set."""

    text: str
    y: float
    size: float


def read_pdf(data: bytes, name: str = "", url: str = "") -> Draft:
    """The article in a PDF with a text layer; SourceError for a scan or a broken file."""
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError("the PDF is protected by a password")
        if len(reader.pages) > MAX_PAGES:
            raise SourceError(f"the PDF has more than {MAX_PAGES} pages")
        pages = [page_lines(page) for page in reader.pages]
        meta = reader.metadata
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        log.debug("pypdf failed on %s", name or url, exc_info=True)
        raise SourceError(f"not a readable PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pypdf's dependencies (e.g. for AES) raise their own kinds
        log.debug("pypdf failed on %s", name or url, exc_info=True)
        raise SourceError(f"not a readable PDF ({type(exc).__name__})") from None
    if not any(line.text.strip() for lines in pages for line in lines):
        raise SourceError(
            "the PDF has no text layer (a scanned document?); Tally reads only PDFs with text"
        )
    paragraphs = paragraphs_of(pages)
    title = _meta_text(meta, "title")
    first = pages[0][0] if pages and pages[0] else None
    if paragraphs and first and _is_heading(first, pages[0]) and paragraphs[0] == first.text:
        title = title or first.text
        paragraphs = paragraphs[1:]
    draft = Draft(
        title=title or name or "Untitled PDF",
        paragraphs=tuple(paragraphs),
        author=_meta_text(meta, "author"),
        published=getattr(meta, "creation_date", None) and meta.creation_date.date(),  # type: ignore[union-attr]
        url=url,
    )
    return checked(draft, "PDF")


def page_lines(page: Any) -> list[Line]:
    """The lines of one page in reading order, each with its height on the page and font size."""
    lines: list[Line] = []
    parts: list[str] = []
    where: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        pieces = text.split("\n")
        for n, piece in enumerate(pieces):
            if piece.strip() and not where:
                # The text matrix times the current transformation matrix: the page position.
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                where.append((y, abs(size * (tm[3] or 1) * (cm[3] or 1))))
            parts.append(piece)
            if n < len(pieces) - 1:
                end_line()

    def end_line() -> None:
        text = "".join(parts).strip()
        if text and where:
            lines.append(Line(text, *where[0]))
        parts.clear()
        where.clear()

    page.extract_text(visitor_text=visit)
    end_line()
    return [line for line in lines if not _PAGE_NUMBER.match(line.text)]


def paragraphs_of(pages: list[list[Line]]) -> list[str]:
    """Lines joined into paragraphs: a wider gap than the usual line spacing, or a change of
    font size, starts a new one; a column or page break does only after a sentence ends."""
    paragraphs: list[list[str]] = []
    for lines in pages:
        steps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y - b.y > 0]
        spacing = statistics.median(steps) if steps else 0.0
        previous: Line | None = None
        for line in lines:
            if previous is None or not paragraphs:
                new = not paragraphs or bool(_ENDS_SENTENCE.search(paragraphs[-1][-1]))
            else:
                step = previous.y - line.y
                jumped = step <= 0  # back up the page: the next column
                gap = step > spacing * 1.4 if spacing else False
                resized = abs(line.size - previous.size) > 0.5
                ended = bool(_ENDS_SENTENCE.search(previous.text))
                new = gap or resized or (jumped and ended)
            if new:
                paragraphs.append([line.text])
            else:
                paragraphs[-1].append(line.text)
            previous = line
    return [joined(lines) for lines in paragraphs]


def joined(lines: list[str]) -> str:
    """Lines as one paragraph, words broken at a line's end mended:
    ["the infra-", "structure plan"] -> "the infrastructure plan"."""
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("\u00ad"):  # a soft hyphen: the word goes on
            text = text[:-1] + line
        elif _BROKEN_WORD.search(text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text.replace("\u00ad", "")


def _is_heading(line: Line, lines: list[Line]) -> bool:
    sizes = [other.size for other in lines]
    return len(line.text) <= 200 and line.size > statistics.median(sizes) + 0.5


def _meta_text(meta: Any, name: str) -> str:
    value = getattr(meta, name, None) if meta is not None else None
    text = " ".join(str(value).split()) if value else ""
    # Word processors' file names are not titles: "Microsoft Word - draft3.docx".
    return "" if re.search(r"\.(docx?|pdf|indd|tex)$|^untitled$", text, re.IGNORECASE) else text
