"""The Typer-free fast path (peerethics.cli_fast) answers exactly as the Typer application does."""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from peerethics import cli_commands, cli_fast, cli_table, options
from peerethics.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = str(REPO / "examples")


def _generator() -> Any:
    """tools/update_cli_table.py, the script that writes peerethics/cli_table.py."""
    path = REPO / "tools" / "update_cli_table.py"
    if not path.is_file():
        pytest.skip("tools/ is not beside the tests (installed without the repository)")
    spec = importlib.util.spec_from_file_location("update_cli_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_table_is_up_to_date() -> None:
    """cli_table.py is what tools/update_cli_table.py writes from the Typer app now: an option
    added, renamed or given a new default in cli.py reaches the fast path, or this fails (run
    python tools/update_cli_table.py)."""
    generated = _generator().source()
    committed = Path(cli_table.__file__).read_text(encoding="utf-8")
    assert committed == generated


def _kind(param: Any) -> str:
    """A second reading of Typer's declarations, independent of the generator's (a global path
    option is declared as text, so that '' is not read as '.': known by options.py's kind)."""
    from peerethics.options import OPTIONS, PATH

    if (type(param.type).__name__ == "TyperPath"
            or any(o.kind == PATH and o.name == param.name for o in OPTIONS)):
        return cli_fast.PATH
    if getattr(param, "is_flag", False):
        return cli_fast.FLAG
    if getattr(param, "multiple", False):
        return cli_fast.MANY
    name = type(param.type).__name__
    return {"IntRange": cli_fast.COUNT, "Choice": cli_fast.FORMAT,
            "TyperChoice": cli_fast.FORMAT}.get(name, cli_fast.TEXT)


def _typer_table() -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """(commands, global options) as Typer declares them, read from Typer's own objects."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    table = {}
    for name, cmd in group.commands.items():
        options: dict[str, tuple[str, str]] = {}
        positional = None
        for param in cmd.params:
            if param.param_type_name == "argument":
                kind = cli_fast.PATH if _kind(param) == cli_fast.PATH else cli_fast.TEXT
                positional = (param.name, kind, 1 if param.required else 0,
                              None if param.nargs == -1 else param.nargs)
            elif "--help" not in param.opts:
                for token in [*param.opts, *param.secondary_opts]:
                    options[token] = (param.name, _kind(param))
        table[name] = (positional, options)
    globals_ = {token: (p.name, _kind(p)) for p in group.params
                for token in p.opts if token not in ("--help", "-h", "--version")
                and "--install-completion" not in p.opts and "--show-completion" not in p.opts}
    return table, globals_


def test_the_fast_table_declares_exactly_what_typer_declares() -> None:
    """A new option added to Typer but not to the table would only send calls to Typer (slower,
    still right); a changed kind or a dropped option would make the two disagree."""
    table, globals_ = _typer_table()
    assert set(table) == set(cli_fast.COMMANDS)
    for name, (positional, own_options) in table.items():
        spec = cli_fast.COMMANDS[name]
        # The global options a catalog command accepts after it too are read as global ones.
        again = {t: v for t, v in own_options.items() if t in globals_}
        assert bool(again) == spec.reads_catalog, name
        assert again == {t: (v[0], v[1]) for t, v in globals_.items()} if again else True, name
        own = {t: v for t, v in own_options.items() if t not in globals_}
        assert spec.options == own, name
        if positional is None:
            assert spec.positional is None and spec.fewest == 0 and spec.most == 0, name
        else:
            assert (spec.positional, spec.positional_kind, spec.fewest, spec.most) == positional
    assert {k: (o.name, o.kind) for k, o in cli_fast.GLOBAL_OPTIONS.items()} == globals_


@pytest.mark.parametrize("name", sorted(cli_fast.COMMANDS))
def test_the_table_holds_the_typer_defaults(name: str) -> None:
    """The fast path fills what a call leaves out from the table: the defaults cli.py declares."""
    import peerethics.cli as cli

    declared = {p.name: p.default for p in inspect.signature(getattr(cli, name)).parameters.values()
                if p.default is not inspect.Parameter.empty}
    for option in options.OPTIONS:  # global options after a command: read as global ones
        declared.pop(option.name, None)
    assert cli_fast.COMMANDS[name].defaults == declared


@pytest.mark.parametrize("name", sorted(cli_fast.COMMANDS))
def test_core_commands_take_what_the_table_gives_and_declare_no_defaults(name: str) -> None:
    """cli_commands.py declares no defaults (an option is declared once, in cli.py), and takes
    exactly the table's parameters, plus the global options (``opts``) where the command reads
    the catalog."""
    spec = cli_fast.COMMANDS[name]
    params = inspect.signature(getattr(cli_commands, name)).parameters
    assert all(p.default is inspect.Parameter.empty for p in params.values()), name
    given = set(spec.defaults) | {v[0] for v in spec.options.values()}
    if spec.positional is not None:
        given.add(spec.positional)
    assert set(params) == given | ({"opts"} if spec.reads_catalog else set()), name


def test_every_fast_call_gives_a_command_every_argument() -> None:
    for argv in (["search", "x"], ["show", "MO-1"], ["sanctions", "MO-1"], ["compare"],
                 ["codes"], ["topics"], ["validate", EXAMPLES]):
        call = cli_fast.parse(argv)
        assert call is not None
        spec = cli_fast.COMMANDS[call.command]
        params = inspect.signature(getattr(cli_commands, call.command)).parameters
        inspect.signature(getattr(cli_commands, call.command)).bind(
            **call.arguments, **({"opts": call.globals} if spec.reads_catalog else {}))
        assert "opts" not in call.arguments and set(params) >= set(call.arguments)


@pytest.mark.parametrize("argv", [
    ["show", "MO-13", "--json"], ["search", "gifts", "--json"],
    ["sanctions", "MO-13", "--level", "VS", "--json"], ["search", "a", "ride", "-n", "3"],
    ["--data-dir", EXAMPLES, "show", "EXA-1"], ["compare", "MO", "CT", "-t", "gifts", "-d"],
    ["codes", "-f", "CSV"], ["topics", "--format", "markdown"], ["show", "-"],
    ["validate", EXAMPLES],
])
def test_plain_calls_take_the_fast_path(argv: list[str]) -> None:
    assert cli_fast.parse(argv) is not None


def test_global_options_after_the_command_are_read_in_order() -> None:
    call = cli_fast.parse(["--data-dir", "a", "search", "x", "--data-dir", EXAMPLES, "-n", "2"])
    assert call is not None and call.globals.data_dirs == ("a", EXAMPLES)
    assert call.arguments["query"] == ["x"] and call.arguments["limit"] == 2


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["search", "--help"], ["--version"], ["search", "--limit=3", "x"],
    ["search", "-n3", "x"], ["search", "-n", "0", "x"], ["search", "--", "-x"], ["serch", "x"],
    ["show"], ["codes", "extra"], ["validate", ".", "--data-dir", "."],
    ["search", "x", "--data-dir"],
    ["show", "MO-1", "--format", "yaml"], ["search", "x", "--code"], ["show", "MO-1", "-h"],
])
def test_anything_unusual_goes_to_typer(argv: list[str]) -> None:
    assert cli_fast.parse(argv) is None


def _fast(argv: list[str], stdin: str) -> tuple[int, str, str]:
    return _call(cli_fast.main, argv, stdin)


def _typer(argv: list[str], stdin: str) -> tuple[int, str, str]:
    """The full Typer application, as the entry point runs it when a call is not plain."""
    import peerethics.cli as cli

    return _call(cli.main, argv, stdin)


def _call(entry: Any, argv: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.argv, sys.stdin
    sys.argv, sys.stdin = ["peerethics", *argv], io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                entry()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv, sys.stdin = old
    return code, out.getvalue(), err.getvalue()


POSITIONAL = {
    cli_fast.TEXT: ["MO-13", "mo dmh", "ct-12", "XX-9", "EXA-1", "MO", "CT", "EXA", "-", "gifts",
                   "ride home", "the", "[bold]", "confidentality", "search", ""],
    cli_fast.PATH: [EXAMPLES, "/nonexistent", str(REPO / "data" / "codes" / "MO.yaml")],
}
VALUES = {
    cli_fast.FORMAT: ["json", "CSV", "markdown", "table", "yaml", ""],
    cli_fast.COUNT: ["1", "3", "0", "07", "-1", "x"],
    cli_fast.MANY: ["MO", "ct", "EXA", "XX", "-c"],
    cli_fast.TEXT: ["VS", "es", "x", "gifts", "Gifts", "-", "--json"],
}
# Values for each kind of global option; a flag takes none. Drawn for every option options.py
# declares, so a new global option is in the parity test the day it is declared.
GLOBAL_VALUES = {options.PATH: [[EXAMPLES], [EXAMPLES], ["/nonexistent"], []],
                 options.FLAG: [[]],
                 options.TEXT: [["2021-06-01"], ["2030-01-01"], ["June 2021"], ["--json"], []]}


@st.composite
def global_options(draw: st.DrawFn) -> list[str]:
    """Some global options (each declared one may be drawn), well and badly formed."""
    argv: list[str] = []
    for option in draw(st.lists(st.sampled_from(options.OPTIONS), max_size=2)):
        argv += [draw(st.sampled_from(option.tokens)),
                 *draw(st.sampled_from(GLOBAL_VALUES[option.kind]))]
    return argv


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command followed by its own options and values, well and badly formed."""
    command = draw(st.sampled_from(sorted(cli_fast.COMMANDS)))
    spec = cli_fast.COMMANDS[command]
    argv = [*draw(global_options()), command]
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()) and spec.options:
            token = draw(st.sampled_from(sorted(spec.options)))
            argv.append(token)
            kind = spec.options[token][1]
            if kind != cli_fast.FLAG and draw(st.integers(0, 9)):
                argv.append(draw(st.sampled_from(VALUES[kind])))
        else:
            argv.append(draw(st.sampled_from(POSITIONAL[spec.positional_kind])))
    if draw(st.integers(0, 3)) == 0:  # global options after the command (or bad ones)
        argv += draw(global_options())
    return argv


