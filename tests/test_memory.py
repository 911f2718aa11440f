"""Long eager training loops do not grow: graphs are freed after each step (counts, not times).

Each loop runs some warm-up steps, counts the live core graph nodes (every dialect tensor is
a handle on a ``gradcompat.core.Node``), runs many more steps, and counts again. A graph
kept alive across steps (by a parameter's ``.grad``, an optimizer's state, a tape, a
cache) would show up as growth proportional to the number of steps.
"""
from __future__ import annotations

import gc

import numpy as np
import pytest

import gradcompat
from gradcompat import core

WARMUP, STEPS = 10, 1000
SLACK = 64  # nodes a step may leave behind (the last step's tensors): a leak of one node
# per step shows up as STEPS more nodes, so 1,000 steps bound the growth of 10,000 too


def live_nodes() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, core.Node))


def assert_flat(step, steps: int = STEPS) -> None:
    """``step`` run WARMUP then ``steps`` times leaves no more live nodes than a constant."""
    for _ in range(WARMUP):
        step()
    before, entries = live_nodes(), gradcompat.cache_info().entries
    for _ in range(steps):
        step()
    after = live_nodes()
    assert after - before <= SLACK, f"{after - before} more live graph nodes after {steps} steps"
    assert gradcompat.cache_info().entries == entries, "the loop kept compiling new structures"


def regression_data(rows: int = 16) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.normal(size=(rows, 4)).astype(np.float32), rng.normal(size=(rows, 1)).astype(np.float32)


@pytest.mark.parametrize("mode", ["eager", "lazy", "compile"])
def test_torch_training_loop_does_not_grow(mode: str):
    import gradcompat.torch as torch

    x, y = (torch.tensor(a) for a in regression_data())
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.MSELoss()

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    if mode == "compile":
        train_step = torch.compile(train_step)
    if mode == "lazy":  # the loss is never read: the step boundary alone bounds the pending graph
        with torch.lazy():
            assert_flat(train_step)
    else:
        assert_flat(lambda: train_step().item())


def test_torch_autograd_grad_loop_does_not_grow():
    import gradcompat.torch as torch

    w = torch.tensor(regression_data()[0], requires_grad=True)

    def step():
        (grad,) = torch.autograd.grad((w.sin() * w).sum(), w)
        with torch.no_grad():
            w.sub_(0.01 * grad)

    assert_flat(step)


def tape_step():
    """A GradientTape step on tf.Variables: the loss, its gradients, ``assign_sub`` updates."""
    import gradcompat.tensorflow as tf

    x, y = (tf.constant(a) for a in regression_data())
    w, b = tf.Variable(np.zeros((4, 1), np.float32)), tf.Variable(np.zeros((1,), np.float32))

    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        grad_w, grad_b = tape.gradient(loss, [w, b])
        w.assign_sub(0.01 * grad_w)
        b.assign_sub(0.01 * grad_b)
        return loss
    return step


def test_tensorflow_gradient_tape_loop_does_not_grow():
    step = tape_step()
    assert_flat(lambda: float(step().numpy()))


def test_tensorflow_function_loop_does_not_grow():
    import gradcompat.tensorflow as tf

    step = tf.function(tape_step())
    assert_flat(lambda: float(step().numpy()))


def test_tensorflow_keras_optimizer_loop_does_not_grow():
    import gradcompat.tensorflow as tf

    x, y = (tf.constant(a) for a in regression_data())
    w, b = tf.Variable(np.zeros((4, 1), np.float32)), tf.Variable(np.zeros((1,), np.float32))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)

    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        optimizer.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))

    assert_flat(step)


def test_tf1_session_loop_does_not_grow():
    import gradcompat.tensorflow as tf

    v1 = tf.compat.v1
    xs, ys = regression_data()
    v1.reset_default_graph()
    v1.disable_eager_execution()
    try:
        x, y = v1.placeholder(tf.float32, xs.shape), v1.placeholder(tf.float32, ys.shape)
        w = v1.Variable(np.zeros((4, 1), np.float32))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        train = v1.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            assert_flat(lambda: session.run([train, loss], feed_dict={x: xs, y: ys}))
    finally:
        v1.enable_v2_behavior()
        v1.reset_default_graph()


def test_mindspore_value_and_grad_loop_does_not_grow():
    import gradcompat.mindspore as mindspore
    from gradcompat.mindspore import nn, ops

    x, y = (mindspore.Tensor(a) for a in regression_data())
    w = mindspore.Parameter(mindspore.Tensor(np.zeros((4, 1), np.float32)), name="w")
    b = mindspore.Parameter(mindspore.Tensor(np.zeros((1,), np.float32)), name="b")
    optimizer = nn.Momentum([w, b], learning_rate=0.01, momentum=0.9)

    def loss_fn(inputs, targets):
        return ((ops.matmul(inputs, w) + b - targets) ** 2).mean()

    grad_fn = mindspore.value_and_grad(loss_fn, None, optimizer.parameters)

    def step():
        loss, grads = grad_fn(x, y)
        optimizer(grads)
        return float(loss.asnumpy())

    assert_flat(step)


@pytest.mark.parametrize("mode", ["PYNATIVE_MODE", "GRAPH_MODE"])
def test_mindspore_train_one_step_cell_loop_does_not_grow(mode: str):
    import gradcompat.mindspore as mindspore
    from gradcompat.mindspore import nn

    previous = mindspore.get_context("mode")
    mindspore.set_context(mode=getattr(mindspore, mode))
    try:
        x, y = (mindspore.Tensor(a) for a in regression_data())
        net = nn.Dense(4, 1)
        optimizer = nn.Momentum(net.trainable_params(), learning_rate=0.01, momentum=0.9)
        train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), optimizer)
        assert_flat(lambda: float(train(x, y).asnumpy()))
    finally:
        mindspore.set_context(mode=previous)
