"""Telegram HTML: rendering and splitting, checked against the test server's strict parser."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reply import Answer, Citation
from bot.telegram_format import (
    escape,
    html_to_text,
    render_answer,
    render_sources,
    split_html,
    utf16_len,
)
from tests.botapi_server import ApiError, parse_html

BOSTON = Citation(
    1,
    "corpus/korea-tech-clusters-2023.md",
    "South Korea to Invest $1.65 Billion in Advanced Industry Clusters",
    "KoreaTechDaily",
    "",
    8,
    "South Korea is also bringing global collaboration by investing 86.4 billion won in 2024 "
    "in the Boston-Korea project.",
    0.83,
)


def _cite(**changes: object) -> Citation:
    fields = {**BOSTON.__dict__, **changes}
    return Citation(**fields)  # type: ignore[arg-type]


def _valid(part: str, limit: int = 4096) -> str:
    """The part's plain text, after checking Telegram would take it."""
    plain, _ = parse_html(part)
    assert plain.strip(), f"empty part {part!r}"
    assert utf16_len(plain) <= limit
    return plain


# The oracle first: the server refuses what Telegram refuses.
@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag, expected "</b>", found "</i>"'),
        ("a & b", "Unescaped &: use &amp; at byte offset 2"),
        ("a < b", "Unclosed start tag at byte offset 2"),
        ("1 > 0", "Unescaped >: use &gt; at byte offset 2"),
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("<a>x</a>", 'Tag "a" must have attribute "href"'),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "Blockquotes can't be nested"),
        ("<code><b>x</b></code>", "can't be nested in pre or code"),
        ("é<u>x", "Can't find end tag"),
        ("&#xD800;", "Invalid numeric entity"),
    ],
)
def test_server_refuses_what_telegram_refuses(markup: str, error: str) -> None:
    with pytest.raises(ApiError) as refused:
        parse_html(markup)
    assert refused.value.description.startswith("Bad Request: can't parse entities: ")
    assert error in refused.value.description


def test_server_parses_entities_in_utf16_units() -> None:
    plain, entities = parse_html('😀 <b>a &amp; b</b> <a href="https://x.org/?a=1&amp;b=2">x</a>')
    assert plain == "😀 a & b x"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 5},
        {"type": "text_link", "offset": 9, "length": 1, "url": "https://x.org/?a=1&b=2"},
    ]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            Answer("q", "86.4 billion won in 2024 [1].", "86.4 billion won", citations=[BOSTON]),
            "<b>86.4 billion won</b> in 2024 [1].\n\n[1] <i>South Korea to Invest $1.65 Billion "
            "in Advanced Industry Clusters</i> (KoreaTechDaily), paragraph 8\n<blockquote>South "
            "Korea is also bringing global collaboration by investing 86.4 billion won in 2024 "
            "in the Boston-Korea project.</blockquote>",
        ),
        (
            Answer("q", "The articles don't say.", abstained=True),
            "The articles don't say.",
        ),
        (
            Answer("q", "1 < 2 & <b>3</b> [1].", "<b>3</b>", citations=[_cite(quote='"<i>&amp;')]),
            "1 &lt; 2 &amp; <b>&lt;b&gt;3&lt;/b&gt;</b> [1].\n\n[1] <i>South Korea to Invest "
            "$1.65 Billion in Advanced Industry Clusters</i> (KoreaTechDaily), paragraph 8\n"
            '<blockquote>"&lt;i&gt;&amp;amp;</blockquote>',
        ),
        (
            Answer("q", "x [1].", "not in the lead", citations=[_cite(title="T", outlet="")]),
            "x [1].\n\n[1] <i>T</i>, paragraph 8\n<blockquote>"
            + escape(BOSTON.quote)
            + "</blockquote>",
        ),
    ],
    ids=["figure", "abstained", "hostile", "emphasis-missing"],
)
def test_render_answer(answer: Answer, expected: str) -> None:
    assert render_answer(answer) == expected
    _valid(expected)


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://k.example/a?x=1&y=\"2\"", '<a href="https://k.example/a?x=1&amp;y=&quot;2&quot;">T</a>'),
        ("http://k.example/", '<a href="http://k.example/">T</a>'),
        ("", "<i>T</i>"),
        ("javascript:alert(1)", "<i>T</i>"),
        ("https://with space/", "<i>T</i>"),
    ],
)  # fmt: skip
def test_only_web_links_are_linked(url: str, title: str) -> None:
    rendered = render_answer(Answer("q", "x [1].", citations=[_cite(title="T", url=url)]))
    assert f"[1] {title} (KoreaTechDaily)" in rendered
    _valid(rendered)


