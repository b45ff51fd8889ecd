"""Rows from CSV, paste or grid: mapped, validated, fixed in place — before any credit is spent."""
import pytest
from django.urls import reverse

from templates_app.bulk.intake import IntakeError
from templates_app.models import Batch, BatchRow, BatchStatus
from templates_app.selectors import batch_summary
from templates_app.services.batches import (
    MappingError,
    batch_apply_mapping,
    batch_row_add,
    batch_row_update,
    batch_start_grid,
    batch_start_upload,
)
from tests.templates_app.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def upload(template, user, data: bytes, name="rows.csv"):
    return batch_start_upload(template=template, user=user, name="Welcome batch", data=data, filename=name)


def test_csv_columns_are_matched_to_variables_and_wait_for_confirmation(welcome_template, user):
    batch = upload(welcome_template, user, (FIXTURES / "five-rows-one-bad.csv").read_bytes())
    assert batch.status == BatchStatus.MAPPING and not batch.rows.exists()
    assert batch.mapping == {"0": "first_name", "1": "company", "2": None}


def test_confirmed_mapping_creates_checked_rows(welcome_template, user):
    batch = upload(welcome_template, user, (FIXTURES / "five-rows-one-bad.csv").read_bytes())
    assert batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company", 2: None}) == 5
    summary = batch_summary(batch)
    assert (summary.total, summary.valid, summary.invalid) == (5, 4, 1)
    bad = batch.rows.get(number=3)
    assert bad.values == {"first_name": "Linus", "company": ""}
    assert bad.problems == [{"variable": "company", "message": "Fill in {{company}}: every video needs it."}]
    assert bad.source_cells == ["Linus", "", "missing company"]


def test_a_mapping_that_leaves_a_variable_empty_is_refused(welcome_template, user):
    batch = upload(welcome_template, user, (FIXTURES / "five-rows-one-bad.csv").read_bytes())
    with pytest.raises(MappingError, match=r"No column fills \{\{company\}\}"):
        batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: None, 2: None})
    assert not batch.rows.exists()


def test_the_user_can_remap_a_column(welcome_template, user):
    batch = upload(welcome_template, user, b"name,org,biz\nAda,X,Real Co\n")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: None, 2: "company"})
    assert batch.rows.get().values == {"first_name": "Ada", "company": "Real Co"}


@pytest.mark.parametrize(("value", "reason"), [
    ("Ada {{x}}", "“{{”"),
    ("<b>Ada</b>", "“<”"),
    ("Ada\x07", "control character (U+0007)"),
    ("A" * 2001, "2,001 characters is too long; the limit is 2,000."),
])
def test_values_pictory_cannot_render_are_flagged(welcome_template, user, value, reason):
    batch = batch_start_grid(template=welcome_template, user=user, name="grid", rows=1)
    row = batch_row_update(row=batch.rows.get(), values={"first_name": value, "company": "Acme"})
    assert not row.is_valid and reason in row.problems[0]["message"]
    assert row.problems[0]["variable"] == "first_name"


def test_a_value_too_long_for_its_scene_is_flagged(welcome_template, user, settings):
    from templates_app.services import variables

    variables.SCENE_TEXT_LIMIT, old = 60, variables.SCENE_TEXT_LIMIT
    try:
        batch = batch_start_grid(template=welcome_template, user=user, name="grid", rows=1)
        row = batch_row_update(row=batch.rows.get(), values={"first_name": "B" * 40, "company": "Acme"})
    finally:
        variables.SCENE_TEXT_LIMIT = old
    assert "Scene 1 would be" in row.problems[0]["message"]


def test_duplicate_rows_are_flagged_not_dropped(welcome_template, user):
    batch = upload(welcome_template, user, b"first_name,company\nAda,Acme\nada ,ACME\nBob,Acme\n")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    assert batch.rows.count() == 3 and batch_summary(batch).duplicates == 2


def test_fixing_a_row_in_place_makes_it_valid(welcome_template, user):
    batch = upload(welcome_template, user, (FIXTURES / "five-rows-one-bad.csv").read_bytes())
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    row = batch_row_update(row=batch.rows.get(number=3), values={"company": "Penguin Labs"})
    assert row.is_valid and row.values == {"first_name": "Linus", "company": "Penguin Labs"}
    assert batch_summary(batch).invalid == 0


def test_grid_batches_start_empty_and_grow(welcome_template, user):
    batch = batch_start_grid(template=welcome_template, user=user, name="grid", rows=2)
    assert batch.status == BatchStatus.DRAFT and batch_summary(batch).invalid == 2
    assert batch_row_add(batch=batch).number == 3


