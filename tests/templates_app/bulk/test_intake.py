"""CSV intake: encodings, delimiters, headers, blank and ragged rows, caps and refusals."""
from pathlib import Path

import pytest

from templates_app.bulk import (
    IntakeError,
    IntakeLimits,
    decode_csv_bytes,
    parse_table,
    read_csv_upload,
    sniff_delimiter,
)

FIXTURES = Path(__file__).parent / "fixtures"


def upload(name: str, **limits):
    return read_csv_upload((FIXTURES / name).read_bytes(), limits=IntakeLimits(**limits))


# --- Encodings --------------------------------------------------------------------------------


def test_utf8_with_bom():
    table = upload("utf8_bom.csv")

    assert table.headers == ["first_name", "company", "city"]
    assert table.rows == [["Zoë", "Café Lumière", "Zürich"], ["José", "Niño & Co", "Málaga"]]
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ","


def test_utf8_without_bom():
    table = upload("utf8_plain.csv")

    assert table.headers == ["first_name", "company", "city"]
    assert table.rows[0] == ["Zoë", "Café Lumière", "Zürich"]
    assert table.encoding == "utf-8"


def test_windows_1252_fallback():
    table = upload("cp1252.csv")

    assert table.encoding == "cp1252"
    assert table.rows == [["Zoë", "café “Lumière”", "€5"], ["José", "Niño & Co", "€12"]]


def test_utf16_with_bom_from_excel_unicode_text():
    table = upload("utf16_unicode_text.txt")

    assert table.encoding == "utf-16"
    assert table.delimiter == "\t"
    assert table.rows == [["Zoë", "Café Lumière"]]


def test_decode_prefers_utf8_and_drops_the_bom():
    assert decode_csv_bytes("\ufeffa,b\nZoë,1\n".encode()) == "a,b\nZoë,1\n"
    assert decode_csv_bytes("a\ncafé €\n".encode("cp1252")) == "a\ncafé €\n"


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused():
    # 0x81 and 0x8d are undefined in Windows-1252.
    with pytest.raises(IntakeError, match="neither UTF-8 nor Windows-1252"):
        decode_csv_bytes(b"name\n\x81\x8d\n")


def test_nul_bytes_are_refused_with_a_reason():
    with pytest.raises(IntakeError) as caught:
        upload("nul_bytes.csv")

    assert "NUL bytes" in caught.value.message
    assert "CSV UTF-8" in caught.value.message


def test_nul_in_pasted_text_is_refused():
    with pytest.raises(IntakeError, match="NUL bytes"):
        read_csv_upload(b"first_name\nZo\x00e\n", pasted=True)


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(data):
    with pytest.raises(IntakeError, match="The file is empty"):
        read_csv_upload(data)


def test_empty_paste_is_refused():
    with pytest.raises(IntakeError, match="Nothing was pasted"):
        read_csv_upload(b"  \n", pasted=True)


# --- Delimiters -------------------------------------------------------------------------------


def test_semicolon_with_decimal_commas():
    table = upload("semicolon.csv")

    assert table.delimiter == ";"
    assert table.headers == ["Vorname", "Firma", "Betrag"]
    assert table.rows == [["Zoë", "Müller GmbH", "3,50"], ["Jan", "Smith; Sons", "12,00"]]


def test_tab_separated():
    table = upload("tab.tsv")

    assert table.delimiter == "\t"
    assert table.delimiter_name == "tab"
    assert table.rows == [["Zoë", "Acme, Inc.", "call back; urgent"], ["Jan", "Beta", ""]]


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2,5;3\n", ";"),
        ("a\tb\tc\n1,2\t3;4\t5\n", "\t"),
        ('"last, first";email\n"Doe, Jane";j@example.test\n', ";"),
        ('"a;b;c",d\n1,2\n', ","),
        ("email\nzoe@example.test\n", ","),
        ("", ","),
        ("\n\na;b\n", ";"),
        # A tie in the header is broken by the following lines.
        ("name,first;email\nDoe;j@example.test\nRoe;r@example.test\n", ";"),
        ("a,b;c\n1,2\n3,4\n", ","),
        ("a;b\r1;2\r", ";"),
    ],
)
def test_sniff_delimiter(sample, expected):
    assert sniff_delimiter(sample) == expected


