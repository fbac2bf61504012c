"""Where articles come from before they are corpus files: web pages, PDFs and text files.

`fetch` gets a URL safely, `web`, `pdf` and `text` turn what it got into a `Draft`, and
`corpus_file` writes a draft into the corpus as Markdown with front matter. Nothing here reads
settings; the caller passes what it needs.
"""

from __future__ import annotations

from index.errors import TallyError


class SourceError(TallyError):
    """A source that cannot be added; the message is the reason, the caller names the source."""
