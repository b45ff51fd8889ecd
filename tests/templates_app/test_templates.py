"""Templates imported from real .pictai files through the sandbox, and bad files refused."""
import json

import pytest
from django.urls import reverse

from templates_app.models import VideoTemplate
from templates_app.services.templates import (
    TemplateFileError,
    check_template_file,
    scenes_using,
    template_delete,
    template_import_file,
    template_pull_all,
    template_update_scenes,
)
from tests.templates_app.conftest import FIXTURES, REAL_PICTAI

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_real_pictory_example_imports_with_its_name_language_and_ten_scenes(sandbox, admin_user):
    template = template_import_file(data=REAL_PICTAI.read_bytes(), user=admin_user)
    assert template.name == "Introduction(1)" and template.language == "en"
    assert len(template.scenes) == 10 and template.variables == {}
    assert template.scenes[0]["text"].startswith("Welcome to Pictory")


def test_variables_are_found_in_order_with_the_scenes_that_use_them(sandbox, admin_user):
    template = template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin_user)
    assert list(template.variables) == ["first_name", "company"]
    assert scenes_using(template) == {"first_name": [1], "company": [1, 2]}


@pytest.mark.parametrize(("data", "message"), [
    (b"this is not json", "not JSON"),
    (b"[1, 2, 3]", "has no list of scenes"),
    (b'{"projectName": "x"}', "has no list of scenes"),
    (b'{"projectName": "x", "scenes": []}', "has no scenes"),
    (b"", "empty"),
])
def test_bad_template_files_are_refused_with_a_reason(data, message):
    with pytest.raises(TemplateFileError, match=message):
        check_template_file(data)


def test_an_oversized_template_file_states_the_cap(settings):
    settings.PICTORY_TEMPLATE_MAX_BYTES = 1024 * 1024
    data = json.dumps({"scenes": [{"sentence": "x" * 2_000_000}]}).encode()
    with pytest.raises(TemplateFileError, match=r"is 1\.9 MB; the limit is 1\.0 MB"):
        check_template_file(data)


def test_upload_page_shows_the_reason_and_creates_nothing(client, admin_user, sandbox):
    client.force_login(admin_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("templates_app:template_upload"),
                           {"project_file": SimpleUploadedFile("broken.pictai", b"{not json")}, follow=True)
    page = response.content.decode()
    assert "broken.pictai: This is not a Pictory project file: it is not JSON" in page
    assert not VideoTemplate.objects.exists()


def test_only_admins_import_templates(client, user, sandbox):
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("templates_app:template_upload"),
                           {"project_file": SimpleUploadedFile("t.pictai", REAL_PICTAI.read_bytes())})
    assert response.status_code == 403 and not VideoTemplate.objects.exists()


def test_pull_edit_and_delete_follow_pictory(sandbox, admin_user):
    imported = template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin_user)
    VideoTemplate.objects.all().delete()
    assert template_pull_all(user=admin_user) == 1
    template = VideoTemplate.objects.get(pictory_template_id=imported.pictory_template_id)
    assert list(template.variables) == ["first_name", "company"]

    template_update_scenes(template=template, texts={template.scenes[2]["scene_id"]: "Bye {{nickname}}."})
    template_pull_all(user=admin_user)
    template.refresh_from_db()
    assert template.scenes[2]["text"] == "Bye {{nickname}}." and "nickname" in template.variables

    assert template_delete(template=template) is True
    assert not VideoTemplate.objects.exists()
    assert template_pull_all(user=admin_user) == 0


def test_scene_text_with_a_nul_character_is_saved_without_it(client, sandbox, admin_user):
    template = template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin_user)
    client.force_login(admin_user)
    scene = template.scenes[2]["scene_id"]
    response = client.post(reverse("templates_app:template_scenes_save", args=[template.pk]),
                           {f"scene-{scene}": "See you\x00 soon."})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.scenes[2]["text"] == "See you soon."


def test_a_template_deleted_at_pictory_while_pulling_is_skipped(sandbox, admin_user):
    """Pictory lists a template, then answers 404 for it (deleted in between): the rest still arrive."""
    from pictory_studio.pictory.factory import client_from_settings
    from pictory_studio.pictory.types import TemplateSummary

    template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin_user)
    VideoTemplate.objects.all().delete()
    client = client_from_settings()
    listed = client.list_templates()
    client.list_templates = lambda: [TemplateSummary(template_id="deleted-meanwhile", name="Gone"), *listed]
    assert template_pull_all(user=admin_user, client=client) == 1
    assert VideoTemplate.objects.count() == 1


def test_a_mapping_page_whose_upload_is_gone_says_so_and_leads_to_a_new_batch(client, admin_user,
                                                                              welcome_template):
    from templates_app.models import Batch

    batch = Batch.objects.create(template=welcome_template, name="Lost", created_by=admin_user, status="mapping",
                                 source_headers=["First name"], source_file="batch_uploads/gone.csv")
    client.force_login(admin_user)
    url = reverse("templates_app:batch_mapping", args=[batch.pk])
    for response in (client.get(url, follow=True), client.post(url, {"col-0": "first_name"}, follow=True)):
        page = response.content.decode()
        assert response.status_code == 200 and "no longer on the server" in page
        assert response.redirect_chain[-1][0].endswith(f"?template={welcome_template.pk}")
    assert not batch.rows.exists()
