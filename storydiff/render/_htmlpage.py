"""The shell of every storydiff page: stylesheet, scripts, data and a strict CSP.

Shared by the report (``storydiff.render.html``) and the web app's own pages, so both
load nothing from the network and run only the scripts they were built with.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from storydiff.render.bidi import escape_html as escape


@cache
def asset(name: str) -> str:
    """The text of a bundled asset (``report.css``, ``report.js``, ...)."""
    return resources.files("storydiff.render").joinpath("assets", name).read_text("utf-8")


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so article text holding ``</script>`` or
    ``<!--`` cannot end the element or change how the HTML parser reads it.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(
    *,
    title: str,
    body: str,
    scripts: Sequence[str] = (),
    data: Mapping[str, object] | None = None,
    form_action: str = "'none'",
    styles: Sequence[str] = (),
) -> str:
    """A complete HTML document with the report stylesheet, ``scripts`` inlined and ``data``.

    ``body`` must already be safe HTML; ``title`` is escaped here. ``data`` maps element ids
    to values embedded as ``application/json`` scripts. The Content-Security-Policy allows
    exactly the inline style and ``scripts`` (by hash), no remote loads, and form posts only
    to ``form_action``. ``styles`` are more stylesheets, appended to the report's (and
    allowed by the same hash).
    """
    css = asset("report.css") + "".join(styles)
    script_src = " ".join(_sha256(s) for s in scripts) or "'none'"
    csp = (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {script_src}; "
        f"img-src data:; base-uri 'none'; form-action {form_action}"
    )
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="storydiff">',
        f"<title>{escape(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        body,
    ]
    for key, value in (data or {}).items():
        parts.append(
            f'<script type="application/json" id="{escape(key)}">{script_json(value)}</script>'
        )
    parts += [f"<script>{s}</script>" for s in scripts]
    parts += ["</body>", "</html>"]
    return "\n".join(parts)
