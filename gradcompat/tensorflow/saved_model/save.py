"""``tf.saved_model.save``: TensorFlow's SavedModel layout (``saved_model.pb``, ``variables/``,
``assets/``, ``fingerprint.pb``).

The object graph (``SavedObjectGraph``: user objects, variables, functions, the signature map)
and the signatures (``SignatureDef``) are TF's messages, and the variables are a TF checkpoint
under ``variables/variables`` with TF's keys (``w/.ATTRIBUTES/VARIABLE_VALUE``) that real TF reads
(``tf.train.load_checkpoint``). Each traced function is stored as a ``FunctionDef`` whose body is
the function's XLA program (StableHLO, serialized by ``jax.export`` with its first-order vjp) in
the attribute ``_gradcompat_stablehlo``, in place of TF graph nodes: ``tf.saved_model.load``
here calls it (gradients included); real TF restores the variables of such a file but not its
functions (a known difference).
"""
from __future__ import annotations

import os
from typing import Any

import jax
import numpy as np
from jax import export as jax_export

from ... import core
from ..checkpoint import bundle
from ..checkpoint.trackables import Node, encode_graph, is_variable, walk
from ..function import Function
from ..nest import flatten, pack_sequence_as
from ..tensor import Tensor
from ..tensor_spec import TensorSpec
from . import proto as pb
from .proto import field, int_field

STABLEHLO_ATTR = "_gradcompat_stablehlo"
WRITES_ATTR = "_gradcompat_writes"
ORDER_ATTR = "_gradcompat_output_order"
_VERSION = field(2, int_field(1, 1) + int_field(2, 1))  # VersionDef {producer: 1, min_consumer: 1}


def _functions_of(obj: Any) -> list[tuple[str, Function]]:
    """The ``tf.function`` s an object holds, as attributes of it or of its class (bound to it)."""
    if is_variable(obj) or isinstance(obj, (list, tuple, dict)):
        return []
    found: dict[str, Function] = {}
    for klass in reversed(type(obj).__mro__):
        for name, attr in vars(klass).items():
            if isinstance(attr, Function):
                found[name] = getattr(obj, name)
    for name, attr in getattr(obj, "__dict__", {}).items():
        if isinstance(attr, Function) and not name.startswith("_"):
            found[name] = attr
    return list(found.items())


def _dummy(spec: TensorSpec) -> Tensor:
    from ..array_ops import zeros
    dims = [1 if d is None else d for d in (spec.shape.dims or [])]
    return zeros(dims, dtype=spec.dtype)


class _Concrete:
    """One traced function to save: its flat input specs, the program, its output structure."""

    def __init__(self, name: str, function: Function, concrete, specs: list[TensorSpec], args_structure):
        self.name = name
        self.function = function
        self.concrete = concrete
        self.specs = specs
        self.args_structure = args_structure  # positional arguments (specs nested as given)


def _concretes(function: Function, counter: list[int]) -> list[_Concrete]:
    """The traces of a function to save: the one of its input_signature (traced now if needed),
    else those traced so far whose arguments were all tensors."""
    instance = function._instance() if function._instance is not None else None
    prefix = (instance,) if instance is not None else ()
    out = []
    if function._signature is not None:
        key = ("input_signature",)
        specs = flatten(function._signature)
        args = pack_sequence_as(function._signature, [_dummy(s) for s in specs])
        concrete = function._concrete_for(key, (*prefix, *args), {})
        names = _parameter_names(function, specs)
        items = [(concrete, [TensorSpec(s.shape, s.dtype, s.name or n) for s, n in zip(specs, names)],
                  tuple(function._signature))]
    else:
        items = []
        for key, concrete in function._concrete.items():
            leaves = key
            if all(k[0] == "tensor" for k in leaves) and not concrete.feeders:
                names = concrete.placeholders
                specs = [TensorSpec(list(k[1]), k[2], p.name) for k, p in zip(leaves, names)]
                items.append((concrete, specs, tuple(specs)))
    for concrete, specs, structure in items:
        counter[0] += 1
        out.append(_Concrete(f"__inference_{function._name}_{counter[0]}", function, concrete, specs, structure))
    return out


def _parameter_names(function: Function, specs: list) -> list[str]:
    """TF's names for a signature's tensors without names: the parameters' (``x``, ``x_1`` for nests)."""
    import inspect
    try:
        params = list(inspect.signature(function._python_function).parameters)
    except (TypeError, ValueError):
        params = []
    if function._instance is not None:
        params = params[1:]
    names = []
    for i, part in enumerate(function._signature):
        base = params[i] if i < len(params) else f"args_{i}"
        count = len(flatten(part))
        names.extend([base] if count == 1 else [f"{base}_{j}" for j in range(count)])
    return names + [f"args_{i}" for i in range(len(names), len(specs))]


