"""The functional API: ``keras.Model(inputs, outputs)`` over ``keras.Input`` tensors.

Building one walks back from the outputs through the call ``Node``\\ s the layers recorded on
``KerasTensor``\\ s, and orders them as Keras 3 does (by depth from the outputs, deepest first;
ties in the order of a depth-first walk). Calling the model replays those calls on real
tensors (or, on KerasTensors, records one node for the whole model, so models nest); a layer
called several times (shared) holds one set of weights. ``model.layers`` lists the input
layers first, as Keras 3 does.
"""
from __future__ import annotations

import warnings
from typing import Any

from ..nest import flatten, pack_sequence_as
from .layers.base import InputLayer, KerasTensor, Layer, Node, Operation
from .models import Model


def _structure(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def _map_graph(inputs: list[KerasTensor], outputs: list[KerasTensor]) -> tuple[list[Node], list[Layer]]:
    """The nodes between ``inputs`` and ``outputs`` in execution order, and their layers."""
    ordered: list[Node] = []  # depth-first, post-order
    seen: set[int] = set()
    input_ids = {id(t) for t in inputs}

    def visit(tensor: KerasTensor, path: tuple) -> None:
        node = tensor._node
        if node is None:
            raise ValueError(f"Output tensors of a Functional model must be the output of a Keras layer. "
                             f"Received: {tensor}")
        if id(node) in path:
            raise ValueError("The graph of this model has a cycle.")
        if id(node) in seen:
            return
        if id(tensor) in input_ids:
            if not isinstance(node.layer, InputLayer):
                return  # an intermediate tensor used as a model input: fed, not computed
        else:
            if isinstance(node.layer, InputLayer):
                raise ValueError("Output with path `` is not connected to `inputs`")
            for t in node.input_tensors:
                visit(t, path + (id(node),))
        seen.add(id(node))
        ordered.append(node)

    for t in outputs:
        visit(t, ())
    for t in inputs:  # an input no output depends on is still a model input
        visit(t, ())
    # depth: the output nodes' is 0, a producer is one deeper than its deepest consumer
    # (reverse post-order lists consumers before producers)
    depth: dict[int, int] = {}
    for node in reversed(ordered):
        d = depth.setdefault(id(node), 0)
        for t in node.input_tensors:
            if t._node is not None and id(t._node) in seen:
                depth[id(t._node)] = max(depth.get(id(t._node), 0), d + 1)
    index = {id(n): i for i, n in enumerate(ordered)}
    nodes = sorted(ordered, key=lambda n: (-depth[id(n)], index[id(n)]))
    layers: list[Layer] = []
    layer_depth: dict[int, int] = {}
    for node in nodes:
        layer_depth[id(node.layer)] = max(layer_depth.get(id(node.layer), 0), depth[id(node)])
        if not any(node.layer is lay for lay in layers):
            layers.append(node.layer)
    first = {id(lay): i for i, lay in enumerate(layers)}
    layers.sort(key=lambda lay: (-layer_depth[id(lay)], first[id(lay)]))
    return nodes, layers


class Functional(Model):
    """``keras.Model(inputs, outputs, name=None)``: a model of layer calls on ``keras.Input``
    tensors; inputs and outputs may be one tensor, a list or a dict."""

    def __init__(self, inputs, outputs, name: str | None = None, trainable: bool = True, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if isinstance(inputs, dict):
            for key, tensor in inputs.items():
                if isinstance(tensor, KerasTensor) and key != tensor.name:
                    warnings.warn(f"When providing `inputs` as a dict, all keys in the dict must match the names "
                                  f"of the corresponding tensors. Received key '{key}' mapping to value {tensor} "
                                  f"which has name '{tensor.name}'. Change the tensor name to '{key}' (via "
                                  f"`Input(..., name='{key}')`)", UserWarning, stacklevel=2)
        self._inputs_struct = _structure(inputs)
        self._outputs_struct = _structure(outputs)
        flat_in, flat_out = flatten(self._inputs_struct), flatten(self._outputs_struct)
        for t in flat_in + flat_out:
            if not isinstance(t, KerasTensor):
                raise ValueError(f"All `inputs` and `outputs` values must be KerasTensors. Received: "
                                 f"inputs={inputs} including invalid value {t} of type {type(t)}")
        self._nodes, layers = _map_graph(flat_in, flat_out)
        self._layers = layers
        for layer in layers:
            if not isinstance(layer, InputLayer) and not any(layer is t for t in self._tracked):
                self._tracked.append(layer)
        self.built = True

    @property
    def layers(self) -> list[Layer]:
        """The model's layers: its input layers first, then the others in graph order (operations
        on KerasTensors, such as ``x + y``, are not layers)."""
        return [layer for layer in self._layers if not isinstance(layer, Operation)]

    @property
    def inputs(self) -> list[KerasTensor]:
        return flatten(self._inputs_struct)

    @property
    def outputs(self) -> list[KerasTensor]:
        return flatten(self._outputs_struct)

    @property
    def output_names(self) -> list[str]:
        """Each output's layer name, in flattened output order (Keras 3's ``output_names``)."""
        return [t._node.layer.name if t._node is not None else t.name for t in self.outputs]

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t.shape for t in self.outputs]
        return shapes[0] if not isinstance(self._outputs_struct, (list, dict)) else shapes

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """``model.get_layer(name=None, index=None)``."""
        if index is not None and name is not None:
            raise ValueError(f"Provide only a layer name or a layer index. Received: index={index}, name={name}.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: {[lay.name for lay in self.layers]}.")

    def _flat_inputs(self, inputs) -> list:
        expected = flatten(self._inputs_struct)
        if isinstance(inputs, dict) and isinstance(self._inputs_struct, dict):
            return [inputs[k] for k in sorted(self._inputs_struct)]
        if isinstance(inputs, dict):
            names = [t.name for t in expected]
            if all(n in inputs for n in names):
                return [inputs[n] for n in names]
        flat = flatten(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if len(flat) != len(expected):
            keys = [t._node.layer.name if t._node is not None else t.name for t in expected]
            example = ", ".join(f"'{k}': ..." for k in keys)
            raise ValueError(f"Layer \"{self.name}\" expects {len(expected)} named input(s) with keys {keys}, but it "
                             f"received {len(flat)} input tensors. Pass inputs as a dict, e.g. "
                             f"`layer({{{example}}})`.")
        for index, (tensor, value) in enumerate(zip(expected, flat)):
            shape = getattr(value, "shape", None)
            dims = tuple(shape.dims) if hasattr(shape, "dims") else (tuple(shape) if shape is not None else None)
            if dims is None or isinstance(value, KerasTensor):
                continue
            if len(dims) != len(tensor.shape) or any(
                    e is not None and d is not None and e != d for e, d in zip(tensor.shape, dims)):
                name = tensor._node.layer.name if tensor._node is not None else tensor.name
                raise ValueError(f"Input {index} with name '{name}' of layer '{self.name}' is incompatible with the "
                                 f"layer: expected shape={tensor.shape}, found shape={dims}")
        return flat

    def _convert_inputs(self, inputs):
        return inputs  # each layer converts (and autocasts) what it receives

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        self.built = True

    def call(self, inputs, training=None, mask=None):
        values: dict[int, Any] = {}
        for tensor, value in zip(flatten(self._inputs_struct), self._flat_inputs(inputs)):
            values[id(tensor)] = value

        def lookup(x):
            return values[id(x)] if isinstance(x, KerasTensor) else x

        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            args = pack_sequence_as(node.args, [lookup(x) for x in flatten(node.args)]) if node.args else ()
            kwargs = {k: (pack_sequence_as(v, [lookup(x) for x in flatten(v)]) if isinstance(v, (list, tuple, dict))
                          else lookup(v)) for k, v in node.kwargs.items()}
            outs = node.layer(*args, **kwargs)
            for kt, value in zip(flatten(node.outputs), flatten(outs)):
                values[id(kt)] = value
        result = [values[id(t)] for t in flatten(self._outputs_struct)]
        return pack_sequence_as(self._outputs_struct, result) if isinstance(self._outputs_struct, (list, dict)) \
            else result[0]

    def get_config(self) -> dict:
        """Keras 3's functional config: every layer's config with its ``name`` and
        ``inbound_nodes`` (the call arguments, KerasTensors as ``__keras_tensor__`` entries whose
        ``keras_history`` is ``[layer name, node index, tensor index]``), and ``input_layers`` /
        ``output_layers`` in the structure of the model's inputs and outputs."""
        from .saving import serialize_keras_object
        index = _node_indices(self._nodes, self._layers)

        def history(t: KerasTensor) -> list:
            return [t._node.layer.name, index[id(t._node)], t._index]

        def arg(value: Any) -> Any:
            if isinstance(value, KerasTensor):
                return {"class_name": "__keras_tensor__",
                        "config": {"shape": list(value.shape), "dtype": value.dtype, "keras_history": history(value)}}
            if isinstance(value, (list, tuple)):
                return [arg(v) for v in value]
            if isinstance(value, dict):
                return {k: arg(v) for k, v in value.items()}
            return serialize_keras_object(value)

        in_model = {id(n) for n in self._nodes}
        layers = []
        for layer in self._layers:
            entry = serialize_keras_object(layer)
            entry["name"] = layer.name
            entry["inbound_nodes"] = [] if isinstance(layer, InputLayer) else [
                {"args": arg(list(node.args)), "kwargs": arg(dict(node.kwargs))}
                for node in layer._inbound_nodes if id(node) in in_model]
            layers.append(entry)

        def ends(struct: Any) -> Any:
            if isinstance(struct, dict):
                return {k: history(v) for k, v in struct.items()}
            if isinstance(struct, list):
                return [history(v) for v in struct]
            return history(struct)

        return {"name": self.name, "trainable": self.trainable, "layers": layers,
                "input_layers": ends(self._inputs_struct), "output_layers": ends(self._outputs_struct)}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> "Functional":
        """Rebuild a functional model from Keras 3's config: create each layer, then replay its
        inbound nodes (in passes, as a node waits for the layers that feed it) on KerasTensors."""
        from .saving import deserialize_keras_object
        layers: dict[str, Layer] = {}
        pending: dict[str, list] = {}
        produced: dict[tuple, list] = {}  # (layer name, node index) -> the node's flat outputs
        for entry in config["layers"]:
            entry = {k: v for k, v in entry.items() if k not in ("inbound_nodes", "build_config")}
            layer = deserialize_keras_object(entry, custom_objects)  # built by the replayed calls
            name = entry.get("name", layer.name)
            layers[name] = layer
            if isinstance(layer, InputLayer):
                produced[(name, 0)] = [layer.output_tensor]
        for entry in config["layers"]:
            pending[entry.get("name", entry["config"].get("name"))] = list(entry.get("inbound_nodes", []))

        class _Waiting(Exception):
            pass

        def value(data: Any) -> Any:
            if isinstance(data, dict) and data.get("class_name") == "__keras_tensor__":
                name, node, tensor = data["config"]["keras_history"]
                if (name, node) not in produced:
                    raise _Waiting
                return produced[(name, node)][tensor]
            if isinstance(data, list):
                return [value(v) for v in data]
            if isinstance(data, dict):
                return {k: value(v) for k, v in data.items()}
            return data

        progress = True
        while progress and any(pending.values()):
            progress = False
            for name, nodes in pending.items():
                while nodes:
                    try:
                        args, kwargs = value(nodes[0].get("args", [])), value(nodes[0].get("kwargs", {}))
                    except _Waiting:
                        break
                    outputs = layers[name](*args, **kwargs)
                    done = sum(1 for key in produced if key[0] == name)
                    produced[(name, done)] = flatten(outputs)
                    nodes.pop(0)
                    progress = True
        if any(pending.values()):
            raise ValueError("Could not rebuild the functional model: some layer calls never received their "
                             "inputs (the config's graph is not connected).")

        def ends(struct: Any) -> Any:
            if isinstance(struct, dict):
                return {k: ends(v) for k, v in struct.items()}
            if isinstance(struct, list) and struct and isinstance(struct[0], str):
                name, node, tensor = struct
                return produced[(name, node)][tensor]
            return [ends(v) for v in struct]

        return cls(ends(config["input_layers"]), ends(config["output_layers"]), name=config.get("name"),
                   trainable=config.get("trainable", True))


def _node_indices(nodes: list[Node], layers: list[Layer]) -> dict[int, int]:
    """Each model node's index among its layer's calls that belong to this model (Keras 3
    renumbers a shared layer's nodes so that calls outside the model are skipped)."""
    in_model = {id(n) for n in nodes}
    index: dict[int, int] = {}
    for layer in layers:
        count = 0
        for node in layer._inbound_nodes:
            if id(node) in in_model:
                index[id(node)] = count
                count += 1
    return index


Model._functional_class = Functional
