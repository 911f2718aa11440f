"""``keras.layers.Layer`` as Keras 3 on TensorFlow runs it: weights, building on first call,
sublayer tracking, the ``training`` flag handed down to nested calls, ``InputSpec`` checks,
``get_config`` / ``from_config``; and the symbolic side of the functional API: ``keras.Input``,
``KerasTensor`` and the call nodes a functional ``Model`` replays.

Layers are named ``dense``, ``dense_1``... and their variables ``dense/kernel`` (prefixed
with the enclosing model's name when a model builds them).

A layer called on ``KerasTensor``\\ s runs its ``call`` on placeholder tensors of the same
partial shape (no values are computed: the ops are deferred core nodes, whose shapes come
from abstract evaluation), as Keras traces ``call`` to infer output specs; the outputs become
``KerasTensor``\\ s that remember the call (a ``Node``).
"""
from __future__ import annotations

import contextlib
import inspect
import threading
from typing import Any, Iterator, Sequence

import jax
import numpy as np

from .... import core
from ....core import residuals
from ... import dtypes as _dt
from ... import initializers as _tf_initializers
from ...math_ops import cast
from ...nest import flatten, pack_sequence_as
from ...shapes import TensorShape
from ...tensor import Tensor, convert_to_tensor
from .. import activations, initializers, naming
from ..variables import Variable

# ---------------------------------------------------------------------------- call context

_context = threading.local()


def _training_stack() -> list:
    if not hasattr(_context, "training"):
        _context.training = []
    return _context.training


@contextlib.contextmanager
def _training_scope(value) -> Iterator[None]:
    stack = _training_stack()
    stack.append(value)
    try:
        yield
    finally:
        stack.pop()


def _outer_training():
    """The ``training`` value of the enclosing layer call (None at the top)."""
    stack = _training_stack()
    return stack[-1] if stack else None


# ---------------------------------------------------------------------------- symbolic tensors

class Node:
    """One call of a layer on KerasTensors: the arguments (with KerasTensors in them) and outputs."""

    _counter = 0

    def __init__(self, layer: "Layer", args: tuple, kwargs: dict, outputs: Any):
        self.layer, self.args, self.kwargs, self.outputs = layer, args, kwargs, outputs
        Node._counter += 1
        self.id = Node._counter
        self.parents: list[Node] = []
        for t in flatten((args, kwargs)):
            if isinstance(t, KerasTensor) and t._node is not None and not any(t._node is p for p in self.parents):
                self.parents.append(t._node)
        layer._inbound_nodes.append(self)

    @property
    def input_tensors(self) -> list["KerasTensor"]:
        return [t for t in flatten((self.args, self.kwargs)) if isinstance(t, KerasTensor)]


class KerasTensor:
    """``keras.KerasTensor``: a symbolic input or layer output (shape with ``None`` batch dim,
    dtype string, name), the tensor of the functional API. TF ops do not take them (as Keras)."""

    def __init__(self, shape: Sequence, dtype: str = "float32", name: str | None = None,
                 node: Node | None = None, index: int = 0):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = _dt.as_dtype(dtype).name
        self.name = name or naming.unique_name("keras_tensor")
        self.sparse, self.ragged = False, False
        self._node, self._index = node, index

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def _placeholder(self) -> Tensor:
        dtype = _dt.as_dtype(self.dtype)
        return Tensor(core.Placeholder(self.shape, dtype.np, self.name), dtype, TensorShape(self.shape))

    def __repr__(self) -> str:
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"ragged={self.ragged}, name={self.name}>")

    def __hash__(self) -> int:
        return id(self)

    def _tf_error(self, *args, **kwargs):
        raise ValueError(f"A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor is a "
                         f"symbolic placeholder for a shape and dtype, used when constructing Keras Functional "
                         f"models or Keras Functions. You can only use it as input to a Keras layer or a Keras "
                         f"operation (from the namespaces `keras.layers` and `keras.ops`). ")

    __array__ = _tf_error


def is_keras_tensor(value: Any) -> bool:
    return isinstance(value, KerasTensor)


