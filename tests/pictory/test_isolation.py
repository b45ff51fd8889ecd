"""The client package stays plain Python: no project apps, no Django outside the factory."""
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pictory.imports import file_imports, forbidden_in, imported_names

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = PROJECT_ROOT / "pictory_studio" / "pictory"
PROJECT_APPS = ("videos", "templates_app", "pictory_studio.sandbox")
CHECK = """
import sys
import pictory_studio.pictory
import pictory_studio.pictory.client
forbidden = ("videos", "templates_app", "pictory_studio.sandbox", "django")
loaded = sorted(m for m in sys.modules if m.startswith(forbidden))
assert not loaded, loaded
"""


def test_client_imports_no_django_and_no_project_apps():
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_only_the_factory_mentions_django_and_no_module_imports_the_project_apps():
    offenders = {}
    for module in PACKAGE.rglob("*.py"):
        forbidden = PROJECT_APPS if module.name == "factory.py" else (*PROJECT_APPS, "django")
        found = forbidden_in(file_imports(module), forbidden)
        if found:
            offenders[module.name] = sorted(found)

    assert offenders == {}


@pytest.mark.parametrize("source", [
    "from ..sandbox import models",
    "from .. import sandbox",
    "from ..sandbox.models import SandboxJob",
    "from pictory_studio import sandbox",
    "import django.conf",
    "from videos.services import storyboard",
])
def test_the_check_sees_every_way_of_importing_a_forbidden_module(source):
    names = imported_names(source, "pictory_studio.pictory.client")

    assert forbidden_in(names, (*PROJECT_APPS, "django"))
