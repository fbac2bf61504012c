"""Reading sources: fetching over real HTTP on 127.0.0.1, pages by trafilatura, real PDFs."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.sources import SourceError
from index.sources.documents import kind_of, read_document, read_file
from index.sources.draft import Draft, as_article, file_name, markdown, same_url
from index.sources.fetch import MAX_REDIRECTS, fetch, refused
from index.sources.pdf import joined, read_pdf
from index.sources.web import read_html
from tests.news_server import PAGE, NewsSite, news_site
from tests.pdf_files import PARAGRAPHS, TITLE, scanned_pdf, text_pdf

ARTICLE_START = "The city council has approved a £412m bridge across the harbour"
BOILERPLATE = [
    "Most read", "Council tax to rise by 4.99%", "ADVERTISEMENT", "save up to £350",
    "crossword app", "harbourwatcher", "£700m and open in 2035", "Comments (212)",
    "Registered in England", "Privacy policy", "Subscribe from £1 a week", "cookies",
    "Morning Briefing", "Share on Facebook", "999 readers online", "Ferry fares to rise 8%",
]  # fmt: skip


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        running.files["/report.pdf"] = ("application/pdf", text_pdf())
        running.files["/download?id=7"] = ("application/octet-stream", text_pdf())
        yield running


# Fetching -----------------------------------------------------------------------------------


def test_a_page_is_fetched_with_its_address(site: NewsSite) -> None:
    page = fetch(site.url("/news/harbour-bridge"), allow_private=True)
    assert (page.kind, page.body, page.final_url) == ("html", PAGE, page.url)


def test_redirects_are_followed_up_to_five(site: NewsSite) -> None:
    page = fetch(site.url(f"/hops/{MAX_REDIRECTS}"), allow_private=True)  # 5 redirects
    assert page.final_url == site.url("/news/harbour-bridge")
    with pytest.raises(SourceError, match=r"^more than 5 redirects$"):
        fetch(site.url(f"/hops/{MAX_REDIRECTS + 1}"), allow_private=True)
    with pytest.raises(SourceError, match=r"^more than 5 redirects$"):
        fetch(site.url("/loop"), allow_private=True)


def test_a_redirect_to_a_private_address_is_refused(site: NewsSite) -> None:
    """The site itself is let through; the address it redirects to is checked as any other."""
    before = len(site.requests)
    with pytest.raises(SourceError, match=r"^refused: 127\.0\.0\.2 is a loopback address$"):
        fetch(site.url("/to-private"), let_through={"127.0.0.1"})
    assert site.requests[before:] == ["/to-private"]  # nothing was asked of 127.0.0.2
    # With the tests' switch it is let through (and nothing listens there: the site binds only
    # 127.0.0.1).
    with pytest.raises(SourceError, match=r"^could not connect to 127\.0\.0\.2 \(Connection re"):
        fetch(site.url("/to-private"), allow_private=True)


def test_private_addresses_are_refused_after_name_resolution(site: NewsSite) -> None:
    before = len(site.requests)
    port = site.server_address[1]
    with pytest.raises(SourceError, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        fetch(site.url("/news/harbour-bridge"))
    with pytest.raises(SourceError, match=r"^refused: localhost \((127\.0\.0\.1|::1)\) is a "):
        fetch(f"http://localhost:{port}/news/harbour-bridge")
    assert site.requests[before:] == []


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.251", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "a reserved address"),  # carrier-grade NAT
        ("fc00::1", "a private address"),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_which_addresses_are_refused(address: str, reason: str | None) -> None:
    assert refused(address) == reason


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", r"^the server answered 404 Not Found$"),
        ("/logo.png", r"^not an article: the server sent image/png$"),
        ("/huge", r"^larger than 5 MB$"),
        ("/huge-declared", r"^larger than 5 MB$"),
        ("/to-ftp", r"^only http and https addresses can be added, not ftp$"),
    ],
)
def test_what_cannot_be_fetched_says_why(site: NewsSite, path: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        fetch(site.url(path), allow_private=True)


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_a_slow_server_times_out(site: NewsSite, path: str) -> None:
    """No answer within the limit, or an answer dripping in too slowly to finish within it."""
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"^timed out after 1 s$"):
        fetch(site.url(path), allow_private=True, timeout=1.0)
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", r"^only http and https addresses can be added, not file$"),
        ("ftp://127.0.0.1/x", r"^only http and https addresses can be added, not ftp$"),
        ("http://", r"^the address has no host name$"),
        ("http://no-such-host.invalid/x", r"^the host no-such-host\.invalid was not found$"),
    ],
)
def test_addresses_that_are_not_web_pages_are_refused(url: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        fetch(url, allow_private=True)


def test_a_pdf_is_known_by_its_type_or_its_first_bytes(site: NewsSite) -> None:
    assert fetch(site.url("/report.pdf"), allow_private=True).kind == "pdf"
    assert fetch(site.url("/download?id=7"), allow_private=True).kind == "pdf"


# Web pages ----------------------------------------------------------------------------------


def test_a_news_page_gives_its_article_without_the_site_around_it() -> None:
    draft = read_html(PAGE, url="https://www.coastalcourier.example/news/harbour-bridge")
    assert draft.title == "Port city approves £412m harbour bridge after decade of delays"
    assert (draft.outlet, draft.author) == ("The Coastal Courier", "Priya Natarajan")
    assert draft.published == dt.date(2024, 3, 14)
    assert len(draft.paragraphs) == 6
    assert draft.paragraphs[0].startswith(ARTICLE_START)
    assert draft.paragraphs[2].startswith("Of the total cost, £260m")
    assert draft.paragraphs[-1].endswith("is expected to open in June.")
    text = "\n".join(draft.paragraphs)
    assert [b for b in BOILERPLATE if b in text] == []


def test_a_login_wall_is_not_an_article() -> None:
    from tests.news_server import LOGIN_WALL

    with pytest.raises(SourceError, match=r"^no article text found in the page"):
        read_html(LOGIN_WALL, url="https://x.example/a")


# PDFs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [1, 2])
def test_a_pdf_gives_paragraphs_with_words_mended(columns: int) -> None:
    draft = read_pdf(text_pdf(columns), name="water")
    assert draft.title == TITLE
    assert draft.author == "Jo Bloggs"
    assert list(draft.paragraphs) == PARAGRAPHS  # "infra-" + "structure" made whole again
    assert draft.published is not None


def test_a_pdf_without_text_says_so() -> None:
    with pytest.raises(SourceError, match=r"^the PDF has no text layer \(a scanned document\?\)"):
        read_pdf(scanned_pdf())


def test_a_broken_pdf_says_so() -> None:
    with pytest.raises(SourceError, match=r"^not a readable PDF \("):
        read_pdf(b"%PDF-1.7\n" + b"\x00garbage" * 100)


@pytest.mark.parametrize(
    ("lines", "paragraph"),
    [
        (["the infra-", "structure plan"], "the infrastructure plan"),
        (["a state-", "Owned firm"], "a state- Owned firm"),  # a capital: not a broken word
        (["costs 1,650-", "2,200 won"], "costs 1,650- 2,200 won"),  # a range, not a word
        (["soft\u00ad", "ware"], "software"),
        (["one", "two"], "one two"),
    ],
)
def test_lines_are_joined_and_broken_words_mended(lines: list[str], paragraph: str) -> None:
    assert joined(lines) == paragraph


# Files and drafts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.html", "html"), ("a.HTM", "html"), ("r.pdf", "pdf"), ("n.txt", "text"),
     ("n.md", "markdown")],
)  # fmt: skip
def test_kinds_by_suffix(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_other_files_are_refused() -> None:
    with pytest.raises(SourceError, match=r"^not a kind of file Tally reads \(it takes \.html"):
        kind_of("slides.pptx")


def test_a_text_file_takes_its_first_line_as_title(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Harbour bridge approved\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    draft = read_file(path)
    assert draft.title == "Harbour bridge approved"
    assert list(draft.paragraphs) == PARAGRAPHS


def test_a_markdown_file_keeps_its_front_matter() -> None:
    text = '---\ntitle: "Pipes"\noutlet: Gazette\npublished: 2024-05-01\n---\n\n'
    draft = read_document((text + "\n\n".join(PARAGRAPHS)).encode(), "p.md", "markdown")
    assert (draft.title, draft.outlet, draft.published) == ("Pipes", "Gazette",
                                                            dt.date(2024, 5, 1))  # fmt: skip


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe not utf-8", r"^not UTF-8 text \(byte 0\)$"),
        (b"Too short to be an article.", r"^no article text found in the file"),
        (b"x" * 5_000_001, r"^larger than 5 MB$"),
    ],
)
def test_unreadable_text_says_why(data: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        read_document(data, "a.txt", "text")


def test_a_draft_becomes_markdown_the_corpus_reads_back() -> None:
    draft = Draft("Pipes: a “plan” # 2", tuple(PARAGRAPHS), "Gazette", "Jo", dt.date(2024, 5, 1),
                  "https://g.example/p")  # fmt: skip
    text = markdown(draft, dt.date(2024, 5, 2))
    assert "\nurl: https://g.example/p\n" in text and "\nfetched: 2024-05-02\n" in text
    article = as_article(text, "pipes.md")
    assert (article.title, article.outlet, article.url) == (draft.title, "Gazette", draft.url)
    assert article.published == dt.date(2024, 5, 1)
    assert list(article.paragraphs) == PARAGRAPHS


def test_file_names_come_from_titles_and_never_collide() -> None:
    title = "Port city approves £412m harbour bridge after decade of delays"
    name = "port-city-approves-412m-harbour-bridge-after-decade-of-delays"
    assert file_name(title, set()) == f"{name}.md"
    assert file_name(title, {f"{name}.md", f"{name}-2.md"}) == f"{name}-3.md"
    assert file_name("x" * 100, set()) == "x" * 72 + ".md"
    assert file_name("보스턴 예산", set()).startswith("article-")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.x.example/a/", "http://x.example/a#top", True),
        ("https://X.example/a", "https://x.example/a", True),
        ("https://x.example/a", "https://x.example/b", False),
        ("", "", False),
    ],
)
def test_same_url(a: str, b: str, same: bool) -> None:
    assert same_url(a, b) is same
