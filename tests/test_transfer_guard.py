"""A compiled training step makes no host round trip (issue 17, goal 5).

Each test warms a compiled step up (first trace, compile, first cached call), then runs more
steps under ``jax.transfer_guard("disallow")``: any implicit host-to-device or device-to-host
transfer inside a step (a Python scalar such as a learning rate handed to the executable at
every call, a value read back to decide something) raises. Only the final, explicit loss
fetch is allowed. On a GPU such a transfer is a synchronisation per step; on the CPU it is a
copy per step: either way a compiled step should not make one.

Covered: ``torch.compile`` training (guarded replay), ``torch.lazy()``, ``tf.function`` with a
GradientTape and a Keras optimizer (also with dropout: TF's random ops in XLA), a TF1 ``Session.run`` of a train op, and MindSpore
GRAPH_MODE ``TrainOneStepCell``.
"""
from __future__ import annotations

import contextlib

import jax
import numpy as np
import pytest

import gradcompat
from gradcompat import core

WARMUP, STEPS = 3, 4


def data(rows: int = 8) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.normal(size=(rows, 6)).astype(np.float32), rng.integers(0, 3, size=rows)


@contextlib.contextmanager
def no_transfers():
    """Implicit transfers in either direction raise inside the block.

    On a CPU-only host JAX's guard lets device-to-host reads through (the "device" memory is
    the host's, and ``np.asarray`` of a CPU array copies nothing), so the values a dialect
    reads to Python inside the block (``item()``, ``bool()``, printing: the reads gradcompat
    notes, ``core.lazy.note_read``) are counted as well and must be none."""
    with core.lazy.observe() as seen, jax.transfer_guard("disallow"):
        yield
    assert not seen.reads, f"{seen.reads} value(s) read to Python inside the guarded steps"


def guarded_steps(step, fetch) -> float:
    """Warm ``step`` up, run STEPS more under the guard, then fetch the loss explicitly."""
    for _ in range(WARMUP):
        out = step()
    with no_transfers():
        for _ in range(STEPS):
            out = step()
    with jax.transfer_guard("allow"):
        return fetch(out)


def torch_training(compiled: bool):
    import gradcompat.torch as torch

    x, y = data()
    inputs, labels = torch.tensor(x), torch.tensor(y)
    model = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()
        return loss

    return torch.compile(train_step) if compiled else train_step


def test_torch_compile_step_makes_no_transfer():
    step = torch_training(compiled=True)
    replays = gradcompat.cache_info().replays
    loss = guarded_steps(step, lambda t: t.item())
    assert gradcompat.cache_info().replays - replays >= STEPS  # the guarded steps were replays
    assert np.isfinite(loss)


def test_torch_lazy_step_makes_no_transfer():
    import gradcompat.torch as torch

    step = torch_training(compiled=False)
    with torch.lazy():
        loss = guarded_steps(lambda: (step(), torch.lazy.mark_step())[0], lambda t: t.item())
    assert np.isfinite(loss)


def test_tf_function_step_makes_no_transfer():
    import gradcompat.tensorflow as tf

    x, y = data()
    inputs, labels = tf.constant(x), tf.constant(y)
    layer1, layer2 = tf.Variable(np.full((6, 5), 0.1, np.float32)), tf.Variable(np.full((5, 3), 0.2, np.float32))
    bias = tf.Variable(np.zeros(3, np.float32))
    variables = [layer1, layer2, bias]
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            logits = tf.matmul(tf.nn.relu(tf.matmul(inputs, layer1)), layer2) + bias
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    loss = guarded_steps(train_step, lambda t: float(t.numpy()))
    assert np.isfinite(loss)


def test_tf_function_step_with_dropout_makes_no_transfer(monkeypatch):
    """TF's random ops inside a traced step are XLA (``tf_philox_xla``), not host callbacks: a
    stateful ``tf.nn.dropout`` and a Keras ``Dropout`` (stateless, its seed a traced state).
    On a CPU-only host the guard does not see a ``jax.pure_callback`` (its arrays are already
    the host's), so tracing one fails the test here too."""
    import gradcompat.tensorflow as tf

    def no_callback(*args, **kwargs):
        raise AssertionError("a host callback (a device-host-device round trip on a GPU) in the step")
    monkeypatch.setattr(jax, "pure_callback", no_callback)

    x, y = data()
    inputs, labels = tf.constant(x), tf.constant(y)
    tf.random.set_seed(3)
    layer1, layer2 = tf.Variable(np.full((6, 5), 0.1, np.float32)), tf.Variable(np.full((5, 3), 0.2, np.float32))
    keras_dropout = tf.keras.layers.Dropout(0.25)
    variables = [layer1, layer2]
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            hidden = tf.nn.dropout(tf.nn.relu(tf.matmul(inputs, layer1)), rate=0.5)
            logits = tf.matmul(keras_dropout(hidden, training=True), layer2)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    loss = guarded_steps(train_step, lambda t: float(t.numpy()))
    assert np.isfinite(loss)


def test_tf1_session_run_makes_no_transfer():
    import gradcompat.tensorflow as tf

    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x, y = data()
        weights = v1.Variable(np.full((6, 3), 0.1, np.float32))
        logits = tf.matmul(tf.constant(x), weights)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant(y), logits=logits))
        train_op = v1.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
        session = v1.Session(graph=graph)
        session.run(v1.global_variables_initializer())
    value = guarded_steps(lambda: session.run(train_op), lambda _: float(session.run(loss)))
    assert np.isfinite(value)


def test_mindspore_graph_mode_train_one_step_makes_no_transfer():
    import gradcompat.mindspore as mindspore
    from gradcompat.mindspore import nn

    previous = mindspore.get_context("mode")
    mindspore.set_context(mode=mindspore.GRAPH_MODE)
    try:
        class Net(nn.Cell):
            def __init__(self):
                super().__init__()
                self.fc1, self.fc2, self.relu = nn.Dense(6, 5), nn.Dense(5, 3), nn.ReLU()

            def construct(self, x):
                return self.fc2(self.relu(self.fc1(x)))

        x, y = data()
        inputs, labels = mindspore.Tensor(x), mindspore.Tensor(y.astype(np.int32))
        loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
        net = Net()
        train = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn),
                                    nn.Momentum(net.trainable_params(), learning_rate=0.05, momentum=0.9))
        train.set_train()
        loss = guarded_steps(lambda: train(inputs, labels), lambda t: float(t.asnumpy()))
    finally:
        mindspore.set_context(mode=previous)
    assert np.isfinite(loss)


def test_the_guard_sees_a_python_scalar_fed_to_an_executable():
    """The check can fail: a Python number handed to a jitted function is a transfer."""
    f = jax.jit(lambda a, s: a * s)
    a = jax.numpy.ones(3)
    f(a, 0.5)
    with pytest.raises(Exception, match="host-to-device"):
        with no_transfers():
            f(a, 0.5)


def test_the_guard_sees_a_value_read_inside_a_step():
    """The check can fail: a lazy step that reads its loss (``item()``) inside is a round trip."""
    import gradcompat.torch as torch

    step = torch_training(compiled=False)
    with torch.lazy():
        with pytest.raises(AssertionError, match="read to Python"):
            guarded_steps(lambda: step().item(), lambda value: value)
