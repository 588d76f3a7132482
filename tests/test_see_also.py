"""See-also at scale (issue 28): the first 50 ids and how many there are, in every format, read
from the catalog's cache entry rather than by decoding every code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NE = Path(__file__).resolve().parents[1] / "data" / "codes" / "NE.yaml"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("copies")
    text = NE.read_text(encoding="utf-8")
    for i in range(60):
        code = "NE" + "".join(chr(65 + int(d)) for d in f"{i:03d}")
        (folder / f"{code}.yaml").write_text(text.replace("\nid: NE\n", f"\nid: {code}\n", 1),
                                             encoding="utf-8")
    return folder


def test_see_also_lists_the_first_fifty_and_counts_them_all(run, copies: Path) -> None:
    [p] = run.json("--data-dir", str(copies), "show", "MO-13", "--json")
    assert len(p["see_also"]) == 50 and p["see_also_total"] == 61 + 3  # 61 NEs, CT, MA, MO-DMH
    [bundled] = run.json("show", "MO-13", "--json")
    assert "see_also_total" not in bundled
    assert p["see_also"][:4] == bundled["see_also"][:4]  # catalog order: CT, MA, MO-DMH, NE...
    table = run("--data-dir", str(copies), "show", "MO-13").stdout
    assert "(the first 50 of 64)" in " ".join(table.split())
    md = run("--data-dir", str(copies), "show", "MO-13", "--format", "markdown").stdout
    assert "(the first 50 of 64)" in md


def test_a_warm_show_decodes_only_the_code_it_shows(copies: Path, tmp_path: Path) -> None:
    """The see-also table comes from the cache entry: a warm show builds one code's records."""
    code = ("import sys\n"
            "from peerethics import cache_records\n"
            "built = []\n"
            "decode = cache_records.decode\n"
            "def counting(data):\n"
            "    if type(data) is tuple and cache_records._TYPES[data[0]].__name__ == 'Code':\n"
            "        built.append(data[1])\n"
            "    return decode(data)\n"
            "cache_records.decode = counting\n"
            f"sys.argv = ['peerethics', '--data-dir', {str(copies)!r}, 'show', 'MO-13', '--json']\n"
            "from peerethics.cli_fast import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(built, file=sys.stderr)\n")
    env = {**os.environ, "PEERETHICS_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert json.loads(warm.stdout)[0]["see_also_total"] == 64
    assert warm.stderr.strip() == "['MO']", warm.stderr


@pytest.mark.parametrize("cached", [True, False])
def test_every_principles_see_also_is_its_definition(copies: Path, cached: bool) -> None:
    """Other codes' principles sharing a topic, in catalog order, the first 50 and the count:
    for every principle of the bundled codes and 60 copies of NE, from the cache entry's table
    and from one built in process (the table finds pages by runs of positions, not a loop)."""
    from peerethics import load_catalog
    from peerethics.see_also import SEE_ALSO_MAX, see_also_page

    catalog = load_catalog([copies], cache=cached)
    every = list(catalog.principles())
    for p in every:
        others = [q.id for q in every if q.code != p.code and set(q.topics) & set(p.topics)]
        assert see_also_page(catalog, p) == (others[:SEE_ALSO_MAX], len(others)), p.id
