"""Files as people have them: Excel's code pages and UTF-16, other delimiters, decimal commas.

Every file is made here, byte for byte, the way the program named in the test saves it.
"""

from __future__ import annotations

import codecs
import csv
from datetime import date
from pathlib import Path

import pytest

from droneatlas.importers import import_files
from droneatlas.importers.report import REPORT_FILE

TODAY = date(2026, 11, 24)
URL = "https://example.org/a"


def lines(*rows: str, end: str = "\r\n") -> str:
    return "".join(row + end for row in rows)


def imported(tmp_path: Path, name: str, data: bytes):
    src = tmp_path / name
    src.write_bytes(data)
    report = import_files([src], tmp_path / "out", today=TODAY)
    fr = report.files[0]
    assert fr.read == fr.accepted + fr.rejected_total
    return report, fr


def strikes(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "out" / "strikes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def report_rows(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "out" / REPORT_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_excel_csv_in_windows_1252_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    """Excel "CSV (semicolon)" in a German or French locale: cp1252, ;, 49,5, CRLF, padding."""
    text = lines(
        "lat;lon;date;source_url;place;summary;;",
        f"50,45;30,52;17/10/2022;{URL};Kyïv;Frappé à Zürich — 5 € café;;",
        f"49,8397;24,0297;18/10/2022;{URL};Lviv;“quoted” text;;",
    )
    report, fr = imported(tmp_path, "excel.csv", text.encode("cp1252"))
    assert report.ok and fr.accepted == 2, fr.lines()
    rows = strikes(tmp_path)
    assert [(r["lat"], r["lon"], r["place"]) for r in rows] == [
        ("50.45000", "30.52000", "Kyïv"),
        ("49.83970", "24.02970", "Lviv"),
    ]
    assert rows[0]["summary"] == "Frappé à Zürich — 5 € café"
    assert "  encoding: Windows-1252 (detected)" in report.lines()
    note = report_rows(tmp_path)[0]
    assert (note["status"], note["reason"]) == ("note", "read as Windows-1252 (detected)")


def test_latin_1_is_read(tmp_path: Path) -> None:
    text = lines("lat,lon,date,source_url,place", f"47.37,8.54,2022-10-17,{URL},Zürich", end="\n")
    report, fr = imported(tmp_path, "latin.csv", text.encode("latin-1"))
    assert report.ok and strikes(tmp_path)[0]["place"] == "Zürich"
    assert "Windows-1252" in fr.encoding or "Latin-1" in fr.encoding


def test_windows_1251_cyrillic(tmp_path: Path) -> None:
    text = lines(
        "lat;lon;date;source_url;place;summary", f"50,45;30,52;2022-10-17;{URL};Київ;Удар по місту вночі"
    )
    report, fr = imported(tmp_path, "cyr.csv", text.encode("cp1251"))
    assert report.ok and fr.encoding == "Windows-1251 (detected)"
    assert (strikes(tmp_path)[0]["place"], strikes(tmp_path)[0]["summary"]) == ("Київ", "Удар по місту вночі")


UNICODE_TEXT = lines(
    "lat\tlon\tdate\tsource_url\tplace\tsummary",
    f'50,45\t30,52\t2022-10-17\t{URL}\tКиїв\t"two lines,\r\nin one cell"',
    f"46,4825\t30,7233\t2022-10-18\t{URL}\tOdesa\tplain",
)


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("Excel Unicode text: UTF-16 LE with BOM", UNICODE_TEXT.encode("utf-16")),
        ("UTF-16 LE without BOM", UNICODE_TEXT.encode("utf-16-le")),
        ("UTF-16 BE with BOM", codecs.BOM_UTF16_BE + UNICODE_TEXT.encode("utf-16-be")),
        ("UTF-16 BE without BOM", UNICODE_TEXT.encode("utf-16-be")),
        ("UTF-8 with BOM", codecs.BOM_UTF8 + UNICODE_TEXT.encode("utf-8")),
        ("UTF-8", UNICODE_TEXT.encode("utf-8")),
    ],
)
def test_unicode_text_tab_separated_with_quoted_newlines(tmp_path: Path, label: str, data: bytes) -> None:
    report, fr = imported(tmp_path, "unicode.txt", data)
    assert report.ok and fr.accepted == 2, (label, fr.lines())
    rows = strikes(tmp_path)
    assert rows[0]["place"] == "Київ" and rows[0]["summary"] == "two lines,\r\nin one cell"
    assert rows[1]["lat"] == "46.48250"
    assert fr.encoding.startswith(("UTF-16", "UTF-8")), fr.encoding


def test_trailing_empty_columns_are_read(tmp_path: Path) -> None:
    padded_header = lines("lat,lon,date,source_url,,,", f"50.45,30.52,2022-10-17,{URL},,,")
    report, fr = imported(tmp_path, "padded.csv", padded_header.encode())
    assert report.ok and fr.accepted == 1
    padded_rows = lines(
        "lat,lon,date,source_url", f"50.45,30.52,2022-10-18,{URL},,", f"50.4,30.5,2022-10-19,{URL}"
    )
    report, fr = imported(tmp_path, "rows.csv", padded_rows.encode())
    assert report.ok and fr.accepted == 2, fr.lines()


def test_decimal_comma_in_a_comma_separated_file_is_refused_by_column_and_line(tmp_path: Path) -> None:
    text = lines(
        "Latitude,Longitude,date,source_url",
        f"50.45,30.52,2022-10-17,{URL}",
        f'"49,5",30.52,2022-10-18,{URL}',
        f'50.1,"30,5",2022-10-19,{URL}',
    )
    _, fr = imported(tmp_path, "comma.csv", text.encode())
    assert fr.accepted == 1
    reason = "decimal comma in a coordinate (write 49.5, or use ; or tab as the delimiter)"
    assert fr.rejected == {reason: 2}
    rejected = [r for r in report_rows(tmp_path) if r["status"] == "rejected"]
    assert [r["reason"] for r in rejected] == [
        f"{reason}: column Latitude, line 3: 49,5",
        f"{reason}: column Longitude, line 4: 30,5",
    ]


def test_acled_export_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    text = lines(
        "event_id_cnty;event_date;sub_event_type;latitude;longitude;geo_precision;notes",
        "UKR9;2022-10-17;Air/drone strike;50,4547;30,5238;1;Shahed drones hit a building.",
    )
    report, fr = imported(tmp_path, "acled.csv", text.encode("cp1252"))
    assert report.ok and fr.format == "acled" and fr.accepted == 1
    assert strikes(tmp_path)[0]["lat"] == "50.45470"


def test_utf8_with_a_stray_nul_in_a_cell_stays_utf8(tmp_path: Path) -> None:
    """A NUL used to send the file to the guess, which read it as Latin-1 mojibake."""
    text = lines("lat,lon,date,source_url,place,summary", f"50.45,30.52,2022-10-17,{URL},Київ,a\x00b café")
    report, fr = imported(tmp_path, "nul.csv", text.encode("utf-8"))
    assert report.ok and fr.encoding == "UTF-8", fr.lines()
    assert (strikes(tmp_path)[0]["place"], strikes(tmp_path)[0]["summary"]) == ("Київ", "a\x00b café")


@pytest.mark.parametrize(("code_page", "place"), [("latin-1", "Zürich"), ("cp1251", "Одеса")])
def test_a_code_page_file_joined_with_utf8_rows_is_refused_naming_both(
    tmp_path: Path, code_page: str, place: str
) -> None:
    head = lines("lat,lon,date,source_url,place", f"47.37,8.54,2022-10-17,{URL},{place}")
    tail = lines(f"50.45,30.52,2022-10-18,{URL},Київ")
    report, fr = imported(tmp_path, "joined.csv", head.encode(code_page) + tail.encode("utf-8"))
    assert fr.error.startswith("mixes two encodings: UTF-8 text at byte "), fr.error
    assert "save it as CSV UTF-8 (or UTF-16, Windows-1252, Windows-1251)" in fr.error
    assert not report.written and not (tmp_path / "out").exists()


def test_capitals_of_a_windows_1251_file_are_not_taken_for_utf8(tmp_path: Path) -> None:
    """A capital and І, Ї or Є (C0-DF, then 80-BF) are valid UTF-8 pairs: a run of three is not."""
    places = ["ДНІПРО", "КИЇВСЬКА ОБЛАСТЬ", "ВІННИЦЯ", "ЗАПОРІЖЖЯ", "ПІВДЕННЕ", "НІКОПОЛЬ"]
    text = lines("lat;lon;date;source_url;place", *(f"50,45;30,52;2022-10-17;{URL};{p}" for p in places))
    report, fr = imported(tmp_path, "caps.csv", text.encode("cp1251"))
    assert report.ok and fr.encoding == "Windows-1251 (detected)", fr.lines()
    assert [r["place"] for r in strikes(tmp_path)] == places


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_and_few_ascii_characters_is_still_utf16(tmp_path: Path, codec: str) -> None:
    """Cyrillic in UTF-16 is valid UTF-8 byte by byte; its line ends still give it away."""
    words = "Довгийописукраїнськоюмовою" * 40  # no space, no digit: hardly a NUL in the row
    text = lines(
        "lat\tlon\tdate\tsource_url\tplace\tsummary", f"50,45\t30,52\t2022-10-17\t{URL}\tКиїв\t{words}"
    )
    report, fr = imported(tmp_path, "cyr16.csv", text.encode(codec))
    assert report.ok and fr.encoding.startswith("UTF-16"), fr.lines()
    assert strikes(tmp_path)[0]["summary"] == words
