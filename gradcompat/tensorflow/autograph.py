"""AutoGraph: Python control flow on tensors inside ``tf.function`` becomes ``tf.cond`` /
``tf.while_loop``, as TF converts it.

``convert`` rewrites a function's source once, in passes that follow TF's converters:

1. calls go through ``call``, which converts user functions when they are called (TF's
   ``converted_call``) and gives ``range`` / ``len`` their tensor overloads;
2. ``break`` and ``continue`` become flags: the rest of the loop body runs under
   ``if not flag``, and a loop with a break also tests the flag;
3. ``return`` becomes ``do_return_`` / ``retval_`` assignments with the same guards (after
   moving what follows an ``if`` whose branch returns into its other branch, so
   ``if c: return a`` / ``return b`` is one conditional);
4. each ``if``, ``while`` and ``for`` becomes a call of an operator below, with its bodies as
   nested functions and the variables it assigns as their state.

At run time an operator looks at its condition: a symbolic tensor gives the graph op
(loops over ``tf.range`` and over tensors are graph loops, as in TF); anything else runs as
plain Python, so converted code behaves exactly as before wherever no tensor decides.

Known differences: ``while`` / ``for`` with ``else``, ``yield``, ``global`` / ``nonlocal``
stay Python (a tensor condition there raises TF's graph-mode TypeError); lambdas are not
converted; a ``break`` inside a loop over a dataset needs a Python condition; a ``tf.range``
loop with Python bounds whose body assigns variables or prints runs unrolled (graph loops do not
take those effects yet), so its Python side effects happen in a first trace and then once per
iteration.
"""
from __future__ import annotations

import ast
import builtins
import functools
import inspect
import sysconfig
import textwrap
import types
import weakref
from typing import Any, Callable

from .. import core
from . import tracing
from .tensor import Tensor

# ---------------------------------------------------------------------------- operators


class _Undefined:
    """A variable that a block assigns but that has no value before it."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Undefined({self.name})"


class _UndefinedReturn(_Undefined):
    """The return value before a ``return`` ran."""

    def __init__(self) -> None:
        super().__init__(_RETVAL)


_RETVAL, _DO_RETURN = "retval_", "do_return_"
_LOOP_RETURN = ("a return statement cannot be placed inside this TensorFlow loop; this may happen if a return "
                "statement depends on a static Python condition such as a hyperparameter")


def _symbolic(value: Any) -> bool:
    return isinstance(value, Tensor) and value.node.value is None


def load(getter: Callable[[], Any], name: str) -> Any:
    """The variable's current value, or an Undefined marker if it has none yet."""
    try:
        return getter()
    except NameError:
        return _Undefined(name)


def undefined_return() -> _UndefinedReturn:
    return _UndefinedReturn()


def retval(value: Any) -> Any:
    """What the converted function returns: None when no ``return`` ran."""
    return None if isinstance(value, _Undefined) else value


def not_(value: Any) -> Any:
    """``not value``; a tensor gives ``tf.logical_not``."""
    if isinstance(value, Tensor):
        from .math_ops import logical_not
        return logical_not(value)
    return not value


def and_(left: Callable[[], Any], right: Callable[[], Any]) -> Any:
    """``left() and right()``, lazily for Python values; tensors give ``tf.logical_and``."""
    a = left()
    if isinstance(a, Tensor):
        from .math_ops import logical_and
        return logical_and(a, right())
    return a and right()


def if_stmt(test: Any, body: Callable, orelse: Callable, state: tuple, names: tuple) -> tuple:
    """``if test: body else: orelse`` over the variables the branches assign."""
    if _symbolic(test):
        known = core.folding.constant_value(test.node)  # decided while tracing: no graph op needed
        test = bool(known) if known is not None else test
    if not _symbolic(test):
        return body(*state) if test else orelse(*state)
    from .control_flow_ops import cond
    true_out, false_out = [], []

    def check() -> None:  # once both branches are traced, before tf.cond compares them
        for name, t, f in zip(names, true_out, false_out):
            if isinstance(t, _Undefined) != isinstance(f, _Undefined):
                where = "else" if isinstance(f, _Undefined) else "main"
                if name == _RETVAL:
                    raise ValueError(f"the {where} branch must also have a return statement.")
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


