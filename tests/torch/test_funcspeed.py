"""autograd.functional speed properties (issue 12, Speed): a transform is built once per
structure, so repeated calls (gradcheck's many calls of one function, a loop) reuse the
executables of the transform and of its create_graph backward, while the values the user's
function closes over are still read afresh at every call."""
import numpy as np

import gradcompat
import gradcompat.torch as torch
from gradcompat.torch.autograd import functional as F


def _cube_sum(x):
    return x.pow(3).sum()


def test_repeated_create_graph_hessian_compiles_once():
    x = torch.tensor(np.linspace(0.1, 0.9, 6), requires_grad=True)
    compiles = []
    for k in range(4):
        before = gradcompat.cache_info().compiles
        h = F.hessian(_cube_sum, x * (1.0 + k), create_graph=True)
        (g,) = torch.autograd.grad(h.sum(), x)
        compiles.append(gradcompat.cache_info().compiles - before)
        np.testing.assert_allclose(g.numpy(), 6.0 * (1.0 + k) * np.ones(6), rtol=1e-12)
    assert compiles[2:] == [0, 0], compiles  # the same structure: its backward executable is reused


def test_same_structure_other_function_shares_executables():
    x = torch.tensor(np.linspace(0.1, 0.9, 6), requires_grad=True)
    for f in (lambda a: (a * a * a).sum(), lambda b: (b * b * b).sum()):  # two function objects, one structure
        F.jacobian(f, x, create_graph=True)
        F.jacobian(f, x, create_graph=True)
    before = gradcompat.cache_info().compiles
    jac = F.jacobian(lambda c: (c * c * c).sum(), x, create_graph=True)
    torch.autograd.grad(jac.sum(), x)
    jac = F.jacobian(lambda c: (c * c * c).sum(), x, create_graph=True)
    torch.autograd.grad(jac.sum(), x)
    assert gradcompat.cache_info().compiles - before <= 1


def test_closed_over_tensor_read_at_every_call():
    w = torch.tensor([1.0, 2.0, 3.0])
    x = torch.tensor([0.5, -1.0, 2.0])

    def f(a):
        return a * w

    for scale in (1.0, 3.0, -2.0):
        with torch.no_grad():
            w.copy_(torch.tensor([1.0, 2.0, 3.0]) * scale)
        jac = F.jacobian(f, x)  # the same function and structure, another closed-over value
        np.testing.assert_array_equal(jac.numpy(), np.diag([1.0, 2.0, 3.0]) * scale)
        _, hv = F.vjp(lambda a: (a * a * w).sum(), x, create_graph=True)
        np.testing.assert_allclose(hv.detach().numpy(), 2 * x.numpy() * w.numpy(), rtol=1e-12)


def test_python_number_in_function_is_part_of_structure():
    x = torch.tensor([0.5, -1.0, 2.0])
    for c in (2.0, 5.0):
        jac = F.jacobian(lambda a: a * c, x)  # c is inlined in the trace: another structure
        np.testing.assert_array_equal(jac.numpy(), np.eye(3) * c)


def test_function_branching_on_its_values_still_differentiates():
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)

    def f(a):  # a Python branch on the values: cannot be traced once for all calls
        return a * 2 if a.sum() > 0 else a * 3

    jac = F.jacobian(f, x)
    np.testing.assert_array_equal(jac.numpy(), np.eye(3) * 2)
    assert jac.grad_fn is None
    out, vjp = F.vjp(f, -x, torch.ones(3))
    np.testing.assert_array_equal(vjp.numpy(), [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(out.detach().numpy(), [-1.5, 3.0, -6.0])
