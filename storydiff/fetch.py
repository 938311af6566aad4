"""Fetch an article from a URL without letting the URL reach the local network.

A URL given to a web service is a request to make from inside its network (SSRF). So
``fetch_url`` only speaks http and https, resolves the host itself and refuses when any of
its addresses is loopback, private, link-local, multicast, reserved, unspecified or otherwise
not globally routable (IPv4 and IPv6, looking inside IPv4-mapped, 6to4, Teredo and NAT64
addresses), unless allowed. It then connects to exactly the address it checked, so a DNS
answer that changes between the check and the connection cannot slip through; it follows
redirects itself and checks every hop again; it caps the size while reading and the time
of the whole fetch. Each refusal is an ``InputError`` with one line that says why.

Proxies from the environment are not used: a proxy would resolve the host itself and
defeat the address check.

For corpus mode, ``Fetcher`` makes the same checked downloads politely: robots.txt, a delay
between two requests to one host, and retries with exponential backoff for errors that may
pass (timeouts, HTTP 429 and 5xx).
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import ipaddress
import socket
import ssl
import tempfile
import time
import urllib.robotparser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from storydiff import settings as options
from storydiff.errors import InputError
from storydiff.ingest import Ingested, read_inputs
from storydiff.records import Article
from storydiff.settings import Settings

FETCH_TIMEOUT: float = options.FETCH_TIMEOUT.default  # one whole download, redirects included
DEFAULT_MAX_BYTES: int = options.FETCH_MAX_BYTES.default
MAX_REDIRECTS = 5
USER_AGENT = "storydiff"  # the name robots.txt rules are matched against
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ALLOW_HINT = "private and local addresses are not fetched unless allowed"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def address_problem(address: str | Address) -> str | None:
    """Why ``address`` must not be fetched from (``"a loopback address"``), or None if public.

    IPv6 addresses that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, Teredo,
    NAT64 ``64:ff9b::/96``) are judged by the IPv4 address inside them as well.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if ip.teredo:
            inner = ip.teredo[1]
        if ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            problem = address_problem(inner)
            if problem:
                return f"{problem} ({inner}) inside an IPv6 address"
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attr, reason in checks:
        if getattr(ip, attr):
            return reason
    if not ip.is_global:  # e.g. 100.64.0.0/10, shared address space for carrier NAT
        return "not a public address"
    return None


def _allowed(ip: Address, allow_private: bool, networks: Sequence[Network]) -> bool:
    return allow_private or any(ip.version == n.version and ip in n for n in networks)


def _resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise InputError(f"cannot resolve host {host!r}: {err}") from None
    out: list[Address] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])  # drop an IPv6 zone id
        if ip not in out:
            out.append(ip)
    if not out:
        raise InputError(f"cannot resolve host {host!r}")
    return out