def _dims(variable) -> list:
    shape = variable.shape
    return shape.as_list() if hasattr(shape, "as_list") else list(shape)


def _np_dtype(variable):
    from .. import dtypes
    return dtypes.as_dtype(variable.dtype).np


def _export(item: _Concrete, variable_ids: dict[int, int], objects: dict[int, Any]):
    """The function's program as a StableHLO module of (captured variables..., arguments...) ->
    (outputs..., new values of the variables it writes...), and the captured variables."""
    prepared = item.concrete._prepared
    program, inputs = prepared.program, prepared.inputs
    placeholders = {id(p): i for i, p in enumerate(item.concrete.placeholders)}
    captured: list[Any] = []

    def capture(cell) -> int:
        variable = objects.get(id(cell), cell.owner)
        if id(cell) not in variable_ids:
            raise ValueError(f"Tried to export a function which references an 'untracked' resource. "
                             f"TensorFlow objects (e.g. tf.Variable) captured by functions must be 'tracked' by "
                             f"assigning them to an attribute of a tracked object or assigned to an attribute "
                             f"of the main object directly. Trackable Python objects referring to this tensor "
                             f"(from gc.get_referrers, limited to two hops): {variable}")
        if not any(v is variable for v in captured):
            captured.append(variable)
        return next(i for i, v in enumerate(captured) if v is variable)

    sources: list[tuple[str, Any]] = []
    for node in inputs:
        if id(node) in placeholders:
            sources.append(("arg", placeholders[id(node)]))
        elif isinstance(node, core.Read):
            sources.append(("var", capture(node.cell)))
        elif node.value is not None:
            sources.append(("const", node.value))
        else:
            raise ValueError(f"cannot save the function {item.function._name}: it reads {node!r}")
    writes = [capture(cell) for cells in prepared._writes if cells is not None for cell in cells]

    def pure(*values):
        n = len(captured)
        variables, args = values[:n], values[n:]
        feed = [variables[i] if kind == "var" else args[i] if kind == "arg" else i for kind, i in sources]
        return tuple(program(*feed))

    scope = jax_export.SymbolicScope()
    counter = iter(range(10 ** 6))

    def arg_spec(spec: TensorSpec):
        dims = spec.shape.dims
        if dims is None:
            raise ValueError(f"cannot save the function {item.function._name}: an input of unknown rank")
        if all(d is not None for d in dims):
            return jax.ShapeDtypeStruct(tuple(dims), spec.dtype.np)
        text = ", ".join(str(d) if d is not None else f"d{next(counter)}" for d in dims)
        return jax.ShapeDtypeStruct(jax_export.symbolic_shape(text, scope=scope), spec.dtype.np)

    in_specs = [jax.ShapeDtypeStruct(tuple(_dims(v)), _np_dtype(v)) for v in captured]
    in_specs += [arg_spec(s) for s in item.specs]
    exported = jax_export.export(jax.jit(pure))(*in_specs)
    try:
        module = bytes(exported.serialize(vjp_order=1))
    except ImportError as error:  # jax.export's container format needs it
        raise ImportError("tf.saved_model.save needs the flatbuffers package to store functions "
                          "(pip install flatbuffers)") from error
    return module, captured, writes


def _attr_list_ints(values: list[int]) -> bytes:
    return field(1, b"".join(int_field(3, v) for v in values))


def _function_def(name: str, specs: list[TensorSpec], captured: list, n_outputs: int, module: bytes,
                  writes: list[int], order: list[int] | None = None) -> bytes:
    """A ``FunctionDef`` naming its arguments and results, its body the serialized program."""
    inputs = b"".join(field(2, field(1, (s.name or f"args_{i}").encode()) + int_field(3, pb.dtype_enum(s.dtype)))
                      for i, s in enumerate(specs))
    inputs += b"".join(field(2, field(1, f"capture_{i}".encode()) + int_field(3, 20)) for i in range(len(captured)))
    outputs = b"".join(field(3, field(1, f"identity_{i}".encode()) + int_field(3, 1)) for i in range(n_outputs))
    signature = field(1, field(1, name.encode()) + inputs + outputs)
    attrs = {STABLEHLO_ATTR: field(2, module), WRITES_ATTR: _attr_list_ints(writes)}
    if order is not None:
        attrs[ORDER_ATTR] = _attr_list_ints(order)
    return signature + pb.map_field(5, attrs)


def _leaf(value):
    if isinstance(value, TensorSpec):
        return pb.tensor_spec(value.shape.dims, value.dtype, value.name)
    if isinstance(value, Tensor):
        return pb.tensor_spec(value.shape.dims, value.dtype, "unknown")
    return None


