"""The offline page in a real browser (Debian's Chromium, driven by Playwright for Python): its
search gives the CLI's top five on the evaluation sets, no request leaves it, it fits a 320 px
phone, passes axe-core, reads with JavaScript off, prints without the search box, and shows a
hostile code's texts literally.

Skipped, with the reason, where Playwright or Chromium is missing (`pip install playwright` and
`apt-get install chromium`; never `playwright install`, whose download cannot run here). axe-core
is looked for at $PEERETHICS_AXE or in node_modules folders (`npm install axe-core`); the axe test
skips without it. Screenshots at 320 px and 1280 px are kept in $PEERETHICS_SCREENSHOTS (default:
peerethics-screenshots in the temporary folder), and the agreement per set in agreement.json
beside them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from peerethics import load_catalog, search
from peerethics.html_page import page as render_page
from peerethics.model import Catalog

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("PEERETHICS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("PEERETHICS_SCREENSHOTS")
             or Path(tempfile.gettempdir()) / "peerethics-screenshots")
SETS = sorted((REPO / "bench").glob("*.yaml"))

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright for Python is not installed "
                                      "(pip install playwright)")
if not (os.path.isfile(CHROMIUM) or shutil.which("chromium")):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def _axe_path() -> Path | None:
    given = os.environ.get("PEERETHICS_AXE")
    candidates = [Path(given)] if given else []
    candidates += [base / "node_modules" / "axe-core" / "axe.min.js"
                   for base in (REPO, REPO.parent, Path.home(), Path(tempfile.gettempdir()))]
    return next((p for p in candidates if p.is_file()), None)


def _wait_ready(tab: Any) -> None:
    """Until the page's script has shown the search box. (No wait_for_function: polling a
    string evaluates it, which the page's Content-Security-Policy rightly refuses.)"""
    tab.wait_for_selector("#search:not([hidden])")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM,
                                          args=ARGS)
        except Exception as exc:  # a browser that cannot start here is a skip, with its reason
            pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    path = tmp_path_factory.mktemp("html") / "ethics.html"
    path.write_text(render_page(catalog), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(browser: Any, page_file: Path) -> Iterator[tuple[Any, list[str]]]:
    """One page load for every test of the bundled page; every request it made is recorded."""
    requests: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)  # a loaded CI machine, not a slow page
    tab = context.new_page()
    tab.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(page_file.as_uri())
    _wait_ready(tab)
    assert not errors, errors
    yield tab, requests
    context.close()


def test_search_agrees_with_the_cli_on_every_evaluation_set(loaded: tuple[Any, list[str]],
                                                             catalog: Catalog) -> None:
    tab, _ = loaded
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the sets 10x faster
    queries = {s.name: [q["query"] for q in yaml.load(s.read_text("utf-8"), Loader=loader)
                        ["queries"]] for s in SETS}
    everything = [q for qs in queries.values() for q in qs]
    answers = tab.evaluate("qs => qs.map(q => window.peerethicsSearch(q, 10).slice(0, 5)"
                           ".map(h => [h.id, h.weak]))", everything)
    report: dict[str, dict[str, float]] = {}
    at = 0
    for name, qs in queries.items():
        same = weak = 0
        for q in qs:
            hits = search(catalog, q, limit=10)[:5]
            mine = answers[at]
            at += 1
            same += [h.id for h in hits] == [m[0] for m in mine]
            weak += [h.weak for h in hits] == [m[1] for m in mine]
        report[name] = {"queries": len(qs), "top5_in_order": same / len(qs),
                        "weak_marks": weak / len(qs)}
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "agreement.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    low = {n: r["top5_in_order"] for n, r in report.items() if r["top5_in_order"] < 0.95}
    assert not low, f"the page's top five differ from the CLI's: {low}"


def test_no_request_leaves_the_page(loaded: tuple[Any, list[str]], page_file: Path) -> None:
    tab, requests = loaded
    tab.evaluate("window.peerethicsSearch('gifts')")
    assert requests and all(u == page_file.as_uri() or u.startswith("data:") for u in requests), \
        requests


def test_typing_in_the_box_shows_the_results_best_first(loaded: tuple[Any, list[str]],
                                                        catalog: Catalog) -> None:
    tab, _ = loaded
    box = tab.locator("input[type=search]")
    box.focus()
    tab.keyboard.type("can I give someone a ride home")
    tab.wait_for_selector("#results [data-id]")
    ids = tab.eval_on_selector_all("#results [data-id]", "els => els.map(e => e.dataset.id)")
    cli = [h.id for h in search(catalog, "can I give someone a ride home")]
    assert ids == cli
    assert "Read as:" in tab.inner_text("#search-status")
    # Each result links to the principle's block, which has its id.
    tab.click(f"#results [data-id='{ids[0]}'] a")
    assert tab.evaluate("location.hash") == f"#{ids[0]}"
    assert tab.locator(f"#{ids[0]}").is_visible()


