"""The sandbox is written apart from the client and the studio apps, and must stay so."""

from pathlib import Path

import pytest

import pictory_studio.sandbox as sandbox
from tests.pictory.imports import file_imports, forbidden_in, imported_names

FORBIDDEN = ("pictory_studio.pictory", "videos", "templates_app")


def test_sandbox_imports_nothing_from_the_client_or_the_studio_apps():
    offenders = {}
    for path in Path(sandbox.__file__).parent.rglob("*.py"):
        found = forbidden_in(file_imports(path), FORBIDDEN)
        if found:
            offenders[path.name] = sorted(found)

    assert offenders == {}


@pytest.mark.parametrize("source", [
    "from ..pictory import client",
    "from .. import pictory",
    "from ..pictory.client import PictoryClient",
    "from pictory_studio import pictory",
    "import pictory_studio.pictory.factory",
    "from videos.models import RenderJob",
    "import templates_app",
])
def test_the_check_sees_every_way_of_importing_a_forbidden_module(source):
    names = imported_names(source, "pictory_studio.sandbox.views")

    assert forbidden_in(names, FORBIDDEN)


@pytest.mark.parametrize("source", [
    "from . import conf",
    "from .models import SandboxJob",
    "from django.conf import settings",
    "import requests",
])
def test_the_sandboxs_own_and_third_party_imports_pass(source):
    names = imported_names(source, "pictory_studio.sandbox.views")

    assert forbidden_in(names, FORBIDDEN) == set()


def test_relative_imports_in_the_package_init_resolve_from_the_package_itself():
    names = imported_names("from .models import SandboxJob\nfrom ..pictory import x", "pictory_studio.sandbox",
                           is_package=True)

    assert "pictory_studio.sandbox.models.SandboxJob" in names
    assert "pictory_studio.pictory.x" in names
