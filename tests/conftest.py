"""Shared fixtures: every test runs with its own cache dir and no user data or colour settings
from the machine, so results do not depend on who runs the suite."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peerethics import load_catalog
from peerethics.cli import app
from peerethics.model import Catalog

REPO = Path(__file__).resolve().parents[1]
# The source documents the data reproduces, kept in the repository (sources/README.md) so every
# clone checks its data against them; PEERETHICS_SOURCES points the tests at another copy.
SOURCES = Path(os.environ.get("PEERETHICS_SOURCES") or REPO / "sources")
# Small example codes for tests that need codes of known content (tests/examples/README.md):
# tests assert behaviour on these, not on what the bundled codes happen to say today.
EXAMPLES_VALID = REPO / "tests" / "examples" / "valid"
EXAMPLES_INVALID = REPO / "tests" / "examples" / "invalid"


# Measured on 2 cores: two small files took 3.0 s in this process and 8.0 s on two workers.
IN_PROCESS_FILES = 3


def _selected_files(config: pytest.Config) -> set[Path] | None:
    """The test files the command line names, or None when it names a folder (or nothing, and so
    ``testpaths``): then the whole suite, or a large part of it, is about to run."""
    files: set[Path] = set()
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::", 1)[0])
        if not path.is_file():
            return None
        files.add(path.resolve())
    return files


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (in addopts) without the cost of starting workers when it cannot pay off.

    Tests are shared out file by file (``--dist loadfile``), so one file runs on one worker
    whatever the count, and starting workers costs seconds (each imports the package, Typer,
    Rich and its fixtures anew): `pytest tests/test_x.py::test_y` took 6.3 s instead of 1.6 s.
    Up to ``IN_PROCESS_FILES`` named files run in this process; more get at most one worker each.
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` or an explicit ``-n N`` still decide when given.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    files = _selected_files(config)
    if files is None:
        return None  # xdist's own answer: one worker per core
    if len(files) <= IN_PROCESS_FILES:
        return 0
    return min(len(files), os.cpu_count() or 1)


# Seconds each test file took last time it ran, in pytest's cache (.pytest_cache): the files are
# run longest first, so the two workers finish together rather than one waiting on the other's
# last long file (the browser's, the MCP servers', the cache's cold builds).
FILE_SECONDS = "peerethics/file-seconds"
_seconds: dict[str, float] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Longest files first, each file's tests in their own order (``--dist loadfile`` hands a
    worker a whole file at a time, in this order). A file not yet timed counts as the longest:
    it may be. The same order in every worker, as xdist requires: the times are written only
    when the run ends."""
    cache = getattr(config, "cache", None)
    known: dict[str, float] = cache.get(FILE_SECONDS, {}) if cache is not None else {}
    if not known:
        return
    longest = max(known.values())
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        first.setdefault(item.nodeid.split("::", 1)[0], i)

    def key(item: pytest.Item) -> tuple[float, int]:
        path = item.nodeid.split("::", 1)[0]
        return -known.get(path, longest), first[path]

    items.sort(key=key)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Take what collection built (every test module, the MCP SDK's hundreds of pydantic models,
    Hypothesis, Playwright) out of the garbage collector's sight: none of it is garbage, and each
    full collection walked it all again (3.3 and 5.2 s of the two workers' CPU, measured).
    Collections are also made rarer (every 10,000 new objects rather than 700): a test builds
    catalogs and indexes of tens of thousands of objects, which are not garbage either while it
    runs; a test that needs its garbage gone (an index freed with its catalog) collects it."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::", 1)[0]
    _seconds[path] = _seconds.get(path, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep this run's times per file (in the controller alone, which sees every worker's)."""
    cache = getattr(session.config, "cache", None)
    if cache is None or hasattr(session.config, "workerinput") or not _seconds:
        return
    known = cache.get(FILE_SECONDS, {})
    cache.set(FILE_SECONDS, {**known, **{k: round(v, 2) for k, v in _seconds.items()}})


def _build_the_command_once() -> None:
    """Build the Click command from the Typer app once per test process, not on every call.

    Typer turns the app into a Click command on each call (``Typer.__call__`` and
    ``CliRunner.invoke`` both call ``typer.main.get_command``): it reads every command's
    signature and type hints, 8 ms of a 13 ms in-process ``show``, paid on each of the suite's
    thousands of in-process calls. A command line runs once per process, so building it each
    time costs it nothing there; here the same app gives the same command, and a Click command is
    made to be invoked again and again (Click's own CliRunner does so). Only this app's command
    is kept: any other Typer app is built as Typer builds it."""
    import typer.main
    import typer.testing

    build = typer.main.get_command
    built: dict[int, Any] = {}

    def get_command(typer_instance: typer.Typer) -> Any:
        if typer_instance is not app:
            return build(typer_instance)
        if id(app) not in built:
            built[id(app)] = build(app)
        return built[id(app)]

    typer.main.get_command = get_command  # type: ignore[assignment]  # Typer.__call__'s
    typer.testing._get_command = get_command  # type: ignore[attr-defined]  # CliRunner.invoke's


_build_the_command_once()


@pytest.fixture(scope="session")
def _home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(autouse=True)
def _isolated(_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = _home
    monkeypatch.setenv("PEERETHICS_CACHE_DIR", str(home / "cache"))
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("PEERETHICS_DATA", raising=False)
    monkeypatch.delenv("PEERETHICS_CODES", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog([], cache=False)


@pytest.fixture(scope="session")
def examples() -> Catalog:
    """The bundled codes and tests/examples/valid's (XA, XB and a topic of their own)."""
    return load_catalog([EXAMPLES_VALID], cache=False)


def bundled_ids(catalog: Catalog) -> list[str]:
    """The ids of the codes that ship with peerethics, in the catalog's order: for tests about
    every bundled code, whichever they are."""
    return [c.id for c in catalog.codes if c.origin == "bundled"]


@pytest.fixture
def sources() -> Path:
    """The source documents: never skipped, a missing folder fails the tests that need it."""
    assert (SOURCES / "README.md").is_file(), (
        f"source documents not found at {SOURCES}: they are in the repository's sources/ "
        "(PEERETHICS_SOURCES, if set, points elsewhere)")
    return SOURCES


class Run:
    """Invoke the CLI in-process; ``.json`` parses stdout."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None):
        result = self.runner.invoke(app, list(args), input=input, env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def json(self, *args: str, input: str | None = None) -> object:
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return json.loads(result.stdout)


@pytest.fixture
def run() -> Iterator[Run]:
    yield Run()


# A user code whose texts hold ESC sequences (colour, a cleared screen, a hidden link) and a
# right-to-left override: every face must show them as escapes (test_faults5, test_mcp).
ESCAPING_CODE = r'''id: ZE
jurisdiction: "Evil \e[31mRED\e[0m \u202eRTL"
title: "Title \e]8;;http://evil.example\e\\link\e]8;;\e\\ end"
issuer: I
credential:
  name: N
  abbreviation: NN
source:
  title: T
sanction_note: none.
principles:
  - number: 1
    text: "Guides will not accept gifts \e[2Jof any value."
    topics: [gifts]
'''
