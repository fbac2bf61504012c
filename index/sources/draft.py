"""`Draft`: an article read from a source, before it is a corpus file; and the file it becomes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from index.corpus import Article, read_article
from index.sources import SourceError

# Fewer characters than this is a login wall, a cookie notice or a page of links, not an article.
MIN_ARTICLE_CHARS = 200
_SLUG_CHARS = 72


@dataclass(frozen=True)
class Draft:
    """What a source says: its text in paragraphs, and what it says about itself."""

    title: str
    paragraphs: tuple[str, ...]
    outlet: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    language: str = "en"


def checked(draft: Draft, what: str) -> Draft:
    """`draft` if it holds enough text to be an article; `what` names what was read."""
    paragraphs = tuple(p for p in (" ".join(p.split()) for p in draft.paragraphs) if p)
    if sum(len(p) for p in paragraphs) < MIN_ARTICLE_CHARS:
        why = "a login wall or a page of links?" if what == "page" else "too little text"
        raise SourceError(f"no article text found in the {what} ({why})")
    return Draft(
        title=" ".join(draft.title.split()),
        paragraphs=paragraphs,
        outlet=" ".join(draft.outlet.split()),
        author=" ".join(draft.author.split()),
        published=draft.published,
        url=draft.url,
        language=draft.language,
    )


def markdown(draft: Draft, fetched: dt.date) -> str:
    """The corpus file for `draft`: YAML front matter, then paragraphs between blank lines."""
    meta: dict[str, object] = {"title": draft.title, "outlet": draft.outlet}
    if draft.author:
        meta["author"] = draft.author
    meta |= {"url": draft.url, "published": draft.published, "fetched": fetched}
    meta["language"] = draft.language
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000)
    return f"---\n{front}---\n\n" + "\n\n".join(draft.paragraphs) + "\n"


def as_article(text: str, article_id: str) -> Article:
    """`text` read back as the corpus will read it; SourceError if the corpus would skip it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / article_id
        path.write_text(text, encoding="utf-8")
        try:
            return read_article(path, article_id, article_id)
        except ValueError as exc:
            raise SourceError(f"cannot be indexed: {exc}") from None


def file_name(title: str, taken: set[str]) -> str:
    """A file name from the title, not in `taken`: "Port city approves £412m bridge" ->
    "port-city-approves-412m-bridge.md" (then "-2.md", ...)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower()):
        if stem and len(stem) + 1 + len(word) > _SLUG_CHARS:
            break
        stem = f"{stem}-{word}" if stem else word[:_SLUG_CHARS]
    stem = stem or "article-" + hashlib.sha256(title.encode()).hexdigest()[:8]
    name, n = f"{stem}.md", 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        name = f"{stem}-{n}.md"
    return name


def text_key(article: Article) -> str:
    """What makes two articles the same text: their words, ignoring case and spacing."""
    words = " ".join(" ".join(article.paragraphs).casefold().split())
    return hashlib.sha256(words.encode()).hexdigest()


def same_url(a: str, b: str) -> bool:
    """Whether two addresses name the same page: scheme, "www.", case of the host, a trailing
    slash and the fragment aside."""
    return bool(a) and bool(b) and _url_key(a) == _url_key(b)


def _url_key(url: str) -> str:
    url = url.strip().split("#", 1)[0]
    url = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    host, _, rest = url.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{rest}".rstrip("/")
