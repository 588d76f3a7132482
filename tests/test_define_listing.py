"""``define`` with no term lists every term and says each glossary's source once, under the
last of its terms, not under each of them (issue 29)."""

from __future__ import annotations

from conftest import EXAMPLES_VALID

DATA = ["--data-dir", str(EXAMPLES_VALID)]


def test_the_source_is_said_once_per_glossary(run, examples) -> None:
    ct = examples.code("CT")
    table = run(*DATA, "define").stdout
    assert table.count("Source") == 2  # CT's and XB's
    assert f"Source (all {len(ct.glossary)} CT terms above):" in table
    assert "Source: Example Town B" in table  # one term: plain
    markdown = run(*DATA, "define", "-f", "markdown").stdout
    assert markdown.count("Source") == 2
    one = run("define", "client", "--code", "CT").stdout
    assert one.count("Source: CCB Code of Ethical Conduct") == 1
