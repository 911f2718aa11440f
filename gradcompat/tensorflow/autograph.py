"""AutoGraph, the subset the guides use: Python ``if`` / ``while`` / ``for`` on tensors inside
``tf.function`` become ``tf.cond`` / ``tf.while_loop``, as TF converts them.

``convert`` rewrites the function's source once: each ``if``, ``while`` and ``for`` becomes a
call of an operator below with the block's bodies as nested functions and the variables the
block assigns as their state. At run time an operator looks at its condition: a symbolic
tensor (graph mode) gives the graph op; anything else runs as plain Python, so converted
code behaves exactly as before wherever no tensor decides the control flow.

Known differences: a block containing ``return``, ``break``, ``continue``, ``yield`` or
``global``/``nonlocal`` is left as Python (a tensor condition there raises TF's graph-mode
TypeError); functions called from the converted one are not converted; lambdas are not
converted; closure variables are bound when the function is first traced.
"""
from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from typing import Any, Callable

from .tensor import Tensor


class _Undefined:
    """A variable that a block assigns but that has no value before it."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Undefined({self.name})"


def _symbolic(value: Any) -> bool:
    return isinstance(value, Tensor) and value.node.value is None


def load(getter: Callable[[], Any], name: str) -> Any:
    """The variable's current value, or an Undefined marker if it has none yet."""
    try:
        return getter()
    except NameError:
        return _Undefined(name)


def _check_defined(values: tuple, names: tuple, message: str) -> None:
    for value, name in zip(values, names):
        if isinstance(value, _Undefined):
            raise ValueError(message.format(name=name))


def if_stmt(test: Any, body: Callable, orelse: Callable, state: tuple, names: tuple) -> tuple:
    """``if test: body else: orelse`` over the variables the branches assign."""
    if not _symbolic(test):
        return body(*state) if test else orelse(*state)
    from .control_flow_ops import cond
    true_out, false_out = [], []

    def check() -> None:  # once both branches are traced, before tf.cond compares them
        for name, t, f in zip(names, true_out, false_out):
            if isinstance(t, _Undefined) != isinstance(f, _Undefined):
                where = "else" if isinstance(f, _Undefined) else "main"
                raise ValueError(f"'{name}' must also be initialized in the {where} branch")

    def branch(fn, sink):
        def run():
            sink.extend(fn(*state))
            if true_out and false_out:
                check()
            return tuple(v for v in sink if not isinstance(v, _Undefined))
        return run

    result = cond(test, branch(body, true_out), branch(orelse, false_out))
    values = iter(result)
    return tuple(v if isinstance(v, _Undefined) else next(values) for v in true_out)


def while_stmt(test: Callable, body: Callable, state: tuple, names: tuple) -> tuple:
    """``while test(): body()`` over the variables the body assigns."""
    condition = test(*state)
    if not _symbolic(condition):
        while condition:
            state = body(*state)
            condition = test(*state)
        return state
    _check_defined(state, names, "'{name}' must be defined before the loop.")
    from .control_flow_ops import while_loop
    return tuple(while_loop(lambda *s: test(*s), lambda *s: tuple(body(*s)), tuple(state)))


def for_stmt(iterable: Any, body: Callable, state: tuple, names: tuple) -> tuple:
    """``for target in iterable: body(target)``; a symbolic tensor loops over its first axis."""
    if not _symbolic(iterable):
        for item in iterable:
            state = body(item, *state)
        return state
    from .array_ops import gather, shape
    length = shape(iterable)[0]
    return _counted_loop(0, length, 1, lambda i, *s: body(gather(iterable, i), *s), state, names)


def for_range(args: tuple, body: Callable, state: tuple, names: tuple) -> tuple:
    """``for i in tf.range(...)``: a Python loop over tensors ``i`` for Python bounds, a
    ``tf.while_loop`` for symbolic ones."""
    start, limit, delta = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) > 2 else 1)
    if not any(_symbolic(a) for a in (start, limit, delta)):
        from .tensor import constant
        for i in range(int(start), int(limit), int(delta)):
            state = body(constant(i), *state)
        return state
    return _counted_loop(start, limit, delta, body, state, names)


def _counted_loop(start, limit, delta, body: Callable, state: tuple, names: tuple) -> tuple:
    _check_defined(state, names, "'{name}' must be defined before the loop.")
    from .control_flow_ops import while_loop
    from .math_ops import cast
    from .tensor import convert_to_tensor
    limit = convert_to_tensor(limit)
    start = cast(convert_to_tensor(start), limit.dtype)

    def keep_going(i, *s):
        return (i < limit) if not isinstance(delta, (int, float)) or delta > 0 else (i > limit)

    def step(i, *s):
        return (i + delta, *body(i, *s))

    return tuple(while_loop(keep_going, step, (start, *state))[1:])


# ---------------------------------------------------------------------------- the rewrite

_NO_TYPE_PARAMS = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}
_BLOCKERS = (ast.Return, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal, ast.Await)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _walk_block(statements: list) -> list:
    """Every node of the statements, not entering nested scopes."""
    out, stack = [], list(statements)
    while stack:
        node = stack.pop()
        out.append(node)
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return out


def _assigned(statements: list) -> list[str]:
    names: list[str] = []
    for node in _walk_block(statements):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.id
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            name = node.name
        else:
            continue
        if name not in names and not name.startswith("ag__"):  # not our own generated helpers
            names.append(name)
    return names


def _convertible(statements: list) -> bool:
    return not any(isinstance(n, _BLOCKERS) for n in _walk_block(statements))


