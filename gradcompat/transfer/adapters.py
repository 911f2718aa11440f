"""Each framework's side of a transfer: its layers with weights in canonical form (see
layers.py), and the gradients of its weights for one batch (for ``gradcompat.compare``).

The dialects are looked up in ``sys.modules``, so that working with two of them never
imports the third.
"""
from __future__ import annotations

import sys
from typing import Any, Callable, Iterator, Sequence

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


def _collect(layers: Iterator[tuple[str, Any]], kind_of: Callable[[Any], str | None],
             own_weights: Callable[[Any], list[str]],
             weight_for: Callable[[Any, str, str], Weight | None]) -> list[LayerWeights]:
    """The layers with weights among ``(path, layer)`` pairs; a layer of no known kind that
    holds weights itself is an error (its weights would silently stay behind)."""
    found = []
    for path, layer in layers:
        kind = kind_of(layer)
        if kind is None:
            own = own_weights(layer)
            if own:
                from .core import TransferError
                raise TransferError(f"{path or '<model>'} ({type(layer).__name__}) has weights {own} but is not a "
                                    "layer kind gradcompat.transfer knows (Linear/Dense, Conv2d, BatchNorm, "
                                    "LayerNorm, Embedding); nothing was copied")
            continue
        weights = LayerWeights(path, type(layer).__name__, kind)
        for name in KINDS[kind]:
            weight = weight_for(layer, kind, name)
            if weight is not None:
                weights.weights[name] = weight
        found.append(weights)
    return found


def _kind_by_class(kinds: tuple) -> Callable[[Any], str | None]:
    return lambda layer: next((kind for cls, kind in kinds if isinstance(layer, cls)), None)


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

        def weight_for(module, kind, name):
            tensor = getattr(module, name, None)
            return None if tensor is None else Weight(name, tensor, lambda t: t.detach(), write,
                                                       trainable=isinstance(tensor, nn.Parameter))

        return _collect(model.named_modules(), _kind_by_class(kinds),
                        lambda module: [name for name, _ in module.named_parameters(recurse=False)], weight_for)

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

        def weight_for(cell, kind, name):
            native = cls.NAMES.get(kind, {}).get(name, name)
            param = getattr(cell, native, None)
            return None if param is None else Weight(native, param, lambda p: p.asnumpy(),
                                                      lambda p, value: p.set_data(ms.Tensor(value, p.dtype)),
                                                      trainable=param.requires_grad)

        return _collect(model.cells_and_names(), _kind_by_class(kinds),
                        lambda cell: [name for name, _ in cell.parameters_and_names(expand=False)], weight_for)

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
        def weight_for(layer, kind, name):
            attribute, layout = cls.LAYERS[type(layer).__name__][1][name]
            variable = getattr(layer, attribute, None)
            return None if variable is None else Weight(attribute, variable, lambda v: v.numpy(),
                                                         lambda v, value: v.assign(value), **layout,
                                                         trainable=variable.trainable)

        return _collect(cls._walk(model, ""), lambda layer: cls.LAYERS.get(type(layer).__name__, (None,))[0],
                        lambda layer: [v.name for v in layer._weights], weight_for)

    @classmethod
    def _walk(cls, layer: Any, path: str) -> Iterator[tuple[str, Any]]:
        if not layer.built:
            from .core import TransferError
            raise TransferError(f"the Keras layer {layer.name!r} is not built yet: call the model once "
                                "(or start it with keras.Input) before transferring")
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
