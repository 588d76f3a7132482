"""The output formats every command offers; kept alone so the CLI can declare its options
without importing the renderers."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
