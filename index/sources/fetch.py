"""Fetch a URL the safe way: http(s) only, public addresses only, bounded in size, time and hops.

Every connection goes through `_PublicOnly`, which resolves the host itself and connects to the
address it checked, so a name that resolves to a private address, or a redirect to one, is
refused at the moment of connecting (no second look-up for DNS rebinding to slip through).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from index.corpus import MAX_FILE_BYTES
from index.sources import SourceError

MAX_REDIRECTS = 5
TIMEOUT = 20.0  # seconds for the whole fetch, redirects included
USER_AGENT = "Tally/0.1 (adds one article on a user's request)"
# What a page may be; anything else is not an article Tally can read.
KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the address it ended at, what kind of document, and its bytes."""

    url: str  # as asked
    final_url: str  # after redirects
    kind: str  # "html", "pdf", "text" or "markdown"
    body: bytes


def fetch(
    url: str,
    allow_private: bool = False,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_FILE_BYTES,
    let_through: Collection[str] = (),
) -> Fetched:
    """GET `url`, following at most MAX_REDIRECTS redirects; SourceError says why not.

    `let_through`: addresses connected to even when private (a test's own server).
    """
    deadline = time.monotonic() + timeout
    transport = _transport(allow_private, let_through)
    limits = httpx.Timeout(timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(KINDS)}
    with httpx.Client(transport=transport, timeout=limits, headers=headers) as client:
        request = client.build_request("GET", _checked(url))
        for _ in range(MAX_REDIRECTS + 1):
            response = _send(client, request, timeout)
            try:
                if not response.is_redirect:
                    return _read(url, response, deadline, timeout, max_bytes)
                following = response.next_request
            finally:
                response.close()
            if following is None:
                raise SourceError("the server sent a redirect without a Location")
            request = client.build_request("GET", _checked(str(following.url)))
        raise SourceError(f"more than {MAX_REDIRECTS} redirects")


def _checked(url: str) -> str:
    """`url` if it is an http or https address with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise SourceError("not a valid web address") from None
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "no scheme"
        raise SourceError(f"only http and https addresses can be added, not {scheme}")
    if not parsed.host:
        raise SourceError("the address has no host name")
    return str(parsed)


def _send(client: httpx.Client, request: httpx.Request, timeout: float) -> httpx.Response:
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException:
        raise SourceError(f"timed out after {timeout:g} s") from None
    except httpx.TransportError as exc:
        raise SourceError(f"could not connect to {request.url.host} ({_reason(exc)})") from None


def _read(
    url: str, response: httpx.Response, deadline: float, timeout: float, max_bytes: int
) -> Fetched:
    if response.status_code != 200:
        phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
        raise SourceError(f"the server answered {response.status_code}{phrase}")
    too_large = SourceError(f"larger than {max_bytes // 1_000_000} MB")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    try:
        for part in response.iter_bytes():
            body += part
            if len(body) > max_bytes:
                raise too_large
            if time.monotonic() > deadline:
                raise SourceError(f"timed out after {timeout:g} s")
    except httpx.TimeoutException:
        raise SourceError(f"timed out after {timeout:g} s") from None
    except httpx.TransportError as exc:
        raise SourceError(f"the download broke off ({_reason(exc)})") from None
    kind = _kind(response.headers.get("Content-Type", ""), bytes(body[:5]))
    return Fetched(url, str(response.url), kind, bytes(body))


def _kind(content_type: str, start: bytes) -> str:
    """ "text/html; charset=utf-8" -> "html"; a PDF sent as octet-stream is still a PDF."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in KINDS:
        return KINDS[media]
    if start == b"%PDF-":
        return "pdf"
    raise SourceError(f"not an article: the server sent {media or 'no content type'}")


def _reason(exc: Exception) -> str:
    """The innermost cause's words: "[Errno 111] Connection refused" -> "Connection refused"."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    if isinstance(exc, SourceError):
        return str(exc)
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


class _PublicOnly(httpcore.SyncBackend):
    """httpcore's own backend, connecting only to addresses the check lets through."""

    def __init__(self, allow_private: bool, let_through: Collection[str]) -> None:
        self.allow_private = allow_private
        self.let_through = frozenset(let_through)

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any
    ) -> httpcore.NetworkStream:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror:
            raise SourceError(f"the host {host} was not found") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not self.allow_private:
            for address in set(addresses) - self.let_through:
                refusal = refused(address)
                if refusal:
                    named = address if address == host else f"{host} ({address})"
                    raise SourceError(f"refused: {named} is {refusal}")
        # The address checked is the one connected to; TLS still verifies the host name.
        return super().connect_tcp(addresses[0], port, timeout, *args, **kwargs)


def refused(address: str) -> str | None:
    """Why an address is not fetched ("a loopback address"), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, test in [("a loopback", ip.is_loopback), ("a link-local", ip.is_link_local),
                       ("a multicast", ip.is_multicast), ("an unspecified", ip.is_unspecified),
                       ("a private", ip.is_private), ("a reserved", not ip.is_global)]:  # fmt: skip
        if test:
            return f"{kind} address"
    return None


def _transport(allow_private: bool, let_through: Collection[str]) -> httpx.HTTPTransport:
    """httpx's transport on the checking backend; environment proxies are ignored, as a proxy
    would resolve names where they cannot be checked."""
    transport = httpx.HTTPTransport(trust_env=False)
    # HTTPTransport takes no network_backend yet (encode/httpx#3749), so its pool is replaced
    # by one built the same way with it.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=_PublicOnly(allow_private, let_through),
    )
    return transport
