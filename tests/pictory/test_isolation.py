"""The client package stays plain Python: no project apps, no Django outside the factory."""
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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


def test_only_the_factory_mentions_django():
    package = PROJECT_ROOT / "pictory_studio" / "pictory"
    for module in package.glob("*.py"):
        if module.name == "factory.py":
            continue
        source = module.read_text()
        for app in ("django", "videos", "templates_app", "pictory_studio.sandbox"):
            assert f"import {app}" not in source and f"from {app}" not in source, module.name
