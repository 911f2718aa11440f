"""Hypothesis strategies for random torch computations, run on both sides by the harness.

An op is drawn only if gradcompat.torch has what it calls (``needs``), so the table grows
with the dialect on its own. A drawn step is a callable ``fn(ns, *args)`` (``ns`` is the
torch module of one side) plus its arguments: Pairs of tensors or python values.
Known divergences still being fixed are listed in ``KNOWN_GAPS`` and avoided here while
their reproductions in ``live_gaps.py`` still diverge.
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any, Callable

import numpy as np
from hypothesis import assume, strategies as st

from live_harness import Pair, gtorch, leaf

FLOAT_DTYPES = ("float32", "float64")
DTYPES = ("float32", "float32", "float32", "float64", "int64", "bool")


def available(need: str) -> bool:
    """``"torch.exp"`` / ``"Tensor.exp"``: does gradcompat.torch have it?"""
    owner, _, name = need.partition(".")
    return hasattr(gtorch if owner == "torch" else gtorch.Tensor, name)


# ----- data ----------------------------------------------------------------------------------

@st.composite
def shapes(draw, min_dims: int = 0, max_dims: int = 3) -> tuple:
    return tuple(draw(st.lists(st.integers(1, 3), min_size=min_dims, max_size=max_dims)))


@st.composite
def arrays(draw, shape: tuple, dtype: str) -> np.ndarray:
    """Small values; "grid" values are multiples of 1/4, so ties and exact zeros occur."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype in ("int64", "int32"):
        return rng.integers(-3, 4, shape).astype(dtype)
    if draw(st.booleans()):
        return (rng.integers(-8, 9, shape) / 4).astype(dtype)
    return rng.uniform(-2, 2, shape).astype(dtype)


@st.composite
def leaves(draw, shape: tuple | None = None, dtype: str | None = None) -> Pair:
    """A fresh leaf on both sides; floating leaves require grad at random."""
    shape = draw(shapes()) if shape is None else shape
    dtype = draw(st.sampled_from(DTYPES)) if dtype is None else dtype
    requires_grad = dtype in FLOAT_DTYPES and draw(st.booleans())
    return leaf(draw(arrays(shape, dtype)), requires_grad)


@st.composite
def broadcastable(draw, shape: tuple) -> tuple:
    """A shape that broadcasts with ``shape``: leading dims dropped, some dims set to 1."""
    keep = draw(st.integers(0, len(shape)))
    out = tuple(1 if draw(st.booleans()) and draw(st.booleans()) else d for d in shape[len(shape) - keep:])
    return out


scalars = st.one_of(st.integers(-3, 3), st.sampled_from([0.5, -1.5, 2.0, 0.25]), st.booleans())


# ----- the op table ------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Op:
    name: str
    needs: tuple[str, ...]
    draw: Callable  # (draw, operand: Pair, pool: list[Pair]) -> (fn, args)

    @property
    def available(self) -> bool:
        return all(available(n) for n in self.needs)


def _shape(p: Pair) -> tuple:
    return tuple(p.real.shape)


def _dtype(p: Pair) -> str:
    return str(p.real.dtype).removeprefix("torch.")


def _is_bool(x: Any) -> bool:
    return isinstance(x, bool) or (isinstance(x, Pair) and _dtype(x) == "bool")


def _tensor_args(args: tuple) -> list[Pair]:
    return [a for a in args if isinstance(a, Pair)]


# Known divergences of gradcompat.torch from torch 2.13, avoided by the random graphs while
# their reproductions (GAP_CASES, in live_gaps.py) still diverge: name -> predicate on
# (op name, args). Delete an entry and its reproductions once they pass.
KNOWN_GAPS: dict[str, Callable[[str, tuple], bool]] = {
}

# the reproductions in live_gaps.py behind each gap: a gap is avoided only while one of
# them still diverges
GAP_CASES: dict[str, tuple[str, ...]] = {}

# ops whose grad_fn name differs from torch's, with their reproductions
GRAD_FN_CASES: dict[str, tuple[str, ...]] = {}


def gap_open(cases: tuple[str, ...]) -> bool:
    from live_gaps import diverges
    return any(diverges(c) for c in cases)


def grad_fn_gap(name: str) -> bool:
    """Whether ``name``'s grad_fn names are a known gap still open."""
    return name in GRAD_FN_CASES and gap_open(GRAD_FN_CASES[name])


