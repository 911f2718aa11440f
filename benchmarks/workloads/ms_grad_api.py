"""``ops.GradOperation(get_by_list=True)`` of a Cell (the MLP with its loss, ms_mlp.py) with
respect to its weights: one call per step. Modes: ``graph`` and ``pynative``."""
import mindspore
from mindspore import nn, ops

from data import batch
from ms_mlp import network, set_mode


def build(mode: str):
    set_mode(mode)
    x, y = batch()
    inputs, labels = mindspore.Tensor(x), mindspore.Tensor(y.astype("int32"))
    net = nn.WithLossCell(network(), nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"))
    weights = mindspore.ParameterTuple(net.trainable_params())
    grad_fn = ops.GradOperation(get_by_list=True)(net, weights)
    return lambda: float(grad_fn(inputs, labels)[1][0].asnumpy())
