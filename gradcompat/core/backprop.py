"""Reverse accumulation over a recorded program whose forward values are given.

``autodiff.vjp_apply`` applies ``jax.vjp`` to the whole replayed program, which computes the
forward pass again inside the gradient program. When the forward values are known (eager
execution computed them) or computed by the same program (a deferred step), the backward
pass can instead pull each equation's cotangent back through ``jax.vjp`` of that equation
alone, at its given inputs, as a tape-based autograd does: XLA then drops the forward work
no pullback needs (a matmul's output), and the step does its forward pass once.
"""
from __future__ import annotations

import functools
import hashlib
from itertools import chain
import operator

import jax
import jax.numpy as jnp
import numpy as np

from jax._src.array import ArrayImpl

from . import cache, eager, host, residuals
from .graph import getitem
from .program import Program


def _is_float0(x) -> bool:
    return getattr(x, "dtype", None) == jax.dtypes.float0


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if type(a) in _ARRAYS and type(b) in _ARRAYS:  # two concrete arrays (a pass in Python)
        summed = _host_add(a, b)
        if summed is not None:
            return summed
    if isinstance(a, dict) and isinstance(b, dict):  # cotangents of selected outputs
        return {i: _add(a.get(i), b.get(i)) for i in a.keys() | b.keys()}
    if isinstance(a, dict):  # selected outputs meet a cotangent of the whole value
        a = _full(a, b)
    if isinstance(b, dict):
        b = _full(b, a)
    return jax.tree.map(lambda x, y: x if _is_float0(x) else x + y, a, b)


_ARRAYS = (np.ndarray, ArrayImpl)
_FLOAT0 = jax.dtypes.float0
_LEAF = jax.tree.structure(0)  # the pytree structure of one array


_READS_VALUE: dict = {}  # kernel -> whether its pullback reads the op's value (core.residuals)


def _reads_value(fn) -> bool:
    found = _READS_VALUE.get(fn)
    if found is None:
        found = residuals.value_pullback(fn) is not None
        if len(_READS_VALUE) < 4096:
            _READS_VALUE[fn] = found
    return found


