"""`peerethics html`: the codes in one self-contained HTML file (what needs no browser: every
principle and menu on the page verbatim, hostile text inert, nothing fetched, the CLI's errors).
tests/test_html_browser.py runs the page in Chromium."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from peerethics import load_catalog
from peerethics.html_page import page
from peerethics.model import Catalog

REPO = Path(__file__).resolve().parents[1]
EXAMPLES_VALID = REPO / "tests" / "examples" / "valid"

# A user code whose every text tries to be markup, script, a link or a template.
HOSTILE = """\
id: HX
jurisdiction: "Hostile <script>alert('j')</script> County"
title: "Code <img src=x onerror=alert('t')> {{constructor.constructor('alert(1)')()}}"
issuer: "Issuer <a href=\\"javascript:alert('i')\\">click</a>"
credential:
  name: "Coach ${alert('c')}"
  abbreviation: HXC
source:
  title: "Source </script><script>alert('s')</script>"
sanction_note: "No sanctions <!-- here -->."
preamble:
  - "We <b onmouseover=alert('p')>mean</b> it \\u2028 and &amp; that."
principles:
  - number: 1
    text: "Coaches will not accept gifts <script>alert('x')</script> or
      [cash](javascript:alert(2))."
    topics: [gifts]
"""


@pytest.fixture(scope="module")
def bundled_page(catalog: Catalog) -> str:
    return page(catalog)


def test_every_principle_whole_with_its_anchor(bundled_page: str, catalog: Catalog) -> None:
    for p in catalog.principles():
        block = f'<div class="principle" id="{p.id}"><h4><a href="#{p.id}">{p.id}</a></h4>'
        assert block + f'<p class="text">{html.escape(p.text)}</p>' in bundled_page, p.id
        if p.importance:
            assert html.escape(p.importance) in bundled_page
    for code in catalog.codes:
        for para in (*code.preamble, *code.introduction, *code.seriousness_note, *code.closing):
            assert html.escape(para) in bundled_page, code.id
        for g in code.glossary:
            assert f"<dt>{html.escape(g.term)}</dt><dd>{html.escape(g.definition)}</dd>" \
                in bundled_page
        for tier in code.tiers:
            assert f'id="{code.id}--tier-{tier.level}"' in bundled_page
            for item in tier.sanctions:
                assert f"<li>{html.escape(item.text)}" in bundled_page


def test_principles_link_to_their_sanction_menus(bundled_page: str) -> None:
    block = bundled_page[bundled_page.index('id="MO-8"'):]
    block = block[:block.index("</div>")]
    assert '<a href="#MO--tier-ES">ES</a>' in block
    assert '<a href="#MO--tier-S">' not in block  # MO-8 is ES only


def test_comparison_and_glossaries(bundled_page: str) -> None:
    assert 'id="compare"' in bundled_page and 'id="topic-gifts"' in bundled_page
    gifts = bundled_page[bundled_page.index('id="topic-gifts"'):]
    gifts = gifts[:gifts.index("</section>")]
    assert '<a href="#MO-13">MO-13</a>' in gifts and '<a href="#CT-12">CT-12</a>' in gifts
    assert 'href="#CT--glossary"' in bundled_page
    assert "MO: the document has no glossary" in bundled_page


def test_one_file_that_asks_for_nothing(bundled_page: str) -> None:
    assert "default-src 'none'" in bundled_page
    # No element loads anything: no src, no external href, no link element, no @import.
    assert not re.search(r"<(?:script|img|iframe|link|audio|video|source)\b[^>]*\bsrc=",
                         bundled_page)
    assert "<link" not in bundled_page and "@import" not in bundled_page
    hrefs = set(re.findall(r'href="([^"]*)"', bundled_page))
    assert hrefs and all(h.startswith("#") for h in hrefs), hrefs - {h for h in hrefs
                                                                    if h.startswith("#")}
    assert len(bundled_page.encode()) < 4_000_000


def test_hostile_code_is_text(tmp_path: Path) -> None:
    (tmp_path / "hx.yaml").write_text(HOSTILE, encoding="utf-8")
    out = page(load_catalog([tmp_path], cache=False), ["HX", "MO"])
    body, _, data = out.partition('<script id="search-data"')
    assert body.count("<script") == 0 and "<img" not in body and "<b " not in body
    assert "onerror=alert" in body  # shown, inside escaped text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert 'href="javascript' not in out
    assert "{{constructor.constructor(&#x27;alert(1)&#x27;)()}}" in body
    # The data's JSON cannot end its element: no "</script>" and no "<!--" inside it.
    payload = data[data.index(">") + 1:data.index("</script>")]
    assert "<" not in payload
    parsed = json.loads(payload)
    assert any("<script>alert('x')</script>" in t for t in parsed["doc_texts"])
    assert out.count("<script") == 3  # the data, the engine and the page's own script


def test_code_restricts_the_page(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mo.html"
    result = run("html", "--code", "mo", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {target}" in result.stderr
    out = target.read_text(encoding="utf-8")
    assert 'id="MO-13"' in out and 'id="CT-12"' not in out and 'id="compare"' not in out
    data = json.loads(out[out.index('type="application/json">') + 24:out.index("</script>")])
    assert data["page"]["codes"] == ["MO"]
    assert all(not t for t, c in zip(data["doc_texts"], data["doc_codes"], strict=True)
               if c != "MO")


def test_cli_errors(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("html", "--code", "XX", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "unknown code 'XX'" in result.stderr
    result = run("html", "-o", str(tmp_path / "missing" / "x.html"))
    assert result.exit_code == 2 and "cannot write" in result.stderr
    assert not (tmp_path / "x.html").exists()
    result = run("--data-dir", str(EXAMPLES_VALID), "html")  # stdout, not a terminal here
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert 'id="XA-2"' in result.stdout
