"""Every string from a data file or an upload passes through here before it reaches a map.

Text from data is untrusted. It ends up inside HTML, inside folium's Jinja templates and,
for popups and tooltips, inside JavaScript template literals (backtick strings). So besides
the HTML specials we turn into character references:

- ``{`` and ``}``: no Jinja expression survives a later template pass;
- backtick, ``$`` and backslash: nothing can close the JS template literal, interpolate
  ``${...}`` or smuggle markup in as ``\\x3c`` escape sequences.

Character references render as the original characters, so the reader sees the text
literally, exactly as it stands in the file.

Every CSV cell the project writes goes through ``spreadsheet_safe`` (no spreadsheet runs it
as a formula); the data tables we read go back through ``spreadsheet_value``.
"""

from __future__ import annotations

import codecs
import operator
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#96;",
    "$": "&#36;",
    "{": "&#123;",
    "}": "&#125;",
    "\\": "&#92;",
}
_TRANSLATION = str.maketrans(_REFERENCES)
SAFE_URL_SCHEMES = ("http", "https")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # \s is str.isspace(): Unicode spaces too


def _missing(value: object) -> bool:
    """None, NaN, NaT and pd.NA (without importing pandas here)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are unequal to themselves
    except TypeError:  # pd.NA refuses to be a bool
        return True


def literal(value: object) -> str:
    """Return ``value`` as HTML that displays it literally (empty for a missing value)."""
    if _missing(value):
        return ""
    return str(value).translate(_TRANSLATION)


# Also "&" (entities: "&lt;" showed as "<") and "=" (a line of them made the text above a heading).
_MARKDOWN_SPECIALS = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|<>~$:&="})


def markdown_literal(value: object) -> str:
    """Text for a Streamlit markdown element (st.markdown, st.warning, st.toast, radio
    labels...) that shows it as written: no link, no image, no formatting from data."""
    return "" if _missing(value) else str(value).translate(_MARKDOWN_SPECIALS)


# OWASP's formula triggers (= + - @, tab, CR) plus LF and NUL (ASVS 1.2.10) and the
# full-width forms that East Asian spreadsheets also read as a formula's start.
_FORMULA_STARTS = frozenset("=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20")
# A plain decimal number cannot run anything: "-1.5" stays a number for the spreadsheet.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
SPREADSHEET_QUOTE = "'"
# First characters that may need a look: formula starts, the quote, and every whitespace
# character (str.isspace, which str.lstrip skips) that may stand before a formula.
_RISKY_FIRST = _FORMULA_STARTS | {SPREADSHEET_QUOTE} | {c for c in map(chr, range(0x3001)) if c.isspace()}
_FIRST_CHARACTER = operator.itemgetter(slice(0, 1))
# A cell in a comma-separated file starts after one of these (bytes; "\"'" also matches a
# quote inside a quoted field, which only costs the slower check of a file without one).
_QUOTED_CELL_STARTS = (b",'", b"\n'", b"\r'", b"\"'")


def _runs_as_formula(text: str) -> bool:
    """True when a spreadsheet would run ``text`` as a formula (leading whitespace skipped)."""
    if text[:1] not in _FORMULA_STARTS and text.lstrip()[:1] not in _FORMULA_STARTS:
        return False
    return not _PLAIN_NUMBER.fullmatch(text)


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula (OWASP: prefix a single quote).

    Text whose first character, or first after leading whitespace (spreadsheets skip it),
    starts a formula gets a leading ``'``: the value stays readable and is shown as text.
    So does such text after quotes of its own ("'=1" -> "''=1", shown as "'=1"), which
    makes the change reversible (``spreadsheet_value``). Plain numbers ("-1.5"), other
    text and non-strings are returned unchanged.
    """
    if isinstance(value, str) and _runs_as_formula(value.lstrip(SPREADSHEET_QUOTE)):
        return SPREADSHEET_QUOTE + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The text ``spreadsheet_safe`` was given for ``cell``: its exact inverse.

    Only a quote that ``spreadsheet_safe`` would have added goes: "'=1+1" -> "=1+1", while
    "'Massive' strikes" (a title that starts with a quote) stays as it is.
    """
    if cell[:1] == SPREADSHEET_QUOTE and _runs_as_formula(cell.lstrip(SPREADSHEET_QUOTE)):
        return cell[1:]
    return cell


def spreadsheet_safe_cells(values: Sequence[str]) -> Sequence[str]:
    """``spreadsheet_safe`` over a row of strings; the row itself when no cell starts with a
    character that could begin a formula (this runs for every row of a million-row table,
    so the common case is one C-level pass: map, not a Python loop)."""
    if not any(map(_RISKY_FIRST.__contains__, map(_FIRST_CHARACTER, values))):
        return values
    return [spreadsheet_safe(v) if v[:1] in _RISKY_FIRST else v for v in values]


def may_hold_spreadsheet_quotes(path: Path) -> bool:
    """False when no cell of the comma-separated file ``path`` starts with a quote: then no
    cell needs ``spreadsheet_value`` (a fast scan of the bytes, instead of every cell)."""
    with path.open("rb") as handle:
        if handle.read(5).removeprefix(codecs.BOM_UTF8).startswith((b"'", b"\"'")):
            return True
        handle.seek(0)
        previous = b""
        while block := handle.read(1 << 20):
            window = previous[-1:] + block
            if any(start in window for start in _QUOTED_CELL_STARTS):
                return True
            previous = block
    return False


def is_safe_url(url: object) -> bool:
    """True when ``url`` is an absolute http(s) URL with a host."""
    if not isinstance(url, str) or _SPACE_OR_CONTROL.search(url.strip()):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_URL_SCHEMES and bool(parts.netloc)


def link(url: object, label: object) -> str:
    """An HTML link to ``url`` that opens in a new tab, or the plain label if the URL is unsafe."""
    if not is_safe_url(url):
        return literal(label)
    return (
        f'<a href="{literal(str(url).strip())}" target="_blank" rel="noopener noreferrer">'
        f"{literal(label)}</a>"
    )
