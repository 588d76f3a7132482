"""Shared fixtures: every test runs with its own cache dir and no user data or colour settings
from the machine, so results do not depend on who runs the suite."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerethics import load_catalog
from peerethics.cli import app
from peerethics.model import Catalog

REPO = Path(__file__).resolve().parents[1]
SOURCES = Path(os.environ.get("PEERETHICS_SOURCES", REPO.parent / "shared" / "sources"))


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
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog([], cache=False)


@pytest.fixture
def sources() -> Path:
    if not (SOURCES / "README.md").is_file():
        pytest.skip(f"source documents not found at {SOURCES} (they live in ../shared/sources "
                    "beside the repository; set PEERETHICS_SOURCES to point elsewhere)")
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
