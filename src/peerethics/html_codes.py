"""The offline page's body: every code whole in document order, the sanction menus, the topic
comparison with key terms, and the glossaries, as HTML.

Why its own module beside ``html_page.py``: these are the parts a reader reads with JavaScript
off, and every word in them comes from data, so every word passes through :func:`esc` (text from
data is never markup: a code's ``<script>`` shows as text). peerethics' own words are marked
editorial exactly where ``show`` marks them. Nothing here imports Typer or Rich.
"""

from __future__ import annotations

from html import escape

from .comparison import Comparison
from .contract import editorial_notes, see_also
from .model import Catalog, Code, Principle

EDITORIAL = '<span class="ed">(editorial)</span>'


def esc(text: str) -> str:
    """Text from data as HTML text or an attribute value: never markup, and its control and
    direction characters shown (``\\x1b``, ``\\u202e``), as every other format shows them."""
    from .cli_render import inert

    return escape(inert(text), quote=True)


def code_line(code: Code) -> str:
    abbr = code.credential_abbreviation
    title = code.title if f"({abbr})" in code.title else f"{code.title} ({abbr})"
    return f"{code.jurisdiction} · {title}"


def _paras(items: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<p>{esc(x)}</p>" for x in items)


def _section(code: Code, part: str, title: str, body: str) -> str:
    # A plain section, not a landmark: five codes' "Principles" would be five regions of one name.
    sid = f"{code.id}--{part}"
    return f'<section><h3 id="{esc(sid)}">{title}</h3>{body}</section>'



def code_document(catalog: Catalog, code: Code) -> str:
    """One code, whole, in document order (the parts ``show CODE`` prints, in its order)."""
    dates = esc(code.source.dates) if code.source.dates else (
        '<span class="dim">none stated in the document</span>')
    facts = [("Issuer", esc(code.issuer)),
             ("Credential", esc(f"{code.credential_name} ({code.credential_abbreviation})")),
             ("Source", esc(code.source.title)), ("Dates", dates),
             ("Copying", esc(code.source.copying) if code.source.copying else
              '<span class="dim">not stated in the document</span>')]
    if code.origin != "bundled":
        facts.append(("From", esc(code.origin)))
    out = [f'<article class="code" id="{esc(code.id)}--code" aria-labelledby="{esc(code.id)}--h">',
           f'<h2 id="{esc(code.id)}--h"><span class="cid">{esc(code.id)}</span> '
           f"{esc(code_line(code))}</h2>",
           "<dl class=\"facts\">" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
           + "</dl>"]
    out += _front_matter(code)
    out.append(_principles(catalog, code))
    out.append(_sanctions(code))
    if code.closing:
        out.append(_section(code, "closing", "Closing", _paras(code.closing)))
    if code.notes:
        out.append(_section(code, "notes", f"Notes {EDITORIAL}: peerethics', not the "
                            "document's", _paras(code.notes)))
    out.append("</article>")
    return "\n".join(out)


def _front_matter(code: Code) -> list[str]:
    out = []
    if code.preamble:
        out.append(_section(code, "preamble", "Preamble", _paras(code.preamble)))
    if code.introduction:
        out.append(_section(code, "introduction", "Introduction", _paras(code.introduction)))
    if code.seriousness_note or code.legend:
        legend = ("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in code.legend) + "</ul>"
                  if code.legend else "")
        out.append(_section(code, "seriousness", "Note on seriousness (the board's own)",
                            _paras(code.seriousness_note) + legend))
    if code.glossary:
        out.append(_section(code, "glossary", "Glossary", glossary_list(code)))
    if code.purposes:
        intro = f"<p>{esc(code.purposes_intro)}</p>" if code.purposes_intro else ""
        items = "".join(f"<li>{esc(x)}</li>" for x in code.purposes)
        out.append(_section(code, "purposes", "Purposes", f"{intro}<ol>{items}</ol>"))
    return out


def glossary_list(code: Code) -> str:
    return ('<dl class="glossary">' + "".join(
        f"<dt>{esc(g.term)}</dt><dd>{esc(g.definition)}</dd>" for g in code.glossary) + "</dl>")


def _principles(catalog: Catalog, code: Code) -> str:
    body = []
    if code.principles_intro:
        body.append(f"<p>{esc(code.principles_intro)}</p>")
    if code.marker:
        note = code.marker.note
        line = note if code.marker.symbol in note else f"Marked {code.marker.symbol}: {note}"
        body.append(f'<p class="ednote">{esc(line)} {EDITORIAL}</p>')
    body += [principle_block(catalog, code, p) for p in code.principles]
    return _section(code, "principles", "Principles", "".join(body))


def _label(catalog: Catalog, topic_id: str) -> str:
    topic = catalog.topic(topic_id)
    return topic.label if topic else topic_id


def principle_block(catalog: Catalog, code: Code, p: Principle) -> str:
    """A principle's block: ``id="MO-13"`` (the link and bookmark target), its text word for
    word, then its fields (the tiers linking to their sanction menus)."""
    rows = []
    if p.tiers:
        links = " ".join(f'<a href="#{esc(code.id)}--tier-{esc(t)}">{esc(t)}</a>'
                         for t in p.tiers)
        rows.append(f"<dt>Seriousness</dt><dd>{links} (sanction menus below)</dd>")
    if p.importance:
        rows.append(f"<dt>Importance</dt><dd>{esc(p.importance)}</dd>")
    rows += [f"<dt>Note {EDITORIAL}</dt><dd>{esc(n)}</dd>" for n in editorial_notes(p)]
    labels = [_label(catalog, t) for t in p.topics]
    if labels:
        rows.append(f"<dt>Topics {EDITORIAL}</dt><dd>{esc(', '.join(labels))}</dd>")
    for topic in dict.fromkeys(k.topic for k in p.key_terms):
        terms = "".join(f"<li>{esc(k.facet)}: {esc(k.value)}</li>" for k in p.key_terms_for(topic))
        rows.append(f"<dt>Key terms {EDITORIAL}, {esc(_label(catalog, topic))}</dt>"
                    f"<dd><ul>{terms}</ul></dd>")
    also = see_also(catalog, p)
    if also:
        rows.append(f"<dt>See also {EDITORIAL}</dt><dd>"
                    + ", ".join(f'<a href="#{esc(i)}">{esc(i)}</a>' for i in also) + "</dd>")
    fields = f'<dl class="fields">{"".join(rows)}</dl>' if rows else ""
    return (f'<div class="principle" id="{esc(p.id)}"><h4><a href="#{esc(p.id)}">{esc(p.id)}</a>'
            f"</h4><p class=\"text\">{esc(p.text)}</p>{fields}</div>")


def _sanctions(code: Code) -> str:
    """The code's sanction menus, one per level of seriousness (MO), the named sanctions of its
    glossary (CT), or its silence, in the code's own words; the line on what they are is
    peerethics' summary (editorial), as ``show CODE`` has it."""
    body = []
    for t in code.tiers:
        items = "".join(f"<li>{esc(m.text)}"
                        + (f" {EDITORIAL}: {esc(m.note)}" if m.note else "") + "</li>"
                        for m in t.sanctions)
        rated = [p for p in code.principles if t.level in p.tiers]
        who = ", ".join(f'<a href="#{esc(p.id)}">{esc(p.id)}</a>' for p in rated)
        body.append(f'<div class="tier" id="{esc(code.id)}--tier-{esc(t.level)}">'
                    f"<h4>{esc(t.label)} ({esc(t.level)})</h4><ul>{items}</ul>"
                    + (f"<p>Principles rated {esc(t.level)} {EDITORIAL}: {who}</p>" if who else "")
                    + "</div>")
    if code.sanctions:
        names = ", ".join(esc(s.name) for s in code.sanctions)
        body.append(f"<p>The glossary's {len(code.sanctions)} sanctions, least to most severe "
                    f"as peerethics orders them: {names} (each defined in the Glossary above). "
                    f"{EDITORIAL}</p>")
    body.append(f'<p class="ednote">{esc(code.sanction_note)} {EDITORIAL}</p>')
    title = ("Sanctions: a menu per level of seriousness" if code.tiers
             else "Sanctions: those the glossary defines" if code.sanctions else "Sanctions")
    return _section(code, "sanctions", title, "".join(body))


def comparison(result: Comparison) -> str:
    """The topic comparison: per topic, each code's principles on it (linked) and their key
    terms, or that the code is silent on it; a list, not a wide table, so it fits a phone."""
    out = []
    for row in result.rows:
        cells = []
        for code in result.codes:
            ps = row.cells[code.id]
            if ps:
                links = ", ".join(f'<a href="#{esc(p.id)}">{esc(p.id)}</a>' for p in ps)
                terms = row.key_terms(code.id)
                kt = ("<ul>" + "".join(f"<li>{esc(k.facet)}: {esc(k.value)}</li>" for k in terms)
                      + "</ul>") if terms else ""
                cells.append(f"<dt>{esc(code.id)}</dt><dd>{links}{kt}</dd>")
            elif code.id in row.preamble:
                cells.append(f'<dt>{esc(code.id)}</dt><dd class="dim">no principle; its '
                             "preamble speaks to it</dd>")
            else:
                cells.append(f'<dt>{esc(code.id)}</dt><dd class="dim">silent</dd>')
        differs = ' <span class="tag">codes differ</span>' if row.differs else ""
        tid = f"topic-{row.topic.id}"
        out.append(f'<section class="topic">'
                   f'<h3 id="{esc(tid)}">{esc(row.topic.label)}{differs}</h3>'
                   f"<p>{esc(row.topic.description)}</p><dl>{''.join(cells)}</dl></section>")
    return "\n".join(out)
