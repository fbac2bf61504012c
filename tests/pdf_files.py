"""Real PDFs for tests, made with reportlab: a text layer in one or two columns, and a page
with no text at all (as a scan has)."""

from __future__ import annotations

import io
import textwrap

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

TITLE = "Water authority to spend $1.8bn on new pipes"
PARAGRAPHS = [
    "The regional water authority will spend 1.8 billion dollars over the next seven years to "
    "replace ageing pipes, its chief executive said on Tuesday, in the largest infrastructure "
    "programme in its history.",
    "About 2,400 kilometres of mains will be renewed, roughly a fifth of the network. Leakage "
    "currently wastes 23 percent of the water the authority treats, against a national average "
    "of 19 percent.",
    "Bills will rise by 4.5 percent a year from April, adding about 38 dollars to a typical "
    "household's annual charge. The regulator approved the increase last month.",
    "Work on the first 300 kilometres starts in the spring and is expected to employ 650 people "
    "at its peak, the authority said.",
]


def _lines(paragraph: str, width: int) -> list[str]:
    """The paragraph's lines, "infrastructure" broken across two with a hyphen, as a
    typesetter breaks a long word: "infra-" / "structure ..."."""
    broken = (
        line.replace("infrastructure", "infra-\nstructure")
        for line in textwrap.wrap(paragraph, width)
    )
    return [part for line in broken for part in line.split("\n")]


def text_pdf(columns: int = 1, title: str = TITLE, paragraphs: list[str] = PARAGRAPHS) -> bytes:
    """A one-page article: a large headline, then paragraphs spaced apart, in `columns`."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle(title)
    page.setAuthor("Jo Bloggs")
    width, height = A4
    page.setFont("Helvetica-Bold", 16)
    page.drawString(50, height - 60, title)
    page.setFont("Helvetica", 10)
    per_column = -(-len(paragraphs) // columns)
    chars = 90 // columns
    for column in range(columns):
        x, y = 50 + column * (width - 100) / columns, height - 100
        for paragraph in paragraphs[column * per_column : (column + 1) * per_column]:
            for line in _lines(paragraph, chars):
                page.drawString(x, y, line)
                y -= 13
            y -= 9  # the space between paragraphs
    page.showPage()
    page.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A page with only shapes on it, as a scan without OCR has only an image."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.rect(50, 50, 400, 600, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()
