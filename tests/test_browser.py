"""The report and the web form in a real browser: Playwright driving Debian's Chromium.

Playwright cannot download a browser here, so it launches the system one
(``/usr/bin/chromium``, or ``$STORYDIFF_CHROMIUM``). Skipped, with the reason, when the
``playwright`` package or the browser is missing. Screenshots go to ``test-output/``;
with ``STORYDIFF_UPDATE_SCREENSHOTS=1`` the desktop one also replaces
``docs/screenshots/seed-pair.png``, the picture in the README.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("STORYDIFF_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-output"
DOCS = ROOT / "docs" / "screenshots"


# Checked on import, before any fixture (the seed comparison loads models) is set up.
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class _Watch:
    """Console errors, uncaught exceptions and dialogs of one page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _open(browser: Any, html: str, tmp_path: Path, width: int = 1280) -> tuple[Any, _Watch]:
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    watch = _Watch(page)
    page.goto(path.as_uri())
    return page, watch


def _classes(page: Any, element_id: str) -> list[str]:
    return str(page.get_attribute(f"#{element_id}", "class") or "").split()


def _cross_pair(view: dict[str, Any]) -> tuple[str, str]:
    """A sentence in the first column and a counterpart in the second; conflicts first."""
    for fact in sorted(view["facts"], key=lambda f: f["label"] != "conflict"):
        left = [m for m in fact["members"] if m.startswith("s-0-")]
        right = [m for m in fact["members"] if m.startswith("s-1-")]
        if left and right:
            return left[0], right[0]
    raise AssertionError("no fact shared by the two seed articles")


def test_seed_report_links_sentences_and_lists_facts(
    browser: Any, seed_comparison: Any, tmp_path: Path
) -> None:
    from storydiff.render.html import render_html

    # The outlet names `make run` gives, so the screenshot reads like the README.
    names = ("Ukrainian outlet (EN translation)", "Russian state outlet")
    articles = tuple(
        dataclasses.replace(seg, article=dataclasses.replace(seg.article, outlet=name))
        for seg, name in zip(seed_comparison.articles, names, strict=True)
    )
    html = render_html(dataclasses.replace(seed_comparison, articles=articles))
    page, watch = _open(browser, html, tmp_path)
    view = page.evaluate("JSON.parse(document.getElementById('storydiff-view').textContent)")
    here, there = _cross_pair(view)

    # Hover lights up the counterpart in the other column, and leaving clears it.
    page.hover(f"#{here}")
    assert "lit" in _classes(page, there)
    page.mouse.move(1, 1)
    assert "lit" not in _classes(page, there)

    # Click pins: the highlight stays, and the detail bar quotes the other outlet.
    page.click(f"#{here}")
    page.mouse.move(1, 1)
    assert "pinned" in _classes(page, here)
    assert "lit" in _classes(page, there)
    detail = page.locator("#detail")
    assert detail.is_visible()
    assert page.inner_text(f"#{there}").strip()[:40] in detail.inner_text()
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "seed-pair.png"))
    if os.environ.get("STORYDIFF_UPDATE_SCREENSHOTS"):  # refreshes the README's picture
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(OUT / "seed-pair.png", DOCS / "seed-pair.png")
    page.keyboard.press("Escape")
    assert not detail.is_visible()
    assert "lit" not in _classes(page, there)

    # Keyboard: focus shows the counterpart, Enter pins, Space unpins.
    page.focus(f"#{there}")
    assert "lit" in _classes(page, here)
    page.keyboard.press("Enter")
    assert "pinned" in _classes(page, there)
    page.keyboard.press(" ")
    assert "pinned" not in _classes(page, there)

    # The coverage matrix has one row per fact; "show" pins the fact's first sentence.
    assert page.locator("tr.fact-row").count() == len(seed_comparison.facts) > 0
    page.locator("tr.fact-row button.show").first.click()
    assert page.locator(".s.pinned").count() == 1

    page.screenshot(path=str(OUT / "seed-pair-full.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.keyboard.press("Escape")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(OUT / "seed-pair-phone.png"))
    columns = page.locator("article.col")
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]  # stacked on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert watch.errors == []  # CSP violations and script errors both land here
    page.close()


def test_hostile_page_raises_no_dialog(browser: Any, tmp_path: Path) -> None:
    from test_html import HOSTILE, _lenses, _pair

    from storydiff.render.html import html_from_dict
    from storydiff.render.jsonout import to_dict

    d = to_dict(_pair(HOSTILE, outlet=HOSTILE[1], title=HOSTILE[0], url="javascript:alert(1)"))
    d["same_story"]["warnings"] = [HOSTILE[3]]
    page, watch = _open(browser, html_from_dict(_lenses(d, hostile=HOSTILE[4])), tmp_path)
    # Everything clickable that stays on the page (the article link would leave it).
    for el in page.locator(".s[tabindex], mark.fm, button.show, nav.toc a").all():
        if el.is_visible():
            el.hover()
            el.click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)  # an onerror or onload handler would have fired by now
    assert watch.dialogs == []
    assert page.url.startswith("file://")
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    assert page.locator("script").count() == 3
    assert page.locator("a[href^='javascript']").count() == 0
    assert HOSTILE[0] in page.inner_text("#s-1-3")  # shown as text
    assert watch.errors == []
    page.close()


@pytest.fixture
def server() -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed")
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from storydiff.compare import Pipeline
    from storydiff.settings import Settings
    from storydiff.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(pipeline=Pipeline(Settings(embedder="hashing", cache=False)))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


def test_web_form_submits_to_a_report(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = _Watch(page)
    page.goto(server + "/")
    page.click("#add-article")  # the script runs under the page's CSP
    assert page.locator("#article-boxes fieldset").count() == 3
    seed = sorted((ROOT / "examples" / "seed-pair").glob("*.txt"))
    for n, path in enumerate(seed, 1):
        page.fill(f"#text-{n}", path.read_text(encoding="utf-8"))
    page.fill("#outlet-1", "<b>Kyiv</b> Outlet")
    page.click("button[type=submit]")
    page.wait_for_selector("#coverage", timeout=30_000)
    assert page.locator("article.col").count() == 2
    assert "<b>Kyiv</b> Outlet" in page.inner_text("#a-0-h")
    assert watch.errors == []
    assert watch.dialogs == []
    page.close()
