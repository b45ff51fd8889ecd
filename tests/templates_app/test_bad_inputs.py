"""Malformed ids, query values and form fields on the batch pages: a clear message or a 404, never a 5xx."""
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from templates_app.models import Batch, VideoTemplate
from templates_app.services.batches import batch_apply_mapping, batch_start_grid, batch_start_upload
from tests.factories import UserFactory
from tests.templates_app.conftest import FIXTURES, REAL_PICTAI
from videos.models import RenderJob

pytestmark = pytest.mark.django_db

ROLES = ["Admin", "Editor", "Reviewer", None]
# Ids as people (or scripts) mistype them: not numbers, signed, exponents, past any database
# integer, longer than Python's int() accepts, split over lines.
BAD_IDS = ["abc", "-1", "0", "1e3", "1.5", "999999999999999999999", "9223372036854775808", "9" * 5000,
           "1\n2", "", " ", "A\x00B"]


@pytest.fixture
def people(db):
    return {role: UserFactory(username=f"who-{role or 'nobody'}", roles=[role] if role else [])
            for role in ROLES}


@pytest.fixture
def batch(welcome_template, people):
    batch = batch_start_grid(template=welcome_template, user=people["Editor"], name="Wave", rows=3)
    for row in batch.rows.all():
        row.values, row.is_valid, row.problems = {"first_name": f"P{row.number}", "company": "Acme"}, True, []
        row.save()
    return batch


@pytest.fixture
def finished_row(batch):
    row = batch.rows.get(number=1)
    row.render_job = RenderJob.objects.create(kind="template_render", status="completed", pooled=True,
                                              video_url="http://cdn.test/1.mp4")
    row.save()
    return row


def new_batch_url(value: str) -> str:
    return reverse("templates_app:batch_new") + "?" + f"template={value}"


# --- ?template= on the new batch page ----------------------------------------------------------

@pytest.mark.parametrize("value", ["abc", "999999999999999999999", "-1", "1e3", "9" * 5000])
def test_an_unknown_template_on_the_new_batch_page_is_a_404_with_a_way_on(client, people, welcome_template, value):
    client.force_login(people["Editor"])
    response = client.get(reverse("templates_app:batch_new"), {"template": value})
    page = response.content.decode()
    assert response.status_code == 404
    assert "That template does not exist or was deleted." in page
    assert f"?template={welcome_template.pk}" in page  # the templates to choose from instead


def test_an_unknown_template_posted_with_rows_creates_nothing(client, people):
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_new"), {
        "template": "abc", "source": "paste", "pasted": "first_name,company\nAda,Acme\n"})
    assert response.status_code == 404 and not Batch.objects.exists()


def test_an_inactive_template_cannot_start_a_batch(client, people, welcome_template):
    VideoTemplate.objects.filter(pk=welcome_template.pk).update(is_active=False)
    client.force_login(people["Editor"])
    assert client.get(new_batch_url(str(welcome_template.pk))).status_code == 404


# --- row ids in forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["999999999999999999999", "9223372036854775808", "abc", "-1", "9" * 5000])
def test_a_malformed_row_id_in_a_preview_is_refused_with_a_message(client, people, batch, value):
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_preview", args=[batch.pk]), {"row": value}, follow=True)
    assert response.status_code == 200
    assert "That row is not in this batch." in response.content.decode()
    assert not RenderJob.objects.exists()


def test_a_row_of_another_batch_is_not_previewed(client, people, batch, welcome_template):
    other = batch_start_grid(template=welcome_template, user=people["Editor"], name="Other", rows=1)
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_preview", args=[batch.pk]),
                           {"row": other.rows.get().pk}, follow=True)
    assert "That row is not in this batch." in response.content.decode()
    assert not RenderJob.objects.exists()


# --- page numbers and state filters ------------------------------------------------------------

@pytest.mark.parametrize("query", [{"page": v} for v in ["abc", "-1", "0", "2", "1e3", "999999999999999999999",
                                                            "9" * 5000]] + [{"state": "nonsense"}, {"state": "-1"}])
def test_a_page_or_state_that_does_not_exist_is_a_404(client, people, batch, query):
    client.force_login(people["Editor"])
    assert client.get(batch.get_absolute_url(), query).status_code == 404
    assert client.get(batch.get_absolute_url(), query, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="rows").status_code == 404