def known_gap(name: str, args: tuple) -> str | None:
    """The KNOWN_GAPS entry a step would hit, if any."""
    return next((gap for gap, hits in KNOWN_GAPS.items() if hits(name, args) and gap_open(GAP_CASES[gap])),
                None)


def _binary(symbol: str) -> Callable:
    import operator
    fn = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "**": operator.pow}[symbol]
    return lambda ns, a, b: fn(a, b)


@st.composite
def _second_operand(draw, a: Pair, pool: list[Pair]):
    kind = draw(st.sampled_from(["fresh", "fresh", "pool", "scalar"]))
    if kind == "scalar":
        return draw(scalars)
    if kind == "pool":
        return draw(st.sampled_from(pool))
    return draw(leaves(shape=draw(broadcastable(_shape(a)))))


def _binary_op(name: str, needs: tuple, fn: Callable) -> Op:
    @st.composite
    def draw_step(draw, a: Pair, pool: list[Pair]):
        b = draw(_second_operand(a, pool))
        args = (a, b) if draw(st.booleans()) else (b, a)
        return fn, args
    return Op(name, needs, draw_step)


def _unary_op(name: str) -> Op:
    @st.composite
    def draw_step(draw, a: Pair, pool: list[Pair]):
        if available(f"Tensor.{name}") and draw(st.booleans()):
            return (lambda ns, x: getattr(x, name)()), (a,)
        return (lambda ns, x: getattr(ns, name)(x)), (a,)
    return Op(name, (f"torch.{name}",), draw_step)


@st.composite
def _dims(draw, ndim: int, allow_tuple: bool = True):
    """None, one dim (negative at times) or a tuple of distinct dims."""
    if ndim == 0:
        return draw(st.sampled_from([None, 0, -1]))
    choice = draw(st.sampled_from(["none", "int", "tuple"] if allow_tuple else ["none", "int"]))
    if choice == "none":
        return None
    if choice == "int":
        return draw(st.integers(-ndim, ndim - 1))
    dims = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    return tuple(d - ndim if draw(st.booleans()) else d for d in dims)


def _reduction(name: str, allow_tuple: bool = True, needs_dim: bool = False) -> Op:
    @st.composite
    def draw_step(draw, a: Pair, pool: list[Pair]):
        dim = draw(_dims(len(_shape(a)), allow_tuple))
        if dim is None:
            if needs_dim:
                dim = 0 if draw(st.booleans()) else -1
            else:
                method = draw(st.booleans())
                return ((lambda ns, x: getattr(x, name)()) if method
                        else (lambda ns, x: getattr(ns, name)(x))), (a,)
        keepdim = draw(st.booleans())
        return (lambda ns, x: getattr(ns, name)(x, dim, keepdim=keepdim)), (a,)
    return Op(name, (f"torch.{name}",), draw_step)


@st.composite
def _matmul_step(draw, a: Pair, pool: list[Pair]):
    shape = _shape(a)
    n = shape[-1] if shape else 2
    other = draw(st.sampled_from([(n,), (n, 2), (1, n, 3), (2, n, 1)]))
    if draw(st.integers(0, 9)) == 0:
        other = draw(shapes(1, 3))  # usually a shape error
    b = draw(leaves(shape=other, dtype=_dtype(a) if draw(st.integers(0, 7)) else None))
    return (lambda ns, x, y: x @ y), (a, b)


@st.composite
def _getitem_step(draw, a: Pair, pool: list[Pair]):
    """Basic indexing: ints (in range), slices, None and at most one Ellipsis."""
    shape, index, dim = _shape(a), [], 0
    for _ in range(draw(st.integers(0, len(_shape(a)) + 1))):
        kind = draw(st.sampled_from(["int", "slice", "none", "all"]))
        if kind == "none" or dim >= len(shape):
            index.append(None)
            continue
        d = shape[dim]
        dim += 1
        if kind == "int":
            index.append(draw(st.integers(-d, d - 1)))
        elif kind == "slice":
            index.append(slice(draw(st.integers(-d, d)), draw(st.sampled_from([None, d, -1])),
                               draw(st.sampled_from([None, 1, 2]))))
        else:
            index.append(slice(None))
    if draw(st.booleans()):
        index.insert(draw(st.integers(0, len(index))), Ellipsis)
    key = tuple(index)
    return (lambda ns, x: x[key]), (a,)


