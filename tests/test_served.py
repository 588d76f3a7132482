"""The served catalog (peerethics.served): one catalog kept between a server's calls while the
files are unchanged, read again when one changes, an error while one is broken."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES_VALID

from peerethics.errors import DataError
from peerethics.served import ServedCatalog


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file is believed by its stamp once it is 2 s old (its change time cannot be set back):
    here at once, so the tests need not wait."""
    from peerethics import cache

    monkeypatch.setattr(cache, "SETTLED_NS", -10**12)
    monkeypatch.setattr(cache, "RECHECK_NS", -10**12)


def _touch_later(path: Path, text: str) -> None:
    """Rewrite a file, with a modification time that differs from the last even on a file
    system with coarse times."""
    old = path.stat().st_mtime if path.exists() else 1_700_000_000
    path.write_text(text, encoding="utf-8")
    os.utime(path, (old + 10, old + 10))


def test_the_same_catalog_while_the_files_are_unchanged(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES_VALID / "XB.yaml", tmp_path)
    shutil.copy(EXAMPLES_VALID / "topics.yaml", tmp_path)
    served = ServedCatalog([str(tmp_path)])
    first = served()
    assert served() is first and first.code("XB") is not None


def test_a_changed_broken_or_added_file_is_read_on_the_next_call(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES_VALID / "topics.yaml", tmp_path)
    xb = tmp_path / "XB.yaml"
    original = (EXAMPLES_VALID / "XB.yaml").read_text(encoding="utf-8")
    _touch_later(xb, original)
    served = ServedCatalog([str(tmp_path)])
    before = served()
    _touch_later(xb, original.replace("Mentors will not meet", "Mentors will never meet"))
    after = served()
    assert after is not before
    assert after.code("XB").principle(3).text.startswith("Mentors will never meet")  # type: ignore[union-attr]
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: BRK\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match="broken.yaml:"):
        served()
    broken.unlink()
    assert served().code("XB") is not None


@pytest.mark.skipif(os.name != "posix", reason="a shared mmap's mtime semantics are POSIX's")
def test_a_file_changed_in_the_last_minute_is_read_on_every_call(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the command line does (cache.recent): a second write through a shared mmap moves no
    time, so a server that went by the stat alone would keep the old text."""
    import mmap

    from peerethics import cache

    monkeypatch.setattr(cache, "RECHECK_NS", 60_000_000_000)
    shutil.copy(EXAMPLES_VALID / "topics.yaml", tmp_path)
    path = tmp_path / "XB.yaml"
    shutil.copy(EXAMPLES_VALID / "XB.yaml", path)
    at = path.read_bytes().index(b"Mentors will not meet")
    served = ServedCatalog([str(tmp_path)])
    with path.open("r+b") as fh, mmap.mmap(fh.fileno(), 0) as shared:
        shared[at:at + 7] = b"MENTORS"  # the first write through the map moves the mtime
        before = os.stat(path)
        assert served().code("XB").principle(3).text.startswith("MENTORS")  # type: ignore[union-attr]
        shared[at:at + 7] = b"Helpers"  # a second write to the dirty page: no new time
        after = os.stat(path)
        if (before.st_mtime_ns, before.st_ctime_ns) != (after.st_mtime_ns, after.st_ctime_ns):
            pytest.skip("this kernel moved the mtime on the second write")
        assert served().code("XB").principle(3).text.startswith("Helpers will not meet")  # type: ignore[union-attr]
