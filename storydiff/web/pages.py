"""How the app answers: its pages from Jinja2 templates, JSON, and one-line errors.

The templates (``storydiff/web/templates``) write only a page's body; ``render.html.page``
wraps it in the shell the report uses too (stylesheet, strict CSP, no remote loads).
Autoescape is on, and every value a template prints goes through the report's own
``escape_html`` (``html.escape`` plus isolated bidi controls), so article text, titles and
outlet names reach a page as text, the same way they reach the report.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel

from storydiff.render.bidi import escape_html
from storydiff.render.html import page
from storydiff.web.security import SECURITY_HEADERS


def _escaped(value: object) -> Markup:
    # Jinja's finalize: what a template prints, escaped as the report escapes (bidi
    # controls isolated, ``'`` as ``&#x27;``), unless it is already markup (a macro's).
    if isinstance(value, Markup):
        return value
    return Markup(escape_html(str(value)))  # noqa: S704 (escaped on this line)


@functools.cache
def _templates() -> jinja2.Environment:
    # Built once per process: templates are read-only, so apps may share their cache.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("storydiff.web", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
    )


@functools.cache
def _stylesheet() -> str:
    # The web pages' few rules beyond the report's (phones: tables and long words).
    return resources.files("storydiff.web").joinpath("templates", "web.css").read_text("utf-8")


def render_page(
    template: str,
    *,
    title: str,
    scripts: Sequence[str] = (),
    form_action: str = "'none'",
    **context: Any,
) -> str:
    """The page whose body is ``template`` filled with ``context`` (see the module docstring)."""
    body = _templates().get_template(template).render(**context)
    styles = [_stylesheet()]
    return page(title=title, body=body, scripts=scripts, form_action=form_action, styles=styles)


def with_nav(report: str, links: Sequence[tuple[str, str]]) -> str:
    """``report`` (a whole page, as ``render`` writes it) with a bar of ``(text, href)`` links
    at the top of its body: the way back to the page it was opened from, a link to keep.

    The report stays the CLI's, byte for byte; only the web app adds where to go from it.
    """
    items = "".join(
        f'<a href="{escape_html(href)}">{escape_html(text)}</a>' for text, href in links
    )
    bar = f'<header class="top"><nav class="toc" aria-label="Links">{items}</nav></header>'
    return report.replace("<body>", "<body>" + bar, 1)


def html_response(body: str, status: int = 200) -> HTMLResponse:
    """An HTML answer with the app's security headers."""
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def json_response(model: BaseModel) -> JSONResponse:
    """``model`` as a JSON answer with the app's security headers."""
    return JSONResponse(model.model_dump(mode="json"), headers=SECURITY_HEADERS)


def error_response(accept: str, status: int, message: str) -> Response:
    """A 4xx/5xx answer: ``{"detail": message}``, or a small page when HTML was asked for."""
    if "text/html" in accept:
        heading = {403: "Refused", 404: "Not found"}.get(status, "Could not compare")
        html = render_page("error.html", title="storydiff: error", heading=heading, message=message)
        return html_response(html, status)
    return JSONResponse({"detail": message}, status_code=status, headers=SECURITY_HEADERS)
