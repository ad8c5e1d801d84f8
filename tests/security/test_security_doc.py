"""docs/security.md stays true: every test it names exists, and its data inventory lists every table and
column the backend stores (a new table or column fails here until the document says what it holds)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import backend.models  # noqa: F401 - registers the tables on the shared metadata
from backend.db import Base
from backend.directory import tables  # noqa: F401 - the directory's tables, on the same metadata

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
TEST_REF = re.compile(r"^(?P<file>(?:tests/[\w/]+/)?test_\w+\.py)?(?:::(?P<name>test_\w+))?$")


def _test_file(reference: str) -> Path:
    return ROOT / reference if reference.startswith("tests/") else ROOT / "tests" / "security" / reference


def _references() -> list[tuple[str, str | None]]:
    """(file, test name or None) for every test the document names, `::name` continuing the last file."""
    found: list[tuple[str, str | None]] = []
    current: str | None = None
    for span in CODE_SPAN.findall(DOC):
        match = TEST_REF.match(span)
        if match is None or not (match["file"] or match["name"]):
            continue
        current = match["file"] or current
        assert current is not None, f"{span} names a test before any file"
        found.append((current, match["name"]))
    return found


REFERENCES = _references()


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


@pytest.mark.parametrize(("file", "name"), REFERENCES, ids=[f"{file}::{name or ''}" for file, name in REFERENCES])
def test_every_named_test_exists(file: str, name: str | None) -> None:
    path = _test_file(file)
    assert path.is_file(), f"docs/security.md names {file}, which does not exist"
    if name is not None:
        assert name in _functions(path), f"docs/security.md names {file}::{name}, which does not exist"


def _inventory() -> dict[str, str]:
    """Table name → the inventory rows that describe it (the table rows under "Backend database")."""
    section = DOC.split("### Backend database", 1)[1].split("\n### ", 1)[0]
    described: dict[str, str] = {}
    current = ""
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith("| Table") or line.startswith("|---"):
            continue
        first_cell = line.split("|")[1]
        names = CODE_SPAN.findall(first_cell)
        if names:
            current = " ".join(names)
            for name in names:
                described[name] = ""
        for name in current.split():
            described[name] = described.get(name, "") + line
    return described


@pytest.mark.parametrize("table", Base.metadata.sorted_tables, ids=lambda table: table.name)
def test_the_inventory_describes_every_column(table: object) -> None:
    inventory = _inventory()
    name = table.name  # type: ignore[attr-defined]
    assert name in inventory, f"docs/security.md does not say what `{name}` holds"
    if "every column" in inventory[name]:
        return
    described = set(CODE_SPAN.findall(inventory[name]))
    missing = [column.name for column in table.columns if column.name not in described]  # type: ignore[attr-defined]
    assert not missing, f"docs/security.md does not describe `{name}` columns {missing}"


def test_the_references_were_found() -> None:
    """Guards the parser: an empty list would make the tests above vacuous."""
    assert len(REFERENCES) > 40
    assert len(_inventory()) >= len(Base.metadata.sorted_tables)