def _check_loop_body(names: tuple, before: tuple, after: tuple) -> None:
    """TF's errors for a loop variable whose dtype or shape an iteration changes."""
    from .tensor import convert_to_tensor
    for name, b, a in zip(names, before, after):
        if not isinstance(b, Tensor) or isinstance(a, _Undefined) or a is None:
            continue
        a = a if isinstance(a, Tensor) else convert_to_tensor(a, dtype_hint=b.dtype)
        if a.dtype != b.dtype:
            raise TypeError(f"'{name}' has dtype {b.dtype.name} before the loop, but dtype {a.dtype.name} after "
                            "one iteration")
        if b.shape.dims is not None and a.shape.dims is not None and b.shape.dims != a.shape.dims:
            raise ValueError(f"'{name}' has shape {_shape_text(b)} before the loop, but shape {_shape_text(a)} "
                             "after one iteration. Use tf.autograph.experimental.set_loop_options to set shape "
                             "invariants.")


def _shape_text(t: Tensor) -> str:
    dims = tuple(t.shape.dims)
    return f"({dims[0]},)" if len(dims) == 1 else str(dims)


class _Carried:
    """The loop variables a graph loop carries: those defined before it. A variable the body
    assigns but that has no value before the loop is local to each iteration (TF's liveness
    analysis drops it the same way); after the loop it stays undefined."""

    def __init__(self, state: tuple, names: tuple):
        self.size = len(state)
        self.positions = [k for k, v in enumerate(state) if not isinstance(v, _Undefined)]
        self.names = tuple(names[k] for k in self.positions)
        self.state = tuple(state[k] for k in self.positions)
        self._names = names

    def full(self, carried: tuple) -> tuple:
        out = [_Undefined(name) for name in self._names]
        for k, v in zip(self.positions, carried):
            out[k] = v
        return tuple(out)

    def pick(self, full: tuple) -> tuple:
        return tuple(full[k] for k in self.positions)

    def test(self, fn: Callable) -> Callable:
        return lambda *s: fn(*self.full(s))

    def body(self, fn: Callable, leading: int = 0) -> Callable:
        """``fn`` over the carried variables (after ``leading`` loop arguments), checked as TF checks."""
        def run(*args):
            head, carried = args[:leading], args[leading:]
            after = self.pick(tuple(fn(*head, *self.full(carried))))
            _check_loop_body(self.names, carried, after)
            return after
        return run


def while_stmt(test: Callable, body: Callable, state: tuple, names: tuple, returns: bool = False) -> tuple:
    """``while test(): body()`` over the variables the body assigns."""
    condition = test(*state)
    if not _symbolic(condition):
        while condition:
            state = body(*state)
            condition = test(*state)
        return state
    if returns:
        raise NotImplementedError(_LOOP_RETURN)
    from .control_flow_ops import while_loop
    carried = _Carried(state, names)
    return carried.full(tuple(while_loop(carried.test(test), carried.body(body), carried.state)))


def for_stmt(iterable: Any, body: Callable, state: tuple, names: tuple, extra_test: Callable | None = None,
             returns: bool = False) -> tuple:
    """``for target in iterable: body(target)``; a symbolic tensor loops over its first axis."""
    if not _symbolic(iterable):
        for item in iterable:
            if extra_test is not None and not extra_test(*state):
                break
            state = body(item, *state)
        return state
    from .array_ops import gather, shape
    length = iterable.shape.dims[0] if iterable.shape.dims and iterable.shape.dims[0] is not None \
        else shape(iterable)[0]
    return _counted_loop(0, length, 1, lambda i, *s: body(gather(iterable, i), *s), state, names, extra_test,
                         returns)


