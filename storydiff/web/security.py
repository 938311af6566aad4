"""What the app refuses before any work: other sites' requests, large bodies, foreign hosts.

Cross-site requests: the routes that run a comparison refuse (403) a request that a page of
another site made (``refuse_cross_site``): ``Sec-Fetch-Site: cross-site``, or an ``Origin``
(else ``Referer``) naming another host than ``Host``. Requests with neither header, as curl
and scripts send them, are allowed.

The request body is limited (``BodyLimit``) on the declared length and again while reading.
On loopback, the ``Host`` header is limited to loopback names (``guard_hosts``), which stops
DNS-rebinding pages from talking to a server on localhost. Every answer carries
``SECURITY_HEADERS``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS = {
    # The pages carry their own strict policy in a meta tag; this adds what a meta tag
    # cannot say (no framing) without loosening it.
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cross_site_refusal(headers: Mapping[str, str]) -> str | None:
    """Why a request looks made by another site's page (a CSRF attempt); None if it does not.

    ``headers`` are lower-case names, as Starlette gives them. Browsers set
    ``Sec-Fetch-Site`` and ``Origin`` themselves and no page can forge them; curl and
    scripts send neither, and pass. ``Origin: null`` is what a browser sends for a form
    post from a page with ``Referrer-Policy: no-referrer`` (ours included), so it passes
    only when the browser also says ``Sec-Fetch-Site: same-origin``.
    """
    site = headers.get("sec-fetch-site", "").strip().lower()
    if site == "cross-site":
        return "refused a cross-site request (Sec-Fetch-Site: cross-site)"
    host = headers.get("host", "")
    origin = headers.get("origin")
    referer = headers.get("referer")
    if origin is not None and origin.strip().lower() == "null":
        if site == "same-origin":
            return None
        return "refused a request from a hidden origin (Origin: null) not marked same-origin"
    if origin is None and not referer:
        if site in ("", "same-origin", "none"):
            return None
        return f"refused a request from another site (Sec-Fetch-Site: {site[:40]})"
    name, claimed = ("Origin", origin) if origin is not None else ("Referer", referer or "")
    if not _same_host(claimed, host):
        return (
            f"refused a cross-site request: its {name} {claimed[:100]!r} is not this "
            f"server ({host[:100]})"
        )
    return None


def _same_host(url: str, host: str) -> bool:
    """Whether ``url`` (an Origin or Referer) names ``host`` (a Host header), port included."""
    default = {"http": 80, "https": 443}
    try:
        theirs = urlsplit(url.strip())
        ours = urlsplit("//" + host.strip())
        scheme = theirs.scheme.lower()
        their_port = theirs.port or default.get(scheme)
        our_port = ours.port or default.get(scheme)
    except ValueError:  # a malformed port
        return False
    return bool(theirs.hostname) and (theirs.hostname, their_port) == (ours.hostname, our_port)


def refuse_cross_site(request: Request) -> None:
    """A route dependency: 403 with one line when ``cross_site_refusal`` finds a reason."""
    reason = cross_site_refusal(request.headers)
    if reason:
        raise HTTPException(403, reason)


def loopback_hosts(host: str) -> list[str] | None:
    """The ``Host`` names a server listening on ``host`` accepts; None for any.

    Listening on every interface is a deliberate choice: any name may reach it then.
    """
    return ["127.0.0.1", "localhost", "[::1]", "::1"] if host in LOOPBACK else None


def guard_hosts(app: FastAPI, allowed_hosts: Sequence[str] | None) -> None:
    """Answer 400 to a request whose ``Host`` is not one of ``allowed_hosts`` (if given)."""
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))


class BodyLimit:
    """Refuses request bodies over ``max_bytes``: by Content-Length, and while reading.

    ``refuse(accept, status, message)`` is the answer to a declared length over the limit
    (the app's error page or JSON); a body that grows past it while read raises a 413
    inside the route, which the app's handler answers the same way.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, refuse: Callable[[str, int, str], Response]):
        self.app = app
        self.max_bytes = max_bytes
        self.refuse = refuse

    def _message(self) -> str:
        return f"request too large: the limit is {self.max_bytes:,} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            response = self.refuse(headers.get("accept", ""), 413, self._message())
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the route's body read; the app's handler answers it.
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, limited, send)
