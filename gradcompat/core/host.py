"""Tiny elementwise ops on the host, in numpy, instead of an XLA dispatch.

An XLA dispatch costs ~10 us however small its arrays, and every live result is a device
buffer the garbage collector tracks; numpy adds two 1-element arrays in under 1 us, into an
untracked array. Deep chains of scalar-sized ops (a loss accumulated in Python, torch's deep
graph tests) spend nearly all their time there.

A kernel runs on the host only through a *twin* its dialect registers (``register``): a numpy
function of the same arguments giving the same bits. Twins exist only for ops that IEEE
arithmetic defines exactly (add, subtract, multiply, divide, negate, compare), where numpy and
XLA's CPU kernels round alike, and for a whole sum of a short vector, which XLA's CPU kernel adds
left to right (a cumulative sum; tests check the order against XLA). One known difference: XLA's CPU kernels flush subnormal numbers to zero and
numpy keeps them, as PyTorch's CPU kernels do; a host op therefore keeps a subnormal result that
the same op on a larger array would flush.

The lane is taken only when every input is small (``LIMIT`` elements at most), of a dtype the
twins support, and lives on the host: a numpy array (a result of this lane), or an uncommitted
JAX array when JAX's default device is the CPU. Results are read-only numpy arrays: a node's
value never changes under the graph that holds it.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import jax
import numpy as np
from jax._src.array import ArrayImpl
from jax._src.config import default_device as _DEFAULT_DEVICE

LIMIT = 16  # elements: above this a vectorized XLA kernel starts to pay for its dispatch

_TWINS: dict[Callable, Callable] = {}
_DTYPES = frozenset(map(np.dtype, ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8")))
_CPU_DEFAULT: list[bool] = []  # [whether JAX's default device is a CPU], once asked


_NP_DTYPES = {d.name: d for d in _DTYPES} | {"bool": np.dtype(bool)}  # the dtypes a twin may compute in

# the exactly rounded binary ops, by numpy's names (a dialect maps its own op names onto these)
EXACT_BINARY = {name: getattr(np, name) for name in
                ("add", "subtract", "multiply", "true_divide",
                 "equal", "not_equal", "less", "less_equal", "greater", "greater_equal")}


def np_dtype(name: str) -> np.dtype | None:
    """The numpy dtype named ``name`` if a twin may compute in it, else None."""
    return _NP_DTYPES.get(name)


def cast_apply(ufunc: Callable, values: Sequence[np.ndarray], dtype: str) -> np.ndarray | None:
    """``ufunc`` of ``values`` each first cast to ``dtype`` (only where its dtype differs): the twin
    of a kernel that casts its inputs and applies one exactly rounded op. None (decline) for a
    dtype the lane does not compute in."""
    target = _NP_DTYPES.get(dtype)
    if target is None:
        return None
    return ufunc(*[v if v.dtype is target else v.astype(target) for v in values])


def register(kernel: Callable, twin: Callable) -> None:
    """Run ``kernel``'s small host calls as ``twin(values, static)``: the same result, bit for
    bit, as a numpy array, or None where the twin does not cover those static attributes (the
    kernel then runs as usual; see the module docstring for which ops qualify)."""
    _TWINS[kernel] = twin


def twin_of(kernel: Callable) -> Callable | None:
    """The host twin of ``kernel``, if it has one."""
    return _TWINS.get(kernel)


def _cpu_default() -> bool:
    if not _CPU_DEFAULT:
        _CPU_DEFAULT.append(jax.default_backend() == "cpu")
    return _CPU_DEFAULT[0]


_CONVERTED: dict[int, tuple] = {}  # id(JAX array) -> (the array, its numpy copy), see _from_device
_CONVERTED_MAX = 512


def _from_device(v) -> np.ndarray | None:
    """A small uncommitted CPU JAX array as numpy (None if it may not take the lane). The same
    leaves and constants (a weight, a Python number's array) enter the lane at every op: their
    conversions are remembered, holding the array so that its id is not reused (small arrays
    only; a held array also counts as shared where a buffer would be donated)."""
    entry = _CONVERTED.get(id(v))
    if entry is not None and entry[0] is v:
        return entry[1]
    if v.size > LIMIT or v.dtype not in _DTYPES or v.committed or not _cpu_default():
        return None
    value = np.asarray(v)
    if len(_CONVERTED) >= _CONVERTED_MAX:
        _CONVERTED.clear()
    _CONVERTED[id(v)] = (v, value)
    return value


def host_values(values: Sequence[Any]) -> list | None:
    """``values`` as numpy arrays if all are small host arrays of a supported dtype, else None
    (also None inside ``jax.default_device``: a placement was asked for, as ``tf.device`` does)."""
    if _DEFAULT_DEVICE.value is not None:
        return None
    out = []
    for v in values:
        kind = type(v)
        if kind is np.ndarray:
            if v.size > LIMIT or v.dtype not in _DTYPES:
                return None
        elif kind is ArrayImpl:
            v = _from_device(v)
            if v is None:
                return None
        else:
            return None
        out.append(v)
    return out


try:  # numpy's error state is a context variable: setting it directly costs half of np.errstate
    from numpy._core.umath import _extobj_contextvar as _ERRORS, _make_extobj
    _QUIET = _make_extobj(all="ignore")
except ImportError:  # pragma: no cover - another numpy layout
    _ERRORS = None


def call(twin: Callable, values: Sequence[Any], static: tuple) -> np.ndarray | None:
    """``run`` of ``twin`` on ``values`` if they may take the lane (``host_values``), else None."""
    on_host = host_values(values)
    return None if on_host is None else run(twin, on_host, static)


def run(twin: Callable, values: list, static: tuple) -> np.ndarray | None:
    """The twin's result as a read-only numpy array (a 0-d result of numpy is a scalar), computed
    without numpy's overflow and invalid-value warnings, which XLA never gives; None if the
    twin declined."""
    if _ERRORS is None:
        with np.errstate(all="ignore"):
            result = twin(values, static)
    else:
        token = _ERRORS.set(_QUIET)
        try:
            result = twin(values, static)
        finally:
            _ERRORS.reset(token)
    if type(result) is not np.ndarray:
        if result is None:
            return None
        result = np.asarray(result)
    result.flags.writeable = False
    return result


def as_device_values(values: Sequence[Any]) -> list:
    """``values`` with numpy arrays made JAX arrays: for a kernel called directly, which must
    compute with JAX, not numpy, whatever its inputs."""
    return [jax.numpy.asarray(v) if type(v) is np.ndarray else v for v in values]
