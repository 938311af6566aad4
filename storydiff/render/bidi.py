"""Bidirectional-text controls in untrusted text: isolated in HTML, shown elsewhere.

An RLO (U+202E) or an RLI (U+2067) in an outlet name, a title or a sentence reorders the text
that follows it up to the end of the paragraph: "RT\\u202e tuo" can make a page read as if a
different outlet said something. Legitimate right-to-left text needs no override, and the
marks (LRM, RLM, ALM) only act as a strong letter would.

HTML: ``escape_html`` is ``html.escape`` plus, for a fragment holding any bidi control, a
Unicode isolate around it (FSI ... PDI, what ``<bdi>`` and ``dir=auto`` do, but valid in
attribute values too, where the same escaping is used): inside, embeddings and isolates the
fragment opens are closed before the isolate ends, and a PDF or PDI that would close
something outside it is dropped. Text without controls is returned unchanged.

Terminal and Markdown: ``visible`` replaces each control by its code point in brackets,
``[U+202E]``: a reader sees that it is there, and nothing is reordered.
"""

from __future__ import annotations

import html
import re

_EMBED = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATE = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI
PDF, FSI, PDI = "\u202c", "\u2068", "\u2069"
# Every bidi formatting character, the marks included.
CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The ones that open, close or override (the marks are harmless in the terminal).
_ACTIVE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate(text: str) -> str:
    """``text`` in an isolate of its own, balanced, when it holds a bidi control."""
    if not CONTROLS.search(text):
        return text
    out: list[str] = [FSI]
    stack: list[str] = []  # "E" embedding/override, "I" isolate
    for ch in text:
        if ch in _EMBED:
            stack.append("E")
        elif ch in _ISOLATE:
            stack.append("I")
        elif ch == PDF:
            if not stack or stack[-1] != "E":
                continue  # closes nothing of ours
            stack.pop()
        elif ch == PDI:
            if "I" not in stack:
                continue  # would close our own isolate early
            while stack.pop() != "I":
                pass  # a PDI also ends the embeddings opened after its isolate
        out.append(ch)
    out.extend(PDF if kind == "E" else PDI for kind in reversed(stack))
    out.append(PDI)
    return "".join(out)


def escape_html(text: str, quote: bool = True) -> str:
    """``html.escape`` with bidi controls isolated (see the module docstring)."""
    return html.escape(isolate(text), quote)


def visible(text: str) -> str:
    """Each bidi embedding, override or isolate control as ``[U+XXXX]``."""
    return _ACTIVE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
