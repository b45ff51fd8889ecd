"""What a module imports, with relative imports resolved to absolute names.

Used by the isolation tests of the two lowest layers (the client and the sandbox): a relative
`from ..pictory import client` must be seen as `pictory_studio.pictory.client`.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    """The dotted name of a source file under the project root."""
    parts = list(path.resolve().relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module (or module attribute) that `source`, the text of `module`, imports.

    `from a import b` yields both `a` and `a.b`, since `b` may be a submodule.
    """
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(".".join(filter(None, [base, alias.name])) for alias in node.names if alias.name != "*")
    return names


def file_imports(path: Path) -> set[str]:
    return imported_names(path.read_text(), module_name(path), is_package=path.name == "__init__.py")


def forbidden_in(names: set[str], forbidden: tuple[str, ...]) -> set[str]:
    return {name for name in names if any(name == f or name.startswith(f + ".") for f in forbidden)}
