"""``Model.summary()``: Keras 3's table (drawn by ``rich`` in Keras; drawn here with the same
box characters, column widths and wrapping), then the parameter counts and their sizes.

The table is ``min(88, terminal columns - 4)`` wide (76 when stdout is not a terminal), with
``Layer (type)``, ``Output Shape`` and ``Param #`` columns. Known difference: models whose graph
is not a chain get Keras's layout without its ``Connected to`` column.
"""
from __future__ import annotations

import math
import shutil
from typing import Any, Callable

import numpy as np

from .. import dtypes as _dt


def count_params(weights) -> int:
    return int(sum(math.prod(tuple(v.shape)) for v in weights))


def weight_memory_size(weights) -> float:
    """Bytes of the (distinct) weights."""
    unique = {id(w): w for w in weights}.values()
    return float(sum(math.prod(tuple(w.shape)) * np.dtype(_dt.as_dtype(w.dtype).np).itemsize for w in unique))


def readable_memory_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _ratio_reduce(total: int, ratios: list, maximums: list, values: list) -> list:
    # how rich shrinks fixed-width columns to fit the table's width
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return list(values)
    remaining, result = total, []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than the cell is cut with an ellipsis (rich's default)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if len(word) > width:
            word = word[:width - 1] + "…"
        candidate = word if not current else f"{current} {word}"
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _format_shape(shape) -> str:
    if shape is None:
        return "?"
    if isinstance(shape, list) and shape and isinstance(shape[0], (tuple, list)):
        return "[" + ", ".join(_format_shape(s) for s in shape) + "]"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _layer_output_shapes(model) -> dict:
    """Output shape of each layer: from its functional call node, or walked through a Sequential."""
    shapes: dict = {}
    for layer in _layers(model):
        nodes = getattr(layer, "_inbound_nodes", None) or []
        for node in nodes:
            outputs = getattr(node, "outputs", None)
            if outputs is not None:
                from ..nest import flatten
                flat = [tuple(getattr(o, "shape", ())) for o in flatten(outputs)]
                shapes[id(layer)] = flat[0] if len(flat) == 1 else flat
    input_layer = getattr(model, "_input_layer", None)
    shape = None
    if input_layer is not None:
        shape = tuple(input_layer.shape)
    elif getattr(model, "_build_input_shape", None) is not None:
        shape = (None, *tuple(model._build_input_shape)[1:])
    if shape is not None and hasattr(model, "layers"):
        for layer in model.layers:
            if id(layer) in shapes:
                shape = shapes[id(layer)]
                continue
            try:
                shape = tuple(layer.compute_output_shape(shape))
            except Exception:  # noqa: BLE001 - a layer that cannot say: Keras prints '?'
                break
            shapes[id(layer)] = shape
    return shapes


def _layers(model) -> list:
    layers = getattr(model, "layers", None)
    if layers is None:
        layers = model._sublayers() if hasattr(model, "_sublayers") else []
    return list(layers)


def print_summary(model, line_length=None, positions=None, print_fn: Callable | None = None,
                  expand_nested: bool = False, show_trainable: bool = False, layer_range=None) -> None:
    """``keras.utils.print_summary`` / ``Model.summary``."""
    line_length = line_length or min(88, shutil.get_terminal_size().columns - 4)
    positions = positions or [0.45, 0.80, 1.0]
    if positions[-1] <= 1:
        positions = [int(p * line_length) for p in positions]
    widths, current = [], 0
    for position in positions:
        if position - current < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(position - current)
        current = position
    cells = [w + 2 for w in widths]  # rich measures a fixed-width column with its padding
    excess = sum(cells) - (line_length - (len(cells) + 1))
    if excess > 0:
        cells = _ratio_reduce(excess, [1] * len(cells), cells, cells)
    content = [c - 2 for c in cells]
    shapes = _layer_output_shapes(model)

    def row(texts: list[str], left: str, middle: str, right: str) -> list[str]:
        wrapped = [_wrap(t, w) for t, w in zip(texts, content)]
        out = []
        for i in range(max(len(w) for w in wrapped)):
            parts = []
            for j, (lines, width) in enumerate(zip(wrapped, content)):
                text = lines[i] if i < len(lines) else ""
                parts.append(" " + (text.rjust(width) if j == 2 else text.ljust(width)) + " ")
            out.append(left + middle.join(parts) + right)
        return out

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * c for c in cells) + right

    lines = [f'Model: "{model.name}"', rule("┏", "━", "┳", "┓"),
             *row(["Layer (type)", "Output Shape", "Param #"], "┃", "┃", "┃"), rule("┡", "━", "╇", "┩")]
    layers = _layers(model)
    for index, layer in enumerate(layers):
        if not getattr(layer, "built", False):
            params = "0 (unbuilt)"
        else:
            params = f"{count_params(layer.weights):,}"
        shape = shapes.get(id(layer)) if getattr(layer, "built", False) or id(layer) in shapes else None
        lines += row([f"{layer.name} ({type(layer).__name__})", _format_shape(shape), params], "│", "│", "│")
        if index < len(layers) - 1:
            lines.append(rule("├", "─", "┼", "┤"))
    lines.append(rule("└", "─", "┴", "┘"))
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    optimizer_vars = list(optimizer.variables) if getattr(model, "compiled", False) and optimizer is not None \
        and getattr(optimizer, "built", False) else None
    total = count_params(trainable) + count_params(non_trainable) + count_params(optimizer_vars or [])
    total_size = weight_memory_size(trainable) + weight_memory_size(non_trainable) + weight_memory_size(
        optimizer_vars or [])
    lines.append(f" Total params: {total:,} ({readable_memory_size(total_size)})")
    lines.append(f" Trainable params: {count_params(trainable):,} ({readable_memory_size(weight_memory_size(trainable))})")
    lines.append(f" Non-trainable params: {count_params(non_trainable):,} "
                 f"({readable_memory_size(weight_memory_size(non_trainable))})")
    if optimizer_vars is not None:
        lines.append(f" Optimizer params: {count_params(optimizer_vars):,} "
                     f"({readable_memory_size(weight_memory_size(optimizer_vars))})")
    text = "\n".join(lines) + "\n"
    if print_fn is None:
        from .progbar import print_msg
        print_msg(text, line_break=False)
    else:
        print_fn(text)


__all__ = ["count_params", "print_summary", "readable_memory_size", "weight_memory_size"]