def _concrete_function_proto(bound: list[int], inputs: Any, outputs: Any) -> bytes:
    return (b"".join(int_field(2, b) for b in bound) + field(3, pb.structured(inputs, _leaf))
            + field(4, pb.structured(outputs, _leaf)))


def _signature_outputs(structure: Any) -> dict:
    if isinstance(structure, dict):
        return dict(structure)
    if isinstance(structure, (list, tuple)):
        return {f"output_{i}": v for i, v in enumerate(flatten(structure))}
    return {"output_0": structure}


def _arg_names(item: _Concrete) -> list[str]:
    return [s.name or f"args_{i}" for i, s in enumerate(item.specs)]


def save(obj: Any, export_dir: str, signatures=None, options=None) -> None:
    """``tf.saved_model.save(obj, export_dir, signatures=None)`` (see the module docstring)."""
    export_dir = os.fspath(export_dir)
    nodes = walk(obj)
    variable_ids = {id(n.obj._cell): i for i, n in enumerate(nodes) if is_variable(n.obj)}  # by storage: a
    objects = {id(n.obj._cell): n.obj for n in nodes if is_variable(n.obj)}  # Keras variable wraps a tf one
    for node in list(nodes):  # children a checkpoint skips (holding no variable) that a SavedModel keeps
        for name, child in getattr(node.obj, "_saved_model_children", lambda: [])():
            if name not in {n for _, n in node.children}:
                nodes.append(Node(child, f"{node.path}/{name}".lstrip("/")))
                node.children.append((len(nodes) - 1, name))
    counter = [0]
    functions, protos, library, kinds = [], {}, [], {}
    for index in range(len(nodes)):
        for name, function in _functions_of(nodes[index].obj):
            node = Node(function, f"{nodes[index].path}/{name}".lstrip("/"))
            nodes.append(node)
            nodes[index].children.append((len(nodes) - 1, name))
            functions.append((len(nodes) - 1, function, _concretes(function, counter), index))

    exported: dict[int, tuple] = {}
    for node_id, function, items, _ in functions:
        names = []
        for item in items:
            module, captured, writes = _export(item, variable_ids, objects)
            outputs = [o for o in flatten(item.concrete.structure) if isinstance(o, Tensor)]
            library.append(_function_def(item.name, item.specs, captured, len(outputs), module, writes))
            bound = [variable_ids[id(v._cell)] for v in captured]
            protos[item.name] = _concrete_function_proto(bound, (item.args_structure, {}), item.concrete.structure)
            exported[id(item)] = (module, captured, writes, bound)
            names.append(item.name)
        spec = items[0].args_structure if function._signature is not None and items else None
        kinds[node_id] = field(6, b"".join(field(1, n.encode()) for n in names)
                               + field(2, field(5, pb.structured(spec, _leaf)) + int_field(2, int(function._instance is not None))))

    signature_defs = {}
    chosen = _signatures(obj, signatures, functions, counter)
    for item in chosen.values():
        if id(item) not in exported:
            module, captured, writes = _export(item, variable_ids, objects)
            exported[id(item)] = (module, captured, writes, [variable_ids[id(v._cell)] for v in captured])
    if chosen:
        map_id = len(nodes)
        nodes.append(Node({}, "signatures"))
        nodes[0].children.append((map_id, "signatures"))
        kinds[map_id] = field(4, field(1, b"signature_map") + _VERSION)
        for key, item in chosen.items():
            module, captured, writes, bound = exported[id(item)]
            counter[0] += 1
            name = f"__inference_signature_wrapper_{item.function._name}_{counter[0]}"
            result = _signature_outputs(item.concrete.structure)
            tensors = [o for o in flatten(item.concrete.structure) if isinstance(o, Tensor)]
            ordered = [v for v in flatten(result) if isinstance(v, Tensor)]
            order = [next(i for i, t in enumerate(tensors) if t is v) for v in ordered]
            library.append(_function_def(name, item.specs, captured, len(tensors), module, writes, order))
            keyed = {k: TensorSpec(v.shape, v.dtype, k) for k, v in result.items() if isinstance(v, Tensor)}
            args = dict(zip(_arg_names(item), item.specs))
            protos[name] = _concrete_function_proto(bound, ((), args), keyed)
            nodes.append(Node(None, f"signatures/{key}"))
            nodes[map_id].children.append((len(nodes) - 1, key))
            kinds[len(nodes) - 1] = field(8, field(1, name.encode())
                                          + b"".join(field(2, a.encode()) for a in args)
                                          + int_field(3, len(args)))
            signature_defs[key] = _signature_def(key, args, keyed)
        signature_defs["__saved_model_init_op"] = pb.map_field(2, {"__saved_model_init_op": field(1, b"NoOp") + field(3, pb.shape(None))})

    object_graph = b""
    for i, node in enumerate(nodes):
        body = b"".join(field(1, int_field(1, c) + field(2, n.encode())) for c, n in node.children)
        if i in kinds:
            body += kinds[i]
        elif is_variable(node.obj):
            v = node.obj
            body += field(7, int_field(1, pb.dtype_enum(v.dtype)) + field(2, pb.shape(_dims(v)))
                          + int_field(3, int(v.trainable)) + field(6, v.name.rsplit(":", 1)[0].encode()))
        else:
            identifier = ("trackable_list_wrapper" if isinstance(node.obj, (list, tuple)) else
                          "trackable_dict_wrapper" if isinstance(node.obj, dict) else "_generic_user_object")
            body += field(4, field(1, identifier.encode()) + _VERSION)
        object_graph += field(1, body)
    object_graph += pb.map_field(2, protos)

    meta_info = field(4, b"serve") + field(5, b"2.21.0") + field(6, b"gradcompat") + int_field(7, 1)
    graph_def = field(2, b"".join(field(1, f) for f in library)) + field(4, int_field(1, 2215))
    meta_graph = (field(1, meta_info) + field(2, graph_def) + pb.map_field(5, signature_defs)
                  + field(7, object_graph))
    saved_model = int_field(1, 1) + field(2, meta_graph)

    os.makedirs(os.path.join(export_dir, "variables"), exist_ok=True)
    os.makedirs(os.path.join(export_dir, "assets"), exist_ok=True)
    checkpoint_nodes = [n for n in nodes]
    values: dict[str, Any] = {n.key: np.asarray(n.obj.numpy()) for n in checkpoint_nodes if n.key is not None}
    values["_CHECKPOINTABLE_OBJECT_GRAPH"] = encode_graph(checkpoint_nodes)
    bundle.write(os.path.join(export_dir, "variables", "variables"), values)
    with open(os.path.join(export_dir, "saved_model.pb"), "wb") as f:
        f.write(saved_model)
    with open(os.path.join(export_dir, "fingerprint.pb"), "wb") as f:
        f.write(_fingerprint(saved_model, graph_def, signature_defs, object_graph))