def for_range(args: tuple, body: Callable, state: tuple, names: tuple, extra_test: Callable | None = None,
              returns: bool = False) -> tuple:
    """``for i in tf.range(...)``: a ``tf.while_loop`` in a graph (as TF's, even for Python bounds),
    a Python loop over tensors ``i`` eagerly."""
    start, limit, delta = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) > 2 else 1)
    if not core.recording.deferred():
        return _unrolled(start, limit, delta, body, state, extra_test, returns)
    if any(_symbolic(a) for a in (start, limit, delta)):
        return _counted_loop(start, limit, delta, body, state, names, extra_test, returns)
    trace = tracing.current()
    saved = (len(trace.effects), dict(trace.latest)) if trace is not None else None
    try:
        return _counted_loop(start, limit, delta, body, state, names, extra_test, returns)
    except NotImplementedError as error:
        if "variable assignments inside" not in str(error):
            raise
    # a body that assigns variables or prints cannot be a graph loop here yet: with known
    # bounds it runs unrolled (what the failed trace recorded is dropped)
    if trace is not None:
        del trace.effects[saved[0]:]
        trace.latest.clear()
        trace.latest.update(saved[1])
    return _unrolled(start, limit, delta, body, state, extra_test, returns)


def _unrolled(start, limit, delta, body: Callable, state: tuple, extra_test: Callable | None,
              returns: bool) -> tuple:
    """The loop in Python, over tensors ``i``."""
    from .tensor import constant
    for i in range(int(start), int(limit), int(delta)):
        if extra_test is not None:
            going = extra_test(*state)
            if _symbolic(going):
                raise NotImplementedError(_LOOP_RETURN if returns else
                                          "gradcompat: a break that depends on a tensor, in a tf.range loop that "
                                          "assigns variables or prints, is not supported yet")
            if not going:
                break
        state = body(constant(i), *state)
    return state


def _trip_count(start, limit, delta) -> int | None:
    """The number of iterations when the bounds are known while tracing (TF folds them too)."""
    from .tensor import convert_to_tensor
    values = []
    for v in (start, limit, delta):
        if isinstance(v, (int, float)):
            values.append(v)
            continue
        known = core.folding.constant_value(convert_to_tensor(v).node)
        if known is None:
            return None
        values.append(known.item() if hasattr(known, "item") else known)
    start, limit, delta = values
    return max(0, len(range(int(start), int(limit), int(delta)))) if delta else None


def _counted_loop(start, limit, delta, body: Callable, state: tuple, names: tuple,
                  extra_test: Callable | None = None, returns: bool = False) -> tuple:
    if returns:
        raise NotImplementedError(_LOOP_RETURN)
    from .control_flow_ops import while_loop
    from .math_ops import cast, logical_and
    from .tensor import convert_to_tensor
    trips = _trip_count(start, limit, delta)
    limit = convert_to_tensor(limit)
    start = cast(convert_to_tensor(start), limit.dtype)
    carried = _Carried(state, names)
    extra = None if extra_test is None else carried.test(extra_test)

    def keep_going(i, *s):
        going = (i < limit) if not isinstance(delta, (int, float)) or delta > 0 else (i > limit)
        return going if extra is None else logical_and(going, convert_to_tensor(extra(*s)))

    checked = carried.body(body, leading=1)

    def step(i, *s):
        return (i + delta, *checked(i, *s))

    final = while_loop(keep_going, step, (start, *carried.state), maximum_iterations=trips)[1:]
    return carried.full(tuple(final))


# ---------------------------------------------------------------------------- builtins and calls

def _range(*args):
    """``range`` with TF's overload: a tensor argument gives ``tf.range``."""
    if any(isinstance(a, Tensor) for a in args):
        from .math_ops import range as tf_range
        return tf_range(*args)
    return builtins.range(*args)


def _len(value):
    """``len`` with TF's overload: a tensor of unknown length gives ``tf.shape(x)[0]``."""
    if isinstance(value, Tensor) and value.shape.dims and value.shape.dims[0] is None:
        from .array_ops import shape
        return shape(value)[0]
    return builtins.len(value)


