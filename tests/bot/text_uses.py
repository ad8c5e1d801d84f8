"""Where the bot's code renders each text, and with which arguments: read from the source, not from a run.

A use is a place that renders a text: `i18n.get(key, …)`, `translator_of(manager).get(key, …)` and
`Translated(key)` (which renders with its window getter's data). The key may be a literal, a choice of
literals, an f-string or a concatenation (a pattern), or come from a parameter: then every call of the
function is followed, so a helper such as `button_text(i18n, key, **arguments)` or `field_text(…)` yields one
use per caller with that caller's key and arguments. The arguments are the keywords written at the call,
the keys of dicts spread into it, and for a `Translated` the keys its window's getter returns.

What cannot be read is reported, not guessed: a key that is no pattern at all, arguments spread from a value
the scan cannot see into (`**error.params`). A test turns those into failures, so the code passes variables
by name where a text needs them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOT_DIR = ROOT / "bot"
ANY = "[a-z0-9_-]+"  # a part of a key the scan cannot read (a value: a code, a kind, a state)
_RECEIVERS = {"i18n", "translator"}  # `i18n.get(…)`; `translator_of(m).get(…)`, `locales.translator(l).get(…)`
_MAX_DEPTH = 6
_MAX_PATTERNS = 64


@dataclass(frozen=True)
class Use:
    """One way the code renders texts: the keys it may render and the arguments it passes with them."""

    site: str  # "bot/…/file.py:line" of the rendering call (and the callers it was followed through)
    function: str  # the function the rendering call is in ("" at module level)
    patterns: frozenset[str]  # regular expressions of keys
    arguments: frozenset[str]
    unknown: tuple[str, ...] = ()  # spreads the scan could not read

    def renders(self, key: str) -> bool:
        return any(re.fullmatch(pattern, key) for pattern in self.patterns)

    def names(self, key: str) -> bool:
        """The key is written out whole here (not only matched by a pattern such as `submit-result-…`)."""
        return re.escape(key) in self.patterns

    @property
    def readable(self) -> bool:
        """The key is at least partly written out (not a value from somewhere else entirely)."""
        return all(pattern != ANY for pattern in self.patterns)


@dataclass
class _Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        current = self.parents.get(node)
        while current is not None and not isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
            current = self.parents.get(current)
        return current


_Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class _Scope:
    """Where an expression is read: its module and function, and (when followed from a call) the call."""

    module: _Module
    function: _Function | None
    call: ast.Call | None = None
    caller: _Scope | None = None
    depth: int = 0


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _parameters(function: _Function) -> list[ast.arg]:
    """Positional parameters in order, then the keyword-only ones."""
    return [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]


def _positional(function: _Function) -> list[ast.arg]:
    return [*function.args.posonlyargs, *function.args.args]


class Code:
    """The parsed bot package with what the scan needs to follow names."""

    def __init__(self, directory: Path = BOT_DIR) -> None:
        self.modules = [
            _Module(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(directory.rglob("*.py"))
        ]
        self.functions: dict[str, list[tuple[_Module, _Function]]] = {}
        self.calls: dict[str, list[tuple[_Module, ast.Call]]] = {}
        self.classes: dict[str, list[str]] = {}  # dataclass-like: the annotated fields in order
        self._field_index: dict[str, list[tuple[ast.expr, _Scope]]] | None = None
        self._constants = {
            target.id: statement.value.value
            for module in self.modules
            for statement in module.tree.body
            if isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.functions.setdefault(node.name, []).append((module, node))
                elif isinstance(node, ast.Call) and (name := _called_name(node)):
                    self.calls.setdefault(name, []).append((module, node))
                elif isinstance(node, ast.ClassDef):
                    self.classes[node.name] = [
                        item.target.id
                        for item in node.body
                        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                    ]

    def definitions(self, name: str, module: _Module) -> list[tuple[_Module, _Function]]:
        """The functions a call by this name may reach: the module's own one first (private names repeat)."""
        found = self.functions.get(name, [])
        own = [(m, f) for m, f in found if m is module]
        return own if own or name.startswith("_") else found

    def callers(self, module: _Module, function: _Function) -> list[tuple[_Module, ast.Call]]:
        """The calls of a function: a private one is called only from its own module."""
        found = self.calls.get(function.name, [])
        return [(m, c) for m, c in found if m is module] if function.name.startswith("_") else found

    # --- keys -------------------------------------------------------------------------------------------

    def keys(self, node: ast.expr, scope: _Scope) -> set[str]:
        """Regular expressions for the strings `node` may hold."""
        if scope.depth > _MAX_DEPTH:
            return {ANY}
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {re.escape(node.value)}
        if isinstance(node, ast.Constant) and node.value is None:
            return set()  # `key if … else None`: no text
        if isinstance(node, ast.IfExp):
            return self.keys(node.body, scope) | self.keys(node.orelse, scope)
        if isinstance(node, ast.BoolOp):
            return set().union(*(self.keys(value, scope) for value in node.values))
        if isinstance(node, ast.JoinedStr):
            parts = [
                self.keys(value.value, scope) if isinstance(value, ast.FormattedValue) else self.keys(value, scope)
                for value in node.values
            ]
            return _joined(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _joined([self.keys(node.left, scope), self.keys(node.right, scope)])
        if isinstance(node, ast.Name):
            return self._name_keys(node.id, scope)
        if isinstance(node, ast.Call):
            return self._call_keys(node, scope)
        if isinstance(node, ast.Attribute):
            return self._field_keys(node.attr, scope) or {ANY}
        if isinstance(node, ast.Subscript) and (field_name := self._literal(node.slice, scope.module)):
            return self._field_keys(field_name, scope) or {ANY}
        return {ANY}

    def _name_keys(self, name: str, scope: _Scope) -> set[str]:
        values = self._values_of(name, scope)
        if values is None:
            return {ANY}
        found: set[str] = set()
        for value, value_scope in values:
            found |= self.keys(value, value_scope) if value is not None else {ANY}
        return found or {ANY}

    def _call_keys(self, call: ast.Call, scope: _Scope) -> set[str]:
        """A key made by one of our functions (`document_type_key(kind)`): its returns, parameters bound."""
        name = _called_name(call)
        stored = self._literal(call.args[0], scope.module) if call.args else None
        if isinstance(call.func, ast.Attribute) and name in {"get", "pop"} and stored:
            # `manager.dialog_data.pop(DONE_KEY, None)`: what is stored under that key
            return self._field_keys(stored, scope) or {ANY}
        if isinstance(call.func, ast.Attribute) and name in {"lower", "upper", "replace", "strip", "removeprefix"}:
            return {ANY}
        found: set[str] = set()
        for module, function in self.definitions(name or "", scope.module):
            inner = _Scope(module, function, call, scope, scope.depth + 1)
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None and module.function_of(node) is function:
                    found |= self.keys(node.value, inner)
        return found or {ANY}

    def _field_keys(self, attribute: str, scope: _Scope) -> set[str]:
        """A key kept in a field (`button.text_key`, `done["key"]`, `dialog_data[DONE_KEY]`): the strings
        written into a field of that name anywhere. Only string expressions count: a field is not followed
        into another field."""
        found: set[str] = set()
        for value, value_scope in self._fields().get(attribute, []):
            if isinstance(value, ast.Constant | ast.JoinedStr | ast.IfExp | ast.BinOp):
                found |= self.keys(value, replace(value_scope, depth=scope.depth + 1))
        return found - {ANY}

    def _fields(self) -> dict[str, list[tuple[ast.expr, _Scope]]]:
        """Every value written into a named field: `x[KEY] = v`, `{"key": v}`, `Button(v)` of a dataclass."""
        if self._field_index is not None:
            return self._field_index
        index: dict[str, list[tuple[ast.expr, _Scope]]] = {}
        for module in self.modules:
            for node in ast.walk(module.tree):
                scope = _Scope(module, module.function_of(node))
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Subscript) and (name := self._literal(target.slice, module)):
                            index.setdefault(name, []).append((node.value, scope))
                elif isinstance(node, ast.Dict):
                    for key, value in zip(node.keys, node.values, strict=True):
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            index.setdefault(key.value, []).append((value, scope))
                elif isinstance(node, ast.Call):
                    fields = self.classes.get(_called_name(node) or "", [])
                    for name, argument in zip(fields, node.args, strict=False):
                        index.setdefault(name, []).append((argument, scope))
        self._field_index = index
        return index

    def _literal(self, node: ast.expr, module: _Module) -> str | None:
        """The string a subscript or a store key is: a literal or a module constant (`DONE_KEY`)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return self._constants.get(node.id) if isinstance(node, ast.Name) else None

    def _values_of(self, name: str, scope: _Scope) -> list[tuple[ast.expr | None, _Scope]] | None:
        """What a name may hold where it is read: its assignments, or the arguments of the calls of the
        function it is a parameter of; None when it is neither (a loop variable, a global from elsewhere)."""
        function = scope.function
        if function is not None:
            assigned: list[tuple[ast.expr | None, _Scope]] = []
            for node in ast.walk(function):
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                    if any(isinstance(t, ast.Name) and t.id == name for t in _targets(node)):
                        assigned.append((node.value, scope))
                elif isinstance(node, ast.For) and isinstance(node.target, ast.Name) and node.target.id == name:
                    # `for key in ("a", "b")`: each item; a loop over anything else holds what the scan cannot read
                    items = node.iter.elts if isinstance(node.iter, ast.Tuple | ast.List) else [None]
                    assigned.extend((item, scope) for item in items)
            if assigned:
                return assigned
            if any(parameter.arg == name for parameter in _parameters(function)):
                return self._arguments_for(function, name, scope)
        for node in scope.module.tree.body:
            if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
                continue
            if any(isinstance(t, ast.Name) and t.id == name for t in _targets(node)):
                return [(node.value, scope)]
        return None

    def _arguments_for(self, function: _Function, name: str, scope: _Scope) -> list[tuple[ast.expr | None, _Scope]]:
        calls = (
            [(scope.caller.module, scope.call, scope.caller)]
            if scope.call is not None and scope.caller is not None
            else [
                (module, call, _Scope(module, module.function_of(call), depth=scope.depth + 1))
                for module, call in self.callers(scope.module, function)
            ]
        )
        positional = _positional(function)
        index = next((i for i, parameter in enumerate(positional) if parameter.arg == name), -1)
        if positional and positional[0].arg in {"self", "cls"}:
            index -= 1
        defaults = dict(
            zip(
                [p.arg for p in positional][len(positional) - len(function.args.defaults) :],
                function.args.defaults,
                strict=True,
            )
        )
        defaults |= {
            p.arg: d for p, d in zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True) if d is not None
        }
        found: list[tuple[ast.expr | None, _Scope]] = []
        for _, call, caller in calls:
            keyword = next((k.value for k in call.keywords if k.arg == name), None)
            if keyword is not None:
                found.append((keyword, caller))
            elif 0 <= index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
                found.append((call.args[index], caller))
            elif name in defaults:
                found.append((defaults[name], _Scope(scope.module, function)))
            else:
                found.append((None, caller))
        return found

    # --- arguments ---------------------------------------------------------------------------------------

    def spread(self, node: ast.expr, scope: _Scope) -> tuple[set[str], list[str]]:
        """The names a `**node` passes, and what could not be read."""
        if scope.depth > _MAX_DEPTH:
            return set(), [f"{scope.module.where(node)}: {ast.unparse(node)}"]
        if isinstance(node, ast.Constant) and node.value is None:
            return set(), []
        if isinstance(node, ast.Dict):
            names: set[str] = set()
            unknown: list[str] = []
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    inner, missed = self.spread(value, scope)
                    names |= inner
                    unknown += missed
                elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                    names.add(key.value)
            return names, unknown
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            return self.spread(node.values[0], scope)  # `arguments or {}`: the arguments when given
        if isinstance(node, ast.Await):
            return self.spread(node.value, scope)
        if isinstance(node, ast.Call) and (name := _called_name(node)) in self.functions:
            return self.returned_names(name, scope)
        if isinstance(node, ast.Name) and scope.function is not None:
            kwargs = scope.function.args.kwarg
            if kwargs is not None and kwargs.arg == node.id:
                return self._keywords_for(scope)
            values = self._values_of(node.id, scope)
            if values:
                names, unknown = set(), []
                for value, value_scope in values:
                    inner, missed = self.spread(value, value_scope) if value is not None else (set(), [])
                    names |= inner
                    unknown += missed
                return names, unknown
        return set(), [f"{scope.module.where(node)}: **{ast.unparse(node)}"]

    def _keywords_for(self, scope: _Scope) -> tuple[set[str], list[str]]:
        """`**arguments` of the enclosing function: the keywords its caller passes (and what they spread)."""
        assert scope.function is not None
        named = {parameter.arg for parameter in _parameters(scope.function)}
        if scope.call is None or scope.caller is None:
            kwargs = scope.function.args.kwarg.arg if scope.function.args.kwarg else ""
            return set(), [f"{scope.module.where(scope.function)}: **{kwargs}"]
        return self.call_arguments(scope.call, scope.caller, exclude=named)

    def call_arguments(
        self, call: ast.Call, scope: _Scope, exclude: frozenset[str] | set[str] = frozenset()
    ) -> tuple[set[str], list[str]]:
        names: set[str] = set()
        unknown: list[str] = []
        for keyword in call.keywords:
            if keyword.arg is None:
                inner, missed = self.spread(keyword.value, scope)
                names |= inner
                unknown += missed
            elif keyword.arg not in exclude:
                names.add(keyword.arg)
        return names, unknown

    def returned_names(self, function_name: str, scope: _Scope) -> tuple[set[str], list[str]]:
        """The keys of the dicts a function (a window getter) returns."""
        names: set[str] = set()
        unknown: list[str] = []
        for module, function in self.definitions(function_name, scope.module):
            inner = _Scope(module, function, depth=scope.depth + 1)
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None and module.function_of(node) is function:
                    found, missed = self.spread(node.value, inner)
                    names |= found
                    unknown += missed
        return names, unknown


def _targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return list(node.targets) if isinstance(node, ast.Assign) else [node.target]


def _joined(parts: list[set[str]]) -> set[str]:
    combined = {"".join(choice) for choice in product(*parts)}
    return combined if len(combined) <= _MAX_PATTERNS else {ANY}


def _is_text_call(call: ast.Call) -> bool:
    """`i18n.get(key, …)` / `translator.get(…)` / `translator_of(manager).get(…)`."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "get" and call.args):
        return False
    receiver = call.func.value
    if isinstance(receiver, ast.Name):
        return receiver.id in _RECEIVERS
    return isinstance(receiver, ast.Call) and _called_name(receiver) in {"translator_of", "translator"}


