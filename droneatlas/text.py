"""Every string from a data file or an upload passes through here before it reaches a map.

Text from data is untrusted. It ends up inside HTML, inside folium's Jinja templates and,
for popups and tooltips, inside JavaScript template literals (backtick strings). So besides
the HTML specials we turn into character references:

- ``{`` and ``}``: no Jinja expression survives a later template pass;
- backtick, ``$`` and backslash: nothing can close the JS template literal, interpolate
  ``${...}`` or smuggle markup in as ``\\x3c`` escape sequences.

Character references render as the original characters, so the reader sees the text
literally, exactly as it stands in the file.
"""

from __future__ import annotations

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


def literal(value: object) -> str:
    """Return ``value`` as HTML that displays it literally (empty for None and NaN)."""
    if value is None or value != value:  # NaN is the only value unequal to itself
        return ""
    return str(value).translate(_TRANSLATION)


def is_safe_url(url: object) -> bool:
    """True when ``url`` is an absolute http(s) URL with a host."""
    if not isinstance(url, str) or any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
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
