"""Renderers for a ``Comparison``: ``text`` for the terminal, ``md`` and ``json``.

``render(comparison, fmt)`` looks ``fmt`` up in ``RENDERERS`` (names to lazy
``"module:function"`` paths), then in the ``storydiff.renderers`` entry-point group for
third-party formats. Every renderer has the signature of ``_base.Renderer``.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import cast

from storydiff.errors import StorydiffError
from storydiff.records import Comparison
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
    names = set(RENDERERS)
    names.update(ep.name for ep in entry_points(group="storydiff.renderers"))
    return sorted(names)


def _lookup(fmt: str) -> str:
    if fmt in RENDERERS:
        return RENDERERS[fmt]
    for ep in entry_points(group="storydiff.renderers"):
        if ep.name == fmt:
            return ep.value
    raise StorydiffError(f"unknown format '{fmt}' (known: {', '.join(formats())})")


def get_renderer(fmt: str) -> Renderer:
    """The renderer function registered under ``fmt``; StorydiffError if there is none."""
    module_name, _, attr = _lookup(fmt).partition(":")
    return cast(Renderer, getattr(importlib.import_module(module_name), attr))


def render(comparison: Comparison, fmt: str, *, color: bool = False) -> str:
    """Render ``comparison`` as ``fmt`` (``text``, ``md`` or ``json``).

    ``color`` asks for ANSI colour; formats where it makes no sense ignore it. The result
    has no trailing newline, so ``print`` can write it as is.
    """
    return get_renderer(fmt)(comparison, color=color)


__all__ = ["RENDERERS", "Renderer", "formats", "get_renderer", "render"]
