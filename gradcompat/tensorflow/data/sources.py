"""``Dataset.from_generator``: elements a Python generator yields, converted to the declared
signature (TF's conversion and shape errors)."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import numpy as np

from ..errors import InvalidArgumentError
from ..nest import flatten
from ..shapes import TensorShape
from ..tensor_spec import TensorSpec
from .dataset import UNKNOWN, DatasetSource
from . import structure


class _GeneratorDataset(DatasetSource):
    """TF builds ``from_generator`` as a flat_map over the generator (its repr says so)."""

    _tf_name = "_FlatMapDataset"

    def __init__(self, generator: Callable, args: tuple, spec: Any):
        self._generator, self._args, self._spec = generator, args, spec

    def _cardinality(self) -> int:
        return UNKNOWN

    def _flat_elements(self) -> Iterator[tuple]:
        specs = flatten(self._spec)
        for value in self._generator(*self._args):
            try:
                parts = structure.flatten_up_to(self._spec, value)
            except (TypeError, KeyError, IndexError):
                raise _generator_error(f"TypeError: `generator` yielded an element that did not match the "
                                       f"expected structure. The expected structure was {self._spec!r}, but the "
                                       f"yielded element was {value!r}.") from None
            yield tuple(_convert(p, s) for p, s in zip(parts, specs))


def _generator_error(text: str) -> InvalidArgumentError:
    return InvalidArgumentError(None, None, "{{function_node __wrapped__IteratorGetNext_output_types_1_device_/job:"
                                "localhost/replica:0/task:0/device:CPU:0}} " + text + " [Op:IteratorGetNext] name: ")


def _convert(value: Any, spec: TensorSpec) -> np.ndarray:
    try:
        array = np.asarray(structure.host(value) if hasattr(value, "node") else value).astype(spec.dtype.np)
    except (TypeError, ValueError):
        raise _generator_error("TypeError: `generator` yielded an element that could not be converted to the "
                               f"expected type. The expected type was {spec.dtype.name}, but the yielded element "
                               f"was {value}.") from None
    if not spec.shape.compatible_with(array.shape):
        raise _generator_error(f"TypeError: `generator` yielded an element of shape {_tuple_text(array.shape)} "
                               f"where an element of shape {spec.shape} was expected.")
    return array


def _tuple_text(shape: tuple) -> str:
    return str(TensorShape(shape))


def from_generator(generator: Callable, output_types=None, output_shapes=None, args=None, output_signature=None,
                   name: str | None = None) -> _GeneratorDataset:
    """``Dataset.from_generator``: the elements ``generator(*args)`` yields, converted to
    ``output_signature`` (or the older ``output_types`` / ``output_shapes``); each iteration calls
    the generator again. Its cardinality is unknown, as in TF."""
    if not callable(generator):
        raise TypeError("`generator` must be a Python callable.")
    if output_signature is not None:
        if output_types is not None:
            raise TypeError("The `output_types` argument can not be used together with the `output_signature` "
                            "argument.")
        if output_shapes is not None:
            raise TypeError("The `output_shapes` argument can not be used together with the `output_signature` "
                            "argument.")
        for spec in flatten(output_signature):
            if not isinstance(spec, TensorSpec):
                raise TypeError(f"`output_signature` must contain objects that are subclass of `tf.TypeSpec` but "
                                f"found {type(spec)} which is not.")
        spec = output_signature
    else:
        if output_types is None:
            raise TypeError("To specify the output signature you need to provide either the `output_signature` "
                            "argument or the `output_types` argument.")
        spec = structure.signature_of(output_types, output_shapes)
    call_args = () if args is None else tuple(structure.host(structure.normalize(a)) for a in args)
    return _GeneratorDataset(generator, call_args, spec)