_PROBES = (1009, 1013)


def multi_op(fn, tensors: Sequence[Tensor], static: dict | None = None, op_type: str = "",
             saving=None) -> list[Tensor]:
    """A pure JAX op with several array results as one core node; one tensor per result. Static
    shapes with unknown dims (symbolic calls) are probed with two sizes, as ``tensor.infer`` does.
    ``saving``: ``fn`` made by ``core.residuals.saving_residuals``, run where a gradient may
    follow (its extra results, the vjp residuals, get no tensors)."""
    static = static or {}
    nodes = [t.node for t in tensors]
    node = core.apply(fn if saving is None else residuals.kernel_for(saving, nodes), nodes, static, name=op_type)
    shapes = [t.shape.dims for t in tensors]
    results = []
    for probe in _PROBES:
        args = [jax.ShapeDtypeStruct(tuple(probe if d is None else d for d in s), t.dtype.np)
                for s, t in zip(shapes, tensors)]
        results.append(jax.tree_util.tree_leaves(jax.eval_shape(lambda *xs: fn(*xs, **static), *args)))
        if all(d is not None for s in shapes for d in s):
            break
    outs = []
    for index, (a, b) in enumerate(zip(results[0], results[-1])):
        dims = [x if x == y else None for x, y in zip(a.shape, b.shape)]
        outs.append(Tensor(core.select(node, index), _dt.as_dtype(a.dtype), TensorShape(dims)))
    return outs


# ---------------------------------------------------------------------------- input specs

class InputSpec:
    """``keras.layers.InputSpec(ndim=None, min_ndim=None, max_ndim=None, axes=None)``: checked at call."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype, self.shape, self.name, self.optional = dtype, shape, name, optional
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}


def _check_input_spec(layer: "Layer", inputs: Any) -> None:
    specs = layer.input_spec
    if specs is None:
        return
    specs = specs if isinstance(specs, (list, tuple)) else [specs]
    values = flatten(inputs)
    for index, (spec, x) in enumerate(zip(specs, values)):
        if spec is None or not hasattr(x, "shape"):
            continue
        shape = tuple(x.shape) if isinstance(x, KerasTensor) else tuple(TensorShape(x.shape.dims).dims or ())
        ndim = len(shape)
        head = f"Input {index} with name '{spec.name}' of layer '{layer.name}' is incompatible with the layer: "
        if spec.ndim is not None and ndim != spec.ndim:
            raise ValueError(f"{head}expected ndim={spec.ndim}, found ndim={ndim}. Full shape received: {shape}")
        if spec.max_ndim is not None and ndim > spec.max_ndim:
            raise ValueError(f"{head}expected max_ndim={spec.max_ndim}, found ndim={ndim}")
        if spec.min_ndim is not None and ndim < spec.min_ndim:
            raise ValueError(f"{head}expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
                             f"Full shape received: {shape}")
        for axis, value in spec.axes.items():
            got = shape[axis] if -ndim <= axis < ndim else None
            if value is not None and got not in (value, None):
                raise ValueError(f"{head}expected axis {axis} of input shape to have value {value}, but received "
                                 f"input with shape {shape}")


# ---------------------------------------------------------------------------- config helpers

def serialize_initializer(init: Any) -> dict | None:
    """An initializer as Keras 3's ``get_config`` writes it."""
    if init is None:
        return None
    name = type(init).__name__
    config: dict = {}
    if name in ("GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
                "Orthogonal"):
        config = {"seed": getattr(init, "_init_seed", getattr(init, "seed", None))}
        if name.startswith("Glorot"):
            config.update({"input_axes": None, "output_axes": None})
    elif name == "Constant":
        config = {"value": float(np.asarray(getattr(init, "value", 0.0)))}
    elif name in ("RandomNormal", "TruncatedNormal"):
        config = {"seed": getattr(init, "_init_seed", init.seed), "mean": init.mean, "stddev": init.stddev}
    elif name == "RandomUniform":
        config = {"seed": getattr(init, "_init_seed", init.seed), "minval": init.minval, "maxval": init.maxval}
    return {"module": "keras.initializers", "class_name": name, "config": config, "registered_name": None}


