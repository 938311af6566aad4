"""Renderers for a ``Comparison``: ``text`` for the terminal, ``md`` and ``json``.

``render(comparison, fmt)`` looks ``fmt`` up in ``RENDERERS`` (names to lazy
``"module:function"`` paths), then in the ``storydiff.renderers`` entry-point group for
third-party formats. Every renderer has the signature of ``_base.Renderer``.
"""

from __future__ import annotations

import inspect
from typing import cast

from storydiff.records import Comparison
from storydiff.registry import names, resolve
from storydiff.render._base import Renderer

# Lazy so that ``--format json`` never imports the terminal or Markdown code, and so an
# HTML renderer can join later with one line here.
RENDERERS: dict[str, str] = {
    "text": "storydiff.render.text:render_text",
    "md": "storydiff.render.markdown:render_markdown",
    "json": "storydiff.render.jsonout:render_json",
    "html": "storydiff.render.html:render_html",
}


def formats() -> list[str]:
    """Names of all known formats: built-in and those registered by entry points."""
    return names(RENDERERS, "storydiff.renderers")


def get_renderer(fmt: str) -> Renderer:
    """The renderer function registered under ``fmt``; StorydiffError if there is none."""
    return cast(Renderer, resolve(fmt, RENDERERS, "storydiff.renderers", "format"))


def render(
    comparison: Comparison, fmt: str, *, color: bool = False, detail: bool | None = None
) -> str:
    """Render ``comparison`` as ``fmt`` (``text``, ``md`` or ``json``).

    ``color`` asks for ANSI colour; formats where it makes no sense ignore it. ``detail``
    ``False`` asks for the brief of a comparison of 3+ articles without the full detail
    (the CLI's default; ``None`` keeps the renderer's own default, the full view), and
    goes only to renderers that take it. The result has no trailing newline, so ``print``
    can write it as is.
    """
    renderer = get_renderer(fmt)
    if detail is not None and _takes_detail(renderer):
        return renderer(comparison, color=color, detail=detail)  # type: ignore[call-arg]
    return renderer(comparison, color=color)


def _takes_detail(renderer: Renderer) -> bool:
    """Whether ``renderer`` has a ``detail`` keyword (third-party ones may predate it)."""
    try:
        params = inspect.signature(renderer).parameters
    except (TypeError, ValueError):
        return False
    return "detail" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


__all__ = ["RENDERERS", "Renderer", "formats", "get_renderer", "render"]
