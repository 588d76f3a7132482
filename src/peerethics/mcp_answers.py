"""The MCP server's answers: each takes the catalog and a tool's arguments and returns (the JSON
the command line prints with ``--json``, a short plain text for the model to read), and a code's
full text for its resource. A :class:`~peerethics.errors.PeerEthicsError` raised here becomes the
tool's error result (:mod:`peerethics.mcp_server` wires these to the MCP SDK).

Plain library code: no MCP SDK, Typer or Rich here, so these are tested and used without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .contract import editorial_notes
from .errors import InputError

if TYPE_CHECKING:
    from .comparison import Comparison, Row
    from .model import Catalog, Code, Principle, Topic
    from .sanctions import SanctionMenu
    from .search_ranking import SearchHit



# What the model is told about the codes' words, in the instructions, the tools' descriptions,
# the prompt and the answers alike.
VERBATIM = ("Principle texts (and CT's importance texts, MO's tiers and sanction menus, CT's "
            "glossary sanctions) are the boards' own words, word for word: quote them exactly, "
            "each with its id (e.g. MO-13).")
EDITORIAL = ("Topics, key terms and see-also are peerethics' editorial summary, not the codes' "
             "words: use them to find principles, never quote them as a code's rule.")
SANCTIONS = ("A sanction menu is the Board's suggested range of sanctions for a seriousness "
             "level, not a determination of what will happen in any case.")
SILENCE = ("A code with no principle on a topic is silent on it: say so, and do not extrapolate a "
           "rule for it from another code or from general ethics.")


def search_answer(cat: Catalog, query: str, codes: Sequence[str] | None,
                  limit: int, offset: int = 0) -> tuple[Any, str]:
    from .id_or_query import not_words_error, principles_named, require_words
    from .ids import resolve_code, split_codes
    from .mcp_pages import paged, trimmed
    from .search_ranking import search
    from .search_spelling import suggestions

    text = require_words(query, '"a client offered to buy me lunch"')
    wanted = [resolve_code(cat, c).id for given in codes or [] for c in split_codes(cat, given)]
    found = [p.id for p in principles_named(cat, text)]
    if found:
        raise not_words_error(text, f"call the show tool with ids {found}")
    hits = search(cat, text, codes=wanted or None, limit=limit)
    where = f" in {', '.join(wanted)}" if wanted else ""
    if not hits:
        elsewhere = search(cat, text, limit=3) if wanted else []
        near = [] if elsewhere else suggestions(cat, text)
        hint = (f"other codes do: {', '.join(h.id for h in elsewhere)}" if elsewhere
                else f"closest words in the codes: {', '.join(near)}" if near
                else "try other words, or list_topics and compare")
        return [], (f"Nothing found{where} for {text[:80]!r}; {hint}. No principle's text "
                    "matched: do not answer as if a code had a rule on it.")

    def render(shown: Sequence[SearchHit]) -> tuple[Any, str]:
        from .contract import search_hit_json

        data = [trimmed(dict(search_hit_json(cat, h, offset + i)))
                for i, h in enumerate(shown, 1)]
        lines = [f"{len(hits)} principle{'s' if len(hits) != 1 else ''}{where} for "
                 f"{text[:80]!r}, best first" + _reading(hits) + ":"]
        for h in shown:
            lines.append("")
            lines += _principle_lines(cat, h.principle)
            lines.append(f"Matched: {_matched(h)}")
        lines += ["", "Texts are verbatim: quote them with their ids. A match through an "
                  "editorial topic only means peerethics files the question and the principle "
                  "together: check that the text itself speaks to the question. Use show for a "
                  "principle's tiers, topics and see-also."]
        return data, "\n".join(lines)

    return paged(hits, offset, render, "results", "call search with the same arguments")


def _matched(hit: SearchHit) -> str:
    """Why a result matched, in words (the reading and the spelling corrections are said once,
    above: every hit has the same)."""
    from typing import assert_never

    from .matches import Learned, Reading, Related, Spelling, TopicWords, Words

    where = {"text": "words of its text", "importance": "words of its importance text",
             "key_terms": "words of its key terms (editorial)"}
    parts = []
    for m in hit.matched:
        if isinstance(m, Reading | Spelling):
            continue
        if isinstance(m, Words):
            parts.append(f"{where[m.field]} ({', '.join(m.words)})")
        elif isinstance(m, TopicWords):
            parts.append(f"editorial topic {m.topic} ({', '.join(m.words)})")
        elif isinstance(m, Learned):
            parts.append(f"editorial topic {m.topic}, read so by the learned reader "
                         f"({m.probability:.0%})")
        elif isinstance(m, Related):
            parts.append(f"editorial topic {m.topic}, related to {m.source}")
        else:
            assert_never(m)
    return "; ".join(parts) or "its text"


def _reading(hits: Sequence[SearchHit]) -> str:
    """How the query was read: its reading (the situation's frames, its topics) and its spelling
    corrections, said once (the first hit carries them)."""
    from .matches import Reading, Spelling

    said = [f"read as: {m.line}" for m in hits[0].matched if isinstance(m, Reading)]
    fixed = [f"{m.typed!r} as {m.read_as!r}" for m in hits[0].matched if isinstance(m, Spelling)]
    if fixed:
        said.append(f"read {', '.join(fixed)}")
    return f" ({'; '.join(said)})" if said else ""


def _principle_lines(cat: Catalog, p: Principle) -> list[str]:
    """A principle's id and code, its text word for word, and CT's importance text."""
    code = cat.code(p.code)
    out = [f"{p.id} ({code.short_name}: {code.title})" if code else p.id, p.text]
    if p.importance:
        out.append(f"Importance (the document's words): {p.importance}")
    out += [f"Note (editorial, peerethics' own, not the document's): {n}"
            for n in editorial_notes(p)]
    return out


def show_answer(cat: Catalog, ids: Sequence[str], offset: int = 0) -> tuple[Any, str]:
    """Principles by id, or one whole code by its id (its principles paged)."""
    from .ids import resolve_item, split_items
    from .mcp_pages import paged
    from .model import Principle

    wanted = [i for item in ids for i in split_items(cat, item)]
    if not wanted:
        raise InputError("no ids given", hint="e.g. show with ids ['MO-13', 'CT-12']")
    items = [resolve_item(cat, i) for i in wanted]
    principles = [i for i in items if isinstance(i, Principle)]
    if len(principles) == len(items):
        return paged(principles, offset, lambda shown: _principles_answer(cat, shown),
                     "principles", "call show with the same ids")
    if len(items) > 1:
        raise InputError("a code's id shows the whole code: give it alone",
                         hint="call show once for the code and once for the principles")
    code = items[0]
    assert not isinstance(code, Principle)
    return paged(code.principles, offset, lambda shown: _code_answer(cat, code, shown),
                 f"{code.id}'s principles", f"call show with ids ['{code.id}']")


def _principles_answer(cat: Catalog, principles: Sequence[Principle]) -> tuple[Any, str]:
    from .contract import show_json
    from .mcp_pages import trimmed

    data = [trimmed(d) for d in show_json(cat, principles)]
    blocks = []
    for p, d in zip(principles, data, strict=True):
        lines = _principle_lines(cat, p)
        if p.tiers:
            lines.append(f"Seriousness levels it permits: {'/'.join(p.tiers)} (sanction menu: "
                         "the sanctions tool)")
        labels = [(t.label if (t := cat.topic(tid)) else tid) for tid in p.topics]
        if labels:
            lines.append(f"Topics (editorial): {', '.join(labels)}")
        lines += [f"Key term (editorial), {k['topic']}: {k['facet']}: {k['value']}"
                  for k in d["key_terms"]]
        if d["see_also"]:
            more = (f" (the first {len(d['see_also'])} of {d['see_also_total']:,})"
                    if "see_also_total" in d else "")
            lines.append(f"See also (editorial, other codes on the same topics){more}: "
                         f"{', '.join(d['see_also'])}")
        blocks.append("\n".join(lines))
    return data, "\n\n".join(blocks) + f"\n\n{VERBATIM} {EDITORIAL}"


def _code_answer(cat: Catalog, code: Code, principles: Sequence[Principle]) -> tuple[Any, str]:
    """A whole code as ``show CODE --json`` gives it, with only ``principles`` of its
    principles, and its full text with those principles."""
    from .contract import document_json, principle_json
    from .mcp_pages import trimmed

    data: dict[str, Any] = dict(document_json(cat, code))
    data["principles"] = [trimmed(dict(principle_json(cat, p))) for p in principles]
    return [data], code_text(code, principles)


def sanctions_answer(cat: Catalog, principle_id: str, level: str | None) -> tuple[Any, str]:
    from .contract import sanctions_json
    from .ids import resolve_principle
    from .sanctions import sanction_menu

    menu = sanction_menu(cat, resolve_principle(cat, principle_id), level)
    return sanctions_json(cat, menu), _menu_text(menu)


def _menu_text(menu: SanctionMenu) -> str:
    p, code = menu.principle, menu.code
    lines = [f"{p.id} ({code.short_name}: {code.title})", p.text, ""]
    if menu.kind == "tiers":
        lines.append(f"Seriousness levels {code.id} permits for {p.id}: {', '.join(p.tiers)}")
        for t in menu.levels:
            lines.append(f"{t.label} ({t.level}), the Board's suggested sanctions:")
            lines += [f"- {m.text}" + (f" ({m.note})" if m.note else "") for m in t.sanctions]
        lines += ["", menu.note, f"Source: {menu.source}", "", SANCTIONS]
    elif menu.kind == "glossary":
        lines.append(f"{code.id} defines {len(menu.sanctions)} sanctions, tied to no principle "
                     "or level:")
        lines += [f"- {s.name}: {s.definition}" for s in menu.sanctions]
        lines += ["", menu.note, f"Source: {menu.source}", "",
                  "These are the sanctions the code defines, not a determination of which one, "
                  "if any, fits a case."]
    else:
        lines += [f"{code.id} publishes no sanction guidance. {menu.note}",
                  f"Source: {menu.source}", "",
                  "Say so; do not borrow another code's sanctions."]
    return "\n".join(lines)


def compare_answer(cat: Catalog, codes: Sequence[str] | None, topic: str | None,
                   differences: bool, full: bool, offset: int = 0) -> tuple[Any, str]:
    from .comparison import compare
    from .contract import compare_json
    from .ids import split_codes
    from .mcp_pages import paged

    given = [c for item in codes or [] for c in split_codes(cat, item)]
    comp = compare(cat, given or None, topic=topic, differences=differences)
    if not comp.rows:
        return compare_json(comp, full=full), _compare_text(comp, full)

    def render(rows: Sequence[Row], full: bool = full) -> tuple[Any, str]:
        from dataclasses import replace

        part = replace(comp, rows=tuple(rows))
        return compare_json(part, full=full), _compare_text(part, full)

    again = "call compare with the same arguments"
    try:
        return paged(comp.rows, offset, render, "topics", again)
    except InputError:
        if not full:
            raise
    # One topic's texts alone are over the bound: the topics without texts, saying so.
    data, text = paged(comp.rows, offset, lambda rows: render(rows, False), "topics", again)
    return data, (text + "\n\nThe principles' texts are left out: one topic's texts alone are "
                  "longer than a result may be. Read them with show.")


def _compare_text(comp: Comparison, full: bool) -> str:
    ids = [c.id for c in comp.codes]
    if not comp.rows:
        return f"The codes {', '.join(ids)} do not differ on any topic shown."
    lines = [f"Codes {', '.join(ids)} compared by topic (topics and key terms are editorial; "
             "(silent) = the code has no principle on the topic):"]
    for r in comp.rows:
        lines += ["", f"{r.topic.label} [{r.topic.id}]" + (" (the codes differ)" if r.differs
                                                              else "")]
        for cid in ids:
            ps = r.cells[cid]
            if not ps:
                lines.append(f"  {cid}: (preamble only: its preamble speaks to this, no principle "
                             "does)" if cid in r.preamble else f"  {cid}: (silent)")
                continue
            terms = "; ".join(f"{k.facet}: {k.value}" for p in ps
                              for k in p.key_terms_for(r.topic.id))
            lines.append(f"  {cid}: {', '.join(p.id for p in ps)}" + (f" ({terms})" if terms
                                                                     else ""))
            if full:
                lines += [f"    {p.id}: {p.text}" for p in ps]
    lines += ["", "Topics covered: " + ", ".join(f"{cid} {comp.coverage[cid]}/{comp.total_topics}"
                                                 for cid in ids),
              SILENCE + (" Quote the texts (show, or full=true) rather than the key terms."
                         if not full else "")]
    return "\n".join(lines)


def codes_answer(cat: Catalog, offset: int = 0) -> tuple[Any, str]:
    from .mcp_pages import paged

    return paged(cat.codes, offset, _codes_text, "codes", "call list_codes")


def _codes_text(codes: Sequence[Code]) -> tuple[Any, str]:
    from .contract import code_json

    lines = []
    for c in codes:
        tiers = "/".join(t.level for t in c.tiers)
        sanctions = ("a sanction menu per seriousness level" if c.tiers
                     else f"{len(c.sanctions)} named sanctions" if c.sanctions
                     else "no sanctions published")
        lines.append(f"{c.id}: {c.title} ({c.short_name}; {c.issuer}); credential "
                     f"{c.credential_name} ({c.credential_abbreviation}); "
                     f"{len(c.principles)} principles, ids {c.id}-1 to {c.id}-{len(c.principles)}"
                     + (f"; seriousness levels {tiers}" if tiers else "") + f"; {sanctions}"
                     + ("" if c.origin == "bundled" else f"; from {c.origin}"))
    lines += ["", "Each code's full text is a resource (peerethics://codes/ID), and show with "
              "the code's id alone gives it page by page."]
    return [code_json(c) for c in codes], "\n".join(lines)


def topics_answer(cat: Catalog, offset: int = 0) -> tuple[Any, str]:
    from .mcp_pages import paged

    return paged(cat.topics, offset, lambda shown: _topics_text(cat, shown), "topics",
                 "call list_topics")


def _topics_text(cat: Catalog, topics: Sequence[Topic]) -> tuple[Any, str]:
    from .contract import topic_json

    data = [topic_json(cat, t) for t in topics]
    lines = ["Topics (peerethics' editorial taxonomy; principles per code):"]
    for d in data:
        counts = ", ".join(f"{cid} {n}" for cid, n in d["counts"].items())
        lines.append(f"{d['id']}: {d['label']}: {d['description']} ({counts})")
    lines += ["", "A count of 0 means the code is silent on the topic."]
    return data, "\n".join(lines)


def verify_answer(cat: Catalog, quote: str, given_id: str | None) -> tuple[Any, str]:
    """Is ``quote`` what a code says: the ``verify`` JSON, and the summary with the document's
    exact words, each difference and each part, for the model to repair its quotation."""
    from .contract_texts import verify_json
    from .verify import place, verify_quote

    v = verify_quote(cat, quote, given_id)
    data = verify_json(v)
    lines = [data["summary"]]
    if v.passage is not None and v.text is not None:
        lines += ["", f"{place(v.passage)}, the document's exact words: {v.text}"]
        if v.text != v.passage.text:
            lines.append(f"The whole passage: {v.passage.text}")
    lines += [f"Differs: the quote has {d.quote!r}, the code {d.code!r}" for d in v.differences]
    lines += [f"Part from {place(p.passage)}: {p.text}" for p in v.parts]
    if v.status != "verified":
        lines += ["", "Not verified: do not present these words as a code's. Quote the "
                  "document's exact words above with their id, or search for the principle."]
    return data, "\n".join(lines)


def code_text(code: Code, principles: Sequence[Principle] | None = None) -> str:
    """A code's full text for its resource: the document's words, then peerethics' notes
    (``principles``: only these of its principles, for a page of it)."""
    lines = [f"{code.id}: {code.title}", f"Jurisdiction: {code.jurisdiction}",
             f"Issuer: {code.issuer}",
             f"Credential: {code.credential_name} ({code.credential_abbreviation})",
             f"Source: {code.source.title}"
             + (f"; revisions: {', '.join(code.source.revisions)}" if code.source.revisions
                else "") + (f"; effective {code.source.effective}" if code.source.effective
                            else "")]
    for heading, paragraphs in (("Preamble", code.preamble), ("Introduction", code.introduction),
                                ("Purposes", code.purposes)):
        if paragraphs:
            lines += ["", f"{heading}:", *paragraphs]
    lines += ["", f"Principles (word for word; the ids {code.id}-N are how peerethics and its "
              "users cite them):"]
    for p in code.principles if principles is None else principles:
        lines.append(f"{p.id}" + (f" [{'/'.join(p.tiers)}]" if p.tiers else "") + f": {p.text}")
        if p.importance:
            lines.append(f"  Importance: {p.importance}")
        lines += [f"  Note (editorial, peerethics'): {n}" for n in editorial_notes(p)]
    if code.closing:
        lines += ["", "Closing:", *code.closing]
    if code.tiers:
        lines += ["", "Seriousness levels and the Board's suggested sanctions for each "
                  "(suggestions, not determinations):"]
        for t in code.tiers:
            lines.append(f"{t.label} ({t.level}):")
            lines += [f"- {m.text}" + (f" ({m.note})" if m.note else "") for m in t.sanctions]
    if code.sanctions:
        lines += ["", "Sanctions the code defines:"]
        lines += [f"- {s.name}: {s.definition}" for s in code.sanctions]
    lines += ["", f"Sanctions (peerethics' summary): {code.sanction_note}"]
    if code.marker:
        lines += ["", f"Marker {code.marker.symbol}: {code.marker.note}"]
    if code.notes:
        lines += ["", "Notes (editorial, peerethics'):", *(f"- {n}" for n in code.notes)]
    return "\n".join(lines) + "\n"
