"""``tf.saved_model.load``: a SavedModel written here or by real TensorFlow, back as objects.

User objects come back as ``_UserObject`` s with their children as attributes, variables as
``tf.Variable`` s holding the checkpoint's values, functions as callables choosing the saved
trace that fits the arguments, and ``.signatures`` as TF's ``_SignatureMap`` (keyword
arguments in, a dict out). A function saved here runs its serialized XLA program; a function
real TF wrote runs its graph through this dialect's ops (``graph_ops``), where it uses only ops
listed there. Known differences: no assets, no TF1 (``tf.compat.v1.saved_model``) loading, no
resources other than variables.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np
from jax import export as jax_export

from ... import core
from .. import dtypes as _dt
from ..checkpoint import bundle
from ..checkpoint.object_checkpoint import GRAPH_KEY
from ..checkpoint.trackables import decode_graph
from ..nest import flatten, pack_sequence_as
from ..shapes import TensorShape
from ..tensor import Tensor, convert_to_tensor, wrap
from ..tensor_spec import TensorSpec
from ..variables import Variable
from . import proto as pb
from .graph_ops import Library
from .save import ORDER_ATTR, STABLEHLO_ATTR, WRITES_ATTR


class _UserObject:
    """A restored object: its saved children as attributes."""


class _CallableUserObject(_UserObject):
    """A restored object that was saved with a ``__call__`` function."""

    def __call__(self, *args, **kwargs):
        return self.__dict__["__call__"](*args, **kwargs)


for _cls in (_UserObject, _CallableUserObject):
    _cls.__name__ = "_UserObject"
    _cls.__qualname__ = "Loader._recreate_base_user_object.<locals>._UserObject"


class _SignatureMap(dict):
    """``loaded.signatures``: signature keys to concrete functions."""

    def __repr__(self) -> str:
        return f"_SignatureMap({dict.__repr__(self)})"


def _spec(value) -> Any:
    return TensorSpec(value.dims, value.dtype, value.name or None) if isinstance(value, pb.Spec) else value


def _specs(structure):
    if isinstance(structure, dict):
        return {k: _specs(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_specs(v) for v in structure)
    return _spec(structure)


class _Program:
    """A deserialized program (static attribute of the op that calls it: hashed by identity)."""

    def __init__(self, exported):
        self.exported = exported

    def __call__(self, *values):
        return tuple(self.exported.call(*values))


def _call_program(*values, program: _Program):
    return program(*values)


class ConcreteFunction:
    """One saved trace: ``structured_input_signature``, ``structured_outputs``, callable."""

    def __init__(self, loader: "_Loader", name: str, message: bytes, keywords: list[str] | None = None,
                 positional: int = 0):
        self.name = name
        self._loader = loader
        self._bound = [loader.objects[i] for i in pb.repeated_ints(message, 2)] if message else []
        signature = pb.read_structured(pb.first(message, 3, b"")) if message else ((), {})
        self.structured_input_signature = _specs(signature)
        self._outputs = pb.read_structured(pb.first(message, 4, b"")) if message else None
        self.structured_outputs = _specs(self._outputs)
        self._keywords = keywords
        self._positional = positional
        fdef = loader.library.functions[name]
        attrs = pb.map_entries(fdef, 5)
        self._arg_names = [pb.first(a, 1, b"").decode() for a in pb.message_list(pb.first(fdef, 1, b""), 2)]
        if STABLEHLO_ATTR in attrs:
            self._program = _Program(jax_export.deserialize(bytearray(pb.read_attr(attrs[STABLEHLO_ATTR]))))
            self._writes = pb.read_attr(attrs[WRITES_ATTR]) or [] if WRITES_ATTR in attrs else []
            self._order = pb.read_attr(attrs[ORDER_ATTR]) or [] if ORDER_ATTR in attrs else None
        else:
            self._program = None
            loader.library.check(name)

    def __repr__(self) -> str:
        return f"<ConcreteFunction {self.name} at {hex(id(self))}>"

    def _flat_inputs(self, args: tuple, kwargs: dict) -> list[Tensor]:
        positional, named = self.structured_input_signature
        if self._keywords is not None:  # a signature: keyword arguments (some positionally)
            if len(args) > self._positional:
                raise TypeError(f"{self.name}(...) takes at most {self._positional} positional arguments, "
                                f"got {len(args)}")
            given = dict(zip(self._keywords, args))
            given.update(kwargs)
            missing = [k for k in named if k not in given]
            if missing or set(given) - set(named):
                raise TypeError(f"{self.name}(...) missing required arguments: {', '.join(missing)}."
                                if missing else f"{self.name}(...) got unexpected keyword arguments: "
                                                f"{', '.join(sorted(set(given) - set(named)))}.")
            order = [n for n in self._arg_names if n in named]
            keys = order if len(order) == len(named) else sorted(named)
            return [self._convert(given[k], named[k]) for k in keys]
        leaves = flatten(list(args))
        specs = flatten(list(positional))
        return [self._convert(v, s) for v, s in zip(leaves, specs) if isinstance(s, TensorSpec)]

    @staticmethod
    def _convert(value, spec: TensorSpec) -> Tensor:
        tensor = value._as_tensor() if hasattr(value, "_as_tensor") else convert_to_tensor(value, dtype=spec.dtype)
        return tensor

    def __call__(self, *args, **kwargs):
        return self._run(self._flat_inputs(args, kwargs))

    def _run(self, inputs: list[Tensor]):
        if self._program is None:
            results = self._loader.library.call(self.name, [*inputs, *self._bound])
        else:
            results = self._run_program(inputs)
        spec_leaves = [s for s in flatten(self._outputs) if isinstance(s, pb.Spec)]
        results = iter(results[:len(spec_leaves)])
        return pack_sequence_as(self._outputs, [next(results) if isinstance(s, pb.Spec) else s
                                                for s in flatten(self._outputs)])

    def _run_program(self, inputs: list[Tensor]) -> list[Tensor]:
        variables = [v._as_tensor() for v in self._bound]
        tensors = [*variables, *inputs]
        node = core.apply(_call_program, [t.node for t in tensors], {"program": self._program},
                          name=self.name)
        avals = self._program.exported.out_avals
        outs = []
        for i, aval in enumerate(avals):
            selected = core.select(node, i)
            shape = TensorShape([d if isinstance(d, int) else int(np.shape(selected.value)[j])
                                 if selected.value is not None else None for j, d in enumerate(aval.shape)])
            outs.append(wrap(selected, _dt.as_dtype(aval.dtype), shape, "StatefulPartitionedCall"))
        n_out = len(outs) - len(self._writes)
        for index, value in zip(self._writes, outs[n_out:]):
            self._bound[index].assign(value)
        outs = outs[:n_out]
        return [outs[i] for i in self._order] if self._order else outs


class RestoredFunction:
    """A restored ``tf.function``: calls the saved trace whose input signature fits the arguments."""

    def __init__(self, concretes: list[ConcreteFunction], name: str, input_signature=None):
        self.concrete_functions = concretes
        self.__name__ = name
        self._input_signature = input_signature

    def __call__(self, *args, **kwargs):
        if self._input_signature is not None and not _fits(list(self._input_signature), list(args)):
            raise self._binding_error(args, kwargs)
        for concrete in self.concrete_functions:
            positional, _ = concrete.structured_input_signature
            if _fits(list(positional), list(args)) and not kwargs:
                return concrete(*args)
        raise ValueError("Could not find matching concrete function to call loaded from the SavedModel. Got:\n"
                         f"  Positional arguments ({len(args)} total):\n"
                         + "".join(f"    * {a!r}\n" for a in args)
                         + f"  Keyword arguments: {kwargs}\n\n Expected these arguments to match one of the "
                         f"following {len(self.concrete_functions)} option(s):\n\n"
                         + "\n\n".join(f"Option {i + 1}:\n  Positional arguments ({len(c.structured_input_signature[0])} "
                                       f"total):\n" + "".join(f"    * {s!r}\n" for s in c.structured_input_signature[0])
                                       + "  Keyword arguments: {}"
                                       for i, c in enumerate(self.concrete_functions)))

    def _binding_error(self, args, kwargs) -> TypeError:
        specs = flatten(list(self._input_signature))
        values = flatten(list(args))
        shown = ", ".join(f"{s.name or f'args_{i}'}: {s!r}" for i, s in enumerate(specs))
        for value, spec in zip(values, specs):
            if isinstance(spec, TensorSpec) and not _fits(spec, value):
                tensor = value if isinstance(value, Tensor) else convert_to_tensor(value)
                return TypeError(f"Binding inputs to tf.function failed due to `Can not cast "
                                 f"{TensorSpec(tensor.shape, tensor.dtype, spec.name)!r} to {spec!r}`. Received "
                                 f"args: {args!r} and kwargs: {kwargs!r} for signature: ({shown}).")
        return TypeError(f"Binding inputs to tf.function failed: the input_signature has {len(specs)} tensors, "
                         f"got args: {args!r} and kwargs: {kwargs!r}.")

    def get_concrete_function(self, *args, **kwargs) -> ConcreteFunction:
        return self.concrete_functions[0]


def _fits(signature, value) -> bool:
    if isinstance(signature, TensorSpec):
        try:
            tensor = value._as_tensor() if hasattr(value, "_as_tensor") else convert_to_tensor(value, dtype=signature.dtype)
        except (TypeError, ValueError):
            return False
        return signature.is_compatible_with(tensor)
    if isinstance(signature, (list, tuple)):
        return isinstance(value, (list, tuple)) and len(signature) == len(value) and all(
            _fits(s, v) for s, v in zip(signature, value))
    if isinstance(signature, dict):
        return isinstance(value, dict) and set(signature) == set(value) and all(
            _fits(signature[k], value[k]) for k in signature)
    return signature == value


class _Loader:
    def __init__(self, export_dir: str, tags):
        path = os.path.join(export_dir, "saved_model.pb")
        if not os.path.exists(path):
            raise OSError(f"SavedModel file does not exist at: {export_dir}{os.sep}"
                          "{saved_model.pbtxt|saved_model.pb}")
        with open(path, "rb") as f:
            data = f.read()
        meta = self._meta_graph(data, tags, export_dir)
        graph_def = pb.first(meta, 2, b"")
        library = pb.first(graph_def, 2, b"")
        functions = {}
        for fdef in pb.message_list(library, 1):
            functions[pb.first(pb.first(fdef, 1, b""), 1, b"").decode()] = fdef
        self.library = Library(functions)
        object_graph = pb.first(meta, 7, None)
        if object_graph is None:
            raise NotImplementedError("This SavedModel has no object graph (a TF1 SavedModel): load it with "
                                      "tf.compat.v1.saved_model.load, which gradcompat does not provide")
        self.nodes = pb.message_list(object_graph, 1)
        self.concrete_messages = pb.map_entries(object_graph, 2)
        prefix = os.path.join(export_dir, "variables", "variables")
        stored = bundle.read(prefix) if bundle.exists(prefix) else {}
        saved = decode_graph(stored[GRAPH_KEY]) if GRAPH_KEY in stored else []
        self.values = {i: stored.get(attrs.get("VARIABLE_VALUE")) for i, (_, attrs) in enumerate(saved)}
        self.objects: dict[int, Any] = {}

    @staticmethod
    def _meta_graph(data: bytes, tags, export_dir: str) -> bytes:
        wanted = set([tags] if isinstance(tags, str) else tags or [])
        metas = pb.message_list(data, 2)
        for meta in metas:
            have = {t.decode() for t in pb.message_list(pb.first(meta, 1, b""), 4)}
            if not wanted or wanted == have:
                return meta
        raise RuntimeError(f"MetaGraphDef associated with tags {sorted(wanted)} could not be found in SavedModel, "
                           f"with available tags '{[sorted(pb.message_list(pb.first(m, 1, b''), 4)) for m in metas]}'. "
                           f"To inspect available tag-sets in the SavedModel, please use the SavedModel CLI: "
                           f"`saved_model_cli`.")

    def load(self):
        kinds = {}
        for i, node in enumerate(self.nodes):  # variables first: functions capture them
            items = dict((n, v) for n, v in pb.fields(node) if n in (4, 5, 6, 7, 8, 9, 10, 12))
            kinds[i] = items
            if 7 in items:
                self.objects[i] = self._variable(i, items[7])
            elif 4 in items:
                identifier = pb.first(items[4], 1, b"").decode()
                self.objects[i] = {"signature_map": _SignatureMap, "trackable_list_wrapper": list,
                                   "trackable_dict_wrapper": dict}.get(identifier, _UserObject)()
            elif not any(k in items for k in (6, 8)):
                self.objects[i] = _UserObject()
        for i, items in kinds.items():
            if 6 in items:
                names = [n.decode() for n in pb.message_list(items[6], 1)]
                spec = pb.first(pb.first(items[6], 2, b""), 5, None)
                signature = _specs(pb.read_structured(spec)) if spec is not None else None
                self.objects[i] = RestoredFunction([ConcreteFunction(self, n, self.concrete_messages.get(n, b""))
                                                    for n in names], f"restored_function_{i}", signature)
            elif 8 in items:
                name = pb.first(items[8], 1, b"").decode()
                keywords = [k.decode() for k in pb.message_list(items[8], 2)]
                positional = pb.first(items[8], 3, 0)
                self.objects[i] = ConcreteFunction(self, name, self.concrete_messages.get(name, b""), keywords,
                                                   positional)
        for i, node in enumerate(self.nodes):
            parent = self.objects[i]
            for reference in pb.message_list(node, 1):
                child = dict(pb.fields(reference))
                name, child_obj = child.get(2, b"").decode(), self.objects[child.get(1, 0)]
                if isinstance(parent, list):
                    parent.append(child_obj)
                elif isinstance(parent, dict):
                    parent[name] = child_obj
                elif isinstance(parent, _UserObject):
                    setattr(parent, name, child_obj)
                    if name == "__call__":
                        parent.__class__ = _CallableUserObject
        root = self.objects[0]
        if isinstance(root, _UserObject) and not hasattr(root, "signatures"):
            root.signatures = _SignatureMap()
        return root

    def _variable(self, i: int, message: bytes) -> Variable:
        items = dict(pb.fields(message))
        dtype = pb.dtype_from_enum(items.get(1, 1))
        dims = pb.read_shape(items.get(2, b"")) or []
        value = self.values.get(i)
        if value is None:
            value = np.zeros([d or 0 for d in dims], dtype.np)
        name = items.get(6, b"Variable").decode() or "Variable"
        return Variable(np.asarray(value, dtype.np), trainable=bool(items.get(3, 0)), name=name, dtype=dtype)


def load(export_dir: str, tags=None, options=None):
    """``tf.saved_model.load(export_dir, tags=None)`` (see the module docstring)."""
    return _Loader(os.fspath(export_dir), tags).load()
