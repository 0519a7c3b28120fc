"""Import rules: the pure core never imports Django, and gazetteer never imports mapper."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [ROOT / "gazetteer" / "core", ROOT / "mapper" / "extraction", ROOT / "mapper" / "evaluation.py"]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def python_files(target):
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


@pytest.mark.parametrize("path", [p for t in PURE for p in python_files(t)], ids=lambda p: p.name)
def test_core_imports_no_django(path):
    assert not [m for m in imported_modules(path) if m.split(".")[0] == "django"]


@pytest.mark.parametrize("path", sorted((ROOT / "gazetteer").rglob("*.py")), ids=lambda p: str(p.name))
def test_gazetteer_never_imports_mapper(path):
    assert not [m for m in imported_modules(path) if m.split(".")[0] == "mapper"]


def test_every_module_has_a_docstring():
    missing = []
    for pkg in ("gazetteer", "mapper"):
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" in path.parts or path.stat().st_size == 0:
                continue
            if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None:
                missing.append(str(path.relative_to(ROOT)))
    assert not missing
