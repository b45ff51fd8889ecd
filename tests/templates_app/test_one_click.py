"""One click, at most one job: work buttons lock each other while a request is in flight, and a
repeated or simultaneous launch, retry, preview or re-run never gives a row a second job."""
import re
import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from templates_app.models import BatchRow
from templates_app.services.batches import batch_start_grid
from templates_app.services.launch import AlreadyOnItsWay, batch_row_rerun
from tests.factories import UserFactory
from videos.models import JobKind, RenderJob

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _queue_only(settings):
    settings.BULK_MAX_IN_FLIGHT = 0  # jobs are queued, none is sent: these tests count jobs


@pytest.fixture
def editor(db):
    return UserFactory(username="eve", roles=["Editor"])


@pytest.fixture
def batch(welcome_template, editor):
    batch = batch_start_grid(template=welcome_template, user=editor, name="Wave", rows=3)
    for row in batch.rows.all():
        row.values, row.is_valid, row.problems = {"first_name": f"P{row.number}", "company": "Acme"}, True, []
        row.save()
    return batch


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def renders_per_row(batch, kind=JobKind.TEMPLATE_RENDER) -> Counter:
    names = RenderJob.objects.filter(kind=kind).values_list("payload__videoName", flat=True)
    return Counter(name.rsplit(" · row ", 1)[1] for name in names)


def with_job(row: BatchRow, status: str) -> BatchRow:
    row.render_job = RenderJob.objects.create(kind=JobKind.TEMPLATE_RENDER, status=status, pooled=True,
                                              payload={"videoName": f"{row.batch.name} · row {row.number}"},
                                              video_url="http://cdn.test/v.mp4" if status == "completed" else "")
    row.save()
    return row


def messages_on(response) -> list[str]:
    return re.findall(r'<li class="msg-\w+">(.*?)</li>', response.content.decode())


def at_once(*calls):
    """Run the calls in threads released together (each with its own database connection)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 (reported by the test)
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


# --- the buttons -------------------------------------------------------------------------------

def work_buttons(html: str) -> dict[str, str]:
    """Label -> the button's opening tag, for every button that starts work."""
    found = {}
    for tag, label in re.findall(r"(<button[^>]*>)(.*?)</button>", html, flags=re.S):
        if "starts-work" in tag:
            found[" ".join(label.split())] = tag
    return found


def test_every_work_button_disables_every_work_button_while_its_request_is_in_flight(client, editor, batch):
    rows = list(batch.rows.order_by("number"))
    with_job(rows[0], "failed")
    with_job(rows[1], "completed")
    client.force_login(editor)
    buttons = work_buttons(client.get(batch.get_absolute_url()).content.decode())
    assert set(buttons) == {"Preview 3 sample rows", "Launch 1 video", "Retry 1 failed", "Preview", "Re-run"}
    for label, tag in buttons.items():
        assert 'hx-disabled-elt=".starts-work"' in tag, label
        assert re.search(r'hx-post="/(batches|rows)/\d+/\w+/"', tag), label
    assert 'hx-confirm="Render 1 video? Each uses Pictory credits."' in buttons["Launch 1 video"]