# --- Headers ----------------------------------------------------------------------------------


def test_messy_headers_are_stripped_but_kept_as_written():
    table = upload("messy_headers.csv")

    assert table.headers == ["First Name", "COMPANY", "e-mail"]
    assert table.rows == [["Zoë", "Acme", "zoe@example.test"]]


def test_no_header_row_is_refused():
    with pytest.raises(IntakeError) as caught:
        upload("no_header.csv")

    assert caught.value.message.startswith("The first row of the file is blank, so it has no header row.")


def test_header_of_blank_cells_is_refused():
    with pytest.raises(IntakeError, match="has no header row"):
        parse_table(" , ,\nZoë,Acme,x\n")


def test_duplicate_headers_after_normalisation_are_refused():
    with pytest.raises(IntakeError) as caught:
        upload("duplicate_headers.csv")

    assert caught.value.message == (
        'Columns 1 ("First Name") and 3 ("first_name") have the same name once case, spaces and punctuation '
        "are ignored. Rename or delete one of them so that every column has its own name."
    )


def test_identical_headers_are_refused():
    with pytest.raises(IntakeError) as caught:
        parse_table("email,name,email\na,b,c\n")

    assert caught.value.message.startswith('Two columns are named "email" (columns 1 and 3).')


def test_trailing_blank_header_cells_are_dropped():
    table = upload("trailing_empty_columns.csv")

    assert table.headers == ["first_name", "company"]
    assert table.rows == [["Zoë", "Acme"], ["Jan", "Beta"]]


def test_a_blank_header_between_named_columns_is_kept_and_labelled():
    table = parse_table("first_name,,company\nZoë,spacer,Acme\n")

    assert table.headers == ["first_name", "", "company"]
    assert table.column_label(1) == "Column 2"
    assert table.column_label(2) == "company"


# --- Rows -------------------------------------------------------------------------------------


def test_quoted_newlines_stay_inside_the_cell():
    table = upload("quoted_newlines.csv")

    assert table.rows == [["Zoë", "Line one\nLine two"], ["Jan", 'He said "hi",\nthen left']]


def test_blank_rows_are_skipped_anywhere_and_counted():
    table = upload("blank_trailing_rows.csv")

    assert table.rows == [["Zoë", "Acme"], ["Jan", "Beta"]]
    assert table.skipped_blank_rows == 6


def test_short_rows_are_padded():
    table = parse_table("a,b,c\n1\n1,2\n")

    assert table.rows == [["1", "", ""], ["1", "2", ""]]


def test_extra_blank_cells_are_dropped():
    assert parse_table("a,b\n1,2,, \n").rows == [["1", "2"]]


def test_extra_values_are_refused_naming_the_row():
    with pytest.raises(IntakeError) as caught:
        upload("ragged_rows.csv")

    assert caught.value.message == (
        "Row 3 has 3 values but the header row names 2 columns. Put values that contain a comma in double "
        "quotes, or give the extra column a name in the header row."
    )


def test_row_numbers_count_blank_rows_and_ignore_quoted_newlines():
    text = 'name,note\n"Zoë","two\nlines"\n\nJan,x,extra\n'

    with pytest.raises(IntakeError, match="^Row 4 has 3 values"):
        parse_table(text)


def test_cells_are_not_stripped_at_intake():
    assert parse_table("a,b\n  Zoë , Acme\n").rows == [["  Zoë ", " Acme"]]


def test_header_only_is_refused():
    with pytest.raises(IntakeError, match="has a header row but no rows of data"):
        parse_table("first_name,company\n\n,\n")


def test_crlf_and_old_mac_line_ends():
    assert parse_table("a,b\r\n1,2\r\n").rows == [["1", "2"]]
    assert parse_table("a,b\r1,2\r3,4").rows == [["1", "2"], ["3", "4"]]


