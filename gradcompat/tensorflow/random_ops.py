"""``tf.random``: ``set_seed``, ``uniform``, ``normal``, ``truncated_normal``, ``shuffle``,
``categorical``, the ``stateless_*`` ops, with TF's own numbers.

The values are TF's CPU kernels' bit for bit (``gradcompat.random.tf_stream``: Philox with
TF's key/counter derivation and distributions) and the seeds follow TF's rules
(``gradcompat.random.tf_seeds``): the global seed, the op seeds eager ops invent from it, the
per-graph op counter, and the kernel cache that makes a repeated op continue its stream until
the next ``set_seed``. Eager ops draw when called; a TF1 graph op draws anew on every
``Session.run`` and a random op inside ``tf.function`` on every call (a counter in a state
cell, advanced by an effect attached to the op, picks the kernel's next reservation).

Inside graphs the draws are pure XLA (``gradcompat.random.tf_philox_xla``, the same bits as
the numpy reference): no host callback in a compiled step (no device round trip on a GPU, and
the executable can be kept in JAX's persistent cache). Float64 normals and truncated normals,
float64 scales that are not powers of two, and ``categorical`` stay host kernels.
"""
from __future__ import annotations

import weakref

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from ..random import tf_philox_xla as tpx
from ..random import tf_stream as ts
from ..random.tf_seeds import STATE as _STATE
from . import dtypes as _dt
from . import tracing
from .array_ops import stack, static_ints
from .errors import InvalidArgumentError
from .graph import executing_eagerly, get_default_graph
from .shapes import TensorShape
from .tensor import Tensor, constant, convert_to_tensor, wrap

_DEFAULT_GRAPH_SEED = 87654321  # TF's global seed when only an op seed is given
_counters: "weakref.WeakSet[core.StateCell]" = weakref.WeakSet()  # graph ops' draw counters
_seeded: "weakref.WeakSet[core.StateCell]" = weakref.WeakSet()  # those of ops with a global or op seed
_RESERVE = ts.RESERVED_PER_OUTPUT


def set_seed(seed: int | None) -> None:
    """``tf.random.set_seed`` (``tf.compat.v1.set_random_seed``): the global seed; eager op
    seeds restart from it and cached kernels are dropped, as TF's ``_set_global_seed``."""
    if _in_graph() and tracing.current() is None:
        get_default_graph()._gc_random_seed = None if seed is None else int(seed)
        return
    _STATE.set_global(seed)
    for cell in list(_counters):  # traced functions' random ops start their streams over, as in TF
        cell.value = jnp.zeros((), jnp.uint32)


def restart_streams(cells) -> None:
    """Seeded random ops among ``cells`` (their draw counters) start their streams over: what a
    new ``tf.data`` iterator does to the random ops of its map functions, as TF's kernels are
    made anew per iterator. Unseeded ops keep drawing (TF would seed them afresh)."""
    for cell in cells:
        if cell in _seeded:
            cell.value = jnp.zeros((), jnp.uint32)


def get_seed(op_seed) -> tuple:
    """``tf.compat.v1.get_seed``: the (seed, seed2) pair an op uses."""
    op_seed = None if op_seed is None else int(op_seed)
    trace = tracing.current()
    if trace is not None:  # a traced function: its graph's seed is the global seed at trace time
        return _STATE.get_seed(op_seed, graph=trace, graph_seed=_STATE.global_seed)
    if _in_graph():
        graph = get_default_graph()
        return _STATE.get_seed(op_seed, graph=graph, graph_seed=getattr(graph, "_gc_random_seed", None))
    return _STATE.get_seed(op_seed)


def _generator(seed: int | None) -> np.random.Generator:
    """A numpy generator fixed by TF's seeds for this op (for ops whose TF stream is not
    reproduced, such as ``tf.data``'s shuffles); fresh without any seed."""
    s1, s2 = get_seed(seed)
    if s1 is None:
        return np.random.default_rng()
    gen = _STATE.kernel("numpy", (), s1, s2).reserve(1)
    return np.random.default_rng([s1, s2, gen.counter & 0xFFFFFFFF])


def _in_graph() -> bool:
    return not executing_eagerly()


# --- kernels on the host ----------------------------------------------------------------------

def _scaled(raw: np.ndarray, np_dtype, a, b, kind: str) -> np.ndarray:
    """The Python-side arithmetic of TF's wrappers, in the output dtype as TF's ops."""
    t = np_dtype.type
    if kind == "uniform":
        if a is None:  # minval 0 (int) and maxval 1 (int): the raw draw
            return raw
        if isinstance(a, str):  # minval the int 0: result * maxval
            return raw * t(b)
        return raw * (t(b) - t(a)) + t(a)
    return raw * t(b) + t(a)