_OVERLOADS = {builtins.range: _range, builtins.len: _len}
_LIBRARY_PATHS = tuple({sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")})
_LIBRARY_MODULES = ("gradcompat", "numpy", "jax", "jaxlib", "keras", "tensorflow", "scipy")


def _user_function(f: Any) -> bool:
    """A Python function of the user's own code (TF converts those, not libraries)."""
    target = getattr(f, "__func__", f)
    if not isinstance(target, types.FunctionType) or target.__name__ == "<lambda>":
        return False
    if getattr(target, "__ag_do_not_convert__", False) or hasattr(target, "__wrapped__"):
        return False  # a decorator's wrapper: its source is the wrapped function's
    module = getattr(target, "__module__", "") or ""
    if module.split(".")[0] in _LIBRARY_MODULES:
        return False
    filename = target.__code__.co_filename
    return not filename.startswith(_LIBRARY_PATHS) and not filename.startswith("<")


def call(f: Any) -> Any:
    """What a converted function calls instead of ``f`` (TF's ``converted_call``)."""
    try:
        overload = _OVERLOADS.get(f)
    except TypeError:  # unhashable callables
        overload = None
    if overload is not None:
        return overload
    if _user_function(f):
        return convert(f)
    return f


# ---------------------------------------------------------------------------- the rewrite

_NO_TYPE_PARAMS = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)
_LOOPS = (ast.For, ast.While, ast.AsyncFor)


def _name(identifier: str, store: bool = False) -> ast.Name:
    return ast.Name(identifier, ast.Store() if store else ast.Load())


def _ag(attribute: str) -> ast.Attribute:
    return ast.Attribute(_name("ag__"), attribute, ast.Load())


def _no_args() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[])


def _thunk(expr: ast.expr) -> ast.Lambda:
    return ast.Lambda(_no_args(), expr)


def _not(flag: str) -> ast.expr:
    return ast.Call(_ag("not_"), [_name(flag)], [])


def _and(left: ast.expr, right: ast.expr) -> ast.expr:
    return ast.Call(_ag("and_"), [_thunk(left), _thunk(right)], [])


def _assign(target: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([_name(target, store=True)], value)


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


def _blocking(statements: list) -> bool:
    """Whether the statements hold what the rewrite cannot carry into a branch or loop body:
    yield / global / nonlocal / await, or a jump left as Python (a loop with ``else``)."""
    stack = [(s, False) for s in statements]
    while stack:
        node, in_loop = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal, ast.Await, ast.Return)):
            return True
        if isinstance(node, (ast.Break, ast.Continue)) and not in_loop:
            return True
        if not isinstance(node, _SCOPES):
            inner = in_loop or isinstance(node, _LOOPS)
            stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return False


class _Calls(ast.NodeTransformer):
    """``f(...)`` -> ``ag__.call(f)(...)`` in the function's own body (not in nested scopes)."""

    def __init__(self) -> None:
        self._depth = 0

    def visit_FunctionDef(self, node):
        self._depth += 1
        if self._depth == 1:
            node.body = [self.visit(s) for s in node.body]
        self._depth -= 1
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        return node

    def visit_ClassDef(self, node):
        return node

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        node.func = ast.Call(_ag("call"), [node.func], [])
        return node


def _definitely_returns(statements: list) -> bool:
    for s in statements:
        if isinstance(s, ast.Return):
            return True
        if isinstance(s, ast.If) and _definitely_returns(s.body) and _definitely_returns(s.orelse):
            return True
        if isinstance(s, ast.With) and _definitely_returns(s.body):
            return True
    return False


def _canonical_returns(statements: list) -> list:
    """What follows an ``if`` one of whose branches returns moves into its other branch
    (so ``if c: return a`` then ``return b`` is one conditional with a return on each side)."""
    out = []
    for k, s in enumerate(statements):
        if isinstance(s, ast.If):
            s.body, s.orelse = _canonical_returns(s.body), _canonical_returns(s.orelse)
            rest = statements[k + 1:]
            if rest and _definitely_returns(s.body) and not _definitely_returns(s.orelse):
                s.orelse = _canonical_returns(s.orelse + rest)
                out.append(s)
                return out
            if rest and _definitely_returns(s.orelse) and not _definitely_returns(s.body):
                s.body = _canonical_returns(s.body + rest)
                out.append(s)
                return out
        elif isinstance(s, (ast.For, ast.While, ast.With)):
            s.body = _canonical_returns(s.body)
        out.append(s)
    return out