def test_every_global_option_is_drawn_by_the_parity_test() -> None:
    """Every declared global option can be drawn, before and after the command, with a value of
    its kind: the parity test below covers an option the day it is declared."""
    assert set(GLOBAL_VALUES) >= {o.kind for o in options.OPTIONS}
    assert {t for o in options.OPTIONS for t in o.tokens} == set(cli_fast.GLOBAL_OPTIONS)


def test_a_global_flag_is_read_before_and_after_the_command(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """The fast path reads a flag as a flag (no value), wherever it is: a declared flag is not
    taken for a path, as the fast path once took every global option to be."""
    flag = options.Option("data_dirs", ("--flag-probe",), options.FLAG, "a probe")
    monkeypatch.setitem(cli_fast.GLOBAL_OPTIONS, "--flag-probe", flag)
    seen = options.Globals  # the probe fills an existing field: a flag sets it true
    for argv in (["--flag-probe", "search", "gifts"], ["search", "gifts", "--flag-probe"]):
        call = cli_fast.parse(argv)
        assert call is not None and call.arguments["query"] == ["gifts"], argv
        assert call.globals == seen(data_dirs=True), argv  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(argv=command_lines())
def test_fast_path_and_typer_agree_on_any_command_line(argv: list[str]) -> None:
    assume(cli_fast.parse(argv) is not None)  # otherwise both are Typer
    stdin = "MO-1\nCT-3\n"
    assert _fast(argv, stdin) == _typer(argv, stdin), argv


@pytest.mark.parametrize("argv", [["search", "x", "-n", "0"], ["show", "MO-1", "-f", "yaml"],
                                  ["search", "gifts", "-c", "MO", "-c", "CT", "-n", "2"],
                                  ["sanctions", "MO-13", "-l", "S", "--level", "VS", "--json"],
                                  ["sanctions", "MO-13", "VS"], ["sanctions", "MO-1", "MO-2"],
                                  ["codes", "--format", "csv", "--json"],
                                  ["search", "gifts", "--data-dir", EXAMPLES, "-n", "1"],
                                  ["validate", EXAMPLES, "--data-dir", EXAMPLES]])
def test_fast_path_and_typer_agree_on_edges(argv: list[str]) -> None:
    assert _fast(argv, "") == _typer(argv, "")