def _scopes(code: Code, module: _Module, node: ast.AST, names: set[str], depth: int = 0) -> Iterator[_Scope]:
    """Where to read a rendering call from: once per call of its function when the key or the arguments
    come from the function's parameters (a helper; the callers' callers likewise), else once."""
    function = module.function_of(node)
    parameters = {p.arg for p in _parameters(function)} if function else set()
    if function is not None and function.args.kwarg is not None:
        parameters.add(function.args.kwarg.arg)
    callers = code.callers(module, function) if function is not None else []
    if function is None or not names & parameters or not callers or depth > _MAX_DEPTH:
        yield _Scope(module, function)
        return
    for caller_module, call in callers:
        for caller in _scopes(code, caller_module, call, _names_in(call), depth + 1):
            yield _Scope(module, function, call, caller, 1)


def _chain(scope: _Scope) -> Iterator[_Scope]:
    while scope.call is not None and scope.caller is not None:
        yield scope
        scope = scope.caller


def _names_in(*nodes: ast.AST) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}


def _windows_around(code: Code, module: _Module, node: ast.AST) -> list[tuple[_Module, ast.Call]] | None:
    """The window a widget is written in: `Window(…)` itself, or a helper that makes the window from the
    widgets it is given (`_choice(state, key, *buttons)`); None when the widget is made outside any."""
    current = module.parents.get(node)
    while current is not None:
        if isinstance(current, ast.Call) and _called_name(current) == "Window":
            return [(module, current)]
        if isinstance(current, ast.Call) and (name := _called_name(current)):
            made = [
                (m, window)
                for m, function in code.definitions(name, module)
                for window in ast.walk(function)
                if isinstance(window, ast.Call) and _called_name(window) == "Window"
            ]
            if made:
                return made
        if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
            return None
        current = module.parents.get(current)
    return None


