"""The structural compile cache.

Keys are ``(function, static attributes, input shapes and dtypes)``: never values, so a
training loop that repeats one structure compiles it once. A key compiles at its first
sight and later sights run the executable. Running a first sight uncompiled instead
(op by op) is slower, not faster: JAX then compiles one small executable per primitive
and shape, and a whole program (a training step, a vjp) compiles in less time than its
primitives one by one.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
import threading
import time
from typing import Any, Callable, Sequence

import jax
import numpy as np


@dataclasses.dataclass
class CacheInfo:
    """Counts since start (or ``clear_cache``): lookups that found an entry, lookups that
    did not, compilations, and seconds spent compiling (first compiled call included).

    Then the guarded replay of traced steps (``torch.compile``; see ``ReplayInfo``): calls of
    such functions, calls replayed without their Python, first traces, re-traces after a
    guard failed, and calls that ran their Python because the step cannot be replayed."""

    hits: int = 0
    misses: int = 0
    compiles: int = 0
    compile_seconds: float = 0.0
    entries: int = 0
    replay_calls: int = 0
    replays: int = 0
    traces: int = 0
    retraces: int = 0
    unreplayable: int = 0


@dataclasses.dataclass
class ReplayInfo:
    """Counts since start (or ``clear_cache``) of a dialect's guarded replay (``torch.compile``):
    calls of compiled functions, calls replayed without their Python, first traces, re-traces
    after a guard failed, and calls that ran their Python because the function cannot be
    replayed (it read a value, drew random numbers, ...). The dialect increments them."""

    calls: int = 0
    replays: int = 0
    traces: int = 0
    retraces: int = 0
    unreplayable: int = 0


replay_info = ReplayInfo()  # the live counters (one set for the process, as Dynamo's)


_lock = threading.Lock()
_entries: dict[tuple, Callable] = {}
_info = CacheInfo()
_notice_after: float | None = 2.0  # seconds of compiling before saying so on stderr


def set_compile_notice(seconds: float | None) -> None:
    """Say on stderr when an XLA compilation has run ``seconds`` (None: never), so that a long
    compile in a notebook or a script is visible instead of silent. The default is 2 s."""
    global _notice_after
    _notice_after = seconds


@contextlib.contextmanager
def _compile_notice(fn: Callable):
    after, name = _notice_after, getattr(fn, "__name__", "a program")
    if after is None:
        yield
        return
    start, said = time.perf_counter(), threading.Event()

    def say() -> None:
        said.set()
        print(f"gradcompat: compiling {name} with XLA ...", file=sys.stderr, flush=True)

    timer = threading.Timer(after, say)
    if after <= 0:
        say()
    else:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if said.is_set():
            print(f"gradcompat: compiled {name} in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


_UNCACHEABLE = object()  # an entry whose program cannot be reused (see ``call``)


def _signature(values: Sequence[Any]) -> tuple:
    # computed on every call of a compiled step: arrays take the short way (read once each)
    signature = []
    for v in values:
        try:
            signature.append((v.shape, v.dtype))
        except AttributeError:  # Python numbers, and the tuple value of a multi-output op
            signature.append(_signature(v) if isinstance(v, tuple)
                             else (np.shape(v), v.dtype if hasattr(v, "dtype") else np.result_type(v)))
    return tuple(signature)


_IN_PYTHON: set[Callable] = set()


def runs_in_python(fn: Callable) -> Callable:
    """Mark a program runner that is called as it is, not compiled whole: it compiles its own
    parts through ``call`` (the segmented backward of a deep graph)."""
    _IN_PYTHON.add(fn)
    return fn


def _key(fn: Callable, static: tuple, values: Sequence[Any], donate: tuple[int, ...]) -> tuple:
    key = (fn, static, _signature(values))
    return key + (donate,) if donate else key  # a donating executable is a twin of its own


def compiled(fn: Callable, static: tuple, values: Sequence[Any], donate: tuple[int, ...] = ()) -> bool:
    """Whether ``call(fn, static, values, donate)`` would find its executable compiled already."""
    key = _key(fn, static, values, donate)
    with _lock:
        return key in _entries


def call(fn: Callable, static: tuple, values: Sequence[Any], donate: tuple[int, ...] = ()):
    """``fn(*values, **static)`` by the executable compiled for its structure (compiled now
    at the structure's first sight).

    ``donate``: positions of ``values`` whose buffers the program may reuse for its results
    (JAX's ``donate_argnums``: XLA writes an output of the same shape and dtype into them, no
    fresh buffer). Those arrays are deleted by the call, so the caller must know that nothing
    else reads them (``core.donation`` decides this for a replayed step). The donating
    executable is compiled once per structure and donated positions, beside the plain one."""
    if fn in _IN_PYTHON:
        return fn(*values, **dict(static))
    key = _key(fn, static, values, donate)
    with _lock:
        compiled = _entries.get(key)
        if compiled is None:
            _info.misses += 1
        else:
            _info.hits += 1
    if compiled is not None:
        if compiled is _UNCACHEABLE:
            return fn(*values, **dict(static))
        try:
            return compiled(*values)
        except ValueError as e:
            # the program read state while it was traced (a traced custom backward drawing random
            # numbers): its executable takes other arguments at each trace, so run it uncompiled
            if "compiled program expected" not in str(e):
                raise
            with _lock:
                _entries[key] = _UNCACHEABLE
            return fn(*values, **dict(static))
    compiled = jax.jit(functools.partial(fn, **dict(static)), donate_argnums=donate)
    start = time.perf_counter()
    with _compile_notice(fn):
        result = jax.block_until_ready(compiled(*values))
    with _lock:
        _info.compiles += 1
        _info.compile_seconds += time.perf_counter() - start
        _entries[key] = compiled
    return result


def call_many(fn: Callable, static: tuple, values: Sequence[Any]):
    """``call`` for a program of many arguments run many times (a deep graph's backward runs
    hundreds of segments of 100-200 arguments): keyed by ``(fn, static)`` alone, so the
    arguments' shapes are checked by ``jax.jit`` in C++ instead of read into a signature in
    Python at every call. A compile for new shapes is counted as ``call`` counts its own."""
    key = (fn, static)
    with _lock:
        run = _entries.get(key)
        if run is None:
            run = _entries[key] = jax.jit(functools.partial(fn, **dict(static)))
    if run is _UNCACHEABLE:
        return fn(*values, **dict(static))
    size = run._cache_size()
    start = time.perf_counter()
    try:
        if size:  # compiled for some shapes: these ones, unless the executable cache grows
            result = run(*values)
        else:
            with _compile_notice(fn):
                result = jax.block_until_ready(run(*values))
    except ValueError as e:  # a program that read state while traced (see ``call``)
        if "compiled program expected" not in str(e):
            raise
        with _lock:
            _entries[key] = _UNCACHEABLE
        return fn(*values, **dict(static))
    compiled = run._cache_size() != size
    with _lock:
        if compiled:
            _info.misses += 1
            _info.compiles += 1
            _info.compile_seconds += time.perf_counter() - start
        else:
            _info.hits += 1
    return result


_DISK = [0, 0]  # JAX's persistent compilation cache: hits, misses (its monitoring events)
_HIT, _MISS = "/jax/compilation_cache/cache_hits", "/jax/compilation_cache/cache_misses"


def _on_event(event: str, **_) -> None:
    if event == _HIT:
        _DISK[0] += 1
    elif event == _MISS:
        _DISK[1] += 1


jax.monitoring.register_event_listener(_on_event)


def compile_clock() -> tuple[float, int, int]:
    """Where compiling stands now (seconds compiled, persistent-cache hits and misses): give it
    to ``cold_seconds`` after some work to learn what that work compiled from scratch."""
    return _info.compile_seconds, _DISK[0], _DISK[1]


def cold_seconds(before: "tuple[float, int, int] | None") -> float:
    """The seconds spent compiling from scratch since ``before`` (a ``compile_clock()``): 0 when
    nothing compiled or all of it was read from JAX's persistent cache (which then likely holds
    a twin of the same program too, from an earlier run)."""
    if before is None:
        return 0.0
    seconds = _info.compile_seconds - before[0]
    hits, misses = _DISK[0] - before[1], _DISK[1] - before[2]
    return seconds if seconds > 0 and (misses or not hits) else 0.0


def cache_info() -> CacheInfo:
    """A snapshot of the compile cache's statistics."""
    with _lock:
        r = replay_info
        return dataclasses.replace(_info, entries=len(_entries), replay_calls=r.calls, replays=r.replays,
                                   traces=r.traces, retraces=r.retraces, unreplayable=r.unreplayable)


def clear_cache() -> None:
    with _lock:
        _entries.clear()
        for field in dataclasses.fields(CacheInfo):
            setattr(_info, field.name, field.default)
        for field in dataclasses.fields(ReplayInfo):
            setattr(replay_info, field.name, field.default)
