"""``peerethics quiz``: the question-and-answer session, and the question bank as JSON, a Markdown
worksheet or CSV. The questions come from :mod:`peerethics.quiz` (the core); this module only asks
them and draws them.

The session reads answers from stdin, one a line (a number or a letter; ``q`` stops), in a
terminal or through a pipe alike, so it can be scripted and tested. An answer that is not one of
the choices is asked again. End of input or Ctrl-C stops it with the score so far (exit 0, or 130
for Ctrl-C as for every command). Text from data reaches the terminal only through
:func:`peerethics.cli_render.text` (never markup, control characters shown), and Markdown and CSV
through their escapes.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, Any

from .cli_render import View, inert, is_terminal, text
from .formats import Format

if TYPE_CHECKING:
    from rich.console import Console

    from .model import Catalog
    from .quiz import Question, Quiz

LETTERS = "abcdefghij"


def run(cat: Catalog, code: list[str] | None, topic: str | None, count: int, seed: int | None,
        kind: list[str] | None, fmt: Format | None, as_json: bool) -> int:
    """Make the quiz the options ask for, then ask it (table) or print it (other formats)."""
    from .cli_output import EXIT_NOTHING, EXIT_OK, emit, plain, say
    from .comparison import resolve_topic
    from .ids import resolve_code, split_codes
    from .quiz import make_quiz, resolve_kinds

    codes = list(dict.fromkeys(resolve_code(cat, c).id for given in code or []
                               for c in split_codes(cat, given)))
    chosen_topic = resolve_topic(cat, topic) if topic is not None else None
    kinds = resolve_kinds(kind or [])
    quiz = make_quiz(cat, codes or None, chosen_topic, kinds or None, count, seed)
    chosen = Format.json if as_json else (fmt or Format.table)
    if not quiz.questions:
        if chosen in (Format.json, Format.csv):
            emit(quiz_view(cat, quiz), fmt, as_json)  # `[]`, or a header only
        reasons = list(dict.fromkeys(s.reason for s in quiz.skipped))
        shown = "; ".join(reasons[:4]) + (f"; and {len(reasons) - 4} more" if len(reasons) > 4
                                          else "")
        say(plain(f"peerethics: nothing to ask: {shown or 'no questions'}; try another --kind, "
                  "--code or --topic"))
        return EXIT_NOTHING
    if kinds:  # asked for by name: say which of them a code has nothing for
        for s in quiz.skipped:
            say(plain(f"peerethics: no {s.kind} questions: {s.reason}"))
    if len(quiz.questions) < count:
        n = len(quiz.questions)
        say(f"peerethics: {n} question{'s' if n != 1 else ''}, all there are for these options")
    if chosen is Format.table:
        return ask(cat, quiz, seed is not None)
    emit(quiz_view(cat, quiz), fmt, as_json)
    return EXIT_OK


# ------------------------------------------------------------------------------------- session


class _Out:
    """Writes a session as it goes: drawn by Rich for a terminal; into a string first for a pipe
    or a file, so lines carry no padding, then flushed before every read."""

    def __init__(self) -> None:
        from .cli_render import console, use_colour

        self.live = use_colour()
        self.con = console()

    def print(self, *items: Any) -> None:
        if self.live:
            for item in items:
                self.con.print(item)
            return
        from .cli_render import console

        buf = io.StringIO()
        drawn = console(buf)
        drawn.width = self.con.width
        for item in items:
            drawn.print(item)
        sys.stdout.write("\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n")

    def write(self, s: str) -> None:
        """Plain text, as is (a prompt, with no line end)."""
        sys.stdout.write(inert(s))

    def flush(self) -> None:
        from .cli_output import flush_stdout

        if self.live:
            self.con.file.flush()
        flush_stdout()


def _read_line() -> str | None:
    """One line of stdin without its line end, or None at its end (or when there is none). Bytes
    that are not UTF-8 are an answer like any other (a wrong one), never an error."""
    from .stdin import read_line

    return read_line(sys.stdin)


def parse_answer(reply: str, choices: int) -> int | None | str:
    """The index a reply picks (``2``, ``b``, ``B)``, ``b.``), ``"stop"`` for q/quit, else None."""
    word = reply.strip().lower().rstrip(").:")
    if word in ("q", "quit", "exit", "stop"):
        return "stop"
    if word.isdigit() and word.isascii() and len(word) <= 3 and 1 <= int(word) <= choices:
        return int(word) - 1
    if len(word) == 1 and word in LETTERS[:choices]:
        return LETTERS.index(word)
    return None


def ask(cat: Catalog, quiz: Quiz, seeded: bool) -> int:
    """Ask every question in turn, say right or wrong with the source, then the score."""
    from .cli_output import EXIT_INTERRUPTED, EXIT_OK

    out = _Out()
    echo = not is_terminal(sys.stdin)
    total = len(quiz.questions)
    asked = right = 0
    missed: list[Question] = []
    interrupted = False
    try:
        for number, q in enumerate(quiz.questions, 1):
            out.print(*_question_lines(q, number, total))
            n = len(q.choices)
            while True:
                out.write(f"Answer (a-{LETTERS[n - 1]} or 1-{n}; q stops): ")
                out.flush()
                reply = _read_line()
                if reply is None:
                    out.write("\n")
                    break
                if echo:
                    out.write(reply + "\n")
                picked = parse_answer(reply, n)
                if picked is None:
                    out.print(text(f"Please answer with a letter from a to {LETTERS[n - 1]} or a "
                                   f"number from 1 to {n} (q stops the quiz)."))
                    continue
                break
            if reply is None or picked == "stop":
                break
            asked += 1
            if picked == q.answer:
                right += 1
                out.print(text("Right.", "bold green"), *_explained(cat, q))
            else:
                missed.append(q)
                out.print(text(f"Wrong: the answer is {LETTERS[q.answer]}) "
                               f"{_answer_words(q)}", "bold red"), *_explained(cat, q))
            out.print(text(""))
    except KeyboardInterrupt:
        interrupted = True
        out.write("\n")
    out.print(*_summary(cat, quiz, asked, right, missed, total, seeded))
    out.flush()
    return EXIT_INTERRUPTED if interrupted else EXIT_OK


def _answer_words(q: Question, most: int = 160) -> str:
    """The right choice, in few words: a principle's id when the choice is the principle (its
    text follows, word for word), else the choice itself, cut short if long."""
    choice, source = q.choices[q.answer], q.choice_sources[q.answer]
    if source and choice.startswith(f"{source}: "):
        return source
    return choice if len(choice) <= most else choice[:most - 3].rstrip() + "..."


def _heading(q: Question, number: int, total: int) -> str:
    from .quiz import KIND_LABELS

    return f"Question {number} of {total} · {_about(q)}{KIND_LABELS.get(q.kind, q.kind)}"


def _about(q: Question) -> str:
    """The code a question is about, as a heading shows it: not for "which code", whose answer
    it is."""
    return "" if q.kind == "which-code" else f"{q.code} · "


def _question_lines(q: Question, number: int, total: int) -> list[Any]:
    from rich.padding import Padding
    from rich.table import Table

    lines: list[Any] = [text(_heading(q, number, total), "bold cyan")]
    if q.kind == "blank":
        lines.append(text(f"Fill in the blank ({q.sources[0]}):", "dim"))
    lines += [text(line) for line in q.question.split("\n")]
    lines.append(text(""))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for i, choice in enumerate(q.choices):
        grid.add_row(text(f"{LETTERS[i]})", "bold"), text(choice))
    lines.append(Padding(grid, (0, 0, 0, 2)))
    return lines


def source_label(cat: Catalog, q: Question) -> str:
    """Where a question's quote comes from, for a person: ``MO-13``, ``CT-11 importance``,
    ``MO Very Serious (VS) sanctions``, ``CT glossary``."""
    first = q.sources[0] if q.sources else q.code
    if q.quote_from == "importance":
        return f"{first} importance"
    if q.quote_from == "menu":
        code = cat.code(q.code)
        tier = code.tier(q.level) if code is not None and q.level else None
        return f"{q.code} {tier.label} ({tier.level}) sanctions" if tier else f"{q.code} menu"
    if q.quote_from == "glossary":
        return f"{q.code} glossary"
    return first


def _explained(cat: Catalog, q: Question) -> list[Any]:
    """The source, word for word, with its id: the principle's text, the importance, the whole
    menu of the level, the glossary's definition."""
    from rich.padding import Padding

    label = source_label(cat, q)
    if q.quote_from == "menu":
        code = cat.code(q.code)
        tier = code.tier(q.level) if code is not None and q.level else None
        items = [m.text for m in tier.sanctions] if tier else [q.quote]
        return [text(f"{label}:", "bold"),
                *[Padding(text(f"• {item}"), (0, 0, 0, 2)) for item in items]]
    if q.quote_from == "glossary":
        return [text(f"{label}, {q.choices[q.answer]}:", "bold"), Padding(text(q.quote),
                                                                          (0, 0, 0, 2))]
    return [text(f"{label}:", "bold"), Padding(text(q.quote), (0, 0, 0, 2))]