def _host_values(kind: str, gen: ts.Philox, shape: tuple, dtype: str, a, b) -> np.ndarray:
    size = int(np.prod(shape, dtype=np.int64))
    np_dtype = np.dtype(dtype)
    if kind == "uniform_int":
        return ts.uniform_int(gen, size, dtype, a, b).reshape(shape)
    if kind == "full_int":
        return ts.full_int(gen, size, dtype).reshape(shape)
    raw = {"uniform": ts.uniform, "normal": ts.normal, "truncated_normal": ts.truncated_normal}[kind](gen, size, dtype)
    return _scaled(raw, np_dtype, a, b, kind).astype(np_dtype).reshape(shape)


def _run_kernel(counter, *inputs, host, key, base, step, out_shape, out_dtype):
    """A graph op's kernel: reservation number ``counter`` of its generator, as pure XLA where
    ``tf_philox_xla`` reproduces the draw (no host round trip, a cacheable executable), else
    run on the host."""
    if getattr(host, "in_xla", None) is not None and host.in_xla():
        return host.xla(tpx.reserved_gen(key, base, step, counter), *inputs)

    def call(c, *values):
        return host(ts.Philox(key, base + int(c) * step), *values)
    return jax.pure_callback(call, jax.ShapeDtypeStruct(out_shape, np.dtype(out_dtype)), counter, *inputs)


def _next_count(counter):
    return counter + 1


def _kernel_op(op_type: str, attrs: tuple, op_seed, blocks: int, host, inputs: list, out_shape: tuple,
               target: _dt.DType, name) -> Tensor:
    """A stateful random op: ``host(gen, *input_values)`` computes its values from the
    generator the kernel hands out (reserving ``blocks``). Eager ops draw from the cached kernel
    now; a graph op owns its kernel and draws from the next reservation at each run."""
    s1, s2 = get_seed(op_seed)
    if not _in_graph() and all(t.node.value is not None for t in inputs):
        gen = _STATE.kernel(op_type, attrs, s1, s2).reserve(blocks)
        values = host(gen, *(np.asarray(t.numpy()) for t in inputs))
        return constant(values, dtype=target, name=name or op_type)
    from ..random.tf_seeds import new_kernel_generator
    base = new_kernel_generator(s1 or 0, s2 or 0)
    cell = core.StateCell(jnp.zeros((), jnp.uint32), name=f"{op_type}/counter")
    _counters.add(cell)
    if s1 is not None:
        _seeded.add(cell)
    counter = cell.read()
    static = {"host": host, "key": base.key, "base": base.counter, "step": blocks,
              "out_shape": tuple(out_shape), "out_dtype": target.np.name}
    # TF registers no gradient for its random ops: inputs enter detached (a gradient is None)
    node = core.apply(_run_kernel, [counter, *(core.detached(t.node) for t in inputs)], static, name=op_type)
    advanced = core.apply(_next_count, [counter])
    trace = tracing.current()
    if trace is not None:  # tf.function: the advance runs with the function's other effects
        trace.record_write(cell, cell.assign(advanced), advanced)
    else:
        get_default_graph().attach_control(node, [cell.assign(advanced)])
    return wrap(node, target, TensorShape(out_shape), op_type, name)


class _Draw:
    """A hashable host kernel for a fixed-shape distribution (static attribute of graph ops)."""

    def __init__(self, kind, shape, dtype, a, b):
        self.args = (kind, tuple(shape), dtype, a, b)

    def __call__(self, gen):
        return _host_values(self.args[0], gen, *self.args[1:])

    def in_xla(self) -> bool:
        """Whether the XLA kernel reproduces this draw (``tf_philox_xla.supported``)."""
        kind, _, dtype, a, b = self.args
        return tpx.supported(kind, dtype, a, b)

    def xla(self, gen: "tpx.Gen"):
        return tpx.values(gen, *self.args)

    def __eq__(self, other):
        return isinstance(other, _Draw) and other.args == self.args

    def __hash__(self):
        return hash(self.args)


def _stateful(kind: str, op_type: str, shape: tuple, target: _dt.DType, seed, a, b, name) -> Tensor:
    size = int(np.prod(shape, dtype=np.int64))
    dtype = target.np.name
    return _kernel_op(op_type, (dtype,), seed, size * _RESERVE, _Draw(kind, shape, dtype, a, b), [], shape,
                      target, name)