def _host_add(a, b):
    """``a + b`` on the host (``core.host``) when both are small host arrays of one shape and
    dtype: the gradients a Python pullback sends one input, summed without an XLA dispatch each
    (the same bits: IEEE addition); None otherwise."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return None
    values = host.host_values((a, b))
    return None if values is None else host.run(_np_add, values, ())


def _np_add(values, static):
    return np.add(values[0], values[1])


def _full(selected: dict, like: tuple) -> tuple:
    return tuple(selected[i] if i in selected else jax.tree.map(jnp.zeros_like, v) for i, v in enumerate(like))


def _pullback(fn, static, args, g):
    """The cotangents of ``args``. ``g`` is a dict when only some outputs of a multi-output
    op received one: the others then stay symbolic zeros, as in a whole-program jax.vjp
    (a custom gradient sees None for them, as torch's ``set_materialize_grads(False)``)."""
    used = tuple(sorted(g)) if isinstance(g, dict) else None
    if used is not None:
        g = tuple(g[i] for i in used)
    kernel = _cached_pullback(fn, static, used)
    if kernel is not None:
        return kernel(tuple(args), g)
    return _plain_pullback(tuple(args), g, fn=fn, static=static, used=used)


def _plain_pullback(args, g, *, fn, static, used):
    if used is not None:
        fn, static = functools.partial(_selected_outputs, fn=fn, static=static, used=used), ()
    _, pullback = jax.vjp(functools.partial(fn, **dict(static)), *args)
    return pullback(g)


def _cached_pullback(fn, static, used):
    """One ``jax.jit`` per (kernel, static attributes, selected outputs): tracing ``jax.vjp``
    of an op costs milliseconds, and a jitted pullback is traced once per input shapes, then
    reused by every program that pulls back through that op (XLA inlines it). Only for
    kernels whose static attributes are plain data: an object among them (a custom Function)
    may run Python that must be seen at every trace."""
    try:
        return _pullback_kernel(fn, static, used)
    except TypeError:  # unhashable static attributes
        return None


@functools.lru_cache(maxsize=4096)
def _pullback_kernel(fn, static, used):
    if fn in eager._DIRECT or not eager._plain(static):
        return None
    return jax.jit(functools.partial(_plain_pullback, fn=fn, static=static, used=used))


def _selected_outputs(*xs, fn, static, used):
    out = fn(*xs, **dict(static))
    return tuple(out[i] for i in used)


def _zero_cotangent(x):
    if jnp.issubdtype(jnp.result_type(x), jnp.inexact):
        return jnp.zeros_like(x)
    return np.zeros(np.shape(x), jax.dtypes.float0)  # what jax.vjp gives integer inputs


def backprop_apply(*values, program: Program, n_wrt: int):
    """Cotangent-weighted gradients of ``program`` with respect to its first ``n_wrt`` inputs
    (the same as ``vjp_apply``'s). ``values`` are the program's inputs, then the value of each
    of its equations, then the cotangents of its outputs."""
    n, m = program.n_inputs, len(program.eqns)
    env, cotangents = values[:n + m], values[n + m:]
    acc: list = [None] * (n + m)
    for ref, c in zip(program.out_refs, cotangents):
        acc[ref] = _add(acc[ref], c)
    _pull_range(program.eqns, env, acc, range(m), n, lambda ref: ref < n_wrt or ref >= n)  # other inputs need no gradient
    return tuple(acc[i] if acc[i] is not None else _zero_cotangent(values[i]) for i in range(n_wrt))


def _pull_range(eqns, env, acc, ks, offset: int, wanted) -> None:
    """Pull the cotangents in ``acc`` back through equations ``ks`` (in reverse), equation k's
    value sitting at ``offset + k`` of ``env`` / ``acc``; ``wanted(ref)`` says whether the
    argument at ``ref`` receives a gradient."""
    for k in reversed(ks):
        g = acc[offset + k]
        if g is None or all(_is_float0(leaf) for leaf in jax.tree.leaves(g)):
            continue
        fn, static, refs = eqns[k]
        if fn is getitem and isinstance(env[refs[0]], tuple):  # one output of a multi-output op
            acc[refs[0]] = _add(acc[refs[0]], {dict(static)["index"]: g})
            continue
        from_value = residuals.value_pullback(fn)  # the op's value holds its vjp residuals
        grads = (from_value(static, [env[r] for r in refs], env[offset + k], g) if from_value is not None
                 else _pullback(fn, static, [env[r] for r in refs], g))
        for ref, gi in zip(refs, grads):
            if wanted(ref):
                acc[ref] = _add(acc[ref], gi)


# Deep graphs (an RNN unrolled over thousands of steps, a long accumulation loop): one program
# of the whole backward pass takes XLA minutes to compile, superlinearly in its size. Past
# ``SEGMENT_THRESHOLD`` equations the pass runs as a sequence of segments of at most
# ``SEGMENT_SIZE`` equations, each one compiled program keyed by its structure relative to
# itself, so that the identical segments of a loop compile once. Cut points are chosen by the
# local structure (content-defined, see ``_segments``), so a loop's segments line up with its
# iterations whatever the iteration's length.
# Measured on a chain of tanh/mul/add (CPU seconds, first call with its compile / steady call):
# 400 equations whole 1.03 / 0.0037, segmented 0.58 / 0.0045; 1,200 whole 6.9 / 0.0098,
# segmented 0.62 / 0.0126. A whole program is faster once compiled (a training step that repeats)
# but its compile grows superlinearly; past about 600 equations it costs more than it saves.
SEGMENT_THRESHOLD = 600
SEGMENT_SIZE = 128
_WINDOW = 24  # half-width of the window in which a cut point is the smallest hash
_NEAR = 64  # relative references up to this distance shape an equation's hash


class Segment:
    """The structure of one backward segment, relative to itself (a compile-cache key).

    Local references: ``j >= 0`` is the segment's j-th outside value (in order of first use),
    ``~k`` its own k-th equation. ``own_used``: own equations whose values the pullbacks read;
    ``incoming``: own equations that receive a cotangent from later ones, with the pytree
    structure of each; ``wanted``: which outside values receive a gradient; ``carried``: the
    wanted outside values whose gradient so far (one array each) comes in, to be returned with
    this segment's part added (a weight used at every step of a loop: its running sum stays in
    the compiled programs instead of costing an addition of its own per segment)."""

    __slots__ = ("n_outside", "eqns", "own_used", "incoming", "wanted", "carried", "_hash")

    def __init__(self, n_outside: int, eqns: tuple, own_used: tuple, incoming: tuple, wanted: tuple,
                 carried: tuple = ()):
        self.n_outside, self.eqns, self.own_used = n_outside, eqns, own_used
        self.incoming, self.wanted, self.carried = incoming, wanted, carried
        self._hash = hash((n_outside, eqns, own_used, incoming, wanted, carried))

    def _key(self) -> tuple:
        return self.n_outside, self.eqns, self.own_used, self.incoming, self.wanted, self.carried

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return isinstance(other, Segment) and self._hash == other._hash and self._key() == other._key()

    def __repr__(self) -> str:
        return f"Segment(outside={self.n_outside}, eqns={len(self.eqns)})"


def segment_apply(*flat, segment: Segment):
    """The gradients one segment sends to its outside values (None where none reached; with the
    carried gradient added where one came in). ``flat``: the outside values, the own values in
    ``own_used``, the leaves of the incoming cotangents, then the carried gradients."""
    seg = segment
    n_out, m = seg.n_outside, len(seg.eqns)
    env: list = [None] * (n_out + m)
    env[:n_out] = flat[:n_out]
    pos = n_out
    for k in seg.own_used:
        env[n_out + k] = flat[pos]
        pos += 1
    acc: list = [None] * (n_out + m)
    for k, treedef in seg.incoming:
        leaves = flat[pos:pos + treedef.num_leaves]
        pos += treedef.num_leaves
        acc[n_out + k] = jax.tree.unflatten(treedef, leaves)
    eqns = tuple((fn, static, tuple(r if r >= 0 else n_out + ~r for r in refs)) for fn, static, refs in seg.eqns)
    wanted = seg.wanted
    _pull_range(eqns, env, acc, range(m), n_out, lambda ref: ref >= n_out or wanted[ref])
    for j, carried in zip(seg.carried, flat[pos:]):  # the sum so far first, as _add(acc[r], g) outside
        acc[j] = _add(carried, acc[j])
    return tuple(acc[j] for j in range(n_out) if wanted[j])


# Ops whose pullback runs as Python between the compiled segments of an eager pass (a custom
# autograd.Function's backward, run as its framework runs it: plain Python on the gradient in
# hand): fn -> (applies(node) -> bool, pull(node, cotangent) -> the cotangents of node.inputs,
# None where none). The dialect says per node whether it applies now.
_PYTHON_PULLBACKS: dict = {}
_first = operator.itemgetter(0)
_fn_of, _static_of, _refs_of, _second = (operator.itemgetter(0), operator.itemgetter(1),
                                        operator.itemgetter(2), operator.itemgetter(1))


def register_python_pullback(fn, applies, pull) -> None:
    """Run the pullback of ``fn``'s ops for which ``applies(node)`` holds as ``pull(node, g)`` in
    Python, in an eager backward pass (see ``python_pullbacks``)."""
    _PYTHON_PULLBACKS[fn] = (applies, pull)


class PythonPullbacks(dict):
    """Equation index -> (node, pull) for the equations of a program whose pullback runs as
    Python (a static attribute of ``backprop_segments``, compared by identity)."""

    __hash__ = object.__hash__

    def __eq__(self, other) -> bool:
        return self is other


def python_pullbacks(eqns, computed) -> PythonPullbacks | None:
    """The equations among ``eqns`` (computing the nodes ``computed``) whose pullback runs as
    Python now; None if none."""
    if not _PYTHON_PULLBACKS or _PYTHON_PULLBACKS.keys().isdisjoint(map(_first, eqns)):
        return None
    found = PythonPullbacks()
    get = _PYTHON_PULLBACKS.get
    for k, eqn in enumerate(eqns):
        entry = get(eqn[0])
        if entry is not None and entry[0](computed[k]):
            found[k] = (computed[k], entry[1])
    return found or None


def _cut_at(bounds: list[tuple[int, int]], python: PythonPullbacks) -> list[tuple[int, int]]:
    """``bounds`` with each equation of ``python`` a range of its own."""
    out = []
    for lo, hi in bounds:
        start = lo
        for k in sorted(k for k in python if lo <= k < hi):
            if k > start:
                out.append((start, k))
            out.append((k, k + 1))
            start = k + 1
        if start < hi:
            out.append((start, hi))
    return out


def _leads(eqns, n: int, n_wrt: int) -> list[bool]:
    """For each equation, whether its value depends on one of the first ``n_wrt`` inputs: a
    Python pullback runs only where its gradients lead somewhere (a compiled program drops the
    others' work; a Python one would run them, with their side effects)."""
    leads: list[bool] = []
    for _, _, refs in eqns:
        leads.append(any(r < n_wrt or (r >= n and leads[r - n]) for r in refs))
    return leads


def _pull_in_python(eqns, env, acc, lo: int, hi: int, n: int, n_wrt: int, python: PythonPullbacks,
                    leads: list[bool]) -> bool:
    """Pull equations ``[lo, hi)`` back in Python when that range is one equation of ``python``
    or only selections of a multi-output op's outputs (nothing to compile); whether it did."""
    def wanted(ref: int) -> bool:
        return ref < n_wrt or ref >= n
    entry = python.get(lo) if hi == lo + 1 else None
    if entry is None:
        fn, static, refs = eqns[lo]
        if hi == lo + 1 and fn is getitem and isinstance(env[refs[0]], tuple):  # one output of a Python one
            g = acc[n + lo]
            if g is not None and not _is_float0(g):
                acc[refs[0]] = _add(acc[refs[0]], {dict(static)["index"]: g})
            return True
        if all(eqns[k][0] is getitem and isinstance(env[eqns[k][2][0]], tuple) for k in range(lo, hi)):
            _pull_range(eqns, env, acc, range(lo, hi), n, wanted)
            return True
        return False
    g = acc[n + lo]
    if g is None or not leads[lo] or all(_is_float0(leaf) for leaf in (g.values() if type(g) is dict else jax.tree.leaves(g))):
        return True
    node, pull = entry
    for ref, gi in zip(eqns[lo][2], pull(node, g)):
        if gi is not None and wanted(ref):
            acc[ref] = _add(acc[ref], gi)
    return True


_STABLE_KEPT = 65536  # (kernel, static attributes) pairs remembered by ``_stable_id``
_stable_by_id: dict = {}  # (fn, id(static)) -> (static, its stable id): the entry keeps static alive
_stable_by_content: dict = {}  # (fn, static) -> stable id, for hashable static attributes


def _stable_text(x) -> str:
    """A text for ``x`` that is the same in every process (no ids, no randomized hashes): plain
    data by value, containers by their elements, functions and types by module and qualified
    name, any other object by its type's."""
    if x is None or isinstance(x, (bool, int, float, complex, str, bytes)):
        return f"{type(x).__name__}:{x!r}"
    if isinstance(x, (tuple, list)):
        return "(" + ",".join(map(_stable_text, x)) + ")"
    if isinstance(x, (frozenset, set)):
        return "{" + ",".join(sorted(map(_stable_text, x))) + "}"
    if isinstance(x, dict):
        return "{" + ",".join(sorted(f"{_stable_text(k)}:{_stable_text(v)}" for k, v in x.items())) + "}"
    if isinstance(x, slice):
        return "slice" + _stable_text((x.start, x.stop, x.step))
    if isinstance(x, np.dtype):
        return f"dtype:{x}"
    if isinstance(x, np.ndarray):
        return f"ndarray:{x.dtype}:{x.shape}"
    if isinstance(x, type) or callable(x) and hasattr(x, "__qualname__"):
        return f"{getattr(x, '__module__', '')}.{x.__qualname__}"
    return f"<{type(x).__module__}.{type(x).__qualname__}>"


def _stable_id(fn, static) -> int:
    """A 63-bit integer for ``(fn, static)`` that every process computes alike (a function's
    hash is its address, a string's is randomized per process): cut points chosen from it are a
    function of the graph's structure alone, and so are the gradients' last bits. Memoized by
    identity (a graph's ops share their static tuples), then by content."""
    key = (fn, id(static))
    found = _stable_by_id.get(key)
    if found is not None:
        return found[1]
    try:
        stable = _stable_by_content.get((fn, static))
    except TypeError:  # unhashable static attributes
        stable, hashable = None, False
    else:
        hashable = True
    if stable is None:
        text = _stable_text(fn) + "|" + _stable_text(static)
        stable = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") >> 1
        if hashable:
            if len(_stable_by_content) >= _STABLE_KEPT:
                _stable_by_content.clear()
            _stable_by_content[(fn, static)] = stable
    if len(_stable_by_id) >= _STABLE_KEPT:
        _stable_by_id.clear()
    _stable_by_id[key] = (static, stable)
    return stable


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constants (splitmix64's)
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _structure_hashes(n: int, eqns) -> np.ndarray:
    """For each equation, a 64-bit hash of its kernel and static attributes (``_stable_id``) and
    of its references relative to itself (an own one up to _NEAR back by its distance, a farther
    one or an input alike): integer arithmetic only, the same in every process, and vectorized
    (a deep graph has tens of thousands of equations)."""
    m = len(eqns)
    entries = list(map(_stable_by_id.get, zip(map(_fn_of, eqns), map(id, map(_static_of, eqns)))))
    for k, entry in enumerate(entries):
        if entry is None:  # the first sight of a (kernel, static attributes) pair
            fn, static, _ = eqns[k]
            entries[k] = (static, _stable_id(fn, static))
    h = np.fromiter(map(_second, entries), np.uint64, m)
    lens = np.fromiter(map(len, map(_refs_of, eqns)), np.int64, m)
    refs = np.fromiter(chain.from_iterable(map(_refs_of, eqns)), np.int64)
    if refs.size:
        owner = np.repeat(np.arange(m), lens)  # the equation each reference belongs to
        back = owner + n - refs  # how many equations back an own reference is
        rel = np.where(refs >= n, np.where(back <= _NEAR, back, -1), -2).view(np.uint64)
        position = np.arange(refs.size) - np.repeat(np.cumsum(lens) - lens, lens)
        weighted = rel * ((position.astype(np.uint64) + np.uint64(1)) * _MIX)
        np.add.at(h, owner, weighted)
    h ^= h >> np.uint64(30)
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    h ^= h >> np.uint64(31)
    return h


def _segments(program: Program) -> list[tuple[int, int]]:
    """Equation ranges ``[lo, hi)`` of at most SEGMENT_SIZE, cut where the local structure says
    (the smallest hash of its window), so that repeated structure is cut alike. The hashes are
    of integers only (``_stable_id`` and relative references), the same in every process."""
    n, eqns = program.n_inputs, program.eqns
    m = len(eqns)
    hashes = _structure_hashes(n, eqns).view(np.int64)
    w = 2 * _WINDOW + 1
    padded = np.concatenate([np.full(_WINDOW, np.iinfo(np.int64).max), hashes, np.full(_WINDOW, np.iinfo(np.int64).max)])
    window_min = np.lib.stride_tricks.sliding_window_view(padded, w).min(axis=1)
    cuts = [int(k) for k in np.flatnonzero(hashes == window_min) if k > 0]
    bounds, lo, last = [], 0, 0
    for cut in [*cuts, m]:
        # pieces between cuts are packed into segments of at most SEGMENT_SIZE equations
        if cut - lo > SEGMENT_SIZE:
            if last > lo:
                bounds.append((lo, last))
                lo = last
            while cut - lo > SEGMENT_SIZE:
                bounds.append((lo, lo + SEGMENT_SIZE))
                lo += SEGMENT_SIZE
        last = cut
    if lo < m:
        bounds.append((lo, m))
    return bounds


@cache.runs_in_python
def backprop_segments(*values, program: Program, n_wrt: int, python: PythonPullbacks | None = None):
    """``backprop_apply`` computed segment by segment (see SEGMENT_THRESHOLD): the same
    gradients, from programs of bounded size whose executables repeat along a loop. The
    equations of ``python`` pull back in Python between segments (see ``python_pullbacks``)."""
    n, m = program.n_inputs, len(program.eqns)
    env, cotangents = values[:n + m], values[n + m:]
    if any(isinstance(v, jax.core.Tracer) for v in jax.tree.leaves(cotangents)):
        return backprop_apply(*values, program=program, n_wrt=n_wrt)  # inside a trace: one program
    acc: list = [None] * (n + m)
    for ref, c in zip(program.out_refs, cotangents):
        acc[ref] = _add(acc[ref], c)
    eqns = program.eqns
    bounds = _segments(program) if python is None else _cut_at(_segments(program), python)
    leads = _leads(eqns, n, n_wrt) if python is not None else None
    for lo, hi in reversed(bounds):
        if python is not None and _pull_in_python(eqns, env, acc, lo, hi, n, n_wrt, python, leads):
            continue
        top = n + lo
        incoming, in_leaves = [], []
        for k, g in enumerate(acc[top:n + hi]):
            if g is None:
                continue
            if type(g) in _ARRAYS:  # the common case, one array: its own pytree
                if g.dtype == _FLOAT0:
                    continue
                incoming.append((k, _LEAF))
                in_leaves.append(g)
                continue
            leaves, treedef = jax.tree.flatten(g)
            if all(_is_float0(leaf) for leaf in leaves):
                continue
            incoming.append((k, treedef))
            in_leaves.extend(leaves)
        if not incoming:
            continue
        # local references: an outside value by its order of first use, an own equation k as ~k
        outside: dict[int, int] = {}
        first_use, reads = outside.setdefault, _READS_VALUE.get
        local_eqns, own_used = [], set()
        for k, (fn, static, refs) in enumerate(eqns[lo:hi]):
            local_eqns.append((fn, static, tuple([~(r - top) if r >= top else first_use(r, len(outside)) for r in refs])))
            value_read = reads(fn)
            if value_read is None:
                value_read = _reads_value(fn)
            if value_read:  # its pullback reads its own value
                own_used.add(k)
        own_used.update([~r for eqn in local_eqns for r in eqn[2] if r < 0])
        out_refs = list(outside)
        own = tuple(sorted(own_used))
        wanted = tuple(r < n_wrt or r >= n for r in out_refs)
        carried, carried_values, carried_refs = [], [], set()
        for j, r in enumerate(out_refs):
            a = acc[r]
            if a is not None and wanted[j] and type(a) in _ARRAYS and a.dtype != _FLOAT0:
                carried.append(j)
                carried_values.append(a)
                carried_refs.add(r)
        segment = Segment(len(out_refs), tuple(local_eqns), own, tuple(incoming), wanted, tuple(carried))
        flat = [*(env[r] for r in out_refs), *(env[top + k] for k in own), *in_leaves, *carried_values]
        grads = cache.call_many(segment_apply, (("segment", segment),), flat)
        for r, g in zip((r for r, w in zip(out_refs, wanted) if w), grads):
            if g is not None:
                acc[r] = g if r in carried_refs else _add(acc[r], g)
    return tuple(acc[i] if acc[i] is not None else _zero_cotangent(values[i]) for i in range(n_wrt))
