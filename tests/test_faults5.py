"""Faults, round 5 (an adversarial run against the worksheets, plain tables, the cache by file
and the MCP transports): each test reproduces what broke, through the public surface."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import ESCAPING_CODE


def _char_device(path: Path) -> bool:
    """A character device like /dev/full at ``path`` (only where the tests may make one)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (OSError, AttributeError):
        return False
    return True


def test_o_to_a_device_writes_to_it_and_never_replaces_it(run, tmp_path: Path) -> None:
    """``case MO-13 -o /dev/full`` said "wrote /dev/full" and, run as root, put a regular file
    where the device was (the temporary file was renamed over it). A device or a pipe is
    written to as it is: /dev/full's "no space left" is a plain error, and the device stays."""
    full = tmp_path / "full"
    if not _char_device(full):
        pytest.skip("cannot make a device node here")
    result = run("case", "MO-13", "-o", str(full))
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert result.exit_code == 2
    assert "No space left" in result.stderr and "Traceback" not in result.stderr


def test_o_through_a_symlink_writes_the_file_it_names(run, tmp_path: Path) -> None:
    """``-o latest.md`` where latest.md is a link to this week's case file replaced the link
    with a file of its own: the link stays, and the file it names gets the worksheet."""
    target = tmp_path / "week.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = run("case", "MO-13", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# Case file: MO-13")


def test_o_to_a_folder_name_never_writes_a_file_of_that_name(run, tmp_path: Path) -> None:
    """``-o out/`` names a folder: with the link written through, it must not become a file
    called ``out``."""
    result = run("case", "MO-13", "-o", f"{tmp_path / 'out'}/")
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()
    assert result.stderr.count("\n") == 1 and "folder" in result.stderr


@pytest.mark.parametrize("name", ["case.md", "case.csv", "case.txt", "case.json"])
def test_o_with_bytes_that_are_not_utf8_in_the_allegation(run, tmp_path: Path,
                                                           name: str) -> None:
    """A byte that is not UTF-8 in an argument (``--allegation $'\\xff'``) reaches Python as a
    lone surrogate: printed, it is shown as ``\\xff``; written with ``-o`` (Markdown, CSV, the
    page) it was a UnicodeEncodeError traceback. The file says ``\\xff`` as stdout does."""
    out = tmp_path / name
    result = run("case", "MO-13", "--allegation", "paid \udcff cash", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = out.read_bytes().decode("utf-8")
    if name.endswith(".json"):
        assert json.loads(written)["allegation"] == "paid \\xff cash"
    else:
        assert "paid \\xff cash" in written
    decided = run("decide", "a ride \udcff home", "--code", "MO", "-o", str(out))
    assert decided.exit_code == 0, decided.stderr
    assert "\\xff" in out.read_bytes().decode("utf-8")


def test_o_keeps_a_files_permissions_and_honours_the_umask(run, tmp_path: Path) -> None:
    """A case file is confidential: written with -o it was always made readable by everyone
    (0644), over a file the investigator had made private (0600) and whatever the umask."""
    private = tmp_path / "private.md"
    private.write_text("notes\n", encoding="utf-8")
    private.chmod(0o600)
    assert run("case", "MO-13", "-o", str(private)).exit_code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    old = os.umask(0o077)
    try:
        assert run("case", "MO-13", "-o", str(tmp_path / "new.md")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o600


@pytest.mark.parametrize("host", ["a" * 64, "bad\udcffhost", "\x1b[2Jx"])
def test_mcp_http_to_a_host_no_name_can_be_says_so_in_a_line(run, host: str) -> None:
    """``mcp --http HOST:PORT`` with a host the resolver cannot even encode (a label over 63
    characters, a byte that was not UTF-8) was a UnicodeError traceback; and the warning that
    the address is reachable from other machines printed the host's control characters raw."""
    result = run("mcp", "--http", f"{host}:8000")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    *warning, error = result.stderr.splitlines()
    assert error.startswith("peerethics: error: cannot listen on "), error
    assert len(warning) == 1 and warning[0].startswith("peerethics: warning: serving on ")


def test_a_days_catalog_answers_another_day_from_every_version_on_file(catalog) -> None:
    """``catalog.as_of(day)`` leaves out a code with no text in force that day; asked again
    for another day (``case --incident-date`` under a global ``--as-of``) the code was gone for
    good: ``--as-of 2020-01-01 case CT-1 --incident-date 2023-01-01`` said "unknown code 'CT'",
    though CT's text was in force in 2023."""
    early = catalog.as_of("2020-01-01")
    assert "CT" in early.absent
    assert early.as_of("2023-01-01").code("CT") is not None
    assert early.as_of().code_ids == catalog.as_of().code_ids


def test_case_under_as_of_quotes_the_text_in_force_on_the_incident_date(run) -> None:
    data = run.json("--as-of", "2020-01-01", "case", "CT-1", "--incident-date", "2023-01-01",
                    "--json")
    assert [p["id"] for p in data["principles"]] == ["CT-1"]


def test_the_worksheets_refuse_a_string_where_a_list_of_ids_goes(catalog) -> None:
    """``case_file(catalog, "MO-13")`` read the id letter by letter ("'M' is not a principle
    id") and ``decision(catalog, "gifts", "MO")`` said "unknown code 'M'": as ``search`` does,
    a lone string where a list of ids goes is refused by saying so."""
    from peerethics import InputError, case_file, decision

    with pytest.raises(InputError, match=r"ids must be a list of principle ids, not 'MO-13'"):
        case_file(catalog, "MO-13")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"codes must be a list of code ids, not 'MO'"):
        decision(catalog, "a client offered me a gift", "MO")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="the situation must be a str"):
        decision(catalog, 13)  # type: ignore[arg-type]
    assert [c.principle.id for c in case_file(catalog, ("MO-13",)).cited] == ["MO-13"]