def _floating(dtype) -> _dt.DType:
    target = _dt.as_dtype(dtype)
    if not target.is_floating:
        raise ValueError(f"Invalid dtype {target!r}: only floating-point dtypes are allowed here.")
    return target


def _number(value, target: _dt.DType):
    if isinstance(value, Tensor) or hasattr(value, "numpy"):
        value = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
    return value.item() if isinstance(value, np.ndarray) else value


def normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.normal``: TF's ``RandomStandardNormal`` * stddev + mean."""
    target = _floating(dtype)
    return _stateful("normal", "RandomStandardNormal", static_ints(shape), target, seed,
                     float(_number(mean, target)), float(_number(stddev, target)), name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.truncated_normal``: TF's ``TruncatedNormal`` (|x| < 2) * stddev + mean."""
    target = _floating(dtype)
    return _stateful("truncated_normal", "TruncatedNormal", static_ints(shape), target, seed,
                     float(_number(mean, target)), float(_number(stddev, target)), name)


def uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.uniform``: [minval, maxval); integer dtypes need ``maxval``."""
    target = _dt.as_dtype(dtype)
    if target.name not in ("float16", "float32", "float64", "int32", "int64"):
        raise ValueError(f"Argument `dtype` got invalid value {target!r}. Accepted dtypes are "
                         "(tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64).")
    if target.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {target!r}")
    dims = static_ints(shape)
    if target.is_integer:
        lo, hi = int(_number(minval, target)), int(_number(maxval, target))
        if not lo < hi:
            get_seed(seed)
            raise InvalidArgumentError(None, None, f"Need minval < maxval, got {lo} >= {hi} [Op:RandomUniformInt]")
        return _stateful("uniform_int", "RandomUniformInt", dims, target, seed, lo, hi, name)
    if maxval is None:
        maxval = 1
    min_zero = isinstance(minval, int) and not isinstance(minval, bool) and minval == 0
    max_one = isinstance(maxval, int) and not isinstance(maxval, bool) and maxval == 1
    if min_zero and max_one:
        a = b = None
    elif min_zero:
        a, b = "zero", float(_number(maxval, target))
    else:
        a, b = float(_number(minval, target)), float(_number(maxval, target))
    return _stateful("uniform", "RandomUniform", dims, target, seed, a, b, name)


# --- stateless ops ----------------------------------------------------------------------------

def _seed_pair(seed) -> tuple[int, int] | None:
    """The two seed values when known now, else None (a seed computed in a graph)."""
    if isinstance(seed, Tensor):
        value = core.folding.constant_value(seed.node)
        if value is None:
            return None
        seed = value
    if isinstance(seed, (list, tuple)) and any(isinstance(s, Tensor) and s.node.value is None for s in seed):
        return None  # a seed computed in a graph from parts
    values = np.asarray(seed)
    if values.shape != (2,):
        raise ValueError(f"Shape must be rank 1 but is rank {values.ndim}" if values.ndim != 1
                         else f"Dimension must be 2 but is {values.shape[0]}")
    if values.dtype.kind not in "iu":
        raise TypeError(f"seed must be an integer tensor of shape [2], got dtype {values.dtype}")
    return int(values[0]), int(values[1])


def _stateless_host(seed_values, *, kind, shape, dtype, a, b):
    key, counter = ts.stateless_key_counter(int(seed_values[0]), int(seed_values[1]))
    return _host_values(kind, ts.Philox(key, counter), shape, dtype, a, b)


def _stateless_kernel(seed, *, kind, shape, dtype, a, b):
    if tpx.supported(kind, dtype, a, b):  # pure XLA, TF's bits
        return tpx.values(tpx.stateless_gen(seed), kind, shape, dtype, a, b)

    def host(s):
        return _stateless_host(np.asarray(s), kind=kind, shape=shape, dtype=dtype, a=a, b=b)
    return jax.pure_callback(host, jax.ShapeDtypeStruct(shape, np.dtype(dtype)), seed)


def _stateless(kind: str, op_type: str, shape, seed, target: _dt.DType, a, b, name) -> Tensor:
    dims = static_ints(shape)
    static = {"kind": kind, "shape": dims, "dtype": target.np.name, "a": a, "b": b}
    pair = _seed_pair(seed)
    if pair is not None:
        return constant(_stateless_host(pair, **static), dtype=target, name=name or op_type)
    if isinstance(seed, (list, tuple)):  # parts packed as TF packs them: in the tensors' dtype
        dtype = next(s.dtype for s in seed if isinstance(s, Tensor))
        seed = stack([convert_to_tensor(s, dtype=dtype) for s in seed])
    seed = convert_to_tensor(seed)
    node = core.apply(_stateless_kernel, [seed.node], static, name=op_type)
    return wrap(node, target, TensorShape(dims), op_type, name)


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=_dt.float32, name: str | None = None,
                      alg="auto_select") -> Tensor:
    """``tf.random.stateless_uniform`` (Philox, as "auto_select" picks on CPU)."""
    target = _dt.as_dtype(dtype)
    if target.is_integer:
        if minval is None:
            return _stateless("full_int", "StatelessRandomUniformFullIntV2", shape, seed, target, None, None, name)
        if maxval is None:
            raise ValueError("For integer `dtype` argument (...), argument `minval` and `maxval` must be both None "
                             f"or not None. Got `minval`={minval} and `maxval`={maxval}.")
        return _stateless("uniform_int", "StatelessRandomUniformIntV2", shape, seed, target,
                          int(_number(minval, target)), int(_number(maxval, target)), name)
    maxval = 1 if maxval is None else maxval
    return _stateless("uniform", "StatelessRandomUniformV2", shape, seed, target,
                      float(_number(minval, target)), float(_number(maxval, target)), name)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dt.float32, name: str | None = None,
                     alg="auto_select") -> Tensor:
    """``tf.random.stateless_normal``."""
    target = _floating(dtype)
    return _stateless("normal", "StatelessRandomNormalV2", shape, seed, target,
                      float(_number(mean, target)), float(_number(stddev, target)), name)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dt.float32, name: str | None = None,
                               alg="auto_select") -> Tensor:
    """``tf.random.stateless_truncated_normal``."""
    target = _floating(dtype)
    return _stateless("truncated_normal", "StatelessTruncatedNormalV2", shape, seed, target,
                      float(_number(mean, target)), float(_number(stddev, target)), name)


def stateless_values(kind: str, shape: tuple, seed: tuple[int, int], dtype: str = "float32", a=0.0, b=1.0) -> np.ndarray:
    """Host values of a stateless op (for Keras's initializers and dropout masks)."""
    return _stateless_host(seed, kind=kind, shape=tuple(shape), dtype=dtype, a=a, b=b)


# --- shuffle and categorical ------------------------------------------------------------------

class _Shuffle:
    def __call__(self, gen, value):
        return value[ts.permutation(gen, value.shape[0])]

    def in_xla(self) -> bool:
        return True

    def xla(self, gen: "tpx.Gen", value):
        return value[tpx.permutation(gen, value.shape[0])]

    def __eq__(self, other):
        return isinstance(other, _Shuffle)

    def __hash__(self):
        return hash("_Shuffle")


class _Categorical:
    def __init__(self, num_samples: int, out_dtype: str):
        self.args = (num_samples, out_dtype)

    def __call__(self, gen, logits):
        return ts.multinomial(gen, logits, self.args[0], _intra_op_threads()).astype(self.args[1])

    def __eq__(self, other):
        return isinstance(other, _Categorical) and other.args == self.args

    def __hash__(self):
        return hash(self.args)


def shuffle(value, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.shuffle``: TF's ``RandomShuffle`` order of the first dimension."""
    value = convert_to_tensor(value)
    shape = value.shape.as_list()
    n = shape[0] if shape else 0
    if not shape:
        raise ValueError("Shape must be at least rank 1 but is rank 0 for '{{node RandomShuffle}} = "
                         "RandomShuffle[T=DT_FLOAT, seed=0, seed2=0](Const)' with input shapes: [].")
    return _kernel_op("RandomShuffle", (value.dtype.name,), seed, ts.shuffle_blocks(n or 0), _Shuffle(), [value],
                      tuple(shape), value.dtype, name)


def _check_logits(logits: Tensor, num_samples: int) -> None:
    if logits.shape.rank != 2:
        raise InvalidArgumentError(None, None, f"logits should be a matrix, got shape {logits.shape}")
    if num_samples < 0:
        raise InvalidArgumentError(None, None, f"num_samples should be non-negative, got {num_samples}")


def _intra_op_threads() -> int:
    """TF's intra-op thread count: ``tf.config.threading``'s setting, else the schedulable CPUs."""
    import os
    from . import config
    chosen = config._settings.get("intra_op", 0)
    if chosen:
        return int(chosen)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def categorical(logits, num_samples, dtype=None, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.categorical`` (TF's CPU ``Multinomial`` kernel, its batch split into shards
    for the intra-op threads as TF splits it, so the draws match for every batch size)."""
    logits = convert_to_tensor(logits)
    target = _dt.int64 if dtype is None else _dt.as_dtype(dtype)
    num_samples = int(_number(num_samples, _dt.int32))
    _check_logits(logits, num_samples)
    batch = logits.shape.as_list()[0]
    blocks = ts.multinomial_blocks(batch, num_samples)
    return _kernel_op("Multinomial", (logits.dtype.name, target.name), seed, blocks,
                      _Categorical(num_samples, target.np.name), [logits], (batch, num_samples), target, name)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None) -> Tensor:
    """``tf.compat.v1.random.multinomial``."""
    return categorical(logits, num_samples, dtype=output_dtype, seed=seed, name=name)


def stateless_categorical(logits, num_samples, seed, dtype=_dt.int64, name: str | None = None) -> Tensor:
    """``tf.random.stateless_categorical`` (``StatelessMultinomial`` on CPU)."""
    logits = convert_to_tensor(logits)
    target = _dt.as_dtype(dtype)
    num_samples = int(_number(num_samples, _dt.int32))
    _check_logits(logits, num_samples)
    pair = _seed_pair(seed)
    if pair is None:
        raise NotImplementedError("gradcompat: stateless_categorical needs a seed known when the op is built")
    key, counter = ts.stateless_key_counter(*pair)
    values = ts.multinomial(ts.Philox(key, counter), np.asarray(logits.numpy()), num_samples, _intra_op_threads())
    return constant(values.astype(target.np), dtype=target, name=name or "stateless_categorical")


def host_draw(kind: str, op_type: str, shape, dtype, seed, a, b) -> np.ndarray:
    """The values a stateful random op made now yields on its first run, on the host (for
    TF1 initializers): eager, from the cached kernel; in a graph, from the op's own new kernel
    (whose first reservation is its seed state), taking the graph's op seed as TF would."""
    target = _dt.as_dtype(dtype)
    dims = static_ints(shape)
    s1, s2 = get_seed(seed)
    if _in_graph():
        from ..random.tf_seeds import new_kernel_generator
        gen = new_kernel_generator(s1 or 0, s2 or 0)
    else:
        size = int(np.prod(dims, dtype=np.int64))
        gen = _STATE.kernel(op_type, (target.np.name,), s1, s2).reserve(size * _RESERVE)
    return _host_values(kind, gen, dims, target.np.name, a, b)


class _FunctionGraphKey:
    """Stands for a function graph traced now (its own op counter)."""


def function_op_seeds(op_seed=None) -> tuple:
    """The seeds TF gives the first random op of a function traced now (a ``tf.data`` map
    function, for instance): the global seed as the graph seed, op seed 0 from its counter."""
    return _STATE.get_seed(op_seed, graph=_FunctionGraphKey(), graph_seed=_STATE.global_seed)


def kernel_permutation(seeds: tuple, n: int) -> np.ndarray:
    """The order a freshly made ``RandomShuffle`` kernel with these seeds gives on its first run
    (Keras's fit shuffles an epoch with one in a ``tf.data`` map function, made anew per epoch)."""
    from ..random.tf_seeds import new_kernel_generator
    return ts.permutation(new_kernel_generator(seeds[0] or 0, seeds[1] or 0), n)


def shuffle_kernel(seeds: tuple):
    """A freshly made ``RandomShuffle`` kernel with these seeds, as a function ``n -> order``
    whose stream runs on from call to call (Keras's ``fit(shuffle="batch")``)."""
    from ..random.tf_seeds import new_kernel_generator
    gen = new_kernel_generator(seeds[0] or 0, seeds[1] or 0)
    return lambda n: ts.permutation(gen.reserve(ts.shuffle_blocks(n)), n)


def split(seed, num: int = 2, alg="auto_select") -> Tensor:
    """``tf.random.split``: ``num`` new seeds, the full-range stateless draw [num, 2] of the seed's dtype."""
    seed = convert_to_tensor(seed)
    return stateless_uniform([int(num), 2], seed, minval=None, maxval=None, dtype=seed.dtype)


def fold_in(seed, data, alg="auto_select") -> Tensor:
    """``tf.random.fold_in``: ``[full-range stateless draw of data's dtype, data]``."""
    data = convert_to_tensor(data)
    first = stateless_uniform([], seed, minval=None, maxval=None, dtype=data.dtype)
    return constant(np.stack([np.asarray(first.numpy()), np.asarray(data.numpy())]), dtype=data.dtype)
