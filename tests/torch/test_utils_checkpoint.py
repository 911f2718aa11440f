"""torch.utils.checkpoint folds its segment into one op that rematerializes: the forward keeps
no intermediate node, and the op's function is jax.checkpoint of the replayed segment."""
import jax
import numpy as np

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.torch.utils.checkpoint import checkpoint, checkpointed_segment


def _reachable_ops(node) -> list:
    seen, stack = set(), [node]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        stack.extend(n.inputs)
    return [n for n in seen if isinstance(n, core.Op)]


def test_segment_is_one_rematerializing_op_holding_no_intermediates():
    net = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.ReLU(),
                              torch.nn.Linear(16, 5))
    x = torch.randn(3, 5, requires_grad=True)
    plain = net(x)
    y = checkpoint(net, x, use_reentrant=False)
    assert len(_reachable_ops(plain.node)) >= 5  # one node per layer without checkpointing
    ops = _reachable_ops(y.node)
    segment = [n for n in ops if n.fn is checkpointed_segment]
    assert len(segment) == 1 and len(ops) == 2  # the segment op and the selection of its output
    # its inputs are x and the parameters the module closed over, nothing computed in between
    assert set(segment[0].inputs) == {x.node, *(p.node for p in net.parameters())}
    program = dict(segment[0].static)["program"]
    jaxpr = jax.make_jaxpr(lambda *v: checkpointed_segment(*v, program=program))(
        *[n.value for n in segment[0].inputs])
    assert "checkpoint" in str(jaxpr) or "remat" in str(jaxpr)
    g1 = torch.autograd.grad(plain.sum(), [x, *net.parameters()])
    g2 = torch.autograd.grad(y.sum(), [x, *net.parameters()])
    for a, b in zip(g1, g2):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6, atol=1e-7)


def test_outputs_not_requiring_grad_are_left_alone():
    x = torch.randn(2, 3)
    y = checkpoint(lambda a: a * 2, x, use_reentrant=False)
    assert not y.requires_grad and isinstance(y.node, core.Constant)