def _getter_names(code: Code, window: ast.Call, module: _Module) -> tuple[set[str], list[str]]:
    getter = next((k.value for k in window.keywords if k.arg == "getter"), None)
    names, unknown = set(), []
    for candidate in [getter] if getter is not None else []:
        # `getter=getters.x`, `getter=problem_getter`, `getter=when_reachable(getters.x)`
        while isinstance(candidate, ast.Call) and candidate.args:
            candidate = candidate.args[0]
        name = candidate.attr if isinstance(candidate, ast.Attribute) else getattr(candidate, "id", None)
        found, missed = code.returned_names(name or "", _Scope(module, None))
        names |= found
        unknown += missed
    return names, unknown


def _windows_showing(code: Code, module: _Module, node: ast.AST) -> Iterator[tuple[_Module, ast.Call]]:
    """The windows a widget is in: its own `Window(…)`, or the windows of the calls of the helper that makes it."""
    windows = _windows_around(code, module, node)
    if windows is not None:
        yield from windows
        return
    function = module.function_of(node)
    if function is None:
        return
    for caller_module, call in code.callers(module, function):
        yield from _windows_showing(code, caller_module, call)


def _function_name(module: _Module, node: ast.AST) -> str:
    function = module.function_of(node)
    return function.name if function is not None else ""


