"""``transfer(source, target)``: check every layer pair, then copy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import adapters
from .layers import KINDS, LayerWeights


class TransferError(ValueError):
    """The two models do not correspond: nothing was copied."""


@dataclass
class TransferReport:
    """What ``transfer`` matched: one row per weight, ``(source weight, target weight, shape)``
    with each framework's names and the shape in PyTorch's layout, e.g.
    ``("fc1.weight", "dense.kernel", (4, 3))`` (the Keras kernel itself is (3, 4))."""

    rows: list[tuple[str, str, tuple]]

    def __str__(self) -> str:
        width = max((len(source) for source, _, _ in self.rows), default=0)
        lines = [f"{source:<{width}}  ->  {target}  {list(shape)}" for source, target, shape in self.rows]
        return f"transferred {len(self.rows)} weights:\n" + "\n".join(lines)


def transfer(source, target) -> TransferReport:
    """Copy ``source``'s weights into ``target``, layer by layer.

    ``source`` and ``target`` are models of any two dialects (a ``torch.nn.Module``, a
    MindSpore ``nn.Cell``, a built Keras model or layer), or of the same one. Layers pair up
    in definition order; each pair must be of the same kind (dense, conv2d, batchnorm,
    layernorm, embedding) with the same weights of the same shapes once layouts are
    converted. Raises :class:`TransferError` on any mismatch, before writing anything.
    """
    pairs = _pair(adapters.layers_of(source), adapters.layers_of(target))
    plan = []
    for src, dst in pairs:
        for name in KINDS[src.kind]:
            if name not in src.weights and name not in dst.weights:
                continue
            if name not in src.weights or name not in dst.weights:
                has, lacks = (src, dst) if name in src.weights else (dst, src)
                raise TransferError(f"{has.label()} has a {name} that {lacks.label()} lacks "
                                    "(a bias switched off on one side?); nothing was copied")
            value = src.weights[name].read()
            expected = dst.weights[name].read().shape
            if value.shape != expected:
                raise TransferError(f"{src.label()} {src.weights[name].native_name} has shape {value.shape} "
                                    f"(as {name}), {dst.label()} {dst.weights[name].native_name} has {expected}; "
                                    "nothing was copied")
            plan.append((src, dst, name, value))
    for _, dst, name, value in plan:
        dst.weights[name].write(np.array(value))
    return TransferReport([(_qualified(src, src.weights[name].native_name), _qualified(dst, dst.weights[name].native_name),
                            value.shape) for src, dst, name, value in plan])


def _pair(sources: list[LayerWeights], targets: list[LayerWeights]) -> list[tuple[LayerWeights, LayerWeights]]:
    if len(sources) != len(targets) or any(s.kind != t.kind for s, t in zip(sources, targets)):
        listing = "\n".join(f"  {_describe(s)}  |  {_describe(t)}" for s, t in _zip_longest(sources, targets))
        raise TransferError("the models' layers with weights do not correspond (source | target):\n"
                            f"{listing}\nnothing was copied")
    return list(zip(sources, targets))


def _zip_longest(a: list, b: list):
    for index in range(max(len(a), len(b))):
        yield (a[index] if index < len(a) else None), (b[index] if index < len(b) else None)


def _describe(layer: LayerWeights | None) -> str:
    return "-" if layer is None else f"{layer.label()}: {layer.kind}"


def _qualified(layer: LayerWeights, native: str) -> str:
    return f"{layer.path}.{native}" if layer.path else native