class _Jumps:
    """Lowers one kind of jump (``break`` / ``continue`` of one loop, or ``return``) into
    assignments of a flag, and guards what follows a possible jump with ``if not flag``."""

    def __init__(self, kind: type, flag: str):
        self.kind, self.flag = kind, flag
        self.loops: list = []  # loops a return leaves: they must also test the flag

    def block(self, statements: list) -> tuple[list, bool]:
        out = []
        for k, s in enumerate(statements):
            lowered, jumped = self.statement(s)
            out.extend(lowered)
            if jumped:
                rest, _ = self.block(statements[k + 1:])
                if rest:
                    out.append(ast.If(_not(self.flag), rest, []))
                return out, True
        return out, False

    def statement(self, s) -> tuple[list, bool]:
        if isinstance(s, self.kind):
            lowered = [_assign(self.flag, ast.Constant(True))]
            if self.kind is ast.Return:
                lowered.append(_assign(_RETVAL, s.value if s.value is not None else ast.Constant(None)))
            return lowered, True
        if isinstance(s, _SCOPES):
            return [s], False
        if isinstance(s, _LOOPS):
            if self.kind is not ast.Return:
                return [s], False  # an inner loop's break / continue are its own
            s.body, jumped = self.block(s.body)
            if jumped:
                self.loops.append(s)
            return [s], jumped
        jumped = False
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(s, field, None), list) and getattr(s, field) and \
                    isinstance(getattr(s, field)[0], ast.stmt):
                lowered, j = self.block(getattr(s, field))
                setattr(s, field, lowered)
                jumped = jumped or j
        for handler in getattr(s, "handlers", []) or []:
            handler.body, j = self.block(handler.body)
            jumped = jumped or j
        return [s], jumped


def _add_loop_test(loop, test: ast.expr) -> None:
    if isinstance(loop, ast.While):
        loop.test = _and(test, loop.test)
    else:
        loop.ag_extra_tests = [*getattr(loop, "ag_extra_tests", []), test]


class _LoopJumps(ast.NodeTransformer):
    """``break`` / ``continue`` of each loop (inner loops first) lowered into flags."""

    def __init__(self) -> None:
        self.count = 0

    def _scope(self, node):
        return node  # nested functions and classes keep their Python

    visit_Lambda = visit_ClassDef = _scope

    def visit_FunctionDef(self, node):
        if getattr(self, "_entered", False):
            return node
        self._entered = True
        self.generic_visit(node)
        return node

    def _loop(self, node):
        self.generic_visit(node)
        if node.orelse:  # loop/else stays Python, as TF leaves it
            return node
        before = []
        self.count += 1
        flag = f"break__{self.count}"
        lowering = _Jumps(ast.Break, flag)
        node.body, broke = lowering.block(node.body)
        if broke:
            before.append(_assign(flag, ast.Constant(False)))
            _add_loop_test(node, _not(flag))
        flag = f"continue__{self.count}"
        lowering = _Jumps(ast.Continue, flag)
        body, continued = lowering.block(node.body)
        if continued:
            node.body = [_assign(flag, ast.Constant(False)), *body]
        return [*before, node]

    visit_For = visit_While = _loop


def _lower_returns(definition: ast.FunctionDef) -> None:
    """``return`` inside compound statements -> ``do_return_`` / ``retval_`` and guards."""
    body = definition.body
    if not any(isinstance(n, ast.Return) for s in body if not isinstance(s, ast.Return) for n in _walk_block([s])):
        return  # returns only at the top level: nothing to lower
    body = _canonical_returns(body)
    lowering = _Jumps(ast.Return, _DO_RETURN)
    body, _ = lowering.block(body)
    for loop in lowering.loops:
        _add_loop_test(loop, _not(_DO_RETURN))
        loop.ag_returns = True
    definition.body = [_assign(_DO_RETURN, ast.Constant(False)),
                       _assign(_RETVAL, ast.Call(_ag("undefined_return"), [], [])),
                       *body,
                       ast.Return(ast.Call(_ag("retval"), [_name(_RETVAL)], []))]