def _fingerprint(saved_model: bytes, graph_def: bytes, signature_defs: dict, object_graph: bytes) -> bytes:
    """``FingerprintDef``: 64-bit hashes of the parts (SHA-256 based here; TF uses FarmHash)."""
    import hashlib

    def digest(data: bytes) -> int:
        return int.from_bytes(hashlib.sha256(data).digest()[:8], "little")

    signatures = b"".join(k.encode() + v for k, v in sorted(signature_defs.items()))
    return (int_field(1, digest(saved_model)) + int_field(2, digest(graph_def)) + int_field(3, digest(signatures))
            + int_field(4, digest(object_graph)) + field(7, int_field(1, 1)))


def _signature_def(key: str, args: dict, outputs: dict) -> bytes:
    def info(name: str, spec: TensorSpec) -> bytes:
        return field(1, name.encode()) + int_field(2, pb.dtype_enum(spec.dtype)) + field(3, pb.shape(spec.shape.dims))

    inputs = {k: info(f"{key}_{k}:0", s) for k, s in args.items()}
    results = {k: info(f"StatefulPartitionedCall:{i}", s) for i, (k, s) in enumerate(sorted(outputs.items()))}
    return pb.map_field(1, inputs) + pb.map_field(2, results) + field(3, b"tensorflow/serving/predict")


def _signatures(root: Any, signatures, functions, counter: list[int]) -> dict[str, _Concrete]:
    """``signatures`` as {key: trace}: a function with an input_signature, or a dict of them;
    None: the root's one function with an input_signature, if it has exactly one (as TF)."""
    by_function = {id(f): items for _, f, items, _ in functions}
    if signatures is None and not functions and hasattr(root, "_default_save_signature"):
        signatures = root._default_save_signature()  # a Keras model: its call on `inputs`
    if signatures is None:
        candidates = [f for _, f, items, owner in functions if items and owner == 0 and f._signature is not None]
        if len(candidates) != 1:
            return {}
        signatures = candidates[0]
    if not isinstance(signatures, dict):
        signatures = {"serving_default": signatures}
    chosen = {}
    for key, function in signatures.items():
        if not isinstance(function, Function) or function._signature is None:
            raise ValueError(f"Expected a TensorFlow function for which to generate a signature, but got "
                             f"{function}. Only `tf.functions` with an input signature or concrete functions "
                             f"can be used as a signature.")
        items = by_function.get(id(function)) or _concretes(function, counter)
        chosen[key] = items[0]
    return chosen
