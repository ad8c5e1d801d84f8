"""The dependencies are pinned: `requirements.lock` satisfies pyproject.toml, and the tests run on exactly it.

The product adapts a few internals of its libraries (aiogram's and pydantic's in `bot/deferred_types.py` and
`bot/telegram_session.py`, uvicorn's h11 protocol in `backend/http_protocol.py`); each has tests of its own
behaviour. These checks make sure those tests ran on the versions the product ships with, so an upgrade can
only come through `make lock` followed by the whole suite.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)
# The libraries whose internals we adapt: the environment must hold exactly the locked versions.
ADAPTED = ("aiogram", "aiogram-dialog", "pydantic", "pydantic-core", "uvicorn", "h11")


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): pinned for name, pinned in PINNED.findall(text)}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(line) for line in (*project["dependencies"], *extras["dev"], *extras["seed"])]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    locked = _locked()
    problems = []
    for requirement in _declared():
        pinned = locked.get(canonicalize_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement} -> {pinned}")
    assert problems == [], f"requirements.lock is stale, run `make lock`: {problems}"


def test_every_pin_has_hashes() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    assert entries and all("--hash=sha256:" in entry for entry in entries if "==" in entry)


@pytest.mark.parametrize("name", ADAPTED)
def test_the_adapted_libraries_are_the_locked_versions(name: str) -> None:
    locked = _locked()
    assert name in locked, f"{name} is not in requirements.lock"
    try:
        installed = version(name)
    except PackageNotFoundError:
        pytest.fail(f"{name} is not installed")
    assert installed == locked[name], (
        f"{name} {installed} is installed but {locked[name]} is locked: the adaptations of its internals were "
        "tested on the locked version; install with `make` (or re-lock with `make lock` and run the whole suite)"
    )
