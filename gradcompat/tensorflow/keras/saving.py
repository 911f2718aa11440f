"""``Model.save`` / ``keras.models.load_model`` (Keras 3's ``.keras`` zip: ``config.json``,
``metadata.json``, ``model.weights.h5``) and ``save_weights`` / ``load_weights`` in Keras 3's
``.weights.h5`` format (needs h5py).

Keras 3 walks a model as a tree of trackables: a layer's own variables go to
``<path>/vars/0``, ``/1``... (creation order; the ``vars`` group carries the layer's name),
a sublayer held in an attribute lives under ``<path>/<attribute>``, and layers in a list
(a Sequential's ``layers``) under ``<path>/<attribute>/<snake_case class name>[_n]``.
Attributes are visited in sorted order and a layer reached twice is saved once; a compiled
model's optimizer is the ``optimizer`` child (its ``variables``: iteration, learning rate,
slots). Files written here load in Keras, and Keras' files load here.
"""
from __future__ import annotations

import datetime
import io
import json
import os
import warnings
import zipfile
from typing import Any, Iterator

import numpy as np

from . import naming

_INTERNAL = {"_tracked", "_weights", "_input_layer", "_input_shape"}  # our bookkeeping, not Keras state


def _h5py():
    try:
        import h5py
    except ImportError as error:
        raise ImportError("save_weights / load_weights need h5py (pip install h5py)") from error
    return h5py


def _check_name(filepath: Any) -> str:
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={filepath}")
    return filepath


def _trackables(layer: Any, path: str, visited: set) -> Iterator[tuple[str, Any]]:
    """``(path, layer)`` for ``layer`` and every layer below it, as Keras 3's saving walks them."""
    from .functional import Functional
    from .layers import Layer
    from .models import Sequential
    if id(layer) in visited:
        return
    visited.add(id(layer))
    yield path, layer
    from .optimizers import Optimizer
    if isinstance(layer, Optimizer):
        return
    children = {"layers": layer.layers} if isinstance(layer, (Sequential, Functional)) else {
        name: value for name, value in vars(layer).items() if name not in _INTERNAL}
    optimizer = getattr(layer, "optimizer", None) if getattr(layer, "compiled", False) else None
    if isinstance(optimizer, Optimizer):
        children["optimizer"] = optimizer
    for name in sorted(children):
        value = children[name]
        child_path = f"{path}/{name}" if path else name
        if isinstance(value, (Layer, Optimizer)):
            if isinstance(value, Optimizer):
                if id(value) not in visited:
                    visited.add(id(value))
                    yield child_path, value
                continue
            yield from _trackables(value, child_path, visited)
        elif isinstance(value, (list, tuple)):
            used: dict[str, int] = {}
            for item in value:
                if isinstance(item, Layer):
                    base = naming.snake_case(type(item).__name__)
                    used[base] = used.get(base, -1) + 1
                    suffix = f"_{used[base]}" if used[base] else ""
                    yield from _trackables(item, f"{child_path}/{base}{suffix}", visited)


def _vars_path(path: str) -> str:
    return f"{path}/vars" if path else "vars"


def _own_variables(obj: Any) -> list:
    from .optimizers import Optimizer
    return obj.variables if isinstance(obj, Optimizer) else obj._weights


def _write_weights(model: Any, target: Any) -> None:
    with _h5py().File(target, "w") as f:
        for path, layer in _trackables(model, "", set()):
            group = f.create_group(_vars_path(path))
            group.attrs["name"] = layer.name
            for index, variable in enumerate(_own_variables(layer)):
                group.create_dataset(str(index), data=np.asarray(variable.numpy()))