@pytest.mark.parametrize("query", [{}, {"page": "1"}, {"page": "last"}, {"state": "ready"}, {"state": "done"}])
def test_real_pages_and_states_still_show(client, people, batch, query):
    client.force_login(people["Editor"])
    response = client.get(batch.get_absolute_url(), query)
    assert response.status_code == 200 and 'id="count-valid">3<' in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "2", "9" * 5000])
def test_a_contact_sheet_page_that_does_not_exist_is_a_404(client, people, batch, finished_row, value):
    client.force_login(people["Reviewer"])
    assert client.get(reverse("templates_app:batch_review", args=[batch.pk]), {"page": value}).status_code == 404


@pytest.mark.parametrize("value", ["abc", "-3", "9" * 5000, "999999999999999999999"])
def test_an_odd_sample_size_still_shows_a_sample(client, people, batch, finished_row, value):
    client.force_login(people["Reviewer"])
    response = client.get(reverse("templates_app:batch_review", args=[batch.pk]), {"sample": value})
    assert response.status_code == 200 and response.content.decode().count('<video class="player"') == 1


# --- return addresses -------------------------------------------------------------------------

@pytest.mark.parametrize("back", ["javascript:alert(1)", "https://evil.example/steal", "//evil.example/x",
                                  "/\\evil.example", "http://testserver/x", "abc", "-1", "/x\r\nSet-Cookie: a=1",
                                  ""])
@pytest.mark.parametrize("action", ["row_flag", "row_unflag"])
def test_a_return_address_off_this_site_falls_back_to_the_batch_page(client, people, finished_row, back, action):
    client.force_login(people["Reviewer"])
    response = client.post(reverse(f"templates_app:{action}", args=[finished_row.pk]),
                           {"back": back, "note": "Wrong name"})
    assert response.status_code == 302
    assert response["Location"] == f"{finished_row.batch.get_absolute_url()}#sheet-{finished_row.pk}"


def test_a_return_address_on_this_site_is_followed(client, people, finished_row):
    client.force_login(people["Reviewer"])
    back = reverse("templates_app:batch_review", args=[finished_row.batch_id]) + "?sample=2#top"
    response = client.post(reverse("templates_app:row_flag", args=[finished_row.pk]),
                           {"back": back, "note": "Wrong name"})
    assert response["Location"] == back.replace("#top", "") + f"#sheet-{finished_row.pk}"


def test_over_https_a_plain_http_return_address_is_not_followed(client, people, finished_row):
    client.force_login(people["Reviewer"])
    response = client.post(reverse("templates_app:row_unflag", args=[finished_row.pk]),
                           {"back": "http://testserver/batches/"}, secure=True)
    assert response["Location"] == f"{finished_row.batch.get_absolute_url()}#sheet-{finished_row.pk}"


# --- NUL characters (PostgreSQL cannot store them) --------------------------------------------

def test_a_nul_character_typed_into_a_row_is_dropped(client, people, batch):
    row = batch.rows.get(number=2)
    client.force_login(people["Editor"])
    client.post(reverse("templates_app:row_edit", args=[row.pk]), {"v-first_name": "Ad\x00a", "v-company": "Acme"})
    row.refresh_from_db()
    assert row.values["first_name"] == "Ada" and row.is_valid


def test_a_nul_character_in_a_review_note_is_dropped(client, people, finished_row):
    client.force_login(people["Reviewer"])
    client.post(reverse("templates_app:row_flag", args=[finished_row.pk]), {"note": "Wrong\x00 name"})
    finished_row.refresh_from_db()
    assert finished_row.review_note == "Wrong name"


# --- what is pasted or uploaded ---------------------------------------------------------------