def _summary(cat: Catalog, quiz: Quiz, asked: int, right: int, missed: list[Question], total: int,
             seeded: bool) -> list[Any]:
    lines: list[Any] = []
    if asked < total:
        lines.append(text(f"Stopped after {asked} of {total} questions.", "bold"))
    lines.append(text(f"Score: {right} of {asked}.", "bold"))
    ids = list(dict.fromkeys(s for q in missed for s in q.sources[:1]
                             if q.quote_from in ("text", "importance")))
    other = list(dict.fromkeys(source_label(cat, q) for q in missed
                               if q.quote_from in ("menu", "glossary")))
    if ids or other:
        again = f" (peerethics show {' '.join(ids)})" if ids else ""
        lines.append(text(f"Worth re-reading: {', '.join(ids + other)}{again}"))
    if not seeded:
        lines.append(text(f"Seed {quiz.seed}: --seed {quiz.seed} asks these questions again.",
                          "dim"))
    return lines


# ---------------------------------------------------------------------------------- the bank


def quiz_view(cat: Catalog, quiz: Quiz) -> View:
    """The question bank: JSON for scripts, a worksheet with its answer key (Markdown), one row
    per question (CSV)."""
    from .contract_texts import quiz_json

    columns = ["number", "kind", "code", "question", *[f"choice_{c}" for c in LETTERS[:4]],
               "answer", "answer_text", "sources", "quote", "editorial"]
    rows = []
    for number, q in enumerate(quiz.questions, 1):
        choices = [*q.choices, *[""] * (4 - len(q.choices))][:4]
        rows.append([str(number), q.kind, q.code, q.question, *choices, LETTERS[q.answer],
                     q.choices[q.answer], " ".join(q.sources), q.quote, " ".join(q.editorial)])

    def pretty(con: Console) -> None:
        for number, q in enumerate(quiz.questions, 1):
            for line in _question_lines(q, number, len(quiz.questions)):
                con.print(line)
            con.print()

    def markdown() -> str:
        return worksheet(cat, quiz)

    return View(quiz_json(quiz.questions), columns, rows, pretty, markdown)


