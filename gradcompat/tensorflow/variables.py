"""``tf.Variable`` and TF1's ``get_variable``: a core StateCell behind TF's semantics.

Eagerly a variable's reads are snapshots of the cell (one node per value, watched by
active tapes when trainable). In graph mode a variable is one deferred Read node plus an
initializer effect; ``global_variables_initializer`` groups those effects.
"""
from __future__ import annotations

import copy
import traceback
from typing import Any

import jax.numpy as jnp
import numpy as np

from .. import core
from . import context as _context
from . import dtypes as _dt
from . import initializers as _init
from . import tracing
from .graph import GraphKeys, executing_eagerly, get_default_graph, resource_variables_enabled
from .math_ops import _install_operators
from .shapes import TensorShape
from .tensor import Tensor, convert_to_tensor


variable_class_hook = None  # set by tf.distribute: the class a strategy's scope makes instead


class Variable(core.Handle):
    """``tf.Variable(initial_value, trainable=True, name=None, dtype=None, shape=None)``.

    As in TF, ``tf.Variable(...)`` makes a ``ResourceVariable`` (a TF1 reference variable,
    ``RefVariable``, once resource variables are disabled in graph mode)."""

    def __new__(cls, *args, **kwargs):
        if cls is Variable:
            ref = not (executing_eagerly() or tracing.current() is not None or resource_variables_enabled())
            cls = RefVariable if ref else ResourceVariable
            if not ref and variable_class_hook is not None:  # tf.distribute: MirroredVariable in a scope
                cls = variable_class_hook(cls)
        return super().__new__(cls)

    def __init__(self, initial_value: Any = None, trainable: bool = True, validate_shape: bool = True,
                 caching_device=None, name: str | None = None, variable_def=None, dtype=None,
                 import_scope=None, constraint=None, synchronization=None, aggregation=None, shape=None,
                 experimental_enable_variable_lifting=True, **kwargs):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except when you are "
                             "not providing a `variable_def`. You provided neither.")
        if callable(initial_value):
            initial_value = initial_value()
        base = name or "Variable"
        initial = convert_to_tensor(initial_value, dtype=dtype, name=f"{base}/initial_value")
        self._dtype = initial.dtype
        self._shape = initial.shape
        self.trainable = bool(trainable)
        # a variable created while a tf.function traces is lifted out of it, as in TF
        self._eager = executing_eagerly() or tracing.current() is not None
        self._name = (_context.scope_prefix() + base if self._eager
                      else get_default_graph().unique_name(base)) + ":0"
        self._ref = not self._eager and not resource_variables_enabled()
        aval = initial.node.aval
        self._cell = core.StateCell(initial.node.value if self._eager else None, self._name[:-2], aval,
                                    owner=self)
        if not self._eager:
            self._init_effect = self._cell.assign(initial.node)
            graph = get_default_graph()
            collections = list(kwargs.get("collections") or [GraphKeys.GLOBAL_VARIABLES])
            if self.trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
                collections.append(GraphKeys.TRAINABLE_VARIABLES)
            for key in collections:
                graph.add_to_collection(key, self)
            graph.register(self)

    @classmethod
    def _from_node(cls, node: core.Node):
        return Tensor._from_node(node)

    # -- reads -------------------------------------------------------------------
    @property
    def node(self) -> core.Node:
        """The variable's value as a node (active tapes hear of the read: GradientTape
        watches trainable variables it sees read). Inside a tf.function trace, a read
        after an assignment sees the assigned value."""
        trace = tracing.current()
        if trace is not None and self._cell in trace.latest:
            return trace.latest[self._cell]
        if not self._eager:  # TF1: inside control_dependencies on a write, reads see it
            written = get_default_graph().read_after_write(self._cell)
            if written is not None:
                return written
        return self._cell.read()

    def _as_tensor(self) -> Tensor:
        return Tensor(self.node, self._dtype, self._shape, None if self._eager else self._name)

    def value(self) -> Tensor:
        return self._as_tensor()

    read_value = value

    def _jax_value(self):
        if self._cell.value is None:
            raise ValueError(f"variable {self._name} is not initialized")
        return self._cell.value

    def numpy(self):
        array = np.asarray(self._jax_value())
        return array[()] if array.ndim == 0 else array

    def eval(self, session=None):
        return self._as_tensor().eval(session=session)

    # -- properties --------------------------------------------------------------
    @property
    def dtype(self) -> _dt.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    @property
    def name(self) -> str:
        return self._name

    @property
    def device(self) -> str:
        """``Variable.device``: TF's name of the device holding the variable (``''`` in a TF1 graph)."""
        from .device import device_name
        return device_name(self._cell.value) if self._eager else ""

    @property
    def op(self):
        from .operations import Operation
        return Operation(self._name[:-2], "VariableV2" if self._ref else "VarHandleOp")

    @property
    def graph(self):
        return get_default_graph()

    @property
    def initializer(self):
        if self._eager:  # TF: an eager variable has no initializer op
            return None
        from .operations import Operation
        return Operation(self._name[:-2] + "/Assign", "Assign", self._init_effect)

    # -- writes ------------------------------------------------------------------
    def _write(self, value: Any, combine=None, op_type: str = "Assign", name: str | None = None):
        new = convert_to_tensor(value, dtype=self._dtype)
        if combine is not None:  # the sum belongs to the assign op: no op name of its own
            new = Tensor(core.apply(combine, [self.node, new.node], name=op_type), self._dtype, self._shape)
        effect = self._cell.assign(new.node)
        trace = tracing.current()
        if trace is not None and effect is not None:
            trace.record_write(self._cell, effect, new.node)
        if self._eager:
            return self._unread_view()
        from .operations import assign_result
        return assign_result(new, effect, op_type if self._ref else op_type + "VariableOp", name)

    def _unread_view(self) -> "Variable":
        """What an eager ``assign*`` returns: TF's ``UnreadVariable``, the same storage."""
        view = copy.copy(self)
        view._name = "UnreadVariable"
        return view

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """``Variable.assign``: eagerly writes now; in graph mode returns the assign op."""
        return self._write(value, name=name)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._write(delta, jnp.add, "AssignAdd", name)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._write(delta, jnp.subtract, "AssignSub", name)

    # -- text --------------------------------------------------------------------
    def __repr__(self) -> str:
        if self._eager:
            text = Tensor(core.Constant(self._jax_value()), self._dtype, self._shape)._numpy_text(True)
            return f"<tf.Variable '{self._name}' shape={self._shape} dtype={self._dtype.name}, numpy={text}>"
        ref = "_ref" if self._ref else ""
        return f"<tf.Variable '{self._name}' shape={self._shape} dtype={self._dtype.name}{ref}>"

    __str__ = __repr__

    def __hash__(self) -> int:
        return id(self)

    def ref(self):
        """``Variable.ref()``: a hashable reference; ``.deref()`` gives the variable back."""
        from .tensor import Reference
        return Reference(self)