def test_a_paste_over_the_size_cap_gets_the_intake_message_and_is_kept(client, people, welcome_template, settings):
    client.force_login(people["Editor"])
    header = "first_name,company\n"
    pasted = header + "Ada,Acme\n" * ((settings.BULK_MAX_UPLOAD_BYTES - len(header)) // 9 + 200)
    assert len(pasted) > settings.BULK_MAX_UPLOAD_BYTES > 2.5 * 1024 * 1024  # over Django's own default
    response = client.post(reverse("templates_app:batch_new"), {
        "template": welcome_template.pk, "source": "paste", "name": "Big", "pasted": pasted})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The pasted text is 5.1 MB; the limit is 5 MB. Paste fewer rows at a time, or upload a file." in page
    assert "Split it into smaller files" not in page
    assert page.count("Ada,Acme") > 500_000  # what was pasted is still in the box
    assert not Batch.objects.exists()


def test_a_paste_over_the_row_cap_is_told_to_paste_fewer_rows(client, people, welcome_template, settings):
    settings.BULK_MAX_ROWS = 3
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_new"), {
        "template": welcome_template.pk, "source": "paste", "pasted": "first_name,company\n" + "Ada,Acme\n" * 4})
    page = response.content.decode()
    assert "The pasted text has 4 rows; the limit is 3. Paste fewer rows at a time." in page
    assert "Split it into smaller files" not in page


def test_an_empty_upload_gets_one_clear_message(client, people, welcome_template):
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_new"), {
        "template": welcome_template.pk, "source": "upload", "csv_file": SimpleUploadedFile("rows.csv", b"")})
    page = response.content.decode()
    assert "The file is empty. Export the spreadsheet as CSV" in page
    assert "Choose a CSV file" not in page and "The submitted file is empty" not in page
    assert page.count('class="field-error"') + page.count('class="error-box"') == 1


def test_no_file_at_all_asks_for_one(client, people, welcome_template):
    client.force_login(people["Editor"])
    page = client.post(reverse("templates_app:batch_new"),
                       {"template": welcome_template.pk, "source": "upload"}).content.decode()
    assert "Choose a CSV file to upload." in page and page.count('class="field-error"') == 1


@pytest.mark.parametrize("source", ["nonsense", ""])
def test_an_unknown_row_source_is_named(client, people, welcome_template, source):
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_new"), {"template": welcome_template.pk, "source": source})
    assert response.status_code == 200 and not Batch.objects.exists()
    assert 'class="field-error"' in response.content.decode()


# --- batch names are one line -----------------------------------------------------------------

@pytest.mark.parametrize("source", ["paste", "grid"])
def test_a_batch_name_with_line_breaks_is_saved_on_one_line(client, people, welcome_template, source):
    client.force_login(people["Editor"])
    client.post(reverse("templates_app:batch_new"), {
        "template": welcome_template.pk, "source": source, "name": "Wave\r\nBcc: all@example.com\x07\tnow",
        "pasted": "first_name,company\nAda,Acme\n"})
    assert Batch.objects.get().name == "Wave Bcc: all@example.com now"


def test_a_default_name_from_a_long_template_name_fits(client, people, welcome_template):
    VideoTemplate.objects.filter(pk=welcome_template.pk).update(name=("Line one\nline two " + "x" * 200)[:200])
    client.force_login(people["Editor"])
    client.post(reverse("templates_app:batch_new"), {"template": welcome_template.pk, "source": "grid"})
    name = Batch.objects.get().name
    assert name.startswith("Line one line two x") and "\n" not in name and len(name) == 200


def test_a_name_of_only_control_characters_falls_back_to_the_source(welcome_template, people):
    batch = batch_start_upload(template=welcome_template, user=people["Editor"], name="\x07\x08",
                               data=b"first_name,company\nAda,Acme\n", filename="november.csv")
    assert batch.name == "november.csv"