def collect(code: Code | None = None) -> list[Use]:
    code = code or Code()
    uses: list[Use] = []
    for module in code.modules:
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            if _is_text_call(node) and module.path != BOT_DIR / "widgets.py":  # `Translated` is read below
                key = node.args[0]
                for scope in _scopes(code, module, node, _names_in(key, *node.keywords)):
                    names, unknown = code.call_arguments(node, scope)
                    where = module.where(node) + "".join(f" via {s.caller.module.where(s.call)}" for s in _chain(scope))
                    patterns = frozenset(code.keys(key, scope))
                    uses.append(Use(where, _function_name(module, node), patterns, frozenset(names), tuple(unknown)))
            elif _called_name(node) == "Translated" and node.args:
                key = node.args[0]
                renames = {k.arg for k in node.keywords if k.arg and k.arg != "when"}
                for window_module, window in _windows_showing(code, module, node):
                    names, unknown = _getter_names(code, window, window_module)
                    for scope in _scopes(code, module, node, _names_in(key)):
                        where = f"{module.where(node)} in {window_module.where(window)}"
                        patterns = frozenset(code.keys(key, scope))
                        arguments = frozenset(names | renames)
                        uses.append(Use(where, _function_name(module, node), patterns, arguments, tuple(unknown)))
    return uses
