"""Which text encoding an input file is in: UTF-8, a BOM, or charset-normalizer's verdict.

Files come from Excel as often as from pipelines: "CSV UTF-8", plain "CSV" in the
machine's code page (Windows-1252 in Western Europe, Windows-1251 where Ukrainian or
Russian is written) and "Unicode text" (UTF-16 LE with a BOM, tab-separated). Order:

1. a BOM says it (UTF-32 before UTF-16: the UTF-32 LE BOM starts with UTF-16 LE's);
2. a file that decodes as UTF-8 from end to end is UTF-8 (the common case costs no
   guessing), unless it is ASCII with many NULs: UTF-16 without a BOM, whose ASCII is
   valid UTF-8 (a stray NUL in a cell once sent a UTF-8 file to the guess, read as Latin-1);
   one whose non-ASCII text was valid UTF-8 up to a bad byte is damaged UTF-8, refused
   with the byte's offset (a code page would read it, as mojibake: "Київ" as "РљРёС—РІ");
3. otherwise charset-normalizer judges a sample (the start and the place where UTF-8
   failed), limited to the encodings above: with every code page allowed it read short
   Windows-1252 files as Windows-1250 or Big5 ("Kyïv" as "Kyďv"). The whole file must
   then decode with its verdict, or the file is refused; so is a file it cannot place,
   and a code-page file that also holds UTF-8 words (two exports joined: either half
   would be read as mojibake).

A single-byte code page cannot be told for certain from a few accented letters, so the
report always names the encoding used: a wrong guess is visible, and saving as UTF-8
removes the question.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

READ_BYTES = 1 << 20
SAMPLE_BYTES = 1 << 19  # from the start and again around the first non-UTF-8 byte
CANDIDATES = ("utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1252", "latin_1", "cp1251")
LABELS = {
    "utf_8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 LE",
    "utf_16_be": "UTF-16 BE",
    "utf-16": "UTF-16 (BOM)",
    "utf-32": "UTF-32 (BOM)",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1 (ISO-8859-1)",
    "cp1251": "Windows-1251",
    "ascii": "ASCII",
}
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)
OPTIONS = "save it as CSV UTF-8 (or UTF-16, Windows-1252, Windows-1251)"
NUL_SHARE = 8  # more than one byte in 8 a NUL: UTF-16 (its ASCII is half NULs)
SINGLE_BYTE = ("cp1252", "latin_1", "cp1251")
# Three UTF-8 multi-byte characters in a row: a word in UTF-8 inside a code-page file (the
# concatenation of two exports). Two could be a code page's capital and accent ("ВІ").
UTF8_WORD = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}){3}")


class EncodingError(ValueError):
    """The file's encoding cannot be told or the file does not decode with it (one line)."""


@dataclass(frozen=True)
class FileInfo:
    """What one pass over an input file found."""

    sha256: str
    size: int
    encoding: str  # a Python codec name for open(); BOM-consuming where a BOM was seen
    detected: bool = False  # True when charset-normalizer chose it

    @property
    def label(self) -> str:
        """The encoding as people name it, with how it was found."""
        name = LABELS.get(self.encoding, self.encoding)
        return f"{name} (detected)" if self.detected else name


@dataclass
class _Scan:
    """One streaming pass: hash, size, first UTF-8 failure, and the samples to judge by."""

    sha256: str
    size: int
    head: bytes
    utf8_error: int | None  # byte offset of the first invalid UTF-8, None if valid
    around_error: bytes
    utf8_before_error: bool  # non-ASCII bytes decoded as UTF-8 before the first error


def _scan(path: Path) -> _Scan:
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head, around, error, offset, previous = b"", b"", None, 0, b""
    non_ascii = False
    with path.open("rb") as handle:
        while block := handle.read(READ_BYTES):
            digest.update(block)
            if len(head) < SAMPLE_BYTES:
                head += block[: SAMPLE_BYTES - len(head)]
            if error is None:
                try:
                    decoder.decode(block)
                    non_ascii = non_ascii or not block.isascii()
                except UnicodeDecodeError as exc:
                    error = offset + exc.start
                    around = _window(previous + block, error - (offset - len(previous)))
                    non_ascii = non_ascii or not block[: exc.start].isascii()
            previous, offset = block, offset + len(block)
    if error is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            error = offset  # ends inside a character
    return _Scan(digest.hexdigest(), offset, head, error, around, non_ascii)


