"""No input makes a 500: every URL pattern, with malformed ids, query values and form fields,
as each role (and as nobody signed in)."""
import inspect
import re
import uuid
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

import templates_app.forms
import videos.forms
from templates_app.models import Batch, BatchRow, VideoTemplate
from tests.factories import ProjectFactory, SceneFactory, UserFactory
from videos.models import Comment, RenderJob, Review

ROOT = Path(__file__).resolve().parents[1]
ROLES = ["Admin", "Editor", "Reviewer", None]
HUGE = "9" * 25
HOSTILE = "<script>alert(1)</script>\r\nBcc: someone@evil.example"

BAD_QUERIES = [
    {"page": "abc", "state": "nope", "template": "abc", "back": "javascript:alert(1)", "next": "//evil.example",
     "a": "abc", "b": "abc", "row": "abc"},
    {"page": HUGE, "state": HOSTILE, "template": HUGE, "back": "https://evil.example/x", "a": "-1", "b": HUGE,
     "row": HUGE},
]


def _field_names() -> set[str]:
    """Every form field a page offers: Django forms' fields and the names written in templates."""
    names = set()
    for module in (videos.forms, templates_app.forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                names.update(cls.base_fields)
    for template in ROOT.glob("*/templates/**/*.html"):
        names.update(re.findall(r'name="([a-z_]+)"', template.read_text()))
    for template in (ROOT / "pictory_studio" / "templates").glob("**/*.html"):
        names.update(re.findall(r'name="([a-z_]+)"', template.read_text()))
    return names - {"csrfmiddlewaretoken", "viewport"}


def _bad_bodies(names: set[str]) -> list[dict]:
    return [
        {},
        {name: "abc" for name in names},
        {name: HUGE for name in names},
        {name: "-1" for name in names},
        {name: HOSTILE for name in names},
        {name: ["1", "abc", HUGE] for name in names},
    ]


def _routes(resolver=None, prefix=""):
    """(route text, pattern) for every URL the studio serves, the Django admin aside."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "namespace", "") == "admin":
                continue
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


_PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _fill(route: str, value_for) -> str:
    """A concrete path from a route, each parameter replaced by value_for(name, converter)."""
    path = _PARAM.sub(lambda m: value_for(m.group("name") or m.group("rname"), m.group("conv") or "str"), route)
    path = re.sub(r"\[(\w)\w\]", r"\1", path)  # the sandbox's caseless letters: [vV] -> v
    return "/" + path.lstrip("^").rstrip("$").replace("/?", "/").replace("\\", "")


@pytest.fixture
def world(db, settings):
    """One of everything the pages show, so real ids exist for every kind of object."""
    settings.STUDIO_BASE_URL = "http://127.0.0.1:9"  # nothing listens: Pictory calls fail fast
    settings.PICTORY_GET_RETRIES = 0
    owner = UserFactory(username="owner", roles=["Editor"])
    project = ProjectFactory(owner=owner, title="World")
    SceneFactory(project=project, position=0)
    SceneFactory(project=project, position=1)
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                                   video_url="http://cdn.test/v.mp4", created_by=owner,
                                   storyboard={"scenes": [{"story": "One."}]})
    RenderJob.objects.create(project=project, kind="preview", status="failed", error_code="TEXT_TO_VIDEO_FAILED")
    Review.objects.create(job=job, project=project, requested_by=owner)
    Comment.objects.create(job=job, author=owner, body="At five", timecode=5)
    template = VideoTemplate.objects.create(pictory_template_id="tpl-1", name="Welcome",
                                            scenes=[{"scene_id": "1", "text": "Hi {{name}}"}],
                                            variables={"name": "name"})
    batch = Batch.objects.create(template=template, name="Batch", created_by=owner)
    row_job = RenderJob.objects.create(kind="template_render", pooled=True, status="failed")
    BatchRow.objects.create(batch=batch, number=1, values={"name": "Ada"}, is_valid=True, render_job=row_job)
    BatchRow.objects.create(batch=batch, number=2, values={"name": ""}, is_valid=False)
    Batch.objects.create(template=template, name="Mapping", created_by=owner, status="mapping",
                         source_headers=["Name"])
    return {"marker": str(job.marker)}


def _value_for(kind: str, world: dict):
    def value(name: str, converter: str) -> str:
        if converter in ("int", "id"):
            return {"real": "1", "second": "2", "zero": "0", "huge": HUGE}[kind]
        if converter == "uuid":
            return {"real": world["marker"], "second": str(uuid.uuid4())}.get(kind, "not-a-uuid")
        if name == "direction":
            return {"real": "up", "second": "down"}.get(kind, "sideways")
        return {"real": "x", "second": "abc"}.get(kind, HOSTILE.replace("/", "").replace("\r\n", ""))
    return value


def _walk(client, paths, names, *, full: bool) -> tuple[int, list[str]]:
    """Request every path with bad queries and bodies; (requests made, answers >= 500)."""
    count, errors = 0, []
    bodies = _bad_bodies(names) if full else _bad_bodies(names)[:2]
    queries = [{}, *BAD_QUERIES] if full else [{}]
    for path in paths:
        for query in queries:
            response = client.get(path, query)
            count += 1
            if response.status_code >= 500:
                errors.append(f"GET {path} {query} -> {response.status_code}")
        for body in bodies:
            response = client.post(path, body)
            count += 1
            if response.status_code >= 500:
                errors.append(f"POST {path} {sorted(body)[:3]}… -> {response.status_code}")
        upload = SimpleUploadedFile("rows.csv", b"\x00\xff" * 10, content_type="text/csv")
        response = client.post(path, {"csv_file": upload, "project_file": upload, "source": "upload"})
        count += 1
        if response.status_code >= 500:
            errors.append(f"POST {path} (binary upload) -> {response.status_code}")
    return count, errors


@pytest.mark.parametrize("role", ROLES + ["anonymous"])
def test_no_url_answers_a_server_error_whatever_it_is_sent(client, world, role, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.raise_request_exception = False
    names = _field_names()
    routes = sorted(_routes(), key=lambda item: ("delete" in item[0], "logout" in item[0], item[0]))
    if role != "anonymous":
        person = UserFactory(username=f"person-{role or 'none'}", roles=[role] if role else [])
        client.force_login(person)
    full = role == "Admin"
    kinds = ["real", "second", "zero", "huge"] if full else ["real"]
    total, errors = 0, []
    for route, _ in routes:
        paths = sorted({_fill(route, _value_for(kind, world)) for kind in kinds})
        count, found = _walk(client, paths, names, full=full)
        total += count
        errors += found
        if role != "anonymous" and "logout" in route:
            client.force_login(person)
    print(f"{role}: {len(routes)} URL patterns, {total} requests, {len(errors)} server errors")
    assert errors == []