def check_url(
    url: str,
    *,
    allow_private: bool = False,
    allow_networks: Sequence[str] = (),
) -> list[Address]:
    """The addresses ``url`` may be fetched from; InputError when it must not be fetched.

    Every address the host resolves to must pass, so a name with one public and one
    private record is refused. ``allow_networks`` (CIDR strings) lists networks allowed
    even though they are private, e.g. an intranet news server.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"refused {_short(url)}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise InputError(f"refused {_short(url)}: no host in the URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InputError(f"refused {_short(url)}: bad port") from None
    networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
    addresses = _resolve(host, port)
    for ip in addresses:
        problem = address_problem(ip)
        if problem and not _allowed(ip, allow_private, networks):
            where = f"{host} resolves to {ip}, which is" if str(ip) != host else f"{ip} is"
            raise InputError(f"refused {_short(url)}: {where} {problem} ({_ALLOW_HINT})")
    return addresses


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    allow_networks: Sequence[str] = (),
    timeout: float = FETCH_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    outlet: str = "",
) -> Article:
    """Download ``url`` and read it as an article (HTML via trafilatura, or plain text).

    ``timeout`` bounds the whole fetch, redirects included; a body over ``max_bytes`` is
    refused. ``outlet`` names the outlet (else the page's site name, if any). The article's
    ``source`` and ``url`` are the URL asked for and the final URL after redirects.
    Raises ``InputError`` (one line) for a refused address, a network error, an HTTP error
    status, a body that is too large or not text, or a page with no article in it.
    """
    reply = _follow(
        url,
        allow_private=allow_private,
        allow_networks=allow_networks,
        deadline=time.monotonic() + timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
    )
    if reply is None:
        raise InputError(f"{_short(url)}: more than {max_redirects} redirects")
    if reply.status in _REDIRECTS:
        raise InputError(f"{_short(reply.url)}: redirect without a Location")
    if reply.status != 200:
        raise InputError(f"{_short(reply.url)}: HTTP {reply.status}")
    return _article(url, reply, outlet=outlet)


@dataclass(frozen=True, kw_only=True)
class _Reply:
    """The answer to a GET after its redirects: the final URL, status, headers and body."""

    url: str
    status: int
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""


def _follow(
    url: str,
    *,
    allow_private: bool,
    allow_networks: Sequence[str] = (),
    deadline: float,
    max_bytes: int,
    max_redirects: int,
) -> _Reply | None:
    """GET ``url``, following redirects and checking every hop's address again: the first
    answer that is not a redirect with a Location, or None when ``max_redirects`` run out."""
    current = url
    for _hop in range(max_redirects + 1):
        addresses = check_url(current, allow_private=allow_private, allow_networks=allow_networks)
        status, headers, body = _get(current, addresses, deadline, max_bytes)
        location = headers.get("Location") if status in _REDIRECTS else None
        if not location:
            return _Reply(url=current, status=status, headers=headers, body=body)
        current = urljoin(current, location.strip())
    return None


def _short(url: str, n: int = 120) -> str:
    url = " ".join(url.split())
    return url if len(url) <= n else url[: n - 1] + "…"


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a checked address, whatever the host name resolves to now."""

    def __init__(self, host: str, port: int, address: Address, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = str(address)

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate is checked for the host."""

    def __init__(self, host: str, port: int, address: Address, timeout: float) -> None:
        self.ssl_context = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.ssl_context)
        self.address = str(address)

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.ssl_context.wrap_socket(sock, server_hostname=self.host)


def _get(
    url: str, addresses: Sequence[Address], deadline: float, max_bytes: int
) -> tuple[int, Message, bytes]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    error: Exception | None = None
    for address in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        conn = kind(host, port, address, timeout=left)
        try:
            conn.request(
                "GET",
                path,
                headers={
                    "User-Agent": f"{USER_AGENT} (+article comparison)",
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
                    "Accept-Encoding": "identity",
                    "Connection": "close",
                },
            )
            response = conn.getresponse()
            if response.status in _REDIRECTS:
                return response.status, response.msg, b""
            return response.status, response.msg, _read(url, response, deadline, max_bytes)
        except (OSError, http.client.HTTPException) as err:
            error = err
        finally:
            conn.close()
    if error is None or isinstance(error, TimeoutError):
        raise InputError(f"{_short(url)}: timed out")
    raise InputError(f"{_short(url)}: {type(error).__name__}: {error}")


def _read(url: str, response: http.client.HTTPResponse, deadline: float, max_bytes: int) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise InputError(f"{_short(url)}: {int(length)} bytes, over the {max_bytes} byte limit")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(f"{_short(url)}: timed out while reading")
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{_short(url)}: larger than the {max_bytes} byte limit")
        chunks.append(chunk)


def _article(asked: str, reply: _Reply, *, outlet: str) -> Article:
    final, ctype, body = reply.url, reply.content_type, reply.body
    if ctype in _HTML_TYPES:
        suffix = ".html"
    elif ctype in _TEXT_TYPES:
        suffix = ".txt"
        charset = reply.headers.get_content_charset()
        if charset:
            # When the declared charset fails, ingest's own decoding and its notes take over.
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                body = body.decode(charset).encode("utf-8")
    elif not ctype:
        suffix = ""  # ingest sniffs HTML, JSON or text from the content
    else:
        raise InputError(f"{_short(final)}: not an article (content type {ctype})")
    ingested = articles_from_bytes(body, name=f"page{suffix}", source=asked, outlet=outlet)
    if not ingested.articles:
        why = ingested.problems[0].message if ingested.problems else "no article found"
        raise InputError(f"{_short(final)}: {why}")
    article = ingested.articles[0]
    return dataclasses.replace(article, source=asked, url=article.url or final)


def articles_from_bytes(
    data: bytes,
    *,
    name: str,
    source: str,
    outlet: str = "",
    title: str = "",
    settings: Settings | None = None,
) -> Ingested:
    """Read downloaded or uploaded bytes as ingest reads a file called ``name``.

    The extension of ``name`` picks the format (``.html``, ``.txt``, ``.json``, ``.jsonl``;
    none: sniffed), so decoding, HTML extraction and noise removal are exactly those of
    ``read_inputs``. Articles and problems name ``source`` instead of the temporary file.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in (".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".json", ".jsonl"):
        suffix = ""
    with tempfile.TemporaryDirectory(prefix="storydiff-") as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        ingested = read_inputs(
            [str(path)],
            outlets=[outlet] if outlet else [],
            titles=[title] if title else [],
            settings=settings,
        )
    articles = tuple(dataclasses.replace(a, source=source) for a in ingested.articles)
    problems = tuple(dataclasses.replace(p, source=source) for p in ingested.problems)
    return Ingested(articles=articles, problems=problems)


# --- polite downloads for corpus mode -----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Politeness:
    """How downloads behave: per-request ``timeout`` (s) and ``max_bytes``, ``retries``
    with ``backoff * 2**attempt`` seconds between tries, ``host_delay`` seconds between two
    requests to one host (or the host's robots.txt Crawl-delay when longer)."""

    timeout: float = FETCH_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = options.RETRIES.default
    backoff: float = 1.0
    host_delay: float = options.HOST_DELAY.default
    robots: bool = True
    allow_private: bool = False


def _transient(message: str) -> bool:
    """Whether a failed download may succeed if tried again (a timeout, HTTP 429 or 5xx, a
    reset or refused connection), judged from its ``InputError`` line."""
    return (
        "timed out" in message
        or "HTTP 429" in message
        or any(f"HTTP 5{d}" in message for d in "0123456789")
        or "Error:" in message  # connection resets and refusals from _get
    )


class Fetcher:
    """Polite downloads for one run: robots.txt per host, per-host delay, retries.

    ``fetch`` (an article URL to an ``Article``), ``sleep`` and ``clock`` can be replaced,
    e.g. in tests.
    """

    def __init__(
        self,
        politeness: Politeness | None = None,
        *,
        fetch: Callable[..., Article] = fetch_url,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.politeness = politeness or Politeness()
        self._fetch = fetch
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def article(self, url: str, *, outlet: str = "") -> Article:
        """Fetch one article page politely; InputError (one line) when it cannot be read."""
        p = self.politeness
        return self._polite(  # type: ignore[no-any-return]
            url,
            lambda: self._fetch(
                url,
                allow_private=p.allow_private,
                timeout=p.timeout,
                max_bytes=p.max_bytes,
                outlet=outlet,
            ),
        )

    def document(self, url: str) -> tuple[str, bytes]:
        """Fetch any document politely (a feed, a page): its content type and body."""

        def get() -> tuple[str, bytes]:
            reply = self._raw(url)
            if reply.status != 200:
                raise InputError(f"{url}: HTTP {reply.status}")
            return reply.content_type, reply.body

        return self._polite(url, get)  # type: ignore[no-any-return]

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _wait(self, url: str, delay: float) -> None:
        host = self._host(url)
        last = self._last.get(host)
        if last is not None:
            left = last + delay - self._clock()
            if left > 0:
                self._sleep(left)
        self._last[host] = self._clock()

    def _raw(self, url: str) -> _Reply:
        """One GET with redirects, each hop's address checked."""
        p = self.politeness
        reply = _follow(
            url,
            allow_private=p.allow_private,
            deadline=time.monotonic() + p.timeout,
            max_bytes=p.max_bytes,
            max_redirects=MAX_REDIRECTS,
        )
        if reply is None:
            raise InputError(f"{url}: too many redirects")
        return reply

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        host = self._host(url)
        if host not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            assert parser is not None
            try:
                reply = self._raw(host + "/robots.txt")
                if reply.status >= 500:
                    parser.disallow_all = True  # type: ignore[attr-defined]  # a failing server: stay away this run
                elif reply.status >= 400:
                    parser.allow_all = True  # type: ignore[attr-defined]  # no robots.txt: everything is allowed
                else:
                    parser.parse(reply.body.decode("utf-8", "replace").splitlines())
            except InputError:
                parser.disallow_all = True  # type: ignore[attr-defined]
            self._robots[host] = parser
        return self._robots[host]

    def _delay(self, url: str) -> float:
        delay = self.politeness.host_delay
        robots = self._robots.get(self._host(url))
        crawl = robots.crawl_delay(USER_AGENT) if robots is not None else None
        return max(delay, float(crawl)) if crawl else delay

    def _polite(self, url: str, get: Callable[[], Any]) -> Any:
        if self.politeness.robots:
            robots = self._robots_for(url)
            if robots is not None and not robots.can_fetch(USER_AGENT, url):
                raise InputError(f"{url}: disallowed by robots.txt")
        attempt = 0
        while True:
            self._wait(url, self._delay(url))
            try:
                return get()
            except InputError as err:
                if attempt >= self.politeness.retries or not _transient(str(err)):
                    raise
                self._sleep(self.politeness.backoff * 2**attempt)
                attempt += 1