def _window(data: bytes, at: int) -> bytes:
    """Bytes around ``at``, starting at an even offset (UTF-16 code units stay whole)."""
    start = max(0, at - SAMPLE_BYTES // 2) & ~1
    return data[start : start + SAMPLE_BYTES]


def _decodes(path: Path, codec: str) -> int | None:
    """None when the whole file decodes with ``codec``, else the offset of the first bad byte."""
    decoder = codecs.getincrementaldecoder(codec)()
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(READ_BYTES):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset
    return None


def _looks_utf16(scan: _Scan) -> bool:
    """Valid UTF-8 with NULs at every line end or in numbers: UTF-16 without a BOM (its ASCII
    is valid UTF-8, and so is its Cyrillic: "К" is 1A 04).

    A stray NUL or two in a cell, or UTF-8's multi-byte letters (never UTF-16's ASCII),
    mean UTF-8: judged as a code page, such a file was read as mojibake ("é" as "Ã©").
    """
    if scan.utf8_before_error:
        return False
    head = scan.head
    if head.count(b"\n\0") + head.count(b"\0\n") >= max(1, head.count(b"\n")):
        return True  # every line ends in a NUL and LF: UTF-16 LE or BE
    return head.count(b"\0") * NUL_SHARE > len(head)


def _utf8_word(path: Path) -> int | None:
    """Offset of the first run of UTF-8 multi-byte letters ("Київ") in ``path``, else None."""
    offset, previous = 0, b""
    with path.open("rb") as handle:
        while block := handle.read(READ_BYTES):
            window = previous[-16:] + block
            if found := UTF8_WORD.search(window):
                return offset - len(previous[-16:]) + found.start()
            previous, offset = block, offset + len(block)
    return None


def _from_bom(head: bytes) -> str | None:
    return next((codec for bom, codec in BOMS if head.startswith(bom)), None)


def _judge(scan: _Scan) -> str:
    """charset-normalizer's codec for the samples; EncodingError when it has none."""
    if scan.head.startswith(b"PK\x03\x04"):
        raise EncodingError("a ZIP archive (an Excel workbook?), not CSV text: " + OPTIONS)
    sample = scan.head + (b"\n" if scan.around_error else b"") + scan.around_error
    best = from_bytes(sample, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        raise EncodingError(f"cannot tell the text encoding (not text?): {OPTIONS}")
    return best.encoding


def inspect(path: Path) -> FileInfo:
    """Hash ``path`` and find its encoding; EncodingError when it has none we can read."""
    scan = _scan(path)
    if scan.size == 0:
        return FileInfo(scan.sha256, 0, "utf-8-sig")
    codec = _from_bom(scan.head)
    if codec is None and scan.utf8_error is None and not _looks_utf16(scan):
        return FileInfo(scan.sha256, scan.size, "utf-8-sig")
    detected = codec is None
    if detected and scan.utf8_error is not None and scan.utf8_before_error:
        raise EncodingError(f"not UTF-8 text (byte {scan.utf8_error}); {OPTIONS}")
    if codec is None:
        codec = _judge(scan)
        if codec in ("utf_8", "ascii") and scan.utf8_error is not None:
            raise EncodingError(f"not UTF-8 text (byte {scan.utf8_error}); {OPTIONS}")
    if codec == "utf-8-sig" and scan.utf8_error is None:
        return FileInfo(scan.sha256, scan.size, codec)
    bad = _decodes(path, codec)
    if bad is not None:
        name = LABELS.get(codec, codec)
        raise EncodingError(f"not {name} text after all (byte {bad}): {OPTIONS}")
    if detected and codec in SINGLE_BYTE and (utf8 := _utf8_word(path)) is not None:
        name = LABELS.get(codec, codec)
        raise EncodingError(
            f"mixes two encodings: UTF-8 text at byte {utf8}, {name} text at byte "
            f"{scan.utf8_error}; {OPTIONS}"
        )
    return FileInfo(scan.sha256, scan.size, codec, detected)