def test_an_htmx_launch_answers_with_a_page_load_and_a_plain_form_with_a_redirect(editor, batch):
    response = signed_in(editor).post(reverse("templates_app:batch_launch", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == batch.get_absolute_url()
    response = signed_in(editor).post(reverse("templates_app:batch_retry", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()


# --- repeated requests ---------------------------------------------------------------------------

def test_a_second_launch_says_the_rows_are_on_their_way(editor, batch):
    client = signed_in(editor)
    url = reverse("templates_app:batch_launch", args=[batch.pk])
    assert messages_on(client.post(url, follow=True)) == ["Launched 3 videos. They render a few at a time; "
                                                          "this page follows them."]
    assert messages_on(client.post(url, follow=True)) == ["Already launched: 3 rows are on their way."]
    assert renders_per_row(batch) == {"1": 1, "2": 1, "3": 1}


def test_a_second_retry_says_the_rows_are_on_their_way(editor, batch):
    for row in batch.rows.all():
        with_job(row, "failed" if row.number == 2 else "completed")
    client = signed_in(editor)
    url = reverse("templates_app:batch_retry", args=[batch.pk])
    assert messages_on(client.post(url, follow=True)) == ["Retrying 1 failed row."]
    assert messages_on(client.post(url, follow=True)) == ["Already launched: 1 row is on its way."]
    assert renders_per_row(batch) == {"1": 1, "2": 2, "3": 1}  # the failed job and its one retry


def test_a_second_rerun_says_the_row_is_on_its_way(editor, batch):
    row = with_job(batch.rows.get(number=1), "completed")
    client = signed_in(editor)
    url = reverse("templates_app:row_rerun", args=[row.pk])
    assert messages_on(client.post(url, follow=True)) == ["Row 1 is rendering again with its new values."]
    assert messages_on(client.post(url, follow=True)) == ["Already launched: row 1 is on its way."]
    assert renders_per_row(batch) == {"1": 2}


def test_a_second_sample_preview_waits_for_the_first(editor, batch):
    client = signed_in(editor)
    url = reverse("templates_app:batch_preview", args=[batch.pk])
    assert messages_on(client.post(url, follow=True)) == ["Previewing 3 rows: previews are free and appear in the "
                                                          "rows below."]
    assert messages_on(client.post(url, follow=True)) == ["Already previewing 3 rows: the previews appear in the "
                                                          "rows below."]
    assert renders_per_row(batch, JobKind.TEMPLATE_PREVIEW) == {"1": 1, "2": 1, "3": 1}


def test_a_second_preview_of_one_row_waits_for_the_first(editor, batch):
    row = batch.rows.get(number=2)
    client = signed_in(editor)
    url = reverse("templates_app:batch_preview", args=[batch.pk])
    client.post(url, {"row": row.pk}, follow=True)
    assert messages_on(client.post(url, {"row": row.pk}, follow=True)) == [
        "Already previewing row 2: the preview appears in the row."]
    assert renders_per_row(batch, JobKind.TEMPLATE_PREVIEW) == {"2": 1}


def test_a_rerun_that_read_its_row_before_another_rerun_committed_makes_no_job(editor, batch):
    row = with_job(batch.rows.get(number=3), "completed")
    # The second request read the row (video done) while the first was making its job.
    as_read = BatchRow.objects.select_related("batch__template", "render_job").get(pk=row.pk)
    batch_row_rerun(row=row, user=editor)
    with pytest.raises(AlreadyOnItsWay, match="Already launched: row 3 is on its way."):
        batch_row_rerun(row=as_read, user=editor)
    assert renders_per_row(batch) == {"3": 2}


# --- simultaneous requests (two tabs, two people, a double click that got through) -------------
# Real concurrency needs a database where a second connection waits for a lock: PostgreSQL (run
# the suite with DATABASE_URL) or a SQLite file. The in-memory SQLite test database answers
# "table is locked" at once instead, so these run only on the former.


@pytest.fixture
def concurrent_db():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a SQLite file: in-memory SQLite does not wait for locks")


def test_simultaneous_launches_make_one_job_per_row(concurrent_db, editor, batch):
    url = reverse("templates_app:batch_launch", args=[batch.pk])
    clients = [signed_in(editor), signed_in(editor)]
    responses = at_once(*(lambda c=c: c.post(url, follow=True) for c in clients))
    assert sorted(m for r in responses for m in messages_on(r)) == [
        "Already launched: 3 rows are on their way.",
        "Launched 3 videos. They render a few at a time; this page follows them."]
    assert renders_per_row(batch) == {"1": 1, "2": 1, "3": 1}


def test_simultaneous_retries_retry_each_failed_row_once(concurrent_db, editor, batch):
    for row in batch.rows.all():
        with_job(row, "failed")
    url = reverse("templates_app:batch_retry", args=[batch.pk])
    clients = [signed_in(editor), signed_in(editor)]
    responses = at_once(*(lambda c=c: c.post(url, follow=True) for c in clients))
    assert sorted(m for r in responses for m in messages_on(r)) == [
        "Already launched: 3 rows are on their way.", "Retrying 3 failed rows."]
    assert renders_per_row(batch) == {"1": 2, "2": 2, "3": 2}


def test_simultaneous_reruns_of_a_row_make_one_job(concurrent_db, editor, batch):
    row = with_job(batch.rows.get(number=3), "completed")
    url = reverse("templates_app:row_rerun", args=[row.pk])
    clients = [signed_in(editor), signed_in(editor)]
    responses = at_once(*(lambda c=c: c.post(url, follow=True) for c in clients))
    assert sorted(m for r in responses for m in messages_on(r)) == [
        "Already launched: row 3 is on its way.", "Row 3 is rendering again with its new values."]
    assert renders_per_row(batch) == {"3": 2}


def test_simultaneous_sample_previews_make_one_sample(concurrent_db, editor, batch):
    url = reverse("templates_app:batch_preview", args=[batch.pk])
    clients = [signed_in(editor), signed_in(editor)]
    at_once(*(lambda c=c: c.post(url) for c in clients))
    assert renders_per_row(batch, JobKind.TEMPLATE_PREVIEW) == {"1": 1, "2": 1, "3": 1}


def test_template_import_and_pull_are_work_buttons_answered_with_a_page_load(client, admin_user, sandbox):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from templates_app.models import VideoTemplate
    from tests.templates_app.conftest import FIXTURES

    client.force_login(admin_user)
    buttons = work_buttons(client.get(reverse("templates_app:template_list")).content.decode())
    assert set(buttons) == {"Import template", "Pull templates from Pictory"}
    assert all('hx-disabled-elt=".starts-work"' in tag for tag in buttons.values())
    response = client.post(reverse("templates_app:template_upload"), {
        "project_file": SimpleUploadedFile("w.pictai", (FIXTURES / "welcome-variables.pictai").read_bytes())},
        HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == VideoTemplate.objects.get().get_absolute_url()
    response = client.post(reverse("templates_app:template_pull"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("templates_app:template_list")
