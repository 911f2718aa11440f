"""``mindspore.ops.composite`` (``from mindspore.ops import composite as C``): the gradient
transforms, as MindSpore scripts import them."""
from .grad import GradOperation, grad, value_and_grad

__all__ = ["GradOperation", "grad", "value_and_grad"]