class _Rewriter(ast.NodeTransformer):
    def __init__(self) -> None:
        self.count = 0

    def _new(self, kind: str) -> str:
        self.count += 1
        return f"ag__{kind}_{self.count}"

    def _function(self, name: str, params: list[str], body: list, returns: list[str]) -> ast.FunctionDef:
        ret = ast.Return(ast.Tuple([ast.Name(n, ast.Load()) for n in returns], ast.Load()))
        return ast.FunctionDef(name=name, args=ast.arguments(posonlyargs=[], args=[ast.arg(p) for p in params],
                                                             kwonlyargs=[], kw_defaults=[], defaults=[]),
                               body=(body or [ast.Pass()]) + [ret], decorator_list=[], **_NO_TYPE_PARAMS)

    @staticmethod
    def _state(names: list[str]) -> ast.Tuple:
        return ast.Tuple([ast.Call(ast.Attribute(ast.Name("ag__", ast.Load()), "load", ast.Load()),
                                   [ast.Lambda(ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                                             defaults=[]), ast.Name(n, ast.Load())),
                                    ast.Constant(n)], []) for n in names], ast.Load())

    def _call(self, operator: str, args: list, names: list[str]) -> list:
        call = ast.Call(ast.Attribute(ast.Name("ag__", ast.Load()), operator, ast.Load()),
                        args + [self._state(names), ast.Constant(tuple(names))], [])
        if not names:
            return [ast.Expr(call)]
        return [ast.Assign([ast.Tuple([ast.Name(n, ast.Store()) for n in names], ast.Store())], call)]

    def visit_FunctionDef(self, node: ast.FunctionDef):
        if getattr(self, "_entered", False):
            return node  # nested functions keep their Python
        self._entered = True
        self.generic_visit(node)
        return node

    def visit_If(self, node: ast.If):
        self.generic_visit(node)
        if not _convertible(node.body + node.orelse):
            return node
        names = _assigned(node.body + node.orelse)
        true_name, false_name = self._new("if_true"), self._new("if_false")
        return [self._function(true_name, names, node.body, names),
                self._function(false_name, names, node.orelse, names),
                *self._call("if_stmt", [node.test, ast.Name(true_name, ast.Load()),
                                        ast.Name(false_name, ast.Load())], names)]

    def visit_While(self, node: ast.While):
        self.generic_visit(node)
        if node.orelse or not _convertible(node.body):
            return node
        names = _assigned(node.body)
        test_name, body_name = self._new("while_test"), self._new("while_body")
        test = ast.FunctionDef(name=test_name, args=ast.arguments(posonlyargs=[], args=[ast.arg(p) for p in names],
                                                                   kwonlyargs=[], kw_defaults=[], defaults=[]),
                               body=[ast.Return(node.test)], decorator_list=[], **_NO_TYPE_PARAMS)
        return [test, self._function(body_name, names, node.body, names),
                *self._call("while_stmt", [ast.Name(test_name, ast.Load()), ast.Name(body_name, ast.Load())], names)]

    def visit_For(self, node: ast.For):
        self.generic_visit(node)
        if node.orelse or not _convertible(node.body):
            return node
        target_names = _assigned([ast.Assign([node.target], ast.Constant(None))])
        names = [n for n in _assigned(node.body) if n not in target_names]
        body_name, item = self._new("for_body"), self._new("item")
        unpack = ast.Assign([node.target], ast.Name(item, ast.Load()))
        body = self._function(body_name, [item, *names], [unpack, *node.body], names)
        iterable = node.iter
        if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
                and iterable.func.attr == "range" and not iterable.keywords and 1 <= len(iterable.args) <= 3):
            return [body, *self._call("for_range", [ast.Tuple(iterable.args, ast.Load()),
                                                    ast.Name(body_name, ast.Load())], names)]
        return [body, *self._call("for_stmt", [iterable, ast.Name(body_name, ast.Load())], names)]


@functools.lru_cache(maxsize=None)
def _converted_code(function: Callable):
    lines, first_line = inspect.getsourcelines(function)
    tree = ast.parse(textwrap.dedent("".join(lines)))
    ast.increment_lineno(tree, first_line - 1)  # tracebacks point at the user's lines
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef):
        return None
    definition.decorator_list = []
    rewriter = _Rewriter()
    definition = rewriter.visit(definition)
    if rewriter.count == 0:
        return None
    free = list(function.__code__.co_freevars)
    factory = ast.FunctionDef(name="ag__factory", args=ast.arguments(
        posonlyargs=[], args=[ast.arg(n) for n in free], kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=[definition, ast.Return(ast.Name(definition.name, ast.Load()))], decorator_list=[], **_NO_TYPE_PARAMS)
    module = ast.fix_missing_locations(ast.Module([factory], type_ignores=[]))
    filename = inspect.getsourcefile(function) or "<autograph>"
    return compile(module, filename, "exec")


def convert(function: Callable) -> Callable:
    """``function`` with its tensor-dependent control flow converted (the function itself
    when there is nothing to convert or its source cannot be read)."""
    target = getattr(function, "__func__", function)
    try:
        code = _converted_code(target)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return function
    if code is None:
        return function
    namespace = dict(target.__globals__)
    namespace["ag__"] = _operators()
    exec(code, namespace)  # noqa: S102 - the user's own function, rewritten
    cells = [c.cell_contents for c in (target.__closure__ or ())]
    converted = namespace["ag__factory"](*cells)
    converted.__defaults__ = target.__defaults__
    converted.__kwdefaults__ = target.__kwdefaults__
    functools.update_wrapper(converted, target)
    if hasattr(function, "__self__"):
        return converted.__get__(function.__self__)
    return converted


@functools.lru_cache(maxsize=1)
def _operators():
    import types
    return types.SimpleNamespace(load=load, if_stmt=if_stmt, while_stmt=while_stmt, for_stmt=for_stmt,
                                 for_range=for_range)
