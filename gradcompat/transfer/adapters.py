"""Read a dialect model as its layers with weights, in canonical form (see layers.py).

One adapter per framework; each knows the framework's layer classes, weight names and
layouts. The dialects are looked up in ``sys.modules`` so that transferring between two
of them never imports the third.
"""
from __future__ import annotations

import sys
from typing import Any, Callable, Iterator

import numpy as np

from .layers import KINDS, LayerWeights, Weight


def layers_of(model: Any) -> list[LayerWeights]:
    """The layers with weights of a torch Module, a MindSpore Cell or a Keras layer/model."""
    for module, adapter in (("gradcompat.torch.nn", _torch), ("gradcompat.mindspore.nn", _mindspore),
                            ("gradcompat.tensorflow.keras", _keras)):
        if module in sys.modules and adapter.accepts(model):
            return adapter.layers(model)
    from .core import TransferError
    raise TransferError(f"cannot transfer weights of a {type(model).__name__}: expected a gradcompat "
                        "torch.nn.Module, MindSpore nn.Cell or Keras layer/model")


def _unknown_layer(path: str, layer: Any, names: list[str]):
    from .core import TransferError
    return TransferError(f"{path or '<model>'} ({type(layer).__name__}) has weights {names} but is not a "
                         "layer kind gradcompat.transfer knows (Linear/Dense, Conv2d, BatchNorm, LayerNorm, "
                         "Embedding); nothing was copied")


class _torch:
    @staticmethod
    def accepts(model: Any) -> bool:
        return isinstance(model, sys.modules["gradcompat.torch.nn"].Module)

    @staticmethod
    def layers(model: Any) -> list[LayerWeights]:
        torch = sys.modules["gradcompat.torch"]
        nn = torch.nn
        kinds = ((nn.Linear, "dense"), (nn.Conv2d, "conv2d"), (nn.BatchNorm1d, "batchnorm"),
                 (nn.BatchNorm2d, "batchnorm"), (nn.LayerNorm, "layernorm"), (nn.Embedding, "embedding"))
        found = []
        for path, module in model.named_modules():
            kind = next((k for cls, k in kinds if isinstance(module, cls)), None)
            if kind is None:
                own = [name for name, _ in module.named_parameters(recurse=False)]
                if own:
                    raise _unknown_layer(path, module, own)
                continue
            layer = LayerWeights(path, type(module).__name__, kind)
            for name in KINDS[kind]:
                tensor = getattr(module, name, None)
                if tensor is not None:
                    layer.weights[name] = Weight(name, _read(lambda t=tensor: t.detach()), _torch_writer(torch, tensor))
            found.append(layer)
        return found


def _torch_writer(torch: Any, tensor: Any) -> Callable[[np.ndarray], None]:
    def write(value: np.ndarray) -> None:
        with torch.no_grad():
            tensor.copy_(torch.tensor(value, dtype=tensor.dtype))
    return write


class _mindspore:
    NAMES = {"batchnorm": {"weight": "gamma", "bias": "beta", "running_mean": "moving_mean",
                           "running_var": "moving_variance"},
             "layernorm": {"weight": "gamma", "bias": "beta"},
             "embedding": {"weight": "embedding_table"}}

    @staticmethod
    def accepts(model: Any) -> bool:
        return isinstance(model, sys.modules["gradcompat.mindspore.nn"].Cell)

    @classmethod
    def layers(cls, model: Any) -> list[LayerWeights]:
        ms = sys.modules["gradcompat.mindspore"]
        nn = ms.nn
        kinds = ((nn.Dense, "dense"), (nn.Conv2d, "conv2d"), (nn.BatchNorm1d, "batchnorm"),
                 (nn.BatchNorm2d, "batchnorm"), (nn.LayerNorm, "layernorm"), (nn.Embedding, "embedding"))
        found = []
        for path, cell in model.cells_and_names():
            kind = next((k for layer_cls, k in kinds if isinstance(cell, layer_cls)), None)
            if kind is None:
                own = [name for name, _ in cell.parameters_and_names(expand=False)]
                if own:
                    raise _unknown_layer(path, cell, own)
                continue
            layer = LayerWeights(path, type(cell).__name__, kind)
            for name in KINDS[kind]:
                native = cls.NAMES.get(kind, {}).get(name, name)
                param = getattr(cell, native, None)
                if param is not None:
                    layer.weights[name] = Weight(native, _read(param.asnumpy), _mindspore_writer(ms, param))
            found.append(layer)
        return found


def _mindspore_writer(ms: Any, param: Any) -> Callable[[np.ndarray], None]:
    return lambda value: param.set_data(ms.Tensor(value, param.dtype))


class _keras:
    # class name -> (kind, {canonical name: (attribute, to canonical, from canonical)})
    SAME = (lambda a: a, lambda a: a)
    DENSE = (lambda a: a.T, lambda a: a.T)  # Keras kernels are (in, out)
    CONV = (lambda a: a.transpose(3, 2, 0, 1), lambda a: a.transpose(2, 3, 1, 0))  # HWIO <-> OIHW
    LAYERS = {
        "Dense": ("dense", {"weight": ("kernel", *DENSE), "bias": ("bias", *SAME)}),
        "Conv2D": ("conv2d", {"weight": ("kernel", *CONV), "bias": ("bias", *SAME)}),
        "BatchNormalization": ("batchnorm", {"weight": ("gamma", *SAME), "bias": ("beta", *SAME),
                                             "running_mean": ("moving_mean", *SAME),
                                             "running_var": ("moving_variance", *SAME)}),
        "LayerNormalization": ("layernorm", {"weight": ("gamma", *SAME), "bias": ("beta", *SAME)}),
        "Embedding": ("embedding", {"weight": ("embeddings", *SAME)}),
    }

    @staticmethod
    def accepts(model: Any) -> bool:
        return isinstance(model, sys.modules["gradcompat.tensorflow.keras"].layers.Layer)

    @classmethod
    def layers(cls, model: Any) -> list[LayerWeights]:
        from .core import TransferError
        found = []
        for path, layer in cls._walk(model, ""):
            if not layer.built:
                raise TransferError(f"the Keras layer {layer.name!r} is not built yet: call the model once "
                                    "(or start it with keras.Input) before transferring")
            spec = cls.LAYERS.get(type(layer).__name__)
            if spec is None:
                own = [v.name for v in layer._weights]
                if own:
                    raise _unknown_layer(path, layer, own)
                continue
            kind, names = spec
            weights = LayerWeights(path, type(layer).__name__, kind)
            for name, (attribute, to_canonical, from_canonical) in names.items():
                variable = getattr(layer, attribute, None)
                if variable is not None:
                    weights.weights[name] = Weight(attribute, _read(lambda v=variable, f=to_canonical: f(v.numpy())),
                                                   lambda value, v=variable, f=from_canonical: v.assign(f(value)))
            found.append(weights)
        return found

    @classmethod
    def _walk(cls, layer: Any, path: str) -> Iterator[tuple[str, Any]]:
        yield path, layer
        Layer = sys.modules["gradcompat.tensorflow.keras"].layers.Layer
        for child in layer._tracked:
            if isinstance(child, Layer):
                yield from cls._walk(child, f"{path}.{child.name}" if path else child.name)


def _read(get: Callable[[], Any]) -> Callable[[], np.ndarray]:
    return lambda: np.asarray(get())
