"""gradcompat.transfer: the same weights in a torch Module, a MindSpore Cell and a Keras model
give the same outputs and gradients; mismatches are refused before anything is written."""
import numpy as np
import pytest

import gradcompat.mindspore as ms
import gradcompat.tensorflow as tf
import gradcompat.torch as torch
from gradcompat.testing import assert_grads_close
from gradcompat.transfer import TransferError, transfer

X = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)


def _mlps():
    torch.manual_seed(0)
    torch_mlp = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2))
    ms_mlp = ms.nn.SequentialCell([ms.nn.Dense(3, 5), ms.nn.Tanh(), ms.nn.Dense(5, 2)])
    keras_mlp = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="tanh"), tf.keras.layers.Dense(2)])
    keras_mlp(tf.zeros((1, 3)))
    return torch_mlp, ms_mlp, keras_mlp


def test_mlp_moves_across_three_dialects_with_equal_outputs_and_gradients():
    torch_mlp, ms_mlp, keras_mlp = _mlps()
    report = transfer(torch_mlp, ms_mlp)
    assert [row[:2] for row in report.rows] == [("0.weight", "0.weight"), ("0.bias", "0.bias"),
                                                ("2.weight", "2.weight"), ("2.bias", "2.bias")]
    report = transfer(ms_mlp, keras_mlp)
    first, second = (layer.name for layer in keras_mlp.layers)  # dense, dense_1 (or later numbers)
    assert [row[1] for row in report.rows] == [f"{first}.kernel", f"{first}.bias", f"{second}.kernel", f"{second}.bias"]
    assert keras_mlp.layers[0].kernel.shape == (3, 5) and report.rows[0][2] == (5, 3)

    expected = torch_mlp(torch.tensor(X)).detach().numpy()
    assert_grads_close(ms_mlp(ms.Tensor(X)).asnumpy(), expected, rtol=1e-6)
    assert_grads_close(keras_mlp(tf.constant(X)).numpy(), expected, rtol=1e-6)

    torch_mlp(torch.tensor(X)).pow(2).sum().backward()
    torch_grads = {name: p.grad for name, p in torch_mlp.named_parameters()}
    ms_grads = ms.grad(lambda x: (ms_mlp(x) ** 2).sum(), grad_position=None,
                       weights=ms_mlp.trainable_params())(ms.Tensor(X))
    assert_grads_close(dict(zip(torch_grads, ms_grads)), torch_grads, rtol=1e-5)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(keras_mlp(tf.constant(X)) ** 2)
    kernel_grads = tape.gradient(loss, keras_mlp.trainable_variables)
    keras_as_torch = [g.numpy().T if g.shape.rank == 2 else g.numpy() for g in kernel_grads]
    assert_grads_close(dict(zip(torch_grads, keras_as_torch)), torch_grads, rtol=1e-5)


def test_conv_batchnorm_layernorm_embedding_between_torch_and_mindspore():
    torch.manual_seed(1)
    t_conv = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, padding=1), torch.nn.BatchNorm2d(3))
    m_conv = ms.nn.SequentialCell([ms.nn.Conv2d(2, 3, 3, pad_mode="pad", padding=1, has_bias=True),
                                   ms.nn.BatchNorm2d(3)])
    with torch.no_grad():
        t_conv[1].running_mean.copy_(torch.tensor([0.1, -0.2, 0.3]))
        t_conv[1].running_var.copy_(torch.tensor([1.5, 0.5, 2.0]))
        t_conv[1].weight.copy_(torch.tensor([1.1, 0.9, 1.2]))
    report = transfer(t_conv, m_conv)
    assert [row[1] for row in report.rows][-4:] == ["1.gamma", "1.beta", "1.moving_mean", "1.moving_variance"]
    t_conv.eval()
    m_conv.set_train(False)
    images = np.linspace(-2, 2, 2 * 2 * 5 * 5, dtype=np.float32).reshape(2, 2, 5, 5)
    assert_grads_close(m_conv(ms.Tensor(images)).asnumpy(), t_conv(torch.tensor(images)).detach().numpy(),
                       rtol=1e-5, atol=1e-6)

    t_embed = torch.nn.Sequential(torch.nn.Embedding(6, 4), torch.nn.LayerNorm(4))
    m_embed = ms.nn.SequentialCell([ms.nn.Embedding(6, 4), ms.nn.LayerNorm((4,), epsilon=1e-5)])  # torch eps
    transfer(t_embed, m_embed)
    ids = np.array([[0, 5, 2]], np.int32)
    assert_grads_close(m_embed(ms.Tensor(ids)).asnumpy(),
                       t_embed(torch.tensor(ids.astype(np.int64))).detach().numpy(), rtol=1e-5, atol=1e-6)


