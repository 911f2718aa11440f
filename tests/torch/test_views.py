"""Views share storage with their base (gradcompat/torch/views.py), checked against numpy's
views, which follow the same storage rules for these ops."""
import numpy as np
import pytest

import gradcompat.torch as torch

WRITES = [
    ("select", lambda t: t[1], lambda a: a[1]),
    ("slice_step", lambda t: t[:, ::2], lambda a: a[:, ::2]),
    ("transpose", lambda t: t.t(), lambda a: a.T),
    ("permute_select", lambda t: t.permute(1, 0)[2], lambda a: a.transpose(1, 0)[2]),
    ("view", lambda t: t.view(4, 3)[1:3], lambda a: a.reshape(4, 3)[1:3]),
    ("unsqueeze", lambda t: t.unsqueeze(1)[:, 0, 1], lambda a: a[:, None][:, 0, 1]),
    ("narrow", lambda t: t.narrow(1, 1, 2), lambda a: a[:, 1:3]),
    ("diagonal", lambda t: t.diagonal(1), lambda a: a.reshape(-1)[1::5]),
    ("view_of_view", lambda t: t[1:][:, 1:][0], lambda a: a[1:][:, 1:][0]),
]


@pytest.mark.parametrize("name,view,np_view", WRITES, ids=[w[0] for w in WRITES])
def test_in_place_write_through_view_reaches_base(name, view, np_view):
    data = np.arange(12, dtype=np.float32).reshape(3, 4)
    base = torch.tensor(data.copy())
    v = view(base)
    v.mul_(-2)
    v.add_(0.5)
    expected = data.copy()
    w = np_view(expected)
    w *= -2
    w += 0.5
    np.testing.assert_array_equal(base.numpy(), expected)
    np.testing.assert_array_equal(v.numpy(), np_view(expected))
    assert v._version == base._version == 2


def test_views_follow_base_changes_and_share_version():
    base = torch.zeros(2, 3)
    row, col = base[0], base[:, 2]
    base.add_(torch.tensor([[1., 2., 3.], [4., 5., 6.]]))
    np.testing.assert_array_equal(row.numpy(), [1., 2., 3.])
    np.testing.assert_array_equal(col.numpy(), [3., 6.])
    row[1] = 9
    assert base[0, 1].item() == 9 and row._version == col._version == base._version == 2


@pytest.mark.parametrize("shape", [(-1,), (3, 1, 2), (6, 1), (1, 3, 2)])
def test_reshape_of_a_transposed_tensor_is_a_view_exactly_where_numpy_gives_one(shape):
    t = torch.arange(6.).reshape(2, 3).t()
    a = np.arange(6.).reshape(2, 3).T
    out = t.reshape(*shape)
    assert (out._base is not None) == np.shares_memory(a.reshape(shape), a)


def test_gradient_through_copy_slices_matches_the_out_of_place_program():
    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y = x * 1
    y[0].mul_(x[1])
    (y * y).sum().backward()
    in_place = x.grad.numpy()
    x.grad = None
    z = torch.stack([x[0] * x[1], x[1]])
    (z * z).sum().backward()
    np.testing.assert_allclose(in_place, x.grad.numpy())


def test_detached_write_keeps_the_history_and_bumps_the_version():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x * 3
    y.detach()[0] = 0
    assert y.grad_fn.name() == "MulBackward0" and y._version == 1
    np.testing.assert_array_equal(y.detach().numpy(), [0., 6.])


def test_second_order_pass_frees_the_forward_nodes_its_graph_saved():
    x = torch.tensor([1., 2.], requires_grad=True)
    h = x.exp()
    y = (h * h).sum()
    y_plain = (x ** 3).sum()
    g, = torch.autograd.grad(y, x, create_graph=True)
    g_plain, = torch.autograd.grad(y_plain, x, create_graph=True)
    torch.autograd.grad(g.sum(), x)
    torch.autograd.grad(g_plain.sum(), x)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        torch.autograd.grad(y, x)
    torch.autograd.grad(y_plain, x)  # its grad graph saved only the leaf