def worksheet(cat: Catalog, quiz: Quiz) -> str:
    """A printable worksheet: the questions, then the answer key, each answer with its source
    quoted word for word."""
    from .cli_render import md
    from .quiz import KIND_LABELS

    codes = list(dict.fromkeys(q.code for q in quiz.questions))
    out = [f"# peerethics quiz: {md(', '.join(codes))}", ""]
    again = (f"seed {quiz.seed}: `--seed {quiz.seed}` with the same options prints it again")
    out += [f"{len(quiz.questions)} questions built from the codes' own words ({again}). "
            "Situations and key-term summaries are peerethics' editorial writing and say so; "
            "the answer key quotes each source word for word.", ""]
    for number, q in enumerate(quiz.questions, 1):
        about = "" if q.kind == "which-code" else f" ({md(q.code)})"
        out += [f"## {number}. {md(KIND_LABELS.get(q.kind, q.kind).capitalize())}{about}", ""]
        if q.kind == "blank":
            out += [f"Fill in the blank ({md(q.sources[0])}):", ""]
        out += [md(line) + "  " for line in q.question.split("\n")]
        out[-1] = out[-1].rstrip()
        out.append("")
        out += [f"- {LETTERS[i]}) {md(choice)}" for i, choice in enumerate(q.choices)]
        out.append("")
    out += ["## Answer key", ""]
    for number, q in enumerate(quiz.questions, 1):
        choice, source = q.choices[q.answer], q.choice_sources[q.answer]
        cited = f"{md(source_label(cat, q))}: “{md(q.quote)}”"
        if choice in (q.quote, f"{source}: {q.quote}"):
            out.append(f"{number}. **{LETTERS[q.answer]})** {cited}")  # the choice is the quote
        else:
            out += [f"{number}. **{LETTERS[q.answer]})** {md(choice)}  ", f"   {cited}"]
    out.append("")
    return "\n".join(out)