def test_line_ends_inside_quoted_cells_become_newlines():
    text = 'a,b\r\n"x\ry",z\r"p\r\nq",r\n"s\nt",u'

    assert parse_table(text).rows == [["x\ny", "z"], ["p\nq", "r"], ["s\nt", "u"]]


def test_pasted_text_uses_the_same_parser():
    table = read_csv_upload("First Name\tCompany\nZoë\tAcme\n".encode(), pasted=True)

    assert table.delimiter == "\t"
    assert table.encoding == ""
    assert table.rows == [["Zoë", "Acme"]]


# --- Caps -------------------------------------------------------------------------------------


def test_size_cap_is_checked_before_decoding():
    data = b"\x00" * (5 * 1024 * 1024 + 1)

    with pytest.raises(IntakeError) as caught:
        read_csv_upload(data)

    assert caught.value.message == "The file is 5.1 MB; the limit is 5 MB. Split it into smaller files."


def test_size_cap_with_small_limit():
    with pytest.raises(IntakeError, match="^The file is 2.1 KB; the limit is 2 KB."):
        read_csv_upload(b"a\n" + b"x\n" * 1050, limits=IntakeLimits(max_bytes=2048))


def test_size_cap_for_pasted_text_counts_utf8_bytes():
    text = "name\n" + "é\n" * 400  # 805 characters, 1,205 bytes

    with pytest.raises(IntakeError, match="^The pasted text is 1.2 KB; the limit is 1 KB. Paste fewer rows"):
        read_csv_upload(text.encode(), limits=IntakeLimits(max_bytes=1024), pasted=True)


def test_row_cap_states_the_real_count_and_the_limit():
    data = ("first_name,company\n" + "Zoë,Acme\n" * 10_412).encode()

    with pytest.raises(IntakeError) as caught:
        read_csv_upload(data)

    assert caught.value.message == "The file has 10,412 rows; the limit is 10,000. Split it into smaller files."


def test_row_cap_exactly_at_the_limit_is_accepted():
    table = read_csv_upload(("a,b\n" + "1,2\n" * 10_000).encode())

    assert len(table.rows) == 10_000


def test_row_cap_does_not_count_blank_rows():
    table = parse_table("a\n1\n\n2\n\n3\n", limits=IntakeLimits(max_rows=3))

    assert len(table.rows) == 3


def test_row_cap_for_pasted_text():
    with pytest.raises(IntakeError, match="^The pasted text has 4 rows; the limit is 3. Paste fewer rows"):
        read_csv_upload(b"a\n1\n2\n3\n4\n", limits=IntakeLimits(max_rows=3), pasted=True)


def test_column_cap():
    with pytest.raises(IntakeError) as caught:
        upload("too_many_columns.csv")

    assert caught.value.message == (
        "The file has 51 columns; the limit is 50. Delete the columns you do not need and try again."
    )


def test_cell_cap_names_row_and_column():
    text = "first_name,message\nZoë,short\nJan," + "x" * 2001 + "\n"

    with pytest.raises(IntakeError) as caught:
        parse_table(text)

    assert caught.value.message.startswith(
        'Row 3, column 2 ("message") has 2,001 characters; the limit is 2,000. Shorten the value.'
    )


def test_cell_at_the_cap_is_accepted():
    assert parse_table("a\n" + "x" * 2000 + "\n").rows == [["x" * 2000]]


def test_unclosed_quote_ends_up_in_the_cell_cap_message():
    text = 'name,note\nZoë,"never closed\n' + "Jan,hello\n" * 300

    with pytest.raises(IntakeError, match=r'missing closing quote \("\) on or before row 2'):
        parse_table(text)


def test_value_beyond_the_csv_modules_field_limit():
    text = 'a\n"' + "x" * 200_000 + '"\n'

    with pytest.raises(IntakeError, match="^Row 2 has a value far longer than the limit of 2,000 characters"):
        parse_table(text)


def test_limits_describe_themselves_for_the_page():
    assert IntakeLimits().describe() == (
        "Up to 5 MB, 10,000 rows and 50 columns; each value up to 2,000 characters."
    )