def test_a_batch_renamed_in_the_admin_stays_on_one_line(client, people, batch):
    admin = UserFactory(username="staff", is_staff=True, is_superuser=True, roles=["Admin"])
    client.force_login(admin)
    url = reverse("admin:templates_app_batch_change", args=[batch.pk])
    response = client.post(url, {"template": batch.template_id, "name": "Renamed\nSubject: x", "status": "draft",
                                 "created_by": batch.created_by_id, "source_name": "", "row_count": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch.refresh_from_db()
    assert batch.name == "Renamed Subject: x"


def test_names_saved_before_are_flattened_by_the_migration(batch):
    Batch.objects.filter(pk=batch.pk).update(name="Old\r\nname")
    importlib.import_module("templates_app.migrations.0003_single_line_batch_names").flatten_names(apps, None)
    batch.refresh_from_db()
    assert batch.name == "Old name"


# --- every page, every role -------------------------------------------------------------------

def _with_huge_id(name: str) -> str:
    """The page's address with an id too large for any database column (no reverse() allows it)."""
    return reverse(f"templates_app:{name}", args=[424242]).replace("424242", str(10**20))


def _urls(batch, row, mapping_batch):
    gets = [reverse("templates_app:template_list"), reverse("templates_app:batch_list")]
    for value in BAD_IDS:
        gets.append(new_batch_url(value))
        for name, pk in (("batch_detail", batch.pk), ("batch_review", batch.pk), ("batch_mapping", mapping_batch.pk)):
            for key in ("page", "state", "sample"):
                gets.append(reverse(f"templates_app:{name}", args=[pk]) + f"?{key}={value}")
    for name in ("batch_detail", "batch_mapping", "batch_progress", "batch_results_csv", "batch_video_links",
                 "batch_review", "template_detail", "row_display", "row_edit"):
        gets.append(_with_huge_id(name))
    gets += [reverse("templates_app:row_edit", args=[row.pk]), reverse("templates_app:row_display", args=[row.pk])]
    posts = []
    for value in [*BAD_IDS, "javascript:alert(1)", "https://evil.example/x", "//evil.example"]:
        posts += [
            (reverse("templates_app:batch_new"), {"template": value, "source": "paste", "pasted": "a,b\n1,2"}),
            (reverse("templates_app:batch_new"), {"template": batch.template_id, "source": value, "name": value}),
            (reverse("templates_app:batch_preview", args=[batch.pk]), {"row": value}),
            (reverse("templates_app:row_flag", args=[row.pk]), {"back": value, "note": value}),
            (reverse("templates_app:row_unflag", args=[row.pk]), {"back": value}),
            (reverse("templates_app:batch_mapping", args=[mapping_batch.pk]), {"col-0": value, "col-1": value}),
            (reverse("templates_app:row_edit", args=[row.pk]), {"v-first_name": value}),
        ]
    for name in ("batch_preview", "batch_launch", "batch_retry", "batch_cancel", "row_add", "batch_approve_rest",
                 "batch_mapping", "row_flag", "row_unflag", "row_edit", "row_delete", "row_rerun",
                 "template_scenes_save", "template_delete"):
        posts.append((_with_huge_id(name), {}))
    return gets, posts


@pytest.mark.parametrize("role", ROLES)
def test_no_malformed_input_makes_a_server_error(client, people, batch, finished_row, welcome_template, role):
    client.raise_request_exception = False
    mapping_batch = batch_start_upload(template=welcome_template, user=people["Editor"], name="m",
                                       data=b"first_name,company\nAda,Acme\n", filename="m.csv")
    gets, posts = _urls(batch, finished_row, mapping_batch)
    client.force_login(people[role])
    failures = []
    for url in gets:
        for headers in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "rows"}):
            status = client.get(url, **headers).status_code
            if status >= 500:
                failures.append(("GET", url[:80], headers, status))
    for url, data in posts:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            status = client.post(url, data, **headers).status_code
            if status >= 500:
                failures.append(("POST", url[:80], {k: str(v)[:40] for k, v in data.items()}, headers, status))
    assert failures == []


def test_a_mapping_with_made_up_variables_is_ignored(client, people, welcome_template):
    batch = batch_start_upload(template=welcome_template, user=people["Editor"], name="m",
                               data=b"first_name,company\nAda,Acme\n", filename="m.csv")
    client.force_login(people["Editor"])
    response = client.post(reverse("templates_app:batch_mapping", args=[batch.pk]),
                           {"col-0": "first_name", "col-1": "__class__"})
    assert "No column fills {{company}}" in response.content.decode() and not batch.rows.exists()
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    assert batch.rows.count() == 1


def test_fixtures_live_in_the_repository():
    repository = Path(__file__).resolve().parents[2]
    assert REAL_PICTAI.resolve().is_relative_to(repository) and REAL_PICTAI.is_file()
    assert FIXTURES.resolve().is_relative_to(repository)