def test_fits_a_phone_and_a_desk(loaded: tuple[Any, list[str]]) -> None:
    tab, _ = loaded
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.fill("input[type=search]", "confidentality")
    tab.wait_for_selector("#results [data-id]")
    tab.evaluate("window.scrollTo(0, 0)")
    tab.screenshot(path=str(SHOTS / "page-1280.png"))
    tab.set_viewport_size({"width": 320, "height": 640})
    wide = tab.evaluate("document.documentElement.scrollWidth")
    tab.screenshot(path=str(SHOTS / "page-320.png"))
    tab.goto(tab.url.split("#")[0] + "#MO--tier-VS")
    tab.screenshot(path=str(SHOTS / "page-320-sanctions.png"))
    wide_menu = tab.evaluate("document.documentElement.scrollWidth")
    # Large text: the reader's font at twice the size still fits, every length being in rem/em.
    tab.evaluate("document.documentElement.style.fontSize = '200%'")
    wide_large = tab.evaluate("document.documentElement.scrollWidth")
    tab.screenshot(path=str(SHOTS / "page-320-large-text.png"))
    tab.evaluate("document.documentElement.style.fontSize = ''")
    tab.set_viewport_size({"width": 1280, "height": 900})
    assert wide <= 320 and wide_menu <= 320 and wide_large <= 320, (wide, wide_menu, wide_large)
    assert "read" in tab.inner_text("#search-status").lower()


def test_keyboard_alone(loaded: tuple[Any, list[str]]) -> None:
    """The first Tab reaches the skip link, which takes focus to the codes; the search box and
    the code filter have labels; a query nothing answers says so."""
    tab, _ = loaded
    tab.goto(tab.url.split("#")[0] + "#")
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"
    for control in ("q", "code-filter"):
        assert tab.evaluate(f"document.getElementById('{control}').labels.length") == 1
    tab.focus("input[type=search]")
    tab.fill("input[type=search]", "")
    tab.keyboard.type("xyzzy")  # the CLI: nothing found
    sync_api.expect(tab.locator("#search-status")).to_contain_text("Nothing found")
    assert tab.locator("#results [data-id]").count() == 0


def test_axe_finds_no_serious_violation(loaded: tuple[Any, list[str]]) -> None:
    axe = _axe_path()
    if axe is None:
        pytest.skip("axe-core not found (npm install axe-core, or set PEERETHICS_AXE to "
                    "axe.min.js)")
    tab, _ = loaded
    tab.fill("input[type=search]", "gifts")
    tab.wait_for_selector("#results [data-id]")
    tab.add_script_tag(content=axe.read_text(encoding="utf-8"))
    result = tab.evaluate("async () => { const r = await axe.run(document); return "
                          "r.violations.map(v => [v.id, v.impact, v.nodes.length]); }")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "axe.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    serious = [v for v in result if v[1] in ("serious", "critical")]
    assert not serious, serious


def test_prints_without_the_search_box(loaded: tuple[Any, list[str]]) -> None:
    tab, _ = loaded
    tab.emulate_media(media="print")
    try:
        shown = tab.evaluate("getComputedStyle(document.getElementById('search')).display")
        breaks = tab.evaluate("getComputedStyle(document.querySelector('article.code'))"
                              ".breakBefore")
    finally:
        tab.emulate_media(media="screen")
    assert shown == "none" and breaks == "page"


def test_reads_with_javascript_off(browser: Any, page_file: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(page_file.as_uri() + "#MO-13")
        assert tab.locator("#MO-13").is_visible()
        assert "gifts" in tab.inner_text("#MO-13").lower()
        assert not tab.locator("#search").is_visible()  # no dead search box
    finally:
        context.close()


def test_a_hostile_code_shows_literally(browser: Any, tmp_path: Path) -> None:
    from test_html import HOSTILE

    (tmp_path / "hx.yaml").write_text(HOSTILE, encoding="utf-8")
    path = tmp_path / "hostile.html"
    path.write_text(render_page(load_catalog([tmp_path], cache=False), ["HX", "MO"]),
                    encoding="utf-8")
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(path.as_uri())
        _wait_ready(tab)
        tab.fill("input[type=search]", "accept gifts")
        tab.wait_for_selector("#results [data-id='HX-1']")
        shown = tab.inner_text("#results [data-id='HX-1']")
        assert "<script>alert('x')</script>" in shown and "javascript:alert(2)" in shown
        assert "<script>alert('j')</script>" in tab.inner_text("#HX--h")
        assert tab.evaluate("document.querySelectorAll('img, b, a[href^=javascript]').length") == 0
        assert not dialogs
    finally:
        context.close()