class _Rewriter(ast.NodeTransformer):
    def __init__(self) -> None:
        self.count = 0

    def _new(self, kind: str) -> str:
        self.count += 1
        return f"ag__{kind}_{self.count}"

    def _function(self, name: str, params: list[str], body: list, returns: list[str] | None) -> ast.FunctionDef:
        tail = [] if returns is None else [ast.Return(ast.Tuple([_name(n) for n in returns], ast.Load()))]
        return ast.FunctionDef(name=name, args=ast.arguments(posonlyargs=[], args=[ast.arg(p) for p in params],
                                                             kwonlyargs=[], kw_defaults=[], defaults=[]),
                               body=(body or [ast.Pass()]) + tail, decorator_list=[], **_NO_TYPE_PARAMS)

    @staticmethod
    def _state(names: list[str]) -> ast.Tuple:
        return ast.Tuple([ast.Call(_ag("load"), [_thunk(_name(n)), ast.Constant(n)], []) for n in names], ast.Load())

    def _call(self, operator: str, args: list, names: list[str], keywords: list | None = None) -> list:
        call = ast.Call(_ag(operator), args + [self._state(names), ast.Constant(tuple(names))], keywords or [])
        if not names:
            return [ast.Expr(call)]
        return [ast.Assign([ast.Tuple([_name(n, store=True) for n in names], ast.Store())], call)]

    def visit_FunctionDef(self, node: ast.FunctionDef):
        if getattr(self, "_entered", False):
            return node  # nested functions keep their Python (converted when called)
        self._entered = True
        self.generic_visit(node)
        return node

    def visit_If(self, node: ast.If):
        self.generic_visit(node)
        if _blocking(node.body + node.orelse):
            return node
        names = _assigned(node.body + node.orelse)
        true_name, false_name = self._new("if_true"), self._new("if_false")
        return [self._function(true_name, names, node.body, names),
                self._function(false_name, names, node.orelse, names),
                *self._call("if_stmt", [node.test, _name(true_name), _name(false_name)], names)]

    def _loop_keywords(self, node, names: list[str]) -> tuple[list, list]:
        definitions, keywords = [], []
        tests = getattr(node, "ag_extra_tests", [])
        if tests:
            test = tests[0]
            for more in tests[1:]:
                test = _and(test, more)
            test_name = self._new("extra_test")
            definitions.append(self._function(test_name, names, [ast.Return(test)], None))
            keywords.append(ast.keyword("extra_test", _name(test_name)))
        if getattr(node, "ag_returns", False):
            keywords.append(ast.keyword("returns", ast.Constant(True)))
        return definitions, keywords

    def visit_While(self, node: ast.While):
        self.generic_visit(node)
        if node.orelse or _blocking(node.body):
            return node
        names = _assigned(node.body)
        test_name, body_name = self._new("while_test"), self._new("while_body")
        test = self._function(test_name, names, [ast.Return(node.test)], None)
        _, keywords = self._loop_keywords(node, names)
        return [test, self._function(body_name, names, node.body, names),
                *self._call("while_stmt", [_name(test_name), _name(body_name)], names, keywords)]

    def visit_For(self, node: ast.For):
        self.generic_visit(node)
        if node.orelse or _blocking(node.body):
            return node
        target_names = _assigned([ast.Assign([node.target], ast.Constant(None))])
        names = [n for n in _assigned(node.body) if n not in target_names]
        body_name, item = self._new("for_body"), self._new("item")
        unpack = ast.Assign([node.target], _name(item))
        body = self._function(body_name, [item, *names], [unpack, *node.body], names)
        definitions, keywords = self._loop_keywords(node, names)
        iterable = node.iter
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Call) and iterable.func.args:
            callee = iterable.func.args[0]  # ag__.call(f)(...): the callee is f
        else:
            callee = None
        if (isinstance(callee, ast.Attribute) and callee.attr == "range" and not iterable.keywords
                and 1 <= len(iterable.args) <= 3 and not any(isinstance(a, ast.Starred) for a in iterable.args)):
            return [*definitions, body, *self._call("for_range", [ast.Tuple(iterable.args, ast.Load()),
                                                                  _name(body_name)], names, keywords)]
        return [*definitions, body, *self._call("for_stmt", [iterable, _name(body_name)], names, keywords)]


