"""``peerethics html``: the codes in one self-contained HTML file, for people who never open a
terminal (emailed, put on an intranet or a USB stick, opened offline, printed as a handout).

Why one file with everything inside: it must work with no network at all (a basement office, a
phone without data), so the styles, the search engine (``html/search.js``, a port of the Python
engine), the page's script (``html/page.js``) and the search data (:mod:`.html_data`) are all
inlined, and a Content-Security-Policy forbids the page any request, so nothing can leave it even
by mistake. The codes themselves are plain HTML (:mod:`.html_codes`): they read with JavaScript
off; only search needs script.

The catalog comes from the caller (the CLI's ``Globals.catalog()``, so ``--data-dir`` and any
later global option such as ``--as-of`` apply here as to every command). ``codes`` restricts the
page to some codes, as ``--code`` does elsewhere: the page shows only them, and its search is
``peerethics search --code ...`` (the same index, filtered the same way).

The test contract (README): the search box is ``input[type=search]``; results are elements
with ``data-id="ID"`` inside ``#results``, best first; each principle's block has ``id="ID"``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from . import __version__
from .html_codes import code_document, comparison, esc
from .model import Catalog, Code

# default-src 'none': no request of any kind (fetch, image, font, frame, form) can leave the page;
# only its own inline styles and scripts run.
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; form-action 'none'; base-uri 'none'")


def _asset(name: str) -> str:
    """A file of ``peerethics/html/`` (shipped in the wheel with the package)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "html", name)
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, ``<!--`` or line separators
    can end or confuse it, whatever the data's texts hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_script(source: str) -> str:
    # Our own files: make sure none could ever close its element early.
    return source.replace("</", "<\\/")


def page(catalog: Catalog, codes: list[str] | None = None) -> str:
    """The whole page for ``catalog`` (only the ``codes`` given, resolved as the command line
    resolves them, when any are)."""
    from .html_data import search_data
    from .ids import resolve_code

    shown: list[Code] = []
    for c in codes or []:
        code = resolve_code(catalog, c)
        if code not in shown:
            shown.append(code)
    shown = shown or list(catalog.codes)
    from .cli_render import inert

    data = search_data(catalog)
    ids = {c.id for c in shown}
    # The texts the page's script shows, with their control and direction characters shown
    # (inert), as the page's HTML shows them; the other codes' texts are not on the page when
    # codes are chosen, so not in its data either.
    data["doc_texts"] = [inert(t) if not codes or c in ids else "" for t, c in zip(
        data["doc_texts"], data["doc_codes"], strict=True)]
    data["page"] = {"codes": [c.id for c in shown] if codes else None,
                    "names": {c.id: inert(c.jurisdiction) for c in shown}}
    title = "Codes of ethics for peer specialists"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="peerethics {esc(__version__)}">',
        f"<title>{title}</title>",
        f"<style>{_asset('page.css')}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to the codes</a>',
        f'<header><h1>{title}</h1><p>{_intro(shown)}</p></header>',
        _nav(shown),
        '<main id="main" tabindex="-1">',
        _search_box(shown),
        *(code_document(catalog, c) for c in shown),
        _comparison(catalog, shown),
        _glossaries(shown),
        "</main>",
        f"<footer><p>Made by peerethics {esc(__version__)}. Every principle, note and "
        "sanction is the document's own wording; what is marked (editorial) is peerethics' "
        "summary, not the code's.</p></footer>",
        f'<script id="search-data" type="application/json">{_script_json(data)}</script>',
        f"<script>{_inline_script(_asset('search.js'))}</script>",
        f"<script>{_inline_script(_asset('page.js'))}</script>",
        "</body>",
        "</html>",
        "",
    ])


def _intro(shown: list[Code]) -> str:
    names = ", ".join(f"{esc(c.jurisdiction)} ({esc(c.id)})" for c in shown)
    return (f"{len(shown)} code{'s' if len(shown) != 1 else ''}, word for word: {names}. "
            "Search them in your own words, or read each whole below.")


def _nav(shown: list[Code]) -> str:
    items = [f'<li><a href="#{esc(c.id)}--code">{esc(c.id)}: {esc(c.jurisdiction)}</a></li>'
             for c in shown]
    if len(shown) > 1:
        items.append('<li><a href="#compare">Topic by topic</a></li>')
    items.append('<li><a href="#glossaries">Glossaries</a></li>')
    return f'<nav aria-label="Contents"><ul>{"".join(items)}</ul></nav>'


def _search_box(shown: list[Code]) -> str:
    """The search form: hidden until the script runs (a dead box helps nobody), with a line for
    readers without script."""
    options = ['<option value="">all codes</option>'] if len(shown) > 1 else []
    options += [f'<option value="{esc(c.id)}">{esc(c.id)}: {esc(c.jurisdiction)}</option>'
                for c in shown]
    return (
        '<section id="search" class="search" aria-labelledby="search-h" hidden>'
        '<h2 id="search-h">Search</h2>'
        '<form role="search" id="search-form" autocomplete="off">'
        '<label for="q">Ask in your own words</label>'
        '<input type="search" id="q" name="q" spellcheck="false" '
        'placeholder="e.g. can I give someone a ride home">'
        '<label for="code-filter">In</label>'
        f'<select id="code-filter">{"".join(options)}</select>'
        "</form>"
        '<p id="search-status" role="status" aria-live="polite"></p>'
        '<ol id="results" class="results"></ol>'
        "</section>"
        '<noscript><p class="note">Search needs JavaScript, which is off; every code is '
        "below in full.</p></noscript>")


def _comparison(catalog: Catalog, shown: list[Code]) -> str:
    if len(shown) < 2:
        return ""
    from .comparison import compare

    result = compare(catalog, [c.id for c in shown])
    return ('<section id="compare" class="compare" aria-labelledby="compare-h">'
            '<h2 id="compare-h">Topic by topic <span class="ed">(editorial)</span></h2>'
            "<p>The topics are peerethics' own grouping, and the key terms its summary of each "
            "principle; the principles themselves are linked.</p>"
            + comparison(result) + "</section>")


def _glossaries(shown: list[Code]) -> str:
    rows = []
    for c in shown:
        if c.glossary:
            rows.append(f'<li><a href="#{esc(c.id)}--glossary">{esc(c.id)}: its glossary, '
                        f"{len(c.glossary)} terms</a></li>")
        else:
            rows.append(f"<li>{esc(c.id)}: the document has no glossary</li>")
    return ('<section id="glossaries" aria-labelledby="glossaries-h">'
            '<h2 id="glossaries-h">Glossaries</h2>'
            f"<ul>{''.join(rows)}</ul></section>")