def deserialize_initializer(value: Any) -> Any:
    if isinstance(value, dict):
        cls = getattr(initializers, value["class_name"], None) or getattr(_tf_initializers, value["class_name"])
        config = dict(value.get("config", {}))
        for unused in ("input_axes", "output_axes"):
            config.pop(unused, None)
        return cls(**config)
    return value


def serialize_activation(fn: Any) -> Any:
    if fn is None:
        return None
    for name, known in activations._BY_NAME.items():
        if known is fn:
            return name
    return getattr(fn, "__name__", fn)


def _dtype_policy(name: str = "float32") -> dict:
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": name}, "registered_name": None}


# ---------------------------------------------------------------------------- the layer

class Layer:
    """``keras.layers.Layer``: subclasses define ``build(input_shape)`` and ``call(inputs)``.

    ``call`` gets ``training`` when its signature has it: the value passed, else the enclosing
    layer call's, else the signature's default (Keras 3's resolution). Floating inputs are cast
    to float32 (Keras's autocast).
    """

    def __init__(self, trainable: bool = True, name: str | None = None, dtype=None, autocast: bool = True,
                 activity_regularizer=None, **kwargs):
        self.__dict__.setdefault("_tracked", [])
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        kwargs.pop("input_length", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}")
        self.name = name or naming.unique_name(naming.snake_case(type(self).__name__))
        self.trainable = trainable
        self.built = False
        self._weights: list[Variable] = []
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        self._input_shape = (None, *tuple(input_shape)) if input_shape is not None else (
            tuple(batch_input_shape) if batch_input_shape is not None else None)
        self._autocast = autocast
        self._inbound_nodes: list[Node] = []
        self.__dict__.setdefault("input_spec", None)
        self.supports_masking = False

    def __setattr__(self, key: str, value: Any) -> None:
        # sublayers and variables assigned as attributes are tracked, in assignment order
        tracked = self.__dict__.setdefault("_tracked", [])
        if isinstance(value, (Layer, Variable)) and not any(value is t for t in tracked):
            tracked.append(value)
        elif isinstance(value, (list, tuple)) and not key.startswith("_"):
            for item in value:
                if isinstance(item, Layer) and not any(item is t for t in tracked):
                    tracked.append(item)
        super().__setattr__(key, value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    @property
    def dtype(self) -> str:
        return "float32"

    @property
    def compute_dtype(self) -> str:
        return "float32"

    @property
    def variable_dtype(self) -> str:
        return "float32"

    @property
    def path(self) -> str:
        return self.name

    def add_weight(self, shape: Sequence[int] = (), initializer="glorot_uniform", dtype=None,
                   trainable: bool = True, name: str | None = None, regularizer=None, constraint=None,
                   **kwargs) -> Variable:
        """A new variable of this layer (path ``<layer name>/<name>``)."""
        if initializer is None:
            initializer = "zeros" if dtype is not None and not _dt.as_dtype(dtype).is_floating else "glorot_uniform"
        with naming.scope(self.name):
            variable = Variable(initializers.get(initializer), shape=tuple(shape), dtype=dtype or "float32",
                                trainable=trainable, name=name, aggregation=kwargs.get("aggregation", "none"))
        self._weights.append(variable)
        return variable

    add_variable = add_weight

    def build(self, input_shape) -> None:
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape) -> Any:
        """The output shape, found (as Keras does by default) by tracing ``call`` symbolically."""
        spec = self.compute_output_spec(_shape_to_keras_tensors(input_shape))
        return _map(lambda t: t.shape, spec)

    def compute_output_spec(self, *args, **kwargs) -> Any:
        """Output KerasTensors (no history) for KerasTensor arguments."""
        outputs = self._trace(args, kwargs)
        return _map(lambda t: KerasTensor(t.shape.dims, t.dtype.name), outputs)

    # -- calling ----------------------------------------------------------------------------
    def _call_accepts(self, name: str) -> bool:
        params = inspect.signature(self.call).parameters
        return name in params or any(p.kind == p.VAR_KEYWORD for p in params.values())

    def _training_value(self, kwargs: dict):
        """Keras 3's resolution of ``training``: passed > enclosing call's > call's default."""
        if kwargs.get("training") is not None:
            return kwargs["training"]
        outer = _outer_training()
        if outer is not None:
            return outer
        param = inspect.signature(self.call).parameters.get("training")
        if param is not None and param.default is not inspect.Parameter.empty:
            return param.default
        return None

    def _convert_inputs(self, inputs):
        def convert(x):
            if isinstance(x, (KerasTensor, Tensor)) or x is None:
                t = x
            elif hasattr(x, "_as_tensor") or isinstance(x, (np.ndarray, np.generic, float, int, list)):
                t = convert_to_tensor(x)
            else:
                return x
            if isinstance(t, Tensor) and self._autocast and t.dtype.is_floating and t.dtype != _dt.float32:
                t = cast(t, _dt.float32)  # Keras autocasts floats to the layer's dtype
            return t
        if isinstance(inputs, (list, tuple, dict)):
            return pack_sequence_as(inputs, [convert(x) for x in flatten(inputs)])
        return convert(inputs)

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        first = args[0] if args else next(iter(kwargs.values()), None)
        shapes = _map(_shape_of, first)
        self.build(shapes)
        self.built = True

    def __call__(self, *args, **kwargs):
        if not args and not kwargs:
            raise TypeError(f"{type(self).__name__}.call() missing 1 required positional argument: 'inputs'")
        args = (self._convert_inputs(args[0]), *args[1:]) if args else args
        for key in list(kwargs):
            if key not in ("training", "mask") and not self._call_accepts(key):
                raise TypeError(f"{type(self).__name__}.call() got an unexpected keyword argument '{key}'")
        if "mask" in kwargs and not self._call_accepts("mask"):
            kwargs.pop("mask")
        try:  # Keras binds the arguments first: its TypeError for a missing one
            inspect.signature(self.call).bind(*args, **{k: v for k, v in kwargs.items()
                                                        if k != "training" or self._call_accepts(k)})
        except TypeError as error:
            raise TypeError(str(error)) from None
        if any(isinstance(t, KerasTensor) for t in flatten((args, kwargs))):
            return self._symbolic_call(args, kwargs)
        _check_input_spec(self, args[0] if args else None)
        self._maybe_build(args, kwargs)
        return self._run_call(args, kwargs)

    def _run_call(self, args: tuple, kwargs: dict):
        training = self._training_value(kwargs)
        kwargs = dict(kwargs)
        if self._call_accepts("training"):
            kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        mask = getattr(args[0], "_keras_mask", None) if args else None
        if mask is not None and "mask" not in kwargs and "mask" in inspect.signature(self.call).parameters:
            kwargs["mask"] = mask  # Keras hands the input's mask to a call that takes one
        with _training_scope(training), naming.scope(self.name):  # sublayers built here get this name in paths
            outputs = self.call(*args, **kwargs)
        if mask is not None and self.supports_masking and isinstance(outputs, Tensor) \
                and getattr(outputs, "_keras_mask", None) is None and outputs is not args[0]:
            outputs._keras_mask = mask  # a mask-preserving layer (Dense, Dropout...) passes it on
        return outputs

    def _trace(self, args: tuple, kwargs: dict):
        """Run ``call`` on placeholders standing for the KerasTensors: outputs with static shapes."""
        concrete = _map(lambda t: t._placeholder() if isinstance(t, KerasTensor) else t, (args, kwargs))
        _check_input_spec(self, args[0] if args else None)
        self._maybe_build(*concrete)
        return self._run_call(*concrete)

    def _symbolic_call(self, args: tuple, kwargs: dict):
        outputs = self._trace(args, kwargs)
        flat = flatten(outputs)
        results = [KerasTensor(t.shape.dims, t.dtype.name) for t in flat]
        node = Node(self, args, kwargs, None)
        for index, kt in enumerate(results):
            kt._node, kt._index = node, index
        packed = pack_sequence_as(outputs, results) if isinstance(outputs, (list, tuple, dict)) else results[0]
        node.outputs = packed
        return packed

    # -- config ------------------------------------------------------------------------------
    def get_config(self) -> dict:
        """Keras 3's base config: name, trainable, dtype policy (subclasses add their arguments)."""
        return {"name": self.name, "trainable": self.trainable, "dtype": _dtype_policy()}

    @classmethod
    def from_config(cls, config: dict) -> "Layer":
        """A new layer from ``get_config``'s dict (initializers given as their configs too)."""
        config = dict(config)
        config.pop("dtype", None)
        for key, value in list(config.items()):
            if key.endswith("_initializer"):
                config[key] = deserialize_initializer(value)
        return cls(**config)

    # -- weights (Keras 3's order: own trainable, own non-trainable, then each sublayer's) --
    def _own_weights(self) -> list[Variable]:
        own = list(self._weights) + [t for t in self._tracked if isinstance(t, Variable)]
        return _unique([v for v in own if v.trainable] + [v for v in own if not v.trainable])

    def _sublayers(self) -> list["Layer"]:
        return [t for t in self._tracked if isinstance(t, Layer)]

    @property
    def weights(self) -> list[Variable]:
        return _unique(self._own_weights() + [w for layer in self._sublayers() for w in layer.weights])

    variables = weights

    @property
    def trainable_variables(self) -> list[Variable]:
        """The trainable weights of this layer and its sublayers (none once ``trainable`` is False)."""
        if not self.trainable:
            return []
        own = [v for v in self._own_weights() if v.trainable]
        return _unique(own + [w for layer in self._sublayers() for w in layer.trainable_variables])

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self) -> list[Variable]:
        if not self.trainable:
            return self.weights
        own = [v for v in self._own_weights() if not v.trainable]
        return _unique(own + [w for layer in self._sublayers() for w in layer.non_trainable_variables])

    non_trainable_weights = non_trainable_variables

    def get_weights(self) -> list[np.ndarray]:
        """The weights' values as numpy arrays, in ``weights`` order."""
        return [v.numpy() for v in self.weights]

    def save_weights(self, filepath, overwrite: bool = True) -> None:
        """Keras 3's ``.weights.h5`` file of every variable (needs h5py): see ``saving.py``."""
        from ..saving import save_weights
        save_weights(self, filepath, overwrite)

    def load_weights(self, filepath, skip_mismatch: bool = False) -> None:
        """Load a Keras 3 ``.weights.h5`` file (written by Keras or by ``save_weights``)."""
        from ..saving import load_weights
        load_weights(self, filepath, skip_mismatch)

    def set_weights(self, weights: Sequence) -> None:
        """Assign the weights in ``weights`` order, with Keras's count and shape errors."""
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a weight list of "
                             f"length {len(weights)}, but the layer was expecting {len(mine)} weights.")
        for variable, value in zip(mine, weights):
            value = np.asarray(value)
            if tuple(variable.shape) != tuple(value.shape):
                raise ValueError(f"Layer {self.name} weight shape {variable.shape} is not compatible with "
                                 f"provided weight shape {value.shape}.")
        for variable, value in zip(mine, weights):
            variable.assign(np.asarray(value, dtype=variable.dtype))

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                             f"You can build it manually via: `layer.build(input_shape)`.")
        return int(sum(np.prod(v.shape) for v in self.weights))

    # -- functional-API introspection ----------------------------------------------------------
    def _node_attr(self, attr: str, what: str):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer {self.name} has never been called and thus has no defined {what}.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(f"The layer {self.name} has multiple inbound nodes, hence the notion of "
                                 f"\"layer {what}\" is ill-defined. Use `get_{what}_at(node_index)` instead.")
        node = self._inbound_nodes[0]
        value = node.args[0] if attr == "input" else node.outputs
        return value

    @property
    def input(self):
        return self._node_attr("input", "input")

    @property
    def output(self):
        return self._node_attr("output", "output")


