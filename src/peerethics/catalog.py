"""Find the data, load it into a :class:`Catalog`, and resolve the ids people type.

The bundled data ships inside the wheel (``peerethics/data``) and is found through
``importlib.resources``; from a source checkout it is the repository's top-level ``data/``.
User directories (``--data-dir``, ``PEERETHICS_DATA``) are added after the bundled codes.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .errors import DataError, InputError, Problem
from .model import Catalog, Code, Principle

ENV_DATA = "PEERETHICS_DATA"


@lru_cache(maxsize=1)
def bundled_data_dir() -> Path:
    """The data directory that ships with the package (or the checkout's, in development).

    The wheel installs it as ``peerethics/data`` beside this module. Looking there first costs
    nothing; ``importlib.resources`` (several milliseconds to import) is only asked when the
    package lives somewhere that is not a plain directory.
    """
    here = Path(__file__).resolve().parent
    installed = here / "data"
    if (installed / "topics.yaml").is_file():
        return installed
    checkout = here.parents[1] / "data"
    if (checkout / "topics.yaml").is_file():
        return checkout
    from importlib.resources import files

    resource = Path(str(files("peerethics"))) / "data"
    if (resource / "topics.yaml").is_file():
        return resource
    raise DataError([Problem(str(installed), 1, 1,
        "the bundled data is missing; reinstall peerethics (`pip install --force-reinstall`)")])


def env_data_dirs(environ: os._Environ[str] | dict[str, str] | None = None) -> list[Path]:
    """Directories named in ``PEERETHICS_DATA`` (``os.pathsep``-separated; empty parts ignored)."""
    value = (os.environ if environ is None else environ).get(ENV_DATA, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def code_files(directory: Path) -> list[Path]:
    """The code files of a data directory: ``*.yaml``/``*.yml`` in it and in ``codes/``.

    A ``topics.yaml`` beside ``codes/`` is the topic taxonomy, not a code: skipping it lets the
    package's own ``data/`` folder be passed as a data directory or validated whole.
    """
    files: list[Path] = []
    for folder in (directory, directory / "codes"):
        if folder.is_dir():
            files.extend(
                p for p in sorted(folder.iterdir())
                if p.suffix in (".yaml", ".yml")
                and not (folder == directory and p.stem == "topics")
            )
    return files


def data_files(data_dirs: Sequence[Path]) -> list[tuple[Path, str, str]]:
    """Every code file to load, as (path, display name, origin): bundled first, then user dirs."""
    bundled = bundled_data_dir()
    out = [(p, f"data/codes/{p.name}", "bundled") for p in code_files(bundled / "codes")]
    problems: list[Problem] = []
    for d in data_dirs:
        if not d.exists():
            problems.append(Problem(str(d), 1, 1, "data directory does not exist"))
        elif d.is_file():
            out.append((d, str(d), str(d)))
        elif not os.access(d, os.R_OK | os.X_OK):
            problems.append(Problem(str(d), 1, 1, "data directory cannot be read (permission)"))
        else:
            found = code_files(d)
            if not found:
                problems.append(Problem(str(d), 1, 1,
                    "data directory holds no .yaml code files"))
            out.extend((p, str(p), str(p)) for p in found)
    if problems:
        raise DataError(problems)
    return out


def load_catalog(data_dirs: Iterable[Path | str] | None = None, *, cache: bool = True) -> Catalog:
    """Load the bundled codes plus any user data directories.

    ``data_dirs`` None means: those named in ``PEERETHICS_DATA``, so the library answers as the
    CLI does. Raises :class:`DataError` listing every problem in every file.
    """
    dirs = env_data_dirs() if data_dirs is None else [Path(d) for d in data_dirs]
    files = data_files(dirs)
    topics_path = bundled_data_dir() / "topics.yaml"
    if cache:
        from .cache import cached_catalog

        return cached_catalog(files, topics_path, _load_uncached)
    return _load_uncached(files, topics_path)


def _load_uncached(files: Sequence[tuple[Path, str, str]], topics_path: Path) -> Catalog:
    from .loader import combine, load_codes, load_topics

    topics = load_topics(topics_path, "data/topics.yaml")
    codes, problems = load_codes(files, topics)
    return combine(codes, topics, problems)


# ------------------------------------------------------------------------------------------ ids

_ID_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 _.-]*?)[\s_.-]*(\d+)\s*$")


def _squash(code_id: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code_id.upper())


def resolve_code(catalog: Catalog, text: str) -> Code:
    """A code from what a person typed: ``mo``, ``MO-DMH``, ``mo dmh``, ``MODMH``."""
    wanted = _squash(text)
    for code in catalog.codes:
        if _squash(code.id) == wanted:
            return code
    known = ", ".join(catalog.code_ids)
    near = difflib.get_close_matches(text.strip().upper(), list(catalog.code_ids), n=1, cutoff=0.4)
    hint = f"did you mean {near[0]}?" if near else "run `peerethics codes` to list them"
    shown = text.strip()[:40] or "(empty)"
    raise InputError(f"unknown code {shown!r}; the codes are {known}", hint=hint)


def resolve_principle(catalog: Catalog, text: str) -> Principle:
    """A principle from what a person typed: ``MO-13``, ``mo-13``, ``MO13``, ``MO 13``."""
    shown = text.strip()[:60] or "(empty)"
    m = _ID_RE.match(text) if len(text) < 200 else None
    if m is None:
        code_hint = ""
        try:
            code = resolve_code(catalog, text)
            code_hint = f"; {code.id} has principles 1-{len(code.principles)}, e.g. {code.id}-1"
        except InputError:
            pass
        raise InputError(f"{shown!r} is not a principle id{code_hint}",
                         hint="ids look like MO-13, MO-DMH-4 or CT-12")
    code = resolve_code(catalog, m.group(1))
    number = int(m.group(2)) if len(m.group(2)) < 7 else 0
    principle = code.principle(number)
    if principle is None:
        last = len(code.principles)
        nearest = min(max(number, 1), last)
        raise InputError(
            f"{code.id} has principles 1-{last}; there is no {code.id}-{m.group(2)[:10]}",
            hint=f"did you mean {code.id}-{nearest}?",
        )
    return principle