@functools.lru_cache(maxsize=None)
def _converted_code(function: Callable):
    lines, first_line = inspect.getsourcelines(function)
    tree = ast.parse(textwrap.dedent("".join(lines)))
    ast.increment_lineno(tree, first_line - 1)  # tracebacks point at the user's lines
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef) or definition.name != function.__code__.co_name \
            or any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _walk_block(definition.body)):
        return None  # not the function's own definition (a decorator's wrapper), or a generator
    definition.decorator_list = []
    definition = _Calls().visit(definition)
    definition = _LoopJumps().visit(definition)
    _lower_returns(definition)
    definition = _Rewriter().visit(definition)
    free = list(function.__code__.co_freevars)
    factory = ast.FunctionDef(name="ag__factory", args=ast.arguments(
        posonlyargs=[], args=[ast.arg(n) for n in [*free, "ag__"]], kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=[definition, ast.Return(_name(definition.name))], decorator_list=[], **_NO_TYPE_PARAMS)
    module = ast.fix_missing_locations(ast.Module([factory], type_ignores=[]))
    filename = inspect.getsourcefile(function) or "<autograph>"
    code = compile(module, filename, "exec")
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == "ag__factory")
    return next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and c.co_name == definition.name)


_CONVERTED: "weakref.WeakKeyDictionary[types.FunctionType, types.FunctionType]" = weakref.WeakKeyDictionary()


def convert(function: Callable) -> Callable:
    """``function`` with its tensor-dependent control flow converted (the function itself
    when its source cannot be read). Its globals and closure cells are the original's, live."""
    target = getattr(function, "__func__", function)
    converted = _CONVERTED.get(target) if isinstance(target, types.FunctionType) else None
    if converted is None:
        try:
            code = _converted_code(target)
        except (OSError, TypeError, SyntaxError, IndentationError):
            return function
        if code is None:
            return function
        cells = dict(zip(target.__code__.co_freevars, target.__closure__ or ()))
        cells["ag__"] = types.CellType(_operators())
        closure = tuple(cells[n] for n in code.co_freevars)
        converted = types.FunctionType(code, target.__globals__, target.__name__, target.__defaults__, closure)
        converted.__kwdefaults__ = target.__kwdefaults__
        functools.update_wrapper(converted, target)
        converted.__wrapped__ = target
        _CONVERTED[target] = converted
    if hasattr(function, "__self__"):
        return converted.__get__(function.__self__)
    return converted


@functools.lru_cache(maxsize=1)
def _operators():
    return types.SimpleNamespace(load=load, if_stmt=if_stmt, while_stmt=while_stmt, for_stmt=for_stmt,
                                 for_range=for_range, call=call, not_=not_, and_=and_, retval=retval,
                                 undefined_return=undefined_return)


def do_not_convert(func: Callable | None = None):
    """``tf.autograph.experimental.do_not_convert``: ``func`` runs as written inside tf.function."""
    if func is None:
        return do_not_convert
    try:
        func.__ag_do_not_convert__ = True
    except AttributeError:
        pass
    return func


def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None) -> None:
    """``tf.autograph.experimental.set_loop_options``: accepted; it changes nothing here."""
    return None



def set_verbosity(level: int, alsologtostdout: bool = False) -> None:
    """``tf.autograph.set_verbosity``: accepted (the rewrite logs nothing)."""
    return None


# ``tf.autograph.experimental``
experimental = types.SimpleNamespace(do_not_convert=do_not_convert, set_loop_options=set_loop_options)
