"""A news site for tests: real HTTP on 127.0.0.1 serving a real-looking article page, PDFs,
redirects, a slow and a trickling server, a 404, a huge body and a non-HTML body."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE = (Path(__file__).parent / "pages" / "harbour-bridge.html").read_bytes()
LOGIN_WALL = b"""<!DOCTYPE html><html><head><title>Subscribe | The Coastal Courier</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="paywall"><h1>This article is for subscribers</h1><p>Log in to keep reading.</p>
<form><input name="email"><input name="password" type="password"><button>Log in</button></form>
</div><footer>(c) 2024 Coastal Courier Media Ltd.</footer></body></html>"""
HUGE = 6_000_000


class NewsSite(ThreadingHTTPServer):
    """Start with `with news_site() as site:`; `site.url("/path")` is an address on it."""

    daemon_threads = True
    files: dict[str, tuple[str, bytes]]  # path -> (content type, body), set by the test
    requests: list[str]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: NewsSite

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)
        path, port = self.path, self.server.server_address[1]
        if path in self.server.files:
            kind, body = self.server.files[path]
            self._send(200, kind, body)
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hops/{left - 1}" if left > 1 else "/news/harbour-bridge")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-private":  # another loopback address: private, as 10.x would be
            self._redirect(f"http://127.0.0.2:{port}/news/harbour-bridge")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/news.txt")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE)
        elif path == "/trickle":
            self._trickle()
        elif path == "/huge":
            self._huge(declared=False)
        elif path == "/huge-declared":
            self._huge(declared=True)
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client gave up (a slow answer it no longer waits for)
            pass

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _trickle(self) -> None:
        """A byte at a time, each well within a read timeout, for longer than the whole limit."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:  # the client gave up, as it should
            pass

    def _huge(self, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        block = b"<p>" + b"x" * 65_000 + b"</p>\n"
        try:
            for _ in range(HUGE // len(block) + 1):
                self.wfile.write(block)
        except OSError:
            pass


@contextmanager
def news_site() -> Iterator[NewsSite]:
    """The site on a free port of 127.0.0.1, serving the article page and a login wall."""
    site = NewsSite(("127.0.0.1", 0), _Handler)
    site.files = {
        "/news/harbour-bridge": ("text/html; charset=utf-8", PAGE),
        "/news/subscribers-only": ("text/html; charset=utf-8", LOGIN_WALL),
        "/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    }
    site.requests = []
    thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()
        thread.join(5)
