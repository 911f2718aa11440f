"""``Model.save_weights`` / ``load_weights`` in Keras 3's ``.weights.h5`` format (needs h5py).

Keras 3 walks a model as a tree of trackables: a layer's own variables go to
``<path>/vars/0``, ``/1``... (creation order; the ``vars`` group carries the layer's name),
a sublayer held in an attribute lives under ``<path>/<attribute>``, and layers in a list
(a Sequential's ``layers``) under ``<path>/<attribute>/<snake_case class name>[_n]``.
Attributes are visited in sorted order and a layer reached twice is saved once. Files
written here load in Keras, and Keras' files load here.
"""
from __future__ import annotations

import os
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
    from .layers import Layer
    from .models import Sequential
    if id(layer) in visited:
        return
    visited.add(id(layer))
    yield path, layer
    children = {"layers": layer.layers} if isinstance(layer, Sequential) else {
        name: value for name, value in vars(layer).items() if name not in _INTERNAL}
    for name in sorted(children):
        value = children[name]
        child_path = f"{path}/{name}" if path else name
        if isinstance(value, Layer):
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


def save_weights(model: Any, filepath: Any, overwrite: bool = True) -> None:
    """``model.save_weights(filepath)``: every layer's variables, in Keras 3's layout."""
    filepath = _check_name(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    with _h5py().File(filepath, "w") as f:
        for path, layer in _trackables(model, "", set()):
            group = f.create_group(_vars_path(path))
            group.attrs["name"] = layer.name
            for index, variable in enumerate(layer._weights):
                group.create_dataset(str(index), data=np.asarray(variable.numpy()))


def load_weights(model: Any, filepath: Any, skip_mismatch: bool = False) -> None:
    """``model.load_weights(filepath)`` of a Keras 3 ``.weights.h5`` file, with Keras's error
    when a layer's variables do not match (``skip_mismatch=True`` leaves those layers as they are)."""
    filepath = _check_name(filepath)
    failed: list[tuple[Any, str]] = []
    with _h5py().File(filepath, "r") as f:
        for path, layer in _trackables(model, "", set()):
            variables = layer._weights
            stored = f.get(_vars_path(path))
            values = [stored[str(i)][()] for i in range(len(stored))] if stored is not None else []
            shapes_match = len(values) == len(variables) and all(
                tuple(v.shape) == np.shape(x) for v, x in zip(variables, values))
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
