"""CSV export: formula escaping (CSV injection), RFC 4180 output, UTF-8 with BOM."""
import csv
import io

import pytest

from templates_app.bulk import csv_bytes, safe_cell, write_csv

FORMULAS = ["=1+1", "+SUM(1,2)", "-2+3", "@cmd", "\t=1", "\r=1", "=HYPERLINK(\"http://x.test\",\"y\")", "-5"]


def read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_get_a_leading_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", FORMULAS)
def test_exported_formula_cells_start_with_an_apostrophe_after_parsing_back(value):
    [header, row] = read_back(csv_bytes(["name", "value"], [["Zoë", value]]))

    assert header == ["name", "value"]
    assert row == ["Zoë", "'" + value]
    assert row[1].startswith("'")


@pytest.mark.parametrize(
    "value",
    ["Zoë", "Café, Lumière", 'He said "hi"', "line one\nline two", "1+1=2", "a=b", "", " =1", "'quoted", "42"],
)
def test_ordinary_text_is_untouched(value):
    assert safe_cell(value) == value
    assert read_back(csv_bytes(["v"], [[value]]))[1] == [value]


def test_non_strings_and_none():
    assert safe_cell(None) == ""
    assert safe_cell(42) == "42"
    assert safe_cell(-3) == "'-3"
    assert safe_cell(2.5) == "2.5"


def test_full_width_formula_characters_are_escaped_too():
    assert safe_cell("\uff1d1+1") == "'\uff1d1+1"


def test_headers_are_escaped_as_well():
    assert read_back(csv_bytes(["=cmd", "ok"], []))[0] == ["'=cmd", "ok"]


def test_csv_bytes_is_utf8_with_a_bom_and_crlf():
    data = csv_bytes(["first_name", "company"], [["Zoë", "Café, Lumière"]])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data == "\ufefffirst_name,company\r\nZoë,\"Café, Lumière\"\r\n".encode()


def test_write_csv_is_rfc_4180_and_has_no_bom():
    out = io.StringIO(newline="")
    write_csv([["a", 'say "hi"', "x,y", "two\nlines"], ["=1", "", "b", "c"]], out)

    assert out.getvalue() == 'a,"say ""hi""","x,y","two\nlines"\r\n\'=1,,b,c\r\n'


def test_write_csv_accepts_a_generator():
    out = io.StringIO(newline="")
    write_csv(([str(i), "-" + str(i)] for i in range(3)), out)

    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["0", "'-0"],
        ["1", "'-1"],
        ["2", "'-2"],
    ]


def test_round_trip_through_csv_reader():
    rows = [
        ["Zoë", "Café Lumière", "€5", "=1+1"],
        ["José", 'Niño "El Rey"', "line one\r\nline two", "@SUM(A1)"],
        ["", "\ttabbed", "plain", "-2"],
    ]

    parsed = read_back(csv_bytes(["name", "company", "note", "formula"], rows))

    assert parsed[0] == ["name", "company", "note", "formula"]
    assert parsed[1:] == [[safe_cell(cell) for cell in row] for row in rows]
    # Once the apostrophes are removed, nothing else has changed.
    assert [[cell.removeprefix("'") for cell in row] for row in parsed[1:]] == rows
