"""Each framework's side of a transfer: its layers with weights in canonical form (see
layers.py), and the gradients of its weights for one batch (for ``gradcompat.compare``).

The dialects are looked up in ``sys.modules``, so that working with two of them never
imports the third.
"""
from __future__ import annotations

import sys
from typing import Any, Iterator, Sequence

import numpy as np

from .layers import KINDS, LayerWeights, Weight


class Adapter:
    """One framework: which models it accepts, their layers, and weight gradients."""

    module = ""  # the dialect module that must be imported for the adapter to apply

    @classmethod
    def accepts(cls, model: Any) -> bool:
        raise NotImplementedError

    @classmethod
    def layers(cls, model: Any) -> list[LayerWeights]:
        raise NotImplementedError

    @classmethod
    def gradients(cls, model: Any, inputs: Sequence[np.ndarray], cotangent: np.ndarray | None,
                  weights: list[Weight]) -> list[np.ndarray]:
        """The gradients of ``sum(model(*inputs) * cotangent)`` for ``weights`` (native layout);
        a cotangent of None means ones (the gradients of the output's sum)."""
        raise NotImplementedError


def adapter_for(model: Any) -> type[Adapter]:
    for adapter in (TorchAdapter, MindSporeAdapter, KerasAdapter):
        if adapter.module in sys.modules and adapter.accepts(model):
            return adapter
    from .core import TransferError
    raise TransferError(f"cannot transfer weights of a {type(model).__name__}: expected a gradcompat "
                        "torch.nn.Module, MindSpore nn.Cell or Keras layer/model")


def layers_of(model: Any) -> list[LayerWeights]:
    """The layers with weights of a torch Module, a MindSpore Cell or a Keras layer/model."""
    return adapter_for(model).layers(model)


def _unknown_layer(path: str, layer: Any, names: list[str]):
    from .core import TransferError
    return TransferError(f"{path or '<model>'} ({type(layer).__name__}) has weights {names} but is not a "
                         "layer kind gradcompat.transfer knows (Linear/Dense, Conv2d, BatchNorm, LayerNorm, "
                         "Embedding); nothing was copied")


class TorchAdapter(Adapter):
    module = "gradcompat.torch.nn"

    @classmethod
    def accepts(cls, model: Any) -> bool:
        return isinstance(model, sys.modules[cls.module].Module)

    @classmethod
    def layers(cls, model: Any) -> list[LayerWeights]:
        torch = sys.modules["gradcompat.torch"]
        nn = torch.nn
        kinds = ((nn.Linear, "dense"), (nn.Conv2d, "conv2d"), (nn.BatchNorm1d, "batchnorm"),
                 (nn.BatchNorm2d, "batchnorm"), (nn.LayerNorm, "layernorm"), (nn.Embedding, "embedding"))

        def write(tensor, value):
            with torch.no_grad():
                tensor.copy_(torch.tensor(value, dtype=tensor.dtype))

        found = []
        for path, module in model.named_modules():
            kind = next((k for layer_cls, k in kinds if isinstance(module, layer_cls)), None)
            if kind is None:
                own = [name for name, _ in module.named_parameters(recurse=False)]
                if own:
                    raise _unknown_layer(path, module, own)
                continue
            layer = LayerWeights(path, type(module).__name__, kind)
            for name in KINDS[kind]:
                tensor = getattr(module, name, None)
                if tensor is not None:
                    layer.weights[name] = Weight(name, tensor, lambda t: t.detach(), write,
                                                 trainable=isinstance(tensor, nn.Parameter))
            found.append(layer)
        return found

    @classmethod
    def gradients(cls, model, inputs, cotangent, weights):
        torch = sys.modules["gradcompat.torch"]
        params = [w.handle for w in weights]
        output = model(*[torch.tensor(x) for x in inputs])
        weighting = torch.ones_like(output) if cotangent is None else torch.tensor(cotangent)
        return [np.asarray(g) for g in torch.autograd.grad(output, params, weighting)]


class MindSporeAdapter(Adapter):
    module = "gradcompat.mindspore.nn"
    NAMES = {"batchnorm": {"weight": "gamma", "bias": "beta", "running_mean": "moving_mean",
                           "running_var": "moving_variance"},
             "layernorm": {"weight": "gamma", "bias": "beta"},
             "embedding": {"weight": "embedding_table"}}

    @classmethod
    def accepts(cls, model: Any) -> bool:
        return isinstance(model, sys.modules[cls.module].Cell)

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
                    layer.weights[name] = Weight(native, param, lambda p: p.asnumpy(),
                                                 lambda p, value: p.set_data(ms.Tensor(value, p.dtype)),
                                                 trainable=param.requires_grad)
            found.append(layer)
        return found

    @classmethod
    def gradients(cls, model, inputs, cotangent, weights):
        ms = sys.modules["gradcompat.mindspore"]
        sens = 1.0 if cotangent is None else ms.Tensor(cotangent)
        grads = ms.grad(lambda *xs: (model(*xs) * sens).sum(), grad_position=None,
                        weights=[w.handle for w in weights])(*[ms.Tensor(x) for x in inputs])
        return [g.asnumpy() for g in grads]


class KerasAdapter(Adapter):
    module = "gradcompat.tensorflow.keras"
    DENSE = {"to_canonical": lambda a: a.T, "from_canonical": lambda a: a.T}  # Keras kernels are (in, out)
    CONV = {"to_canonical": lambda a: a.transpose(3, 2, 0, 1),  # HWIO -> OIHW
            "from_canonical": lambda a: a.transpose(2, 3, 1, 0)}
    # class name -> (kind, {canonical name: (attribute, layout)})
    LAYERS = {
        "Dense": ("dense", {"weight": ("kernel", DENSE), "bias": ("bias", {})}),
        "Conv2D": ("conv2d", {"weight": ("kernel", CONV), "bias": ("bias", {})}),
        "BatchNormalization": ("batchnorm", {"weight": ("gamma", {}), "bias": ("beta", {}),
                                             "running_mean": ("moving_mean", {}),
                                             "running_var": ("moving_variance", {})}),
        "LayerNormalization": ("layernorm", {"weight": ("gamma", {}), "bias": ("beta", {})}),
        "Embedding": ("embedding", {"weight": ("embeddings", {})}),
    }

    @classmethod
    def accepts(cls, model: Any) -> bool:
        return isinstance(model, sys.modules[cls.module].layers.Layer)

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
            for name, (attribute, layout) in names.items():
                variable = getattr(layer, attribute, None)
                if variable is not None:
                    weights.weights[name] = Weight(attribute, variable, lambda v: v.numpy(),
                                                   lambda v, value: v.assign(value), **layout,
                                                   trainable=variable.trainable)
            found.append(weights)
        return found

    @classmethod
    def _walk(cls, layer: Any, path: str) -> Iterator[tuple[str, Any]]:
        yield path, layer
        Layer = sys.modules[cls.module].layers.Layer
        for child in layer._tracked:
            if isinstance(child, Layer):
                yield from cls._walk(child, f"{path}.{child.name}" if path else child.name)

    @classmethod
    def gradients(cls, model, inputs, cotangent, weights):
        tf = sys.modules["gradcompat.tensorflow"]
        with tf.GradientTape() as tape:
            output = model(*[tf.constant(x) for x in inputs])
            target = tf.reduce_sum(output if cotangent is None else output * tf.constant(cotangent))
        return [g.numpy() for g in tape.gradient(target, [w.handle for w in weights])]
