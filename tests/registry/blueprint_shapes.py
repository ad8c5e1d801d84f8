"""Checks JSON against the data structures of an API Blueprint file, read at test time.

Each `### Name` section is parsed into a tree of attribute lines (`+ name: example (type, required) - text`),
`+ include Name` merging another structure. `check(structure, value)` returns every problem: a required field
missing, or a field whose JSON type is not the Blueprint's (string, number, boolean, object, array, enum, or a
named structure, checked recursively). Fields the Blueprint does not name are allowed. `source` picks the
file (the medication structures by default, or the patient summary's); a `// comment` after a line's
`(type, required)` is ignored, as is the `, //` that ehealth-patient-summary.apib puts there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MEDICATION_STRUCTURES = Path("/work/shared/ref/ehealth-cabinet-medication-structures.apib")
SUMMARY_STRUCTURES = Path("/work/shared/ref/ehealth-patient-summary.apib")
_ATTRIBUTE = re.compile(r"^\+\s*`?(?P<name>[A-Za-z_0-9]+)`?\s*(?::\s*(?P<example>.*?))?\s*\((?P<spec>[^()]*)\)\s*$")
_INCLUDE = re.compile(r"^\+\s*include\s*\(?`?(?P<name>[A-Za-z_0-9]+)`?\)?")


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str
    required: bool
    children: tuple[Node, ...]


def _tree(lines: list[str]) -> list[Node]:
    root = Node("")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        node = Node(line.strip())
        while stack[-1][0] >= indent:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root.children


@cache
def structures(path: Path = MEDICATION_STRUCTURES) -> dict[str, list[Node]]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = sections.setdefault(line[4:].strip().strip("`"), [])
        elif line.startswith("#"):
            current = None
        elif current is not None:
            current.append(line)
    return {name: _tree(lines) for name, lines in sections.items()}


def _without_description(text: str) -> str:
    head, _, _ = text.partition(" - ")
    before, paren, after = head.rpartition(")")
    if paren and (not after.strip(" ,") or "//" in after):
        return before + paren
    return head


def attributes(
    nodes: list[Node] | tuple[Node, ...], *, optional: bool = False, source: Path = MEDICATION_STRUCTURES
) -> list[Attribute]:
    """The attributes these lines define, includes expanded; those under `- One Of` are optional."""
    found: list[Attribute] = []
    for node in nodes:
        if node.text.startswith("-"):
            found += attributes(node.children, optional=True, source=source)
            continue
        if include := _INCLUDE.match(node.text):
            found += attributes(structures(source)[include["name"]], optional=optional, source=source)
            continue
        match = _ATTRIBUTE.match(_without_description(node.text))
        if not match:
            continue
        parts = [part.strip() for part in match["spec"].split(",")]
        found.append(
            Attribute(match["name"], parts[0].strip("`"), "required" in parts and not optional, tuple(node.children))
        )
    return found


_PRIMITIVES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "enum": (str,),
    "enum[string]": (str,),
}


def check(structure: str, value: Any, where: str = "$", *, source: Path = MEDICATION_STRUCTURES) -> list[str]:
    return check_attributes(attributes(structures(source)[structure], source=source), value, where, source=source)


def check_attributes(
    attrs: list[Attribute], value: Any, where: str, *, source: Path = MEDICATION_STRUCTURES
) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected an object, got {type(value).__name__}"]
    problems: list[str] = []
    for attr in attrs:
        path = f"{where}.{attr.name}"
        if attr.name not in value or value[attr.name] is None:
            if attr.required:
                problems.append(f"{path}: required, missing")
            continue
        problems += _check_value(attr, value[attr.name], path, source)
    return problems


def _check_value(attr: Attribute, item: Any, path: str, source: Path) -> list[str]:
    kind = attr.type
    element = re.match(r"array\[`?([A-Za-z_0-9]*)`?\]", kind)
    if element:
        if not isinstance(item, list):
            return [f"{path}: expected an array, got {type(item).__name__}"]
        inner = element[1]
        if inner in structures(source):
            return [
                problem for i, each in enumerate(item) for problem in check(inner, each, f"{path}[{i}]", source=source)
            ]
        return []
    if kind in _PRIMITIVES:
        expected = _PRIMITIVES[kind]
        if isinstance(item, bool) and bool not in expected:
            return [f"{path}: expected {kind}, got boolean"]
        if not isinstance(item, expected):
            return [f"{path}: expected {kind}, got {type(item).__name__}"]
        if kind == "object" and attr.children:
            return check_attributes(attributes(attr.children, source=source), item, path, source=source)
        return []
    if kind in structures(source):
        problems = check(kind, item, path, source=source)
        if attr.children:
            problems += check_attributes(attributes(attr.children, source=source), item, path, source=source)
        return problems
    # A structure the file does not define (Timing's `Period`, `Reference`, …): an object at least.
    return [] if isinstance(item, dict) else [f"{path}: expected an object ({kind}), got {type(item).__name__}"]