def _weights(cell):
    return [p.asnumpy().copy() for p in cell.get_parameters()]


def test_mismatches_are_refused_and_nothing_is_copied():
    torch_mlp, ms_mlp, keras_mlp = _mlps()
    narrow = ms.nn.SequentialCell([ms.nn.Dense(3, 5), ms.nn.Tanh(), ms.nn.Dense(5, 3)])
    before = _weights(narrow)
    with pytest.raises(TransferError, match=r"2 \(Linear\) weight has shape \(2, 5\) \(as weight\), "
                                            r"2 \(Dense\) weight has \(3, 5\); nothing was copied"):
        transfer(torch_mlp, narrow)
    assert all(np.array_equal(a, b) for a, b in zip(before, _weights(narrow)))  # not even the first layer

    with pytest.raises(TransferError, match="do not correspond") as failure:
        transfer(torch_mlp, ms.nn.SequentialCell([ms.nn.Dense(3, 5)]))
    assert "2 (Linear): dense  |  -" in str(failure.value)

    with pytest.raises(TransferError, match="has a bias that .* lacks"):
        transfer(torch.nn.Linear(3, 5), ms.nn.Dense(3, 5, has_bias=False))

    unbuilt = tf.keras.Sequential([tf.keras.layers.Dense(5)])
    with pytest.raises(TransferError, match="is not built yet"):
        transfer(torch_mlp, unbuilt)

    class Custom(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones(3))

    with pytest.raises(TransferError, match=r"\(Custom\) has weights \['scale'\] but is not a layer kind"):
        transfer(Custom(), ms_mlp)
    with pytest.raises(TransferError, match="cannot transfer weights of a dict"):
        transfer({}, ms_mlp)


def test_compare_reports_per_parameter_gradient_differences():
    import gradcompat
    torch_mlp, ms_mlp, keras_mlp = _mlps()
    same = gradcompat.compare(torch_mlp, keras_mlp, X, cotangent=np.arange(8, dtype=np.float32).reshape(4, 2))
    first, second = (layer.name for layer in keras_mlp.layers)
    assert same.close and [row.name for row in same.rows] == [
        f"0.weight / {first}.kernel", f"0.bias / {first}.bias", f"2.weight / {second}.kernel", f"2.bias / {second}.bias"]
    same.assert_close()

    sigmoid = ms.nn.SequentialCell([ms.nn.Dense(3, 5), ms.nn.Sigmoid(), ms.nn.Dense(5, 2)])
    differ = gradcompat.compare(torch_mlp, sigmoid, X)
    assert [row.close for row in differ.rows] == [False, False, False, True]  # the last bias: d(sum)/db = 4
    table = str(differ)
    assert table.splitlines()[0].split() == ["parameter", "shape", "max", "abs", "err", "max", "rel", "err", "close"]
    assert "2.bias    [2]" in table and table.count(" NO") == 3
    with pytest.raises(AssertionError, match="gradients differ"):
        differ.assert_close()


def test_compare_plot(monkeypatch):
    import gradcompat
    torch_mlp, ms_mlp, _ = _mlps()
    comparison = gradcompat.compare(torch_mlp, ms_mlp, X)
    try:
        import matplotlib
    except ImportError:
        with pytest.raises(ImportError, match="needs matplotlib"):
            comparison.plot()
        return
    matplotlib.use("Agg")
    ax = comparison.plot()
    assert [t.get_text() for t in ax.get_xticklabels()] == [row.name for row in comparison.rows]