_install_operators(Variable)


class ResourceVariable(Variable):
    """What ``tf.Variable(...)`` makes (TF's class name, for ``type(v).__name__``)."""


class RefVariable(Variable):
    """What ``tf.Variable(...)`` makes in TF1 graph mode without resource variables."""


def _definition_site() -> str:
    frames = [f for f in traceback.extract_stack()[:-1] if "gradcompat" not in f.filename
              and "runpy" not in f.filename and "real_runner" not in f.filename]
    return "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n' for f in frames[-1:])


def get_variable(name: str, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None) -> Variable:
    """``tf.compat.v1.get_variable``: the variable ``scope/name`` of the default graph's store.

    New: initialized by ``initializer`` (the scope's, else glorot uniform for floats and
    zeros otherwise). Existing: returned when the scope reuses (shape and dtype checked),
    else TF's "already exists, disallowed" ValueError; reusing a missing one is TF's
    "does not exist" ValueError. Name scopes do not apply, as in TF.
    """
    from .scopes import AUTO_REUSE, get_variable_scope
    graph = get_default_graph()
    scope = get_variable_scope()
    full_name = f"{scope.name}/{name}" if scope.name else name
    store = graph._variable_store
    dtype = dtype if dtype is not None else scope.dtype
    if full_name in store:
        if not (scope.reuse is True or scope.reuse is AUTO_REUSE):
            raise ValueError(f"Variable {full_name} already exists, disallowed. Did you mean to set reuse=True or "
                             f"reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n{store[full_name][1]}")
        return _shared_variable(store[full_name][0], full_name, shape, dtype)
    if scope.reuse is True:
        raise ValueError(f"Variable {full_name} does not exist, or was not created with tf.get_variable(). "
                         "Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
    with graph.name_scope(None):
        variable = _new_variable(full_name, shape, dtype, scope.initializer if initializer is None else initializer,
                                 True if trainable is None else trainable)
    store[full_name] = (variable, _definition_site())
    return variable


def _shared_variable(variable: Variable, name: str, shape, dtype) -> Variable:
    """An existing variable asked for again: TF's checks of the requested shape and dtype."""
    if shape is not None and not variable.shape.compatible_with(tuple(shape)):
        raise ValueError(f"Trying to share variable {name}, but specified shape {tuple(shape)} and found "
                         f"shape {tuple(variable.shape.dims)}.")
    if dtype is not None and _dt.as_dtype(dtype) != variable.dtype:
        raise ValueError(f"Trying to share variable {name}, but specified dtype {_dt.as_dtype(dtype).name} and "
                         f"found dtype {variable.dtype.name}.")
    return variable


def _new_variable(name: str, shape, dtype, initializer, trainable: bool) -> Variable:
    if isinstance(shape, (int, np.integer)):  # TF reads shape=10 as [10]
        shape = [int(shape)]
    target = _dt.float32 if dtype is None else _dt.as_dtype(dtype)
    if isinstance(initializer, (Tensor, np.ndarray, list, tuple, int, float, core.Handle)):
        if shape is not None:
            raise ValueError("If initializer is a constant, do not specify shape.")
        initial = convert_to_tensor(initializer, dtype=None if dtype is None else target,
                                    name=f"{name}/Initializer/Const")
        return Variable(initial, trainable=trainable, name=name)
    if shape is None:
        if initializer is None:
            raise ValueError(f"Variable {name} did not get an initializer, so its `shape` argument must be "
                             "specified.")
        raise ValueError("The initializer passed is not valid. It should be a callable with no arguments "
                         "and the shape should not be provided or an instance of "
                         "`tf.keras.initializers.*' and `shape` should be fully defined.")
    if initializer is None:
        initializer = _init.GlorotUniform() if target.is_floating else _init.Zeros()
    initial = convert_to_tensor(initializer(shape, dtype=target), dtype=target, name=f"{name}/Initializer/Const")
    return Variable(initial, trainable=trainable, name=name)


def global_variables(scope: str | None = None) -> list:
    """``tf.compat.v1.global_variables``: variables of the default graph (whose names match ``scope``)."""
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def local_variables(scope: str | None = None) -> list:
    """``tf.compat.v1.local_variables``: variables made with ``collections=[LOCAL_VARIABLES]``."""
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def trainable_variables(scope: str | None = None) -> list:
    """``tf.compat.v1.trainable_variables``: trainable ones (whose names match ``scope``)."""
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def assign(ref: Variable, value, validate_shape=None, use_locking=None, name=None):
    """``tf.compat.v1.assign(ref, value)``: ``ref.assign(value)``."""
    return ref.assign(value, use_locking=use_locking, name=name)


def assign_add(ref: Variable, value, use_locking=None, name=None):
    """``tf.compat.v1.assign_add(ref, value)``: ``ref.assign_add(value)``."""
    return ref.assign_add(value, use_locking=use_locking, name=name)


def assign_sub(ref: Variable, value, use_locking=None, name=None):
    """``tf.compat.v1.assign_sub(ref, value)``: ``ref.assign_sub(value)``."""
    return ref.assign_sub(value, use_locking=use_locking, name=name)
