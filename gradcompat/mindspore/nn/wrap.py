"""``nn.WithLossCell``, ``nn.WithEvalCell``, ``nn.TrainOneStepCell`` and the loss-scale cells
(``TrainOneStepWithLossScaleCell``, ``DynamicLossScaleUpdateCell``, ``FixedLossScaleUpdateCell``).

``TrainOneStepCell(network, optimizer, sens=None)(*inputs)`` computes the loss, the
gradients with respect to the optimizer's parameters (through the one core autodiff
engine, as ``ops.GradOperation`` does) and applies the optimizer, returning the loss. In
GRAPH_MODE that whole step (forward, gradients, every Parameter write) is one compiled
program, which a loop of identical steps compiles once.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from ...core import apply, select
from .. import dtype as mstype
from ..ops import value_and_grad
from ..ops.grad import _differentiate
from ..parameter import Parameter
from ..tensor import Tensor
from .. import parallel_context
from .cell import Cell
from .grad_reducer import DistributedGradReducer
from .optim import Optimizer


class WithLossCell(Cell):
    """``nn.WithLossCell(backbone, loss_fn)``: ``loss_fn(backbone(data), label)``; parameter
    names are the backbone's own (no prefix, as in MindSpore)."""

    def __init__(self, backbone: Cell, loss_fn: Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self._loss_fn = loss_fn

    def construct(self, data: Tensor, label: Tensor) -> Tensor:
        out = self._backbone(data)
        return self._loss_fn(out, label)

    @property
    def backbone_network(self) -> Cell:
        return self._backbone


class TrainOneStepCell(Cell):
    """``nn.TrainOneStepCell(network, optimizer, sens=None, return_grad=False)``.

    Without ``sens`` the gradients are those of the loss; with ``sens`` (a number) they are
    scaled by it, as MindSpore's sens filling the loss's shape does. The network runs forward
    once per step (a MindSpore ``set_grad()`` network reuses its forward for the gradient,
    so BatchNorm's moving statistics move once per step). ``return_grad=True``
    returns ``(loss, {parameter name: gradient})``.
    """

    def __init__(self, network: Cell, optimizer: Optimizer, sens: float | None = None,
                 return_grad: bool = False) -> None:
        super().__init__(auto_prefix=False)
        self.network = network
        self.network.set_grad()
        self.optimizer = optimizer
        self.weights = optimizer.parameters
        if sens is not None and sens == 0:
            raise ValueError("The input argument of 'sens' can not be 0.")
        self.sense_flag = sens is not None
        self.sens = 1.0 if sens is None else sens
        self.return_grad = return_grad
        self.grad_no_sens = value_and_grad(self.network, None, self.weights)
        # data parallelism: the gradients are averaged (or summed) over the ranks before the update
        self.reducer_flag = parallel_context.reduces_gradients()
        self.grad_reducer = (DistributedGradReducer(self.weights, parallel_context.get_auto_parallel_context(
            "gradients_mean"), parallel_context.device_num()) if self.reducer_flag else None)

    def construct(self, *inputs: Tensor) -> Any:
        # one forward pass, as MindSpore's set_grad() network reuses its forward for the gradient
        loss, grads = self.grad_no_sens(*inputs)
        if self.sense_flag:
            grads = tuple(g * Tensor(np.asarray(self.sens), g.dtype) for g in grads)
        if self.grad_reducer is not None:
            grads = self.grad_reducer(grads)
        self.optimizer(grads)
        if self.return_grad:
            return loss, {p.name: g for p, g in zip(self.weights, grads)}
        return loss


class WithEvalCell(Cell):
    """``nn.WithEvalCell(network, loss_fn, add_cast_fp32=False)``: returns ``(loss, outputs,
    label)``, what ``Model.eval``'s metrics receive; ``add_cast_fp32`` casts the outputs and
    the label to float32 first (mixed precision)."""

    def __init__(self, network: Cell, loss_fn: Cell, add_cast_fp32: bool = False) -> None:
        super().__init__(auto_prefix=False)
        self._network = network
        self._loss_fn = loss_fn
        self.add_cast_fp32 = add_cast_fp32

    def construct(self, data: Tensor, label: Tensor) -> tuple:
        outputs = self._network(data)
        if self.add_cast_fp32:
            label = _to_float32(label)
            outputs = _to_float32(outputs)
        return self._loss_fn(outputs, label), outputs, label


def _to_float32(value: Any) -> Any:
    """A floating-point Tensor as float32 (MindSpore's mixed_precision_cast); others unchanged."""
    if isinstance(value, Tensor) and value.dtype in (mstype.float16, mstype.float64):
        return value.astype(mstype.float32)
    return value


# -- loss scaling -------------------------------------------------------------------------------

def _all_finite_kernel(*arrays):
    finite = jnp.asarray(True)
    for a in arrays:
        finite = finite & jnp.all(jnp.isfinite(a))
    return finite


def all_finite_tensor(tensors: Any) -> Tensor:
    """A bool scalar Tensor: whether every element of every Tensor is finite (one op)."""
    nodes = [t.node for t in tensors]
    if not nodes:
        return Tensor(True, mstype.bool_)
    return Tensor._from_node(apply(_all_finite_kernel, nodes, name="AllFinite"))


def _scale_kernel(x, scale):
    return x * scale.astype(x.dtype)


def _unscale_kernel(x, scale):
    return x * (1.0 / scale).astype(x.dtype)


def scale_tensor(x: Tensor, scale: Tensor, inverse: bool = False) -> Tensor:
    """``x * scale`` (``inverse``: ``x * (1 / scale)``), the scale cast to ``x``'s dtype first, as
    MindSpore's loss scalers compute it; differentiable in ``x``."""
    kernel = _unscale_kernel if inverse else _scale_kernel
    return Tensor._from_node(apply(kernel, [x.node, scale.node], name="Mul"))


def _dynamic_update_kernel(scale, overflow, cur_iter, last_overflow_iter, *, factor, window):
    overflow = overflow.reshape(())
    factor = jnp.asarray(factor, jnp.float32)
    on_overflow = jnp.where(overflow, jnp.maximum(scale * (1.0 / factor), jnp.float32(1.0)), scale)
    should_inc = window <= cur_iter - last_overflow_iter
    new_last = jnp.where(overflow | should_inc, cur_iter, last_overflow_iter)
    new_scale = jnp.where(should_inc & ~overflow, on_overflow * factor, on_overflow)
    return new_scale.astype(scale.dtype), cur_iter + 1, new_last


class DynamicLossScaleUpdateCell(Cell):
    """``nn.DynamicLossScaleUpdateCell(loss_scale_value, scale_factor, scale_window)``: called
    with ``(loss_scale Parameter, overflow)``; on overflow divides the scale by ``scale_factor``
    (not below 1), after ``scale_window`` steps without one multiplies it; returns ``overflow``."""

    def __init__(self, loss_scale_value: float, scale_factor: int, scale_window: int) -> None:
        super().__init__()
        self.scale_window = int(scale_window)
        self.scale_factor = float(scale_factor)
        self.loss_scale_value = loss_scale_value
        self.cur_iter = Parameter(Tensor(1, mstype.int32), name="current_iterator_step")
        self.last_overflow_iter = Parameter(Tensor(0, mstype.int32), name="last_overflow_iterator_step")

    def get_loss_scale(self) -> float:
        return self.loss_scale_value

    def construct(self, loss_scale: Parameter, overflow: Tensor) -> Tensor:
        overflow = overflow if isinstance(overflow, Tensor) else Tensor(bool(overflow), mstype.bool_)
        node = apply(_dynamic_update_kernel, [loss_scale.node, overflow.astype(mstype.bool_).node,
                                              self.cur_iter.node, self.last_overflow_iter.node],
                     {"factor": self.scale_factor, "window": self.scale_window}, name="DynamicLossScaleUpdate")
        loss_scale._write(Tensor._from_node(select(node, 0)))
        self.cur_iter._write(Tensor._from_node(select(node, 1)))
        self.last_overflow_iter._write(Tensor._from_node(select(node, 2)))
        return overflow


class FixedLossScaleUpdateCell(Cell):
    """``nn.FixedLossScaleUpdateCell(loss_scale_value)``: the scale never changes; returns ``overflow``."""

    def __init__(self, loss_scale_value: float) -> None:
        super().__init__()
        self.loss_scale_value = loss_scale_value

    def get_loss_scale(self) -> float:
        return self.loss_scale_value

    def construct(self, _: Any, overflow: Tensor) -> Tensor:
        return overflow


class TrainOneStepWithLossScaleCell(TrainOneStepCell):
    """``nn.TrainOneStepWithLossScaleCell(network, optimizer, scale_sense)``: one step with
    loss scaling; returns ``(loss, overflow, loss_scale)``.

    The gradients are taken with the sens ``loss_scale`` (so a float16 backward pass sees
    the scaled values), divided by it, checked for Inf/NaN (``overflow``, a bool Tensor, as
    MindSpore computes it on GPU), and the optimizer runs only without overflow.
    ``scale_sense`` is an update Cell (``DynamicLossScaleUpdateCell`` /
    ``FixedLossScaleUpdateCell``) or a Tensor of shape () or (1,) (``set_sense_scale``
    changes it). Known difference: real MindSpore 2.10 cannot run this Cell on CPU (its
    overflow check is an Ascend kernel); here it runs on every device.
    """

    def __init__(self, network: Cell, optimizer: Optimizer, scale_sense: Any) -> None:
        super().__init__(network, optimizer, sens=None)
        self.loss_scaling_manager = None
        if isinstance(scale_sense, Cell):
            self.loss_scaling_manager = scale_sense
            self.scale_sense = Parameter(Tensor(scale_sense.get_loss_scale(), mstype.float32), name="scale_sense")
        elif isinstance(scale_sense, Tensor):
            if scale_sense.shape not in ((1,), ()):
                raise ValueError("For 'TrainOneStepWithLossScaleCell', the shape of 'scale_sense' must be (1,) or (), "
                                 f"but got {scale_sense.shape}.")
            self.scale_sense = Parameter(scale_sense, name="scale_sense")
        else:
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the 'scale_sense' must be Cell or Tensor, but got "
                            f"'scale_sense' type: {type(scale_sense)}.")

    def construct(self, *inputs: Tensor) -> tuple:
        scaling_sens = Tensor._from_node(self.scale_sense.node)
        def scaled_loss(*args: Tensor) -> tuple:
            # the cotangent of ``loss * scale`` is MindSpore's sens: ones_like(loss) * scale
            loss = self.network(*args)
            return scale_tensor(loss, scaling_sens), loss

        result = _differentiate(scaled_loss, inputs, {}, list(self.weights), has_aux=True, inputs_wanted=False)
        loss = result.output[1]
        grads = tuple(scale_tensor(g, scaling_sens, inverse=True) for g in result.weight_grads)
        if self.grad_reducer is not None:
            grads = self.grad_reducer(grads)
        cond = self.get_overflow_status(None, grads)
        overflow = self.process_loss_scale(cond)
        if not bool(overflow.asnumpy()):
            self.optimizer(grads)
        return loss, cond, self.scale_sense

    def set_sense_scale(self, sens: Tensor) -> None:
        """Replace a Tensor ``scale_sense``'s value."""
        if self.scale_sense is not None and isinstance(sens, Tensor):
            self.scale_sense.set_data(sens)
        else:
            raise TypeError(f"For 'TrainOneStepWithLossScaleCell', the type of 'sens' must be Tensor, "
                            f"but got {type(sens)}")

    def start_overflow_check(self, pre_cond: Any, compute_input: Any) -> tuple:
        """Accepted for subclasses written against MindSpore (no device status to clear here)."""
        return Tensor(np.zeros(8, np.int32)), compute_input

    def get_overflow_status(self, status: Any, compute_output: Any) -> Tensor:
        """A bool Tensor: whether any gradient holds Inf or NaN."""
        return ~all_finite_tensor(list(compute_output))

    def process_loss_scale(self, overflow: Tensor) -> Tensor:
        """Let the update Cell adjust the scale; returns ``overflow``."""
        if self.loss_scaling_manager is None:
            return overflow
        return self.loss_scaling_manager(self.scale_sense, overflow)


__all__ = ["DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell", "TrainOneStepCell",
           "TrainOneStepWithLossScaleCell", "WithEvalCell", "WithLossCell"]
