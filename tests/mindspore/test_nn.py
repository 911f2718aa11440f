"""Fast checks of mindspore.nn behaviour that golden programs cannot pin down (random
masks) or that gradcompat adds (its refusals); exact values live in the golden tests."""
from __future__ import annotations

import numpy as np
import pytest

from gradcompat.mindspore import Tensor, nn, ops


def test_dropout_in_training_zeroes_or_rescales_every_element():
    drop = nn.Dropout(p=0.25)
    drop.set_train()
    x = np.arange(1, 4001, dtype=np.float32).reshape(40, 100)
    out = drop(Tensor(x)).asnumpy()
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / 0.75, rtol=1e-6)
    assert 0.70 < kept.mean() < 0.80
    drop.set_train(False)
    np.testing.assert_array_equal(drop(Tensor(x)).asnumpy(), x)


def test_dropout_gradient_follows_the_mask():
    drop = nn.Dropout(p=0.5)
    drop.set_train()
    x = Tensor(np.ones((8, 8), np.float32))
    grad = ops.GradOperation()(drop)(x).asnumpy()
    assert set(np.unique(grad)) <= {0.0, 2.0}


def test_parameter_groups_are_refused_with_a_clear_error():
    net = nn.Dense(2, 2, weight_init="ones", bias_init="zeros")
    with pytest.raises(NotImplementedError, match="parameter groups"):
        nn.SGD([{"params": net.trainable_params()}])


def test_optimizer_checks_the_number_of_gradients():
    net = nn.Dense(2, 2, weight_init="ones", bias_init="zeros")
    opt = nn.Momentum(net.trainable_params(), 0.1, 0.9)
    with pytest.raises(ValueError, match="number of gradients"):
        opt((Tensor(np.ones((2, 2), np.float32)),))


def test_celllist_deletion_renames_by_position():
    cells = nn.CellList([nn.Dense(2, 2, weight_init="ones", bias_init="zeros"),
                         nn.Dense(2, 3, weight_init="ones", bias_init="zeros")])
    del cells[0]
    assert [n for n, _ in cells.parameters_and_names()] == ["0.weight", "0.bias"]
    assert cells[0].out_channels == 3


def test_recorded_lstm_saves_its_vjp_residuals():
    from gradcompat.mindspore.nn import rnns
    net = nn.LSTM(3, 4, num_layers=2)
    x = Tensor(np.ones((5, 2, 3), np.float32))
    seen = []

    def loss(x):
        out, _ = net(x)
        seen.append(out.node.inputs[0])
        return (out * out).sum()
    value, grads = ops.value_and_grad(loss, None, net.trainable_params())(x)
    # the op also returns its residuals: the backward reads them instead of running the scans again
    assert seen[0].fn is rnns._SAVING[False] and len(seen[0].value) > 3
    assert len(grads) == 8 and all(np.isfinite(g.asnumpy()).all() for g in grads)
