"""A web page's article text and metadata, by trafilatura: no navigation, adverts, "most read"
lists, comments or footer, and no JavaScript run (the HTML is only parsed)."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from index.sources import SourceError
from index.sources.draft import Draft, checked

log = logging.getLogger(__name__)


def read_html(data: bytes, url: str = "", name: str = "") -> Draft:
    """The article in an HTML page fetched from `url` (or read from the file `name`)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            data,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        log.debug("trafilatura failed on %s", url or name, exc_info=True)
        raise SourceError(f"the page could not be read ({type(exc).__name__})") from None
    if found is None or isinstance(found, dict) or not (found.text or "").strip():
        raise SourceError("no article text found in the page (a login wall or a page of links?)")
    paragraphs = tuple((found.text or "").split("\n"))
    title = found.title or name or urlsplit(url).path.rsplit("/", 1)[-1] or "Untitled"
    outlet = found.sitename or found.hostname or (urlsplit(url).hostname or "")
    draft = Draft(
        title=title,
        paragraphs=paragraphs,
        outlet=outlet,
        author=found.author or "",
        published=_date(found.date),
        url=url,
        language=_language(found.language),
    )
    return checked(draft, "page")


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _language(code: str | None) -> str:
    return (code or "en").split("-", 1)[0].lower() or "en"
