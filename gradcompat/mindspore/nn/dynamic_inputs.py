"""``Cell.set_inputs``: the declared inputs and MindSpore's checks of a call against them.

MindSpore compiles one graph for dynamic shapes declared with placeholders
(``Tensor(shape=[None, 3], dtype=...)``); gradcompat compiles per input shape anyway, so the
declaration changes no result. What it keeps is MindSpore's contract: in GRAPH_MODE a call
must match the declaration (count, dtype, rank, every fixed dimension, equal non-Tensor
values), with MindSpore's error texts; PYNATIVE_MODE checks nothing.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

from ..tensor import Tensor


def _positional(construct: Callable) -> tuple[int, int, bool]:
    """(required, total, has *args) positional parameters of ``construct`` (bound)."""
    required = total = 0
    varargs = False
    for p in inspect.signature(construct).parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            total += 1
            required += p.default is p.empty
        elif p.kind == p.VAR_POSITIONAL:
            varargs = True
    return required, total, varargs


def check_arity(construct: Callable, inputs: tuple) -> None:
    """GRAPH_MODE ``set_inputs``: the inputs must fit ``construct``'s positional parameters."""
    required, total, varargs = _positional(construct)
    if len(inputs) < required or (not varargs and len(inputs) > total):
        raise TypeError(f"For 'Cell', the function construct requires {required} positional argument, but got "
                        f"{len(inputs)}. When using set_inputs, please make sure that all networks and loss "
                        "functions are configured with set_inputs.")


def from_kwargs(construct: Callable, kwargs: dict) -> tuple:
    """``set_inputs(name=...)`` (incremental mode): the declared inputs by position, None where
    a parameter was not named."""
    names = [p.name for p in inspect.signature(construct).parameters.values()
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for key in kwargs:
        if key not in names:
            raise ValueError(f"For set_inputs, the key '{key}' is not a parameter of the construct: {names}.")
    return tuple(kwargs.get(name) for name in names)


def check_call(construct: Callable, expected: tuple, args: tuple, kwargs: dict) -> None:
    """A GRAPH_MODE call against ``construct`` and the declared inputs (MindSpore's errors)."""
    given = len(args) + len(kwargs)
    required, total, varargs = _positional(construct)
    if given < required or (not varargs and given > total):
        raise TypeError(f"For 'Cell', the function construct requires {required} positional argument and "
                        f"{total - required} default argument, total {total}, but got {given}.")
    if given != len(expected):
        raise ValueError(f"For set_inputs, the length of input must be equal to expected one, but got expected: "
                         f"{len(expected)} and input: {given}!")
    for index, (want, got) in enumerate(zip(expected, args), start=1):
        if want is None:
            continue
        if isinstance(want, Tensor):
            _check_tensor(index, want, got)
        elif isinstance(want, (tuple, list)):
            continue  # MindSpore's rules for sequences depend on mutable(); not checked
        elif isinstance(got, Tensor):
            raise TypeError(f"For set_inputs or tuple(list) in set_inputs, the {index}th should be static one, but "
                            "got mutable!")
        elif got != want:
            raise ValueError(f"For set_inputs or tuple(list) in set_inputs, the {index}th should be {want!r}, but "
                             f"got {got!r}!")


def _check_tensor(index: int, want: Tensor, got: Any) -> None:
    if not isinstance(got, Tensor):
        raise TypeError(f"For set_inputs or tuple(list) in set_inputs, the {index}th should be mutable one, but got "
                        "static!")
    if got.dtype != want.dtype:
        raise TypeError(f"For set_inputs or tuple(list) in set_inputs, the {index}th type should be "
                        f"Tensor[{want.dtype}], but got Tensor[{got.dtype}]!")
    shape = want.shape
    if shape == (-2,):
        return  # dynamic rank
    if len(shape) != len(got.shape):
        raise ValueError(f"For set_inputs and tuple(list) in set_inputs, the dims of {index}th input must be the same "
                         f"as expected, but got expected: {len(shape)}, and input: {len(got.shape)}!")
    for w, g in zip(shape, got.shape):
        if w >= 0 and w != g:
            raise ValueError(f"For set_inputs and tuple(list) in set_inputs, the shape of {index}th input must be the "
                             f"same as expected, but got expected: {w}, and input: {g}!")


__all__ = ["check_arity", "check_call", "from_kwargs"]