def test_a_csv_with_nul_bytes_is_refused_with_a_reason(welcome_template, user):
    with pytest.raises(IntakeError, match="NUL"):
        upload(welcome_template, user, b"first_name,company\nAda\x00,Acme\n")
    assert not Batch.objects.exists()


def test_ten_thousand_rows_import_in_bulk_inserts(welcome_template, user, django_assert_max_num_queries):
    data = "first_name,company\n" + "".join(f"Person {n},Company {n % 50}\n" for n in range(10_000))
    batch = upload(welcome_template, user, data.encode())
    with django_assert_max_num_queries(10_000 // 50):  # rows go in by the hundred, never one by one
        assert batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"}) == 10_000
    assert BatchRow.objects.filter(batch=batch, is_valid=True).count() == 10_000


# --- pages -------------------------------------------------------------------------------------
def test_new_batch_page_states_the_caps(client, user, welcome_template):
    client.force_login(user)
    page = client.get(reverse("templates_app:batch_new") + f"?template={welcome_template.pk}").content.decode()
    assert "10,000 rows" in page and "50 columns" in page and "5 MB" in page


def test_a_bad_upload_keeps_the_form_and_says_why(client, user, welcome_template):
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("templates_app:batch_new"), {
        "template": welcome_template.pk, "source": "upload", "name": "Keep me",
        "csv_file": SimpleUploadedFile("workbook.csv", b"first_name,company\nAda\x00,Acme\n"),
    })
    page = response.content.decode()
    assert "contains NUL bytes" in page and 'value="Keep me"' in page and not Batch.objects.exists()


def test_mapping_page_then_batch_page(client, user, welcome_template):
    client.force_login(user)
    response = client.post(reverse("templates_app:batch_new"), {
        "template": welcome_template.pk, "source": "paste", "name": "Pasted",
        "pasted": (FIXTURES / "five-rows-one-bad.csv").read_text(),
    })
    batch = Batch.objects.get()
    assert response["Location"] == reverse("templates_app:batch_mapping", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Match columns to variables" in page and "5 rows" in page
    response = client.post(response["Location"], {"col-0": "first_name", "col-1": "company", "col-2": ""})
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-valid">4<' in page and 'id="count-invalid">1<' in page
    assert "Fill in {{company}}: every video needs it." in page


def test_editing_a_row_with_htmx_returns_the_checked_row(client, user, welcome_template):
    client.force_login(user)
    batch = batch_start_grid(template=welcome_template, user=user, name="grid", rows=1)
    row = batch.rows.get()
    response = client.post(reverse("templates_app:row_edit", args=[row.pk]),
                           {"v-first_name": "Ada", "v-company": "Acme"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'id="row-{row.pk}"' in html and "Ready" in html and "<html" not in html
    assert "batchChanged" in response["HX-Trigger"]


def test_batch_page_queries_do_not_grow_with_rows(client, user, welcome_template, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    small = batch_start_grid(template=welcome_template, user=user, name="small", rows=3)
    data = "first_name,company\n" + "".join(f"P{n},C{n % 7}\n" for n in range(10_000))
    big = upload(welcome_template, user, data.encode())
    batch_apply_mapping(batch=big, mapping={0: "first_name", 1: "company"})
    client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(big.get_absolute_url() + "?page=3")
    assert "Rows 101–150 of 10000" in response.content.decode()


# --- one cap on values ------------------------------------------------------------------------
def test_a_value_the_upload_accepts_makes_a_valid_row(welcome_template, user):
    long_name = "A" * 1500
    batch = upload(welcome_template, user, f"first_name,company\n{long_name},Acme\n".encode())
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    row = batch.rows.get()
    assert row.is_valid and row.problems == []


def test_one_setting_caps_values_at_upload_and_in_the_grid(welcome_template, user, settings, client):
    settings.BULK_MAX_VALUE_CHARS = 10
    with pytest.raises(IntakeError, match="has 11 characters; the limit is 10"):
        upload(welcome_template, user, b"first_name,company\nAbcdefghijk,Acme\n")
    batch = upload(welcome_template, user, b"first_name,company\nAbcdefghij,Acme\n")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    row = batch.rows.get()
    assert row.is_valid
    row = batch_row_update(row=row, values={"first_name": "Abcdefghijk"})
    assert row.problems == [{"variable": "first_name", "message": "11 characters is too long; the limit is 10."}]
    client.force_login(user)
    page = client.get(reverse("templates_app:batch_new") + f"?template={welcome_template.pk}").content.decode()
    assert "each value up to 10 characters" in page


def test_the_new_batch_page_states_the_value_cap_of_the_readme(client, user, welcome_template):
    client.force_login(user)
    page = client.get(reverse("templates_app:batch_new") + f"?template={welcome_template.pk}").content.decode()
    assert "each value up to 2,000 characters" in page
