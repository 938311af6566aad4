"""Renderers for a ``Comparison``: ``text`` for the terminal, ``md`` and ``json``.

``render(comparison, fmt)`` looks ``fmt`` up in ``RENDERERS`` (names to lazy
``"module:function"`` paths), then in the ``storydiff.renderers`` entry-point group for
third-party formats. Every renderer has the signature of ``_base.Renderer``.
"""

from __future__ import annotations

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


def render(comparison: Comparison, fmt: str, *, color: bool = False) -> str:
    """Render ``comparison`` as ``fmt`` (``text``, ``md`` or ``json``).

    ``color`` asks for ANSI colour; formats where it makes no sense ignore it. The result
    has no trailing newline, so ``print`` can write it as is.
    """
    return get_renderer(fmt)(comparison, color=color)


__all__ = ["RENDERERS", "Renderer", "formats", "get_renderer", "render"]
