"""The dependency direction: ``storage`` never imports ``newscrawler``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

STORAGE = Path(__file__).resolve().parents[1] / "storage"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_storage_never_imports_newscrawler() -> None:
    files = sorted(STORAGE.rglob("*.py"))
    assert len(files) > 10
    offenders = {
        str(f.relative_to(STORAGE)): sorted(
            m for m in imported_modules(f) if m.split(".")[0] == "newscrawler"
        )
        for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_text_rule_loads_no_database_code() -> None:
    code = (
        "import sys, newscrawler.text.normalise, storage.textform; "
        "print(any(m.startswith(('sqlalchemy', 'alembic')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