@st.composite
def _transpose_step(draw, a: Pair, pool: list[Pair]):
    if len(_shape(a)) == 2 and draw(st.booleans()):
        return (lambda ns, x: x.T), (a,)
    return (lambda ns, x: x.t()), (a,)


def _shape_op(name: str, needs: tuple, make_args: Callable) -> Op:
    @st.composite
    def draw_step(draw, a: Pair, pool: list[Pair]):
        args = draw(make_args(_shape(a)))
        return (lambda ns, x: getattr(x, name)(*args)), (a,)
    return Op(name, needs, draw_step)


def _cast_step(method: str) -> Op:
    def draw_step(a: Pair, pool: list[Pair]):
        return st.just(((lambda ns, x: getattr(x, method)()), (a,)))
    return Op(method, (f"Tensor.{method}",), draw_step)


UNARY = ["exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "sqrt", "rsqrt", "abs", "neg",
         "log1p", "log2", "expm1", "sign", "floor", "ceil", "round", "reciprocal", "square", "erf"]

OPS: list[Op] = [
    _binary_op("add", (), _binary("+")),
    _binary_op("sub", (), _binary("-")),
    _binary_op("mul", (), _binary("*")),
    _binary_op("div", (), _binary("/")),
    _binary_op("pow", (), _binary("**")),
    _binary_op("torch.add", ("torch.add",), lambda ns, a, b: ns.add(a, b) if hasattr(a, "shape") else ns.add(b, a)),
    _binary_op("torch.mul", ("torch.mul",), lambda ns, a, b: ns.mul(a, b) if hasattr(a, "shape") else ns.mul(b, a)),
    _binary_op("maximum", ("torch.maximum",), lambda ns, a, b: ns.maximum(a, ns.as_tensor(b))),
    _binary_op("minimum", ("torch.minimum",), lambda ns, a, b: ns.minimum(a, ns.as_tensor(b))),
    *[_unary_op(name) for name in UNARY],
    _reduction("sum"), _reduction("mean"), _reduction("amax"), _reduction("amin"),
    _reduction("prod", allow_tuple=False), _reduction("logsumexp", needs_dim=True),
    _reduction("std"), _reduction("var"),
    Op("matmul", (), _matmul_step),
    Op("getitem", (), _getitem_step),
    Op("transpose", ("Tensor.t",), _transpose_step),
    _shape_op("reshape", ("Tensor.reshape",), lambda s: st.just((tuple(reversed(s)) or (1,)),)),
    _shape_op("flatten", ("Tensor.flatten",), lambda s: st.just(())),
    _shape_op("unsqueeze", ("Tensor.unsqueeze",), lambda s: st.tuples(st.integers(-len(s) - 1, len(s)))),
    _shape_op("squeeze", ("Tensor.squeeze",), lambda s: st.tuples(st.integers(-len(s), max(len(s) - 1, 0)))),
    _shape_op("permute", ("Tensor.permute",), lambda s: st.permutations(range(len(s))).map(tuple)),
    _cast_step("double"), _cast_step("float"), _cast_step("long"),
]


# ops checked against torch and passing (minus KNOWN_GAPS); other available ops are drawn
# only with GRADCOMPAT_LIVE_ALL_OPS=1, so an op that lands does not break the suite before
# its divergences are fixed or listed in KNOWN_GAPS
VERIFIED = {"add", "sub", "mul", "div", "pow", "torch.add", "torch.mul", "exp", "log", "sin", "cos", "neg",
            "sum", "mean", "matmul", "getitem", "transpose", "double", "float", "long",
            "maximum", "minimum", *UNARY, "amax", "amin", "prod", "logsumexp", "std", "var",
            "reshape", "flatten", "unsqueeze", "squeeze", "permute"}


def available_ops() -> list[Op]:
    every = bool(os.environ.get("GRADCOMPAT_LIVE_ALL_OPS"))
    return [op for op in OPS if op.available and (every or op.name in VERIFIED)]


@st.composite
def steps(draw, pool: list[Pair]):
    """One random op applied to a random operand from ``pool``: ``(name, fn, args)``."""
    op = draw(st.sampled_from(available_ops()))
    a = draw(st.sampled_from(pool))
    fn, args = draw(op.draw(a, pool))
    assume(known_gap(op.name, args) is None)
    return op.name, fn, args