def _unique(variables: list) -> list:
    out: list = []
    for v in variables:
        if not any(v is o for o in out):
            out.append(v)
    return out


def _map(fn, structure):
    if isinstance(structure, (list, tuple, dict)):
        return pack_sequence_as(structure, [fn(x) for x in flatten(structure)])
    return fn(structure)


def _shape_of(x) -> Any:
    if isinstance(x, KerasTensor):
        return x.shape
    if isinstance(x, Tensor):
        return tuple(x.shape.dims) if x.shape.dims is not None else None
    if hasattr(x, "shape"):
        return tuple(x.shape)
    return None


def _is_shape(value) -> bool:
    return isinstance(value, (list, tuple)) and all(d is None or isinstance(d, (int, np.integer)) for d in value)


def _shape_to_keras_tensors(shape):
    if _is_shape(shape):
        return KerasTensor(shape)
    if isinstance(shape, dict):
        return {k: _shape_to_keras_tensors(v) for k, v in shape.items()}
    return [_shape_to_keras_tensors(s) for s in shape]


class Operation(Layer):
    """A ``keras.ops``-style call on KerasTensors (``x + y``, ``x[:, 0]``...): a node of a functional
    model that, as in Keras, is not one of ``model.layers``."""

    def __init__(self, fn, name: str):
        super().__init__(name=naming.unique_name(name))
        self.fn = fn

    def __repr__(self) -> str:
        return f"<Operation name={self.name}>"

    def call(self, *args):
        return self.fn(*args)


