"""Keras 3's ``Model.export(path)`` (a SavedModel with a ``serve`` endpoint) and the default
signature ``tf.saved_model.save`` gives a Keras model (``serving_default`` taking ``inputs``).

Known difference: the checkpoint keys of ``tf.saved_model.save(model)`` follow this dialect's
attribute names (``layers/0/kernel``), not Keras's private ones (``_layers/1/_kernel``).
"""
from __future__ import annotations

from typing import Any

from ..function import function
from ..tensor_spec import TensorSpec


def input_specs(model: Any, name: str | None) -> list[TensorSpec]:
    """The model's inputs as TensorSpecs (``name`` for all, or each input's KerasTensor name)."""
    inputs = getattr(model, "inputs", None) if getattr(model, "_input_layer", None) is None else None
    if inputs:
        return [TensorSpec(t.shape, t.dtype, name or t.name) for t in inputs]
    layer = getattr(model, "_input_layer", None)
    if layer is None:
        raise ValueError("The model provided has never called. It must be called at least once before export.")
    return [TensorSpec(layer.batch_shape, layer.dtype, name or layer.output_tensor.name)]


def default_save_signature(model: Any):
    """``serving_default`` of ``tf.saved_model.save(model)``: the model's call on ``inputs``."""
    specs = input_specs(model, "inputs")
    return function(lambda inputs: model(inputs, training=False), input_signature=specs
                    if len(specs) == 1 else [specs])


class ExportArchive:
    """What ``Model.export`` saves: the model's variables and the ``serve`` endpoint."""

    def __init__(self, model: Any, input_signature=None):
        self.variables = list(model.variables)
        self.trainable_variables = list(model.trainable_variables)
        self.non_trainable_variables = list(model.non_trainable_variables)
        specs = list(input_signature) if input_signature is not None else input_specs(model, None)
        self._specs = specs
        self.serve = function(lambda *args: model(args[0] if len(args) == 1 else list(args), training=False),
                              input_signature=specs)

    def _saved_model_children(self) -> list:
        return [("variables", self.variables), ("trainable_variables", self.trainable_variables),
                ("non_trainable_variables", self.non_trainable_variables)]


def export(model: Any, filepath: str, format: str = "tf_saved_model", verbose=None,  # noqa: A002 - Keras's name
           input_signature=None, **kwargs) -> None:
    """``Model.export(filepath)``: a SavedModel whose loaded object has ``serve(x)``, the
    variables, and the signatures ``serve`` and ``serving_default``; prints Keras's endpoint summary."""
    from .. import saved_model
    if format != "tf_saved_model":
        raise ValueError(f"Unrecognized format={format}")
    archive = ExportArchive(model, input_signature)
    saved_model.save(archive, filepath, signatures={"serve": archive.serve, "serving_default": archive.serve})
    if verbose is None or verbose:
        output = archive.serve(*[_zeros(s) for s in archive._specs])
        lines = [f"Saved artifact at '{filepath}'. The following endpoints are available:", "",
                 "* Endpoint 'serve'"]
        lines += [f"  args_{i} (POSITIONAL_ONLY): {s!r}" for i, s in enumerate(archive._specs)]
        out_spec = TensorSpec([None, *output.shape.as_list()[1:]], output.dtype)
        lines += ["Output Type:", f"  {out_spec!r}", "Captures:"]
        lines += [f"  {id(v)}: TensorSpec(shape=(), dtype=tf.resource, name=None)" for v in archive.variables]
        print("\n".join(lines))


def _zeros(spec: TensorSpec):
    from ..array_ops import zeros
    return zeros([1 if d is None else d for d in spec.shape.dims], dtype=spec.dtype)
