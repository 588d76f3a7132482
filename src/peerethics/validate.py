"""``peerethics validate``: check code files exactly as ``--data-dir`` would load them.

The same loader guards both paths, so a file that validates is a file that loads, and a file
that would stop ``--data-dir`` is reported here with every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import DataError, Problem


def validate_paths(paths: Iterable[Path | str]) -> tuple[list[str], list[Problem]]:
    """Validate files and directories of code files; returns (files checked, problems).

    A topic taxonomy (``topics.yaml``, named or beside ``codes/`` in a directory) is checked as a
    taxonomy, and the codes are then checked against it: whoever edits both sees both at once.
    """
    from .catalog import bundled_data_dir, code_files, load_catalog
    from .loader import combine, load_codes, load_topics

    bundled_catalog = load_catalog([])  # cached: validating never re-parses the bundled data
    topics = bundled_catalog.topics
    files: list[tuple[Path, str, str]] = []
    taxonomies: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = code_files(path)
            taxonomy = [t for t in (path / "topics.yaml", path / "topics.yml") if t.is_file()]
            taxonomies += taxonomy
            if not found and not taxonomy:
                problems.append(Problem(str(path), 1, 1, "directory holds no .yaml code files"))
            files.extend((p, str(p), str(p)) for p in found)
        elif path.exists() and path.stem == "topics":
            taxonomies.append(path)
        elif path.exists():
            files.append((path, str(path), str(path)))
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or directory"))
    for path in taxonomies:
        try:
            topics = load_topics(path, str(path))
        except DataError as exc:
            problems.extend(exc.problems)  # the codes are then checked against the bundled topics
    # A file being validated stands in for the bundled file it is (same path or same bytes), so
    # `peerethics validate data/codes` in a checkout checks the bundled data, not a clash with it.
    mine = {(p.resolve(), _bytes(p)) for p, _, _ in files if p.is_file()}
    standing_in = {
        p.stem for p in code_files(bundled_data_dir() / "codes")
        if any(p.resolve() == r or _bytes(p) == b for r, b in mine)
    }
    bundled = [(c, f"data/codes/{c.id}.yaml") for c in bundled_catalog.codes
               if c.origin == "bundled" and c.id not in standing_in]
    codes, found_problems = load_codes(files, topics)
    problems.extend(found_problems)
    try:
        combine(bundled + codes, topics)
    except DataError as exc:
        problems.extend(exc.problems)
    return [str(t) for t in taxonomies] + [d for _, d, _ in files], problems


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