def _operator(name: str, fn, reverse: bool = False):
    def method(self, other):
        a, b = (other, self) if reverse else (self, other)
        return Operation(fn, name)(a, b)
    return method


for _name, _fn in [("add", lambda a, b: a + b), ("subtract", lambda a, b: a - b), ("multiply", lambda a, b: a * b),
                   ("divide", lambda a, b: a / b), ("matmul", lambda a, b: a @ b), ("power", lambda a, b: a ** b)]:
    _dunder = {"subtract": "sub", "multiply": "mul", "divide": "truediv", "power": "pow"}.get(_name, _name)
    setattr(KerasTensor, f"__{_dunder}__", _operator(_name, _fn))
    setattr(KerasTensor, f"__r{_dunder}__", _operator(_name, _fn, reverse=True))
KerasTensor.__neg__ = lambda self: Operation(lambda a: -a, "negative")(self)
KerasTensor.__getitem__ = lambda self, key: Operation(lambda a, k: a[k], "get_item")(self, key)


class InputLayer(Layer):
    """``keras.layers.InputLayer(shape, batch_size=None, dtype=None, name=None)``: the layer behind
    ``keras.Input``; its ``output`` is the ``KerasTensor``."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name: str | None = None, **kwargs):
        kwargs.pop("input_shape", None) if shape is None and "input_shape" in kwargs else None
        super().__init__(name=name or naming.unique_name("input_layer"))
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
            batch_shape = (batch_size, *shape)
        self.batch_shape = tuple(batch_shape)
        self.shape = self.batch_shape
        self._dtype = _dt.as_dtype(dtype or "float32").name
        self.built = True
        self.output_tensor = KerasTensor(self.batch_shape, self._dtype, name=name)
        Node(self, (), {}, self.output_tensor)
        self.output_tensor._node = self._inbound_nodes[0]

    @property
    def dtype(self) -> str:
        return self._dtype

    def get_config(self) -> dict:
        return {"batch_shape": self.batch_shape, "dtype": self._dtype, "sparse": False, "ragged": False,
                "name": self.name, "optional": False}

    @classmethod
    def from_config(cls, config: dict) -> "InputLayer":
        config = {k: v for k, v in config.items() if k not in ("ragged",)}
        return cls(**config)


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name: str | None = None,
          tensor=None, optional=False) -> KerasTensor:
    """``keras.Input(shape)``: a KerasTensor (batch dimension ``None`` unless ``batch_size``), the
    start of a functional model; a ``Sequential`` also takes it as its first layer."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, batch_shape=batch_shape, name=name)
    return layer.output_tensor


__all__ = ["Input", "InputLayer", "InputSpec", "KerasTensor", "Layer", "Operation", "is_keras_tensor"]