def test_sources_show_file_score_and_question() -> None:
    answer = Answer('How much <b>&"?', "86.4 billion won [1].", citations=[BOSTON])
    plain = _valid(render_sources(answer))
    assert plain.startswith('Sources for “How much <b>&"?”')
    assert "corpus/korea-tech-clusters-2023.md, paragraph 8, score 0.83" in plain
    assert render_sources(None) == "No sources yet: ask a question first."


@pytest.mark.parametrize(
    ("markup", "limit", "parts"),
    [
        ("short", 4096, ["short"]),
        ("a" * 4096, 4096, ["a" * 4096]),
        ("a" * 4097, 4096, ["a" * 4096, "a"]),
        ("😀" * 3, 4, ["😀😀", "😀"]),
        ("One two.\n\nThree four.", 15, ["One two.\n\n", "Three four."]),
        ("One two. Three four.", 15, ["One two. ", "Three four."]),
        ("One two three four", 15, ["One two three ", "four"]),
        ("<b>One two three four</b>", 15, ["<b>One two three </b>", "<b>four</b>"]),
        ('<a href="h://x">ab cd</a>', 3, ['<a href="h://x">ab </a>', '<a href="h://x">cd</a>']),
        ("&amp;&amp;&amp;", 2, ["&amp;&amp;", "&amp;"]),
        ("a.\nb c d e f g h", 12, ["a.\nb c d e ", "f g h"]),  # a later word beats
        ("a b c d e.\nf g h", 12, ["a b c d e.\n", "f g h"]),  # a line break in the first half
        ("a\n\nb c d e f g h i j k l", 12, ["a\n\nb c d e ", "f g h i j k ", "l"]),
        ("   \n\n  ", 4096, []),
        ("<b>x</b>\n\n<i>y</i>", 3, ["<b>x</b>\n\n", "<i>y</i>"]),
    ],
)
def test_split_html(markup: str, limit: int, parts: list[str]) -> None:
    assert split_html(markup, limit) == parts
    for part in parts:
        _valid(part, limit)


def test_split_prefers_paragraphs_then_sentences_over_words() -> None:
    paragraph = " ".join(f"Sentence {i} has some words in it." for i in range(60))
    markup = escape("\n\n".join([paragraph] * 5))
    parts = split_html(markup)
    assert len(parts) >= 3
    for part in parts[:-1]:
        assert _valid(part).rstrip().endswith(".")


def test_long_answer_splits_inside_a_quote_and_reopens_it() -> None:
    quote = " ".join(f"Figure {i} is 1,{i:03d} won & <rising>." for i in range(400))
    parts = split_html(render_answer(Answer("q", "x [1].", citations=[_cite(quote=quote)])))
    assert len(parts) >= 3
    assert all(p.startswith("<blockquote>") for p in parts[1:])
    joined = "".join(_valid(p) for p in parts)
    assert quote in joined.replace("\n", "")


def test_split_rejects_a_limit_below_one_astral_character() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        split_html("x", 1)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=2, max_value=300))
def test_any_text_splits_into_valid_parts_that_lose_nothing(text: str, limit: int) -> None:
    parts = split_html(escape(text), limit)
    joined = "".join(_valid(part, limit) for part in parts)
    assert _squeeze(joined) == _squeeze(text)


@settings(max_examples=200, deadline=None)
@given(
    lead=st.text(max_size=300),
    emphasis=st.text(max_size=20),
    quotes=st.lists(st.text(min_size=1, max_size=3000), max_size=4),
    title=st.text(max_size=200),
    url=st.sampled_from(["", "https://e.example/a?b=1&c=<2>", 'http://e.example/"q"', "ftp://x"]),
)
def test_any_answer_renders_to_valid_parts(
    lead: str, emphasis: str, quotes: list[str], title: str, url: str
) -> None:
    citations = [_cite(n=n, quote=q, title=title, url=url) for n, q in enumerate(quotes, 1)]
    answer = Answer("q", lead or "x", emphasis, citations=citations)
    markup = render_answer(answer)
    for part in split_html(markup):
        _valid(part)
    assert _squeeze(html_to_text(markup)).startswith(_squeeze(lead or "x"))


_TAGS = ["b", "i", "u", "s", "code", "tg-spoiler", 'a href="https://x.example/"', "blockquote"]


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Valid Telegram HTML: escaped text and nested tags (no code or link inside either)."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS[:4] if depth else _TAGS))
            name = tag.split()[0]
            inner = (
                draw(_markup(depth + 1)) if name not in ("code", "a") else escape(draw(st.text()))
            )
            pieces.append(f"<{tag}>{inner}</{name}>")
        else:
            pieces.append(escape(draw(st.text(max_size=80))))
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(_markup(), st.integers(min_value=2, max_value=40))
def test_nested_tags_are_closed_and_reopened_at_every_cut(markup: str, limit: int) -> None:
    plain, _ = parse_html(markup)
    parts = split_html(markup, limit)
    joined = "".join(_valid(part, limit) for part in parts)
    assert _squeeze(joined) == _squeeze(plain)