def save_weights(model: Any, filepath: Any, overwrite: bool = True) -> None:
    """``model.save_weights(filepath)``: every layer's variables, in Keras 3's layout."""
    filepath = _check_name(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    _write_weights(model, filepath)


def load_weights(model: Any, filepath: Any, skip_mismatch: bool = False) -> None:
    """``model.load_weights(filepath)`` of a Keras 3 ``.weights.h5`` file, with Keras's error
    when a layer's variables do not match (``skip_mismatch=True`` leaves those layers as they are)."""
    _read_weights(model, _check_name(filepath), skip_mismatch)


def _read_weights(model: Any, source: Any, skip_mismatch: bool = False) -> None:
    from .optimizers import Optimizer
    failed: list[tuple[Any, str]] = []
    with _h5py().File(source, "r") as f:
        for path, layer in _trackables(model, "", set()):
            variables = _own_variables(layer)
            stored = f.get(_vars_path(path))
            values = [stored[str(i)][()] for i in range(len(stored))] if stored is not None else []
            shapes_match = len(values) == len(variables) and all(
                tuple(v.shape) == np.shape(x) for v, x in zip(variables, values))
            if not shapes_match and isinstance(layer, Optimizer):
                if stored is not None:
                    warnings.warn(f"Skipping variable loading for optimizer '{layer.name}', because it has "
                                  f"{len(variables)} variables whereas the saved optimizer has {len(values)} "
                                  f"variables. ", stacklevel=3)
                continue
            if not shapes_match:
                failed.append((layer, f"Layer '{layer.name}' expected {len(variables)} variables, but received "
                                      f"{len(values)} variables during loading. Expected: "
                                      f"{[v.name.split('/')[-1].split(':')[0] for v in variables]}"))
                continue
            for variable, value in zip(variables, values):
                variable.assign(value)
    if failed and not skip_mismatch:
        listing = ", ".join(f"<{type(layer).__name__} name={layer.name}, built={layer.built}>" for layer, _ in failed)
        first, message = failed[0]
        raise ValueError(f"A total of {len(failed)} objects could not be loaded. Example error message for object "
                         f"<{type(first).__name__} name={first.name}, built={first.built}>:\n\n{message}\n\n"
                         f"List of objects that could not be loaded:\n[{listing}]")


# ---------------------------------------------------------------------------- whole models (.keras)

_MODULES = {"Sequential": "keras", "Functional": "keras.src.models.functional", "Model": "keras"}


def serialize_keras_object(obj: Any) -> Any:
    """``keras.saving.serialize_keras_object`` for layers, models, optimizers, losses and metrics."""
    from .layers import InputLayer, Layer
    from .models import Sequential
    from . import losses, metrics, optimizers
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(o) for o in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, optimizers.Optimizer):
        return optimizers.serialize(obj)
    if isinstance(obj, (losses.Loss, metrics.Metric)):
        module = "keras.losses" if isinstance(obj, losses.Loss) else "keras.metrics"
        config = obj.get_config() if hasattr(obj, "get_config") else {"name": obj.name}
        return {"module": module, "class_name": type(obj).__name__, "config": config, "registered_name": None}
    if callable(obj) and not isinstance(obj, Layer):
        return getattr(obj, "__name__", str(obj))
    if isinstance(obj, Layer):
        config = obj.get_config()
        if isinstance(obj, Sequential):
            config = dict(config)
            layers = ([obj._input_layer] if getattr(obj, "_input_layer", None) is not None else []) + list(obj.layers)
            config["layers"] = [serialize_keras_object(layer) for layer in layers]
            shape = _build_shape(obj)
            if shape is not None:
                config["build_input_shape"] = shape
        name = type(obj).__name__
        module = _MODULES.get(name, "keras.layers" if type(obj).__module__.startswith(
            "gradcompat.tensorflow.keras") else type(obj).__module__)
        registered = None if module.startswith("keras") else f"Custom>{name}"
        if module == _MODULES["Functional"]:
            registered = name  # as Keras 3 writes a functional model
        out = {"module": module, "class_name": name, "config": config, "registered_name": registered}
        shape = _build_shape(obj)
        if shape is not None and not isinstance(obj, InputLayer):
            out["build_config"] = {"input_shape": shape}
        elif module == _MODULES["Functional"]:
            out["build_config"] = {"input_shape": None}
        return out
    raise TypeError(f"Cannot serialize object {obj} of type {type(obj)}. To be serializable, a class must "
                    "implement the `get_config()` method.")


def _build_shape(layer: Any) -> list | None:
    """The input shape a layer was built with (batch dimension None), as Keras's ``build_config``."""
    from .models import Sequential
    if isinstance(layer, Sequential) and getattr(layer, "_input_layer", None) is not None:
        return [None, *list(layer._input_layer.shape)[1:]]
    for attribute in ("_build_input_shape", "_build_shape", "_input_shape_built"):
        shape = getattr(layer, attribute, None)
        if shape is not None:
            return [None, *list(shape)[1:]]
    nodes = getattr(layer, "_inbound_nodes", None) or []
    for node in nodes:
        inputs = node.input_tensors if hasattr(node, "input_tensors") else []
        if len(inputs) == 1:
            return list(inputs[0].shape)
    return None


