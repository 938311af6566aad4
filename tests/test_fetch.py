"""URL fetching: SSRF refusals and real fetches from a local server on 127.0.0.1.

No test sends a packet to any address but 127.0.0.1: refusals happen before connecting
(``no_connect`` fails a test that tries), and the local server is reached only where the
test allows loopback explicitly.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storydiff.errors import InputError
from storydiff.fetch import (
    Fetcher,
    Politeness,
    address_problem,
    articles_from_bytes,
    check_url,
    fetch_url,
)

ARTICLE_HTML = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Rally in the capital</title><meta property="og:site_name" content="Local Gazette"></head>
<body><article><h1>Rally in the capital</h1>
<p>Thousands of people marched through the capital on Sunday to protest the new law.</p>
<p>Police said about 10,000 people took part, while organisers put the number higher.</p>
<p>The march ended peacefully near the parliament building late in the afternoon.</p>
</article><script>alert(1)</script></body></html>"""

PLAIN = "Headline here\n\nA plain text article with enough words to count as one, in Кириллица."


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 (shared on purpose: the test reads what was asked)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.hits.append(self.path)
        routes = {
            "/article.html": lambda: self._send(200, ARTICLE_HTML),
            "/plain.txt": lambda: self._send(
                200, PLAIN.encode("cp1251"), "text/plain; charset=windows-1251"
            ),
            "/to-article": lambda: self._send(302, Location="/article.html"),
            "/to-private": lambda: self._send(302, Location="http://10.0.0.1/x"),
            "/to-metadata": lambda: self._send(
                301, Location="http://169.254.169.254/latest/meta-data/"
            ),
            "/to-ipv6-loopback": lambda: self._send(307, Location="http://[::1]:9/"),
            "/to-file": lambda: self._send(302, Location="file:///etc/passwd"),
            "/loop": lambda: self._send(302, Location="/loop"),
            "/image": lambda: self._send(200, b"\x89PNG\r\n\x1a\n", "image/png"),
            "/missing": lambda: self._send(404, b"no"),
        }
        if self.path == "/big":
            # No Content-Length: the cap must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"word " * 2000)
            return
        routes.get(self.path, lambda: self._send(404))()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def no_connect(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Records connections; fails the test on any connection that is not to 127.0.0.1."""
    made: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kw: object) -> socket.socket:
        made.append(address)
        assert address[0] == "127.0.0.1", f"tried to connect to {address}"
        return real(address, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    return made


# --- the address rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "not a public"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "private"),  # NAT64 for 10.0.0.1
        ("2002:7f00:1::", "loopback"),  # 6to4 for 127.0.0.1
    ],
)
def test_address_problem_refuses_local_addresses(address: str, reason: str) -> None:
    problem = address_problem(address)
    assert problem is not None
    assert reason in problem


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_address_problem_passes_public_addresses(address: str) -> None:
    assert address_problem(address) is None


# --- refusals before any connection ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/admin",
        "http://10.0.0.5/",
        "https://192.168.1.1/router",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f000001/",  # and as hex
        "http://0.0.0.0:8000/",
    ],
)
def test_fetch_refuses_local_and_private_addresses(
    url: str, no_connect: list[tuple[str, int]]
) -> None:
    with pytest.raises(InputError, match=r"^refused .*not fetched unless allowed\)$") as err:
        fetch_url(url)
    assert "\n" not in str(err.value)
    assert no_connect == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a", "javascript:alert(1)", "gopher://x/"]
)
def test_fetch_refuses_other_schemes(url: str, no_connect: list[tuple[str, int]]) -> None:
    with pytest.raises(InputError, match="only http and https"):
        fetch_url(url)
    assert no_connect == []


def test_allow_networks_must_cover_every_address() -> None:
    assert check_url("http://127.0.0.1/", allow_networks=["127.0.0.0/8"])
    with pytest.raises(InputError, match="loopback"):
        check_url("http://127.0.0.1/", allow_networks=["10.0.0.0/8"])


# --- the local server ------------------------------------------------------------------


def test_local_server_is_refused_without_permission(
    server: str, no_connect: list[tuple[str, int]]
) -> None:
    before = len(_Handler.hits)
    with pytest.raises(InputError, match="loopback"):
        fetch_url(server + "/article.html")
    assert no_connect == []
    assert len(_Handler.hits) == before


def test_fetches_html_article_when_allowed(server: str, no_connect: list) -> None:
    article = fetch_url(server + "/article.html", allow_private=True)
    assert "Police said about 10,000 people took part" in article.text
    assert "alert" not in article.text  # scripts never reach the text
    assert article.title == "Rally in the capital"
    assert article.source == server + "/article.html"
    assert article.url
    assert no_connect
    assert all(host == "127.0.0.1" for host, _ in no_connect)


def test_fetches_plain_text_with_declared_charset(server: str) -> None:
    article = fetch_url(server + "/plain.txt", allow_private=True, outlet="Wire")
    assert "Кириллица" in article.text
    assert article.outlet == "Wire"


def test_follows_redirects_within_allowed_network(server: str) -> None:
    article = fetch_url(server + "/to-article", allow_networks=["127.0.0.1/32"])
    assert "10,000" in article.text
    assert article.source == server + "/to-article"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/to-private", "10.0.0.1"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-ipv6-loopback", "::1"),
    ],
)
def test_redirect_to_private_address_is_refused(
    server: str, path: str, target: str, no_connect: list[tuple[str, int]]
) -> None:
    # Loopback is allowed for the first hop only (127.0.0.1/32), so the hop to the other
    # private address must be refused by the check, before any connection to it.
    with pytest.raises(InputError, match=f"refused .*{target}"):
        fetch_url(server + path, allow_networks=["127.0.0.1/32"])
    assert len(no_connect) == 1  # the first hop, and nothing after


def test_redirect_to_other_scheme_is_refused(server: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        fetch_url(server + "/to-file", allow_private=True)


def test_redirect_loop_is_cut(server: str) -> None:
    with pytest.raises(InputError, match="more than 3 redirects"):
        fetch_url(server + "/loop", allow_private=True, max_redirects=3)


def test_size_cap_holds_while_streaming(server: str) -> None:
    with pytest.raises(InputError, match="larger than the 50000 byte limit"):
        fetch_url(server + "/big", allow_private=True, max_bytes=50_000)


def test_size_cap_uses_content_length(server: str) -> None:
    with pytest.raises(InputError, match="over the 100 byte limit"):
        fetch_url(server + "/article.html", allow_private=True, max_bytes=100)


@pytest.mark.parametrize(("path", "message"), [("/missing", "HTTP 404"), ("/image", "image/png")])
def test_http_errors_and_non_text_are_refused(server: str, path: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fetch_url(server + path, allow_private=True)


def test_articles_from_bytes_reads_like_a_file() -> None:
    read = articles_from_bytes(ARTICLE_HTML, name="x.html", source="upload.html")
    assert read.articles
    assert read.articles[0].source == "upload.html"
    empty = articles_from_bytes(b"", name="x.txt", source="empty.txt")
    assert not empty.articles
    assert empty.problems[0].source == "empty.txt"


# --- the polite fetcher of corpus mode -----------------------------------------------------


def _local_fetcher() -> Fetcher:
    """A fetcher allowed on 127.0.0.1, without robots.txt or delays to wait for."""
    politeness = Politeness(allow_private=True, robots=False, host_delay=0.0, retries=0)
    return Fetcher(politeness, sleep=lambda _s: None)


def test_fetcher_follows_redirects_like_fetch_url(server: str) -> None:
    ctype, body = _local_fetcher().document(server + "/to-article")
    assert ctype == "text/html"
    assert b"10,000" in body
    assert "10,000" in _local_fetcher().article(server + "/to-article").text


def test_fetcher_cuts_a_redirect_loop_and_names_http_errors(server: str) -> None:
    with pytest.raises(InputError, match="too many redirects"):
        _local_fetcher().document(server + "/loop")
    with pytest.raises(InputError, match="HTTP 404"):
        _local_fetcher().document(server + "/missing")


def test_fetcher_refuses_a_private_hop_unless_allowed(server: str) -> None:
    fetcher = Fetcher(Politeness(robots=False, host_delay=0.0, retries=0))
    with pytest.raises(InputError, match="loopback"):
        fetcher.document(server + "/article.html")