def test_a_case_files_principle_line_never_sends_the_datas_escapes(run, tmp_path: Path) -> None:
    """The case file's line over each principle (its code's jurisdiction and title) was drawn
    raw: a code whose title held ESC sequences coloured the terminal, or made a hidden link
    (OSC 8), through a pipe too; everywhere else they are shown as ``\\x1b``."""
    (tmp_path / "ZE.yaml").write_text(ESCAPING_CODE, encoding="utf-8")
    result = run("--data-dir", str(tmp_path), "case", "ZE-1")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "Evil \\x1b[31mRED" in result.stdout


def test_o_to_a_block_device_is_refused(run, tmp_path: Path) -> None:
    """-o writes to a character device or a pipe as it is (/dev/stdout, /dev/full); a block
    device (a disk: ``-o /dev/sda`` for ``-o sda.md``) is refused, never written over. The node
    made here names no disk (major 240, for local use), so even a write would reach nothing."""
    disk = tmp_path / "disk"
    try:
        os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(240, 0))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here")
    result = run("case", "MO-13", "-o", str(disk))
    assert result.exit_code == 2
    assert "block device" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("typed", ["MO-13\u200e", "\u200fMO-13", "\u202aMO-13\u202c",
                                   "\u2066MO\u201313\u2069", "MO-1\u061c3"])
