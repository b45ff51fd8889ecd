"""Columns → template variables: normalised names, suggestions, user changes, problems, values."""
from pathlib import Path

import pytest

from templates_app.bulk import (
    apply_mapping,
    mapping_problems,
    normalise_name,
    parse_table,
    read_csv_upload,
    suggest_mapping,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "name",
    [
        "first_name",
        "  First Name ",
        "FIRST_NAME",
        "first-name",
        "First.Name",
        "first  -  name",
        "{{First Name}}",
        "{{ first_name }}",
        "{first name}",
        "firstName",
        "FirstName",
        "first__name",
        "first\u00a0name",
    ],
)
def test_normalise_name(name):
    assert normalise_name(name) == "first_name"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("COMPANY", "company"),
        ("Straße", "strasse"),
        ("prénomClient", "prénom_client"),
        ("userID", "user_id"),
        ("Phone #", "phone_#"),
        ("{{}}", ""),
    ],
)
def test_normalise_name_other_cases(name, expected):
    assert normalise_name(name) == expected


def test_messy_headers_map_to_camel_case_variables():
    table = read_csv_upload((FIXTURES / "messy_headers.csv").read_bytes())

    mapping = suggest_mapping(table.headers, ["firstName", "company", "email"])

    # "e-mail" normalises to "e_mail"; the looser letters-and-digits pass still finds "email".
    assert mapping == {0: "firstName", 1: "company", 2: "email"}
    assert apply_mapping(table, mapping) == [
        {"firstName": "Zoë", "company": "Acme", "email": "zoe@example.test"}
    ]


def test_braced_headers_match():
    assert suggest_mapping(["{{First Name}}", "{{Company}}"], ["first_name", "company"]) == {
        0: "first_name",
        1: "company",
    }


def test_unmatched_and_blank_headers_are_ignored():
    assert suggest_mapping(["Notes", "", "Company"], ["company", "city"]) == {0: None, 1: None, 2: "company"}


def test_each_variable_is_suggested_once_exact_match_first():
    # "firstname" only matches loosely; "First Name" matches once normalised and wins the variable.
    mapping = suggest_mapping(["firstname", "First Name"], ["firstName"])

    assert mapping == {0: None, 1: "firstName"}


def test_as_written_match_beats_normalised_for_case_sensitive_variables():
    mapping = suggest_mapping(["name", "Name"], ["Name", "name"])

    assert mapping == {0: "name", 1: "Name"}


def test_duplicate_variable_names_are_offered_once():
    assert suggest_mapping(["city", "town"], ["city", "city"]) == {0: "city", 1: None}


def test_user_can_change_and_ignore_columns_before_applying():
    table = parse_table("Name,Employer,Notes\n Zoë ,  Acme Ltd ,vip\nJan,Beta,\n")
    mapping = suggest_mapping(table.headers, ["name", "company"])
    assert mapping == {0: "name", 1: None, 2: None}

    mapping[1] = "company"  # the user picks the Employer column for {{company}}
    mapping[0] = None  # and ignores Name

    assert mapping_problems(mapping, ["name", "company"], required=["company"], headers=table.headers) == []
    assert apply_mapping(table, mapping) == [{"company": "Acme Ltd"}, {"company": "Beta"}]


def test_apply_mapping_strips_values_and_keeps_inner_newlines():
    table = parse_table('a,b\n"  line one\nline two  ",\t x \n')

    assert apply_mapping(table, {0: "first", 1: "second"}) == [{"first": "line one\nline two", "second": "x"}]


def test_apply_mapping_refuses_a_variable_mapped_twice():
    table = parse_table("a,b\n1,2\n")

    with pytest.raises(ValueError, match="more than once: x"):
        apply_mapping(table, {0: "x", 1: "x"})


def test_apply_mapping_refuses_an_index_outside_the_table():
    table = parse_table("a,b\n1,2\n")

    with pytest.raises(ValueError, match="outside the table"):
        apply_mapping(table, {2: "x"})


def test_problem_variable_mapped_twice():
    problems = mapping_problems({0: "company", 1: None, 2: "company"}, ["company"], headers=["Company", "x", "Firm"])

    assert problems == [
        '{{company}} is filled from more than one column (column 1 ("Company") and column 3 ("Firm")). '
        'Keep one and set the others to "Ignore".'
    ]


def test_problem_one_required_variable_missing():
    assert mapping_problems({0: "company"}, ["company", "first_name"]) == [
        "No column fills {{first_name}}. Choose a column for it, or add one to the CSV."
    ]


def test_problem_several_required_variables_missing():
    assert mapping_problems({0: None}, ["first_name", "company"]) == [
        "No column fills these variables: {{first_name}}, {{company}}. "
        "Choose a column for each, or add them to the CSV."
    ]


def test_optional_variables_may_stay_unmapped():
    assert mapping_problems({0: "company"}, ["company", "city"], required=["company"]) == []


def test_problem_unknown_variable():
    assert mapping_problems({1: "nickname"}, [], headers=["a", "Nick"]) == [
        'Column 2 ("Nick") is set to fill {{nickname}}, but the template has no variable of that name. '
        'Choose another variable or "Ignore".'
    ]


def test_a_complete_mapping_has_no_problems():
    assert mapping_problems({0: "first_name", 1: "company", 2: None}, ["first_name", "company"]) == []


def test_a_header_that_starts_with_a_variable_name_is_matched():
    assert suggest_mapping(["First Name", "Company Name", "Quarter"], ["first_name", "company"]) == {
        0: "first_name", 1: "company", 2: None}


def test_two_headers_starting_with_the_same_variable_are_left_for_the_user():
    assert suggest_mapping(["Company Name", "Company Size"], ["company"]) == {0: None, 1: None}
