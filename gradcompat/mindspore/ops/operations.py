"""``mindspore.ops.operations`` (``from mindspore.ops import operations as P``): every
primitive class, as MindSpore scripts import them."""
from . import array_ops, extra_ops, math_ops, nn_ops, state_ops
from .primitives import Primitive

_CLASSES = {name: value for module in (array_ops, extra_ops, math_ops, nn_ops, state_ops) for name, value in vars(module).items()
            if isinstance(value, type) and issubclass(value, Primitive) and not name.startswith("_")}
globals().update(_CLASSES)
__all__ = sorted(_CLASSES)