def test_an_id_pasted_with_a_direction_mark_resolves(catalog, run, typed: str) -> None:
    """A zero-width space, joiner or byte-order mark pasted with an id was dropped, but not the
    other invisible characters a copy from a web page or a word processor carries: the
    left-to-right and right-to-left marks and the direction embeddings and isolates (``MO-13``
    followed by U+200E was "not a principle id", though it looks exactly like MO-13)."""
    from peerethics import resolve_principle

    assert resolve_principle(catalog, typed).id == "MO-13"
    result = run("case", typed, "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)["principles"]] == ["MO-13"]


def test_o_to_dev_stdout_through_a_pipe_writes_the_pipe() -> None:
    """``-o /dev/stdout`` with stdout a pipe: /dev/stdout is a link to /proc/self/fd/1, itself a
    link to no path (``pipe:[...]``), so following the links by name found nothing and the
    worksheet was "No such file or directory" (before that, the link was replaced by a file)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "peerethics", "case", "MO-13", "-o",
                           "/dev/stdout", "-f", "json"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["principles"][0]["id"] == "MO-13"


def test_a_situation_of_invisible_characters_is_said_to_be_empty(run) -> None:
    """``decide`` with only zero-width spaces (a paste that carried nothing) passed the
    situation's own check and was refused by search's, worded for search: "the query is empty;
    give words to look for". It is the situation that is empty."""
    result = run("decide", "\u200b \u200b\ufeff")
    assert result.exit_code == 2
    assert "the situation is empty" in result.stderr and "query" not in result.stderr


@pytest.mark.parametrize("args", [["case", "MO-13", "-l"], ["decide", "gifts", "--code"],
                                  ["--data-dir", "x", "search", "gifts", "-n"]])
def test_an_option_without_its_value_points_to_the_commands_help(args: list[str]) -> None:
    """``case MO-13 -l`` said "see 'peerethics --help'", the list of commands, where every
    other malformed call of a command points to that command's help (Click raises this one
    error without the command's context)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "peerethics", *args], capture_output=True,
                          text=True, timeout=60)
    command = next(a for a in args if a in ("case", "decide", "search"))
    assert done.returncode == 2
    assert done.stderr.endswith(f"requires an argument; see 'peerethics {command} --help'\n"), (
        done.stderr)


def test_the_html_page_carries_no_control_or_direction_characters_from_data(
        run, tmp_path: Path) -> None:
    """The page put a code's jurisdiction and title and a principle's text in the HTML as they
    were: ESC (a parse error in HTML) and a right-to-left override, which reverses how the rest
    of the line reads. They are shown as ``\\x1b`` and ``\\u202e``, as in every other format."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "ZE.yaml").write_text(ESCAPING_CODE, encoding="utf-8")
    page = tmp_path / "page.html"
    result = run("--data-dir", str(data), "html", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "\x1b" not in html and "\u202e" not in html
    assert "Evil \\x1b[31mRED" in html


@pytest.mark.parametrize("command", [["case", "XB-1"], ["decide", "a gift"], ["html"]])
def test_o_onto_a_data_file_this_call_reads_is_refused(run, tmp_path: Path,
                                                       command: list[str]) -> None:
    """``-o agency/xb.yaml`` for ``-o agency/xb.md`` (one letter mistyped) replaced the agency's
    code with a worksheet: a data file the call reads is refused, by name or through a link,
    and left as it was."""
    import shutil

    from conftest import EXAMPLES_VALID

    folder = tmp_path / "agency"
    folder.mkdir()
    shutil.copy(EXAMPLES_VALID / "XB.yaml", folder / "xb.yaml")
    shutil.copy(EXAMPLES_VALID / "topics.yaml", folder / "topics.yaml")
    before = (folder / "xb.yaml").read_bytes()
    (tmp_path / "link.yaml").symlink_to(folder / "xb.yaml")
    for target in (folder / "xb.yaml", tmp_path / "link.yaml", folder / "topics.yaml"):
        result = run("--data-dir", str(folder), *command, "-o", str(target))
        assert result.exit_code == 2, result.stdout
        assert result.stderr.count("\n") == 1 and "is a data file peerethics reads" in result.stderr
    assert (folder / "xb.yaml").read_bytes() == before
    assert run("--data-dir", str(folder), *command, "-o", str(folder / "xb.md")).exit_code == 0


@pytest.mark.parametrize("command", [["case", "XB-1"], ["decide", "a gift"], ["html"]])
def test_o_never_makes_a_new_data_file(run, tmp_path: Path, command: list[str]) -> None:
    """``-o agency/new.yaml`` (or ``topics.yml``, or ``codes/x.yml``, or a dangling link to
    one) made a file every later call read as a code, and failed on: each is refused, nothing
    is written, and the folder still loads."""
    import shutil

    from conftest import EXAMPLES_VALID

    folder = tmp_path / "agency"
    (folder / "codes").mkdir(parents=True)
    shutil.copy(EXAMPLES_VALID / "XB.yaml", folder / "xb.yaml")
    shutil.copy(EXAMPLES_VALID / "topics.yaml", folder / "topics.yaml")
    (tmp_path / "ghost.md").symlink_to(folder / "ghost.yaml")
    for target in (folder / "new.yaml", folder / "topics.yml", folder / "codes" / "x.yml",
                   tmp_path / "ghost.md"):
        result = run("--data-dir", str(folder), *command, "-o", str(target))
        assert result.exit_code == 2, result.stdout
        assert result.stderr.count("\n") == 1
        assert "would be a data file peerethics reads" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["codes", "topics.yaml", "xb.yaml"]
    assert not list((folder / "codes").iterdir())
    assert run("--data-dir", str(folder), "codes").exit_code == 0
    written = folder / "new.yaml.md"
    assert run("--data-dir", str(folder), *command, "-o", str(written)).exit_code == 0


def test_o_never_writes_into_the_bundled_data(run, tmp_path: Path) -> None:
    """``-o .../peerethics/data/search/reader.json`` replaced the search's trained reader, and
    every search after it failed: nothing under the package's data folder is written, by name
    or through a link, an existing file or a new one."""
    from peerethics.discover import bundled_data_dir

    data = Path(bundled_data_dir())
    reader = data / "search" / "reader.json"
    before = reader.read_bytes()
    (tmp_path / "reader.md").symlink_to(reader)
    (tmp_path / "new.md").symlink_to(data / "search" / "new-case.md")
    for target in (reader, tmp_path / "reader.md", tmp_path / "new.md"):
        result = run("decide", "a gift", "-o", str(target))
        assert result.exit_code == 2, result.stdout
        assert result.stderr.count("\n") == 1
        assert "in the data peerethics ships with" in result.stderr
    assert reader.read_bytes() == before and not (data / "search" / "new-case.md").exists()
