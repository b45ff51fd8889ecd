"""The sandbox is written apart from the client and the studio apps, and must stay so."""

import ast
from pathlib import Path

import pictory_studio.sandbox as sandbox

FORBIDDEN = ("pictory_studio.pictory", "videos", "templates_app")


def test_sandbox_imports_nothing_from_the_client_or_the_studio_apps():
    offenders = []
    for path in Path(sandbox.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                    offenders.append(f"{path.name}: {name}")

    assert offenders == []
