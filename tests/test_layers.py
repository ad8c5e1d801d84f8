"""The layers are contracts (`[tool.importlinter]` in pyproject.toml, run by `lint-imports` in `make test`).

The real tree keeps every one of them; a copy of the tree with one forbidden import per contract breaks each,
and `lint-imports` names the contract and the offending import, so the contracts can fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACT_NAMES = [contract["name"] for contract in CONFIG["contracts"]]

# Per contract: a module added to the copy (path, source) that breaks it, and the import to be reported.
VIOLATIONS: dict[str, tuple[str, str, str]] = {
    "sandbox is independent of backend and bot": (
        "sandbox/registry/violation.py",
        "import backend.db\n",
        "sandbox.registry.violation -> backend.db",
    ),
    "backend never imports sandbox or bot": (
        "backend/audit_violation.py",
        "import bot.i18n\n",
        "backend.audit_violation -> bot.i18n",
    ),
    "bot imports nothing of backend but backend.domain": (
        "bot/notifier/violation.py",
        "import backend.events.outbox\n",
        "bot.notifier.violation -> backend.events.outbox",
    ),
    "backend.domain is free of I/O": (
        "backend/domain/violation.py",
        "import sqlalchemy\n",
        "backend.domain.violation -> sqlalchemy",
    ),
    "backend services do not import routers": (
        "backend/services/violation.py",
        "import backend.api.routers.users\n",
        "backend.services.violation -> backend.api.routers.users",
    ),
    "dialogs are independent of each other": (
        "bot/dialogs/accesses/violation.py",
        "import bot.dialogs.profile.handlers\n",
        "bot.dialogs.accesses.violation -> bot.dialogs.profile.handlers",
    ),
    "dialogs do not import bot.handlers": (
        "bot/dialogs/common/violation.py",
        "import bot.handlers.errors\n",
        "bot.dialogs.common.violation -> bot.handlers.errors",
    ),
    "getters do not import handlers": (
        "bot/dialogs/settings/getters.py",
        "\nimport bot.dialogs.settings.handlers\n",
        "bot.dialogs.settings.getters -> bot.dialogs.settings.handlers",
    ),
}


def _lint_imports(directory: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("lint-imports")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "importlinter.cli"]
    # Only the tree in `directory` is on the path: the copy is analysed, never the installed project.
    environment = {**os.environ, "PYTHONPATH": str(directory), "COLUMNS": "200"}
    return subprocess.run(  # noqa: S603 - our own tool on our own tree
        [*command, "--no-cache"], cwd=directory, env=environment, capture_output=True, text=True, timeout=120
    )


def _section(output: str, name: str) -> str:
    """The lines lint-imports prints under one broken contract's heading."""
    broken = output.split("Broken contracts", 1)[-1]
    headings = [re.escape(other) for other in CONTRACT_NAMES if other != name]
    start = broken.index(f"{name}\n")
    rest = broken[start + len(name) :]
    following = re.search(rf"^(?:{'|'.join(headings)})\n-+$", rest, re.MULTILINE) if headings else None
    return rest[: following.start()] if following else rest


def test_every_contract_has_a_violation_here() -> None:
    assert set(CONTRACT_NAMES) <= set(VIOLATIONS), set(CONTRACT_NAMES) - set(VIOLATIONS)


def test_the_tree_keeps_every_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACT_NAMES:
        assert f"{name} KEPT" in result.stdout
    assert f"Contracts: {len(CONTRACT_NAMES)} kept, 0 broken." in result.stdout


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of the tree with every violation above."""
    copy = tmp_path_factory.mktemp("layers")
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    # The violation of a contract not (yet) in the configuration breaks nothing.
    for path, source, _ in VIOLATIONS.values():
        target = copy / path
        target.write_text((target.read_text(encoding="utf-8") if target.exists() else "") + source, encoding="utf-8")
    return _lint_imports(copy)


def test_the_violations_fail_the_check(broken_copy: subprocess.CompletedProcess[str]) -> None:
    assert broken_copy.returncode != 0
    assert f"Contracts: 0 kept, {len(CONTRACT_NAMES)} broken." in broken_copy.stdout, broken_copy.stdout


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_each_contract_names_its_violation(broken_copy: subprocess.CompletedProcess[str], name: str) -> None:
    assert f"{name} BROKEN" in broken_copy.stdout
    reported = " ".join(_section(broken_copy.stdout, name).split())
    assert VIOLATIONS[name][2] in reported, reported
