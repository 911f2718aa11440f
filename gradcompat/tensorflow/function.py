"""``tf.function``: trace a Python function once per input signature, run it compiled.

Tracing calls the Python function with symbolic tensors (core's deferred mode), so its
Python side effects happen at trace time, as in TF. Each call then runs the traced graph
(outputs and variable writes) as one core run, prepared once per trace
(``core.executor.Prepared``), whose structural compile cache makes a training step
compile once. Tensors are keyed by shape and dtype, other Python values
by value, variables by identity (TF's default retracing rule). AutoGraph converts ``if`` /
``while`` / ``for`` on tensors (see ``autograph``). Known difference: an ``IndexedSlices``
returned by the function comes back dense.
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import weakref
from typing import Any, Callable

import numpy as np

from .. import core
from . import autograph
from . import context as _context
from . import tracing
from .nest import flatten, pack_sequence_as
from .graph import Graph, executing_eagerly
from .indexed_slices import IndexedSlices
from .shapes import TensorShape
from .tensor import Tensor, constant, convert_to_tensor, wrap
from .tensor_spec import TensorSpec


def _is_variable(value: Any) -> bool:
    return hasattr(value, "_cell")


def _leaf_key(value: Any):
    if isinstance(value, Tensor):
        return ("tensor", tuple(value.shape.dims or ()), value.dtype.name)
    if _is_variable(value):
        return ("variable", id(value))
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return ("python", type(value), value)


class _ConcreteFunction:
    """One trace: placeholders for the tensor arguments, output nodes, state writes."""

    def __init__(self, placeholders: list[core.Placeholder], structure, outputs: list, effects: list,
                 feeders: list = ()):
        self.placeholders = placeholders
        self.feeders = list(feeders)  # datasets iterated inside the function: fed anew at each call
        self.structure = structure
        self.outputs = outputs  # per output leaf: a Tensor, or a Python value returned as is
        self.effects = effects
        fetched = [o.node for o in outputs if isinstance(o, Tensor)]
        self._prepared = core.executor.Prepared(fetched + effects, placeholders)  # traced once, run per call

    def run(self, tensor_args: list[Tensor], name: str = "function"):
        feeds = {p: t.node.value for p, t in zip(self.placeholders, tensor_args)}
        for feeder in self.feeders:
            feeds.update(feeder())
        if core.recording.active_tapes() and core.recording.grad_enabled():
            # under a GradientTape the call is one recorded op, differentiable as TF's call op
            nodes = {p: core.Constant(v) for p, v in feeds.items()}
            nodes.update((p, t.node) for p, t in zip(self.placeholders, tensor_args))
            results = iter(self._prepared.recorded(nodes, name))
        else:
            results = iter(core.Constant(v) for v in self._prepared(feeds))
        outputs = [_eager(next(results), o) if isinstance(o, Tensor) else o for o in self.outputs]
        return pack_sequence_as(self.structure, outputs)


def _eager(node: core.Node, symbolic: Tensor) -> Tensor:
    return Tensor(node, symbolic.dtype, TensorShape(np.shape(node.value)))


def _flatten_up_to(signature, value) -> list | None:
    """``value``'s parts at the signature's TensorSpecs (a spec's value may itself be a list)."""
    if isinstance(signature, TensorSpec):
        return [value]
    if isinstance(signature, (list, tuple)) and isinstance(value, (list, tuple)) and len(signature) == len(value):
        parts = [_flatten_up_to(s, v) for s, v in zip(signature, value)]
        return None if any(p is None for p in parts) else [x for p in parts for x in p]
    return None


class Function:
    """A ``tf.function``-decorated callable (see the module docstring)."""

    def __init__(self, python_function: Callable, name: str | None = None, input_signature=None,
                 autograph: bool = True):
        self._python_function = python_function
        self._autograph = autograph
        self._graph_function = None  # the function as traced: AutoGraph-converted when asked
        self._signature = None if input_signature is None else list(input_signature)
        self._name = name or getattr(python_function, "__name__", "function")
        self._concrete: dict[tuple, _ConcreteFunction] = {}
        self._inlined: set[tuple] = set()
        self._tracing_count = 0
        self._instance = None  # a weak reference to the object of a method bound to it
        self._bound: dict[int, tuple[Any, "Function"]] = {}
        functools.update_wrapper(self, python_function)

    @property
    def python_function(self) -> Callable:
        return self._python_function

    def __get__(self, instance, owner):
        """A method: one Function per object (its own traces, its own variables), as TF binds it."""
        if instance is None:
            return self
        entry = self._bound.get(id(instance))
        if entry is None or entry[0]() is not instance:
            bound = Function(self._python_function, self._name, self._signature, self._autograph)
            bound._instance = weakref.ref(instance)
            entry = self._bound[id(instance)] = (bound._instance, bound)
            weakref.finalize(instance, self._bound.pop, id(instance), None)  # its traces go with it
        return entry[1]

    def experimental_get_tracing_count(self) -> int:
        """How many times the Python function was traced."""
        return self._tracing_count

    def __call__(self, *args, **kwargs):
        if self._signature is not None:
            args = self._bind(args, kwargs)
        if self._instance is not None:
            args = (self._instance(), *args)
        if _context.functions_run_eagerly() and executing_eagerly():  # tf.config.run_functions_eagerly(True)
            return self._python_function(*args, **kwargs)
        leaves = flatten([list(args), kwargs])
        keyed = leaves[1:] if self._instance is not None else leaves  # a method's object is fixed: not keyed
        key = tuple(_leaf_key(v) for v in keyed) if self._signature is None else ("input_signature",)
        if not executing_eagerly():  # inside another trace (or TF1 graph): inline the Python
            if key not in self._inlined:  # TF traces it once per signature there too
                self._inlined.add(key)
                self._tracing_count += 1
            return self._traced_function()(*args, **kwargs)
        return self._concrete_for(key, args, kwargs).run([v for v in leaves if isinstance(v, Tensor)], self._name)

    def _traced_function(self) -> Callable:
        if self._graph_function is None:
            self._graph_function = autograph.convert(self._python_function) if self._autograph else self._python_function
        return self._graph_function

    def _concrete_for(self, key: tuple, args: tuple, kwargs: dict) -> _ConcreteFunction:
        concrete = self._concrete.get(key)
        if concrete is None:
            concrete = self._concrete[key] = self._trace(args, kwargs)
        return concrete

    def _bind(self, args: tuple, kwargs: dict) -> tuple:
        """The arguments as tensors of the ``input_signature``, with TF's error for a mismatch."""
        specs = flatten(self._signature)
        values = _flatten_up_to(self._signature, list(args))
        if values is None or len(values) != len(specs) or kwargs:
            raise TypeError(f"Binding inputs to tf.function failed: the input_signature has {len(specs)} "
                            f"tensors, got args: {args!r} and kwargs: {kwargs!r}.")
        bound = []
        for value, spec in zip(values, specs):
            tensor = value if isinstance(value, Tensor) else convert_to_tensor(value, dtype_hint=spec.dtype)
            if not spec.is_compatible_with(tensor):
                raise TypeError(f"Binding inputs to tf.function failed due to `Can not cast "
                                f"{TensorSpec.from_tensor(tensor)!r} to {TensorSpec(spec.shape, spec.dtype)!r}`. "
                                f"Received args: {args!r} and kwargs: {kwargs!r} for signature: "
                                f"{self._signature!r}.")
            bound.append(tensor)
        return tuple(pack_sequence_as(self._signature, bound))

    def get_concrete_function(self, *args, **kwargs) -> Callable:
        """A callable for one signature: traced now for example tensors; for an
        ``input_signature`` or TensorSpec arguments, at the first call (a known difference)."""
        leaves = flatten([list(args), kwargs])
        if (args or kwargs) and self._signature is None and not any(isinstance(v, TensorSpec) for v in leaves):
            self._concrete_for(tuple(_leaf_key(v) for v in leaves), args, kwargs)
        return lambda *a, **k: self(*a, **k)

    def _trace(self, args: tuple, kwargs: dict) -> _ConcreteFunction:
        self._tracing_count += 1
        names = _argument_names(self._python_function, args, kwargs)
        placeholders: list[core.Placeholder] = []
        trace = tracing.Trace()
        with Graph().as_default(), _outer_tapes_paused(), tracing.tracing(trace):
            specs = iter(flatten(self._signature) if self._signature is not None else [])

            def symbolic(value, name):
                if not isinstance(value, Tensor):
                    return value
                spec = next(specs, None)  # an input_signature's dims may be None
                dims = tuple((spec.shape if spec is not None else value.shape).dims or ())
                name = spec.name if spec is not None and spec.name else name
                node = core.Placeholder(dims, value.dtype.np, name=name)
                placeholders.append(node)
                return wrap(node, value.dtype, TensorShape(dims), name)

            leaves = flatten([list(args), kwargs])
            symbols = iter(symbolic(v, n) for v, n in zip(leaves, names))
            sym_args, sym_kwargs = pack_sequence_as([list(args), kwargs], symbols)
            result = self._traced_function()(*sym_args, **sym_kwargs)
        # variables and IndexedSlices come back as dense tensors (TF returns IndexedSlices as such)
        outputs = [v._as_tensor() if _is_variable(v) or isinstance(v, IndexedSlices) else v for v in flatten(result)]
        # numbers come back as tensors too, as from TF's function outputs
        outputs = [constant(o) if isinstance(o, (np.ndarray, np.generic, int, float)) else o for o in outputs]
        return _ConcreteFunction(placeholders, result, outputs, list(trace.effects), trace.feeders)

    def __repr__(self) -> str:
        return f"<gradcompat.tensorflow.Function object at {hex(id(self))}>"


@contextlib.contextmanager
def _outer_tapes_paused():
    """Tapes outside the function see its call as one op, not the reads made while tracing it."""
    with contextlib.ExitStack() as stack:
        for tape in list(core.recording.active_tapes()):
            stack.enter_context(core.recording.paused(tape))
        yield


def _argument_names(fn: Callable, args: tuple, kwargs: dict) -> list[str]:
    """A name per flattened argument leaf (TF names a placeholder after its parameter)."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    names = []
    for i, a in enumerate(args):
        base = params[i] if i < len(params) else f"args_{i}"
        count = len(flatten(a))
        names.extend([base] if count == 1 else [f"{base}_{j}" for j in range(count)])
    for k in sorted(kwargs):
        count = len(flatten(kwargs[k]))
        names.extend([k] if count == 1 else [f"{k}_{j}" for j in range(count)])
    return names


def function(func: Callable | None = None, input_signature=None, autograph: bool = True,
             jit_compile=None, reduce_retracing: bool = False, experimental_implements=None,
             experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None,
             experimental_follow_type_hints=None):
    """``tf.function``: as a decorator with or without arguments."""
    if func is None:
        return lambda f: Function(f, input_signature=input_signature, autograph=autograph)
    return Function(func, input_signature=input_signature, autograph=autograph)