def _lookup(class_name: str, module: str | None, custom_objects: dict | None) -> Any:
    from . import layers, models
    custom_objects = {**_REGISTERED, **(custom_objects or {})}
    if class_name in custom_objects:
        return custom_objects[class_name]
    for key, value in custom_objects.items():
        if getattr(value, "__name__", None) == class_name:
            return value
    for namespace in (models, layers):
        if hasattr(namespace, class_name):
            return getattr(namespace, class_name)
    if class_name == "Functional":
        from . import functional
        return getattr(functional, "Functional")
    raise TypeError(f"Could not locate class '{class_name}'. Make sure custom classes are decorated with "
                    f"`@keras.saving.register_keras_serializable()`. Full object config: "
                    f"{{'module': {module!r}, 'class_name': {class_name!r}}}")


def deserialize_keras_object(config: Any, custom_objects: dict | None = None) -> Any:
    """``keras.saving.deserialize_keras_object``: rebuild a layer / model from its config dict."""
    from .models import Sequential
    if not isinstance(config, dict) or "class_name" not in config:
        return config
    cls = _lookup(config["class_name"], config.get("module"), custom_objects)
    inner = dict(config.get("config", {}))
    if isinstance(cls, type) and issubclass(cls, Sequential):
        layer_configs = inner.pop("layers", [])
        inner.pop("build_input_shape", None)
        model = cls(name=inner.get("name"), trainable=inner.get("trainable", True))
        for layer_config in layer_configs:
            model.add(deserialize_keras_object(layer_config, custom_objects))
        obj = model
    elif hasattr(cls, "from_config"):
        obj = cls.from_config(inner) if not _wants_custom_objects(cls) else cls.from_config(inner, custom_objects)
    else:
        obj = cls(**inner)
    build = config.get("build_config")
    if build and not getattr(obj, "built", True) and build.get("input_shape") is not None:
        shape = build["input_shape"]
        obj.build(tuple(shape))
        obj.built = True
    return obj


def _wants_custom_objects(cls: Any) -> bool:
    import inspect
    try:
        return "custom_objects" in inspect.signature(cls.from_config).parameters
    except (TypeError, ValueError):
        return False


def _compile_config(model: Any) -> dict | None:
    config = model.get_compile_config() if hasattr(model, "get_compile_config") else None
    if not config:
        return None
    return {key: serialize_keras_object(value) for key, value in config.items()}


def save_model(model: Any, filepath: Any, overwrite: bool = True, zipped: bool = True, **kwargs) -> None:
    """``model.save("x.keras")``: Keras 3's zip of ``metadata.json``, ``config.json`` and
    ``model.weights.h5`` (optimizer state included once compiled)."""
    from . import __version__
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        if filepath.endswith((".h5", ".hdf5")):
            raise ValueError("The legacy HDF5 format (.h5) is not supported here; use the `.keras` format. "
                             f"Received: filepath={filepath}")
        raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` extension for the "
                         "native Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if "
                         f"you want to export a SavedModel for use with TFLite/TFServing/etc. Received: "
                         f"filepath={filepath}.")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    config = serialize_keras_object(model)
    compile_config = _compile_config(model)
    if compile_config is not None:
        config["compile_config"] = compile_config
    metadata = {"keras_version": __version__,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    weights = io.BytesIO()
    _write_weights(model, weights)
    with zipfile.ZipFile(filepath, "w") as archive:
        archive.writestr("metadata.json", json.dumps(metadata))
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights.getvalue())


def load_model(filepath: Any, custom_objects: dict | None = None, compile: bool = True, safe_mode: bool = True):
    """``keras.models.load_model("x.keras")``: the model (built, weights set), compiled with its
    saved compile config and optimizer state when ``compile``."""
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath}. Please ensure the file is an accessible `.keras` "
                         "zip file.")
    if not filepath.endswith(".keras") or not zipfile.is_zipfile(filepath):
        raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only supports V3 `.keras` "
                         "files and legacy H5 format files (`.h5` extension). ")
    with zipfile.ZipFile(filepath) as archive:
        config = json.loads(archive.read("config.json"))
        weights = io.BytesIO(archive.read("model.weights.h5"))
    compile_config = config.pop("compile_config", None)
    model = deserialize_keras_object(config, custom_objects)
    if compile and compile_config:
        model.compile_from_config(compile_config)
        if model.optimizer is not None and model.trainable_weights:
            model.optimizer.build(model.trainable_weights)
    _read_weights(model, weights)
    return model


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """``keras.saving.register_keras_serializable``: classes found by name when a model loads."""
    def decorator(cls):
        _REGISTERED[f"{package}>{name or cls.__name__}"] = cls
        _REGISTERED[name or cls.__name__] = cls
        return cls
    return decorator


_REGISTERED: dict = {}


def get_custom_objects() -> dict:
    return _REGISTERED
