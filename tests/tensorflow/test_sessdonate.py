"""A TF1 ``Session.run`` training step donates the old buffers of the variables it rewrites
(issue 17, goal 2): the session moves the variables' values out of its store for the run, so the
step's cells alone hold them and ``core.donation`` may give them to XLA. Everything that read a
value before (a fetched numpy value, ``eval()``, a ``Saver`` checkpoint, a second session on the
same graph, a feed of a fetched value, a variable assigned from another) still reads it, and
every value is the bits of the non-donating run (``GRADCOMPAT_STEP_DONATION=0``)."""
from __future__ import annotations

import os

import numpy as np
import pytest

from gradcompat.core import donation, executor
import gradcompat.tensorflow as tf
from gradcompat.tensorflow import compat

v1 = compat.v1

OPTIMIZERS = {
    "sgd": lambda: v1.train.GradientDescentOptimizer(0.1),
    "momentum": lambda: v1.train.MomentumOptimizer(0.05, 0.9),
    "adam": lambda: v1.train.AdamOptimizer(0.01),
}


@pytest.fixture
def donations(monkeypatch):
    """How many runs donated buffers (small models and cold compiles donate at once here)."""
    monkeypatch.setattr(donation, "MIN_BYTES", 0)
    monkeypatch.setattr(donation, "payback_wait", lambda *args, **kwargs: 0)
    monkeypatch.setattr(executor, "DONATE", True)
    count = [0]
    ready = donation.Donor.ready

    def counted(self, values, indexes=None):
        found = ready(self, values, indexes)
        count[0] += bool(found)
        return found

    monkeypatch.setattr(donation.Donor, "ready", counted)
    return count


def _never(monkeypatch) -> None:
    """The non-donating run (what ``GRADCOMPAT_STEP_DONATION=0`` gives)."""
    monkeypatch.setattr(executor, "DONATE", False)


class _Model:
    """A two-layer regression on a fed batch, on a graph of its own."""

    def __init__(self, optimizer: str = "momentum"):
        rng = np.random.default_rng(0)
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.x = v1.placeholder(tf.float32, (8, 12))
            self.y = v1.placeholder(tf.float32, (8, 4))
            self.w1 = v1.Variable(rng.normal(size=(12, 16)).astype(np.float32) * 0.3, name="w1")
            self.b1 = v1.Variable(np.zeros(16, np.float32), name="b1")
            self.w2 = v1.Variable(rng.normal(size=(16, 4)).astype(np.float32) * 0.3, name="w2")
            self.target = v1.Variable(np.zeros((16, 4), np.float32), name="target")
            hidden = tf.nn.relu(tf.matmul(self.x, self.w1) + self.b1)
            self.loss = tf.reduce_mean(tf.square(tf.matmul(hidden, self.w2) - self.y))
            self.train = OPTIMIZERS[optimizer]().minimize(self.loss, var_list=[self.w1, self.b1, self.w2])
            self.sync = v1.assign(self.target, self.w2)  # a target network's copy: shares w2's array
            self.init = v1.global_variables_initializer()
            self.saver = v1.train.Saver()
            self.variables = v1.global_variables()
        self.feeds = [{self.x: rng.normal(size=(8, 12)).astype(np.float32),
                       self.y: rng.normal(size=(8, 4)).astype(np.float32)} for _ in range(3)]
        self.steps = 0

    def session(self):
        session = v1.Session(graph=self.graph)
        session.run(self.init)
        return session

    def step(self, session) -> float:
        loss = session.run([self.train, self.loss], self.feeds[self.steps % 3])[1]
        self.steps += 1
        return loss

    def state(self, session) -> list[bytes]:
        return [np.asarray(v).tobytes() for v in session.run(self.variables)]


def _buffers(session, model) -> dict:
    return {v.name: session._state[v._cell].unsafe_buffer_pointer() for v in model.variables
            if v._cell in session._state and session._state[v._cell].size > 1}


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_steady_steps_write_into_the_old_buffers(optimizer, donations):
    model = _Model(optimizer)
    session = model.session()
    for _ in range(3):
        model.step(session)
    before = _buffers(session, model)
    donated = donations[0]
    model.step(session)
    after = _buffers(session, model)
    assert donations[0] == donated + 1
    trained = [v.name for v in model.variables if v.name != "target:0" and v.name in before]
    assert len(trained) >= 3  # the weights, and the optimizer's slots where it has some
    for name in trained:
        assert after[name] == before[name], name  # XLA wrote each new value into its old buffer


def _scenario(name: str, model: _Model) -> tuple[list, list]:
    """Runs steps with a reader of some value taken in between; gives what the reader read,
    the final state and the losses."""
    session = model.session()
    losses = [model.step(session) for _ in range(3)]
    read = []
    if name == "fetch":
        read.append(session.run(model.w2))
    elif name == "eval":
        with model.graph.as_default(), session.as_default():
            read.append(model.w1.eval())
    elif name == "fetch_with_step":
        out = session.run([model.train, model.w1, model.w2], model.feeds[0])
        read += out[1:]
    elif name == "saver":
        path = os.path.join(model.tmp, "ckpt")
        model.saver.save(session, path, write_meta_graph=False)
    elif name == "second_session":
        other = model.session()
        read += [other.run(model.w2), model.step(other), model.step(other)]
        read += model.state(other)
    elif name == "feed_a_variable":
        fetched = session.run(model.w2)
        read.append(fetched)
        read.append(session.run([model.train, model.loss], {**model.feeds[1], model.w2: fetched})[1])
    elif name == "target_copy":
        session.run(model.sync)
    kept = [np.array(r, copy=True) for r in read]
    losses += [model.step(session) for _ in range(4)]
    for r, k in zip(read, kept):
        assert np.asarray(r).tobytes() == k.tobytes()  # what was read earlier reads the same
    if name == "saver":
        restored = model.session()
        model.saver.restore(restored, os.path.join(model.tmp, "ckpt"))
        losses += [model.step(restored) for _ in range(2)]
        read += model.state(restored)
    if name == "target_copy":
        read.append(session.run(model.target))
    return [np.asarray(r).tobytes() for r in read], losses + model.state(session)


SCENARIOS = ["fetch", "eval", "fetch_with_step", "saver", "second_session", "feed_a_variable", "target_copy"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_readers_and_results_match_the_non_donating_run(name, donations, monkeypatch, tmp_path):
    model = _Model()
    model.tmp = str(tmp_path)
    read, results = _scenario(name, model)
    assert donations[0] >= 2
    _never(monkeypatch)
    plain = _Model()
    plain.tmp = str(tmp_path / "plain")
    os.makedirs(plain.tmp)
    read_plain, results_plain = _scenario(name, plain)
    assert read == read_plain
    assert results == results_plain


def _fetch_then_step(model, donations) -> tuple:
    session = model.session()
    for _ in range(3):
        model.step(session)
    fetched = session.run(model.w2)  # numpy: on a CPU a view of the variable's device buffer
    kept = fetched.copy()
    donated = donations[0]
    model.step(session)
    return session, fetched, kept, donations[0] - donated


def test_a_live_fetched_view_is_not_donated(donations):
    """``sess.run(w)`` gives a numpy view of ``w``'s buffer (its base references the array): the
    step after it runs the plain executable while the view lives, and donates again after."""
    model = _Model()
    session, fetched, kept, donated = _fetch_then_step(model, donations)
    assert donated == 0  # the check saw the view's reference
    assert fetched.tobytes() == kept.tobytes()
    del fetched
    before = donations[0]
    model.step(session)
    model.step(session)
    assert donations[0] == before + 2


def test_without_the_check_the_view_step_would_donate(donations, monkeypatch):
    """The test above can fail: without the reference check the step donates the buffer the
    view reads (XLA then copies it, as it does for any buffer with an external reference, so
    the view still reads its bits: the check is the first of two guards)."""
    monkeypatch.setattr(donation.Donor, "unshared", lambda self, values, indexes=None: True)
    _, fetched, kept, donated = _fetch_then_step(_Model(), donations)
    assert donated == 1
    assert fetched.tobytes() == kept.tobytes()


def test_many_steps_keep_donating(donations):
    """A loop that reads the loss only keeps donating at every step (the store holds nothing
    during the run, so the donor is never refused)."""
    model = _Model()
    session = model.session()
    for _ in range(30):
        model.step(session)
    assert donations[0] >= 27


@pytest.mark.parametrize("value", [np.arange(6, dtype=np.int64).reshape(2, 3), np.ones(3, np.float32),
                                   np.array(2.5), np.zeros((0, 4), np.float16), np.array([True])])
def test_a_feed_lands_as_device_put_places_it(value):
    """A fed (writable) numpy value takes the short placement path: the same array as
    ``jax.device_put`` gives (dtype, weak type, device, commitment, bits), a copy of its own."""
    import jax

    placed, public = executor.on_device([value])[0], jax.device_put(value)
    assert (placed.dtype, placed.shape, placed.weak_type, placed.committed, placed.sharding) == \
        (public.dtype, public.shape, public.weak_type, public.committed, public.sharding)
    assert np.asarray(placed).tobytes() == value.tobytes()
    assert placed is not executor.on_device([value])[0]  # writable: placed anew at each call
    with jax.transfer_guard("disallow"):  # an explicit transfer, as device_put's
        executor.on_device([value])


def test_concurrent_runs_are_atomic(donations):
    """TF1 lets threads call ``run`` on one session (and on several sessions of one graph): a run
    moves the variables' values out of the store, so runs take turns (the same step from any
    number of threads gives the state of as many steps in a row)."""
    import sys
    import threading

    model = _Model("sgd")
    sessions = [model.session(), model.session()]
    serial = model.session()
    feed = model.feeds[0]
    for _ in range(2 * 12):
        serial.run(model.train, feed)
    errors = []

    def steps(session):
        try:
            for _ in range(12):
                session.run(model.train, feed)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=steps, args=(s,)) for s in sessions for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors
    assert model.state(sessions[0]) == model.state(sessions[1]) == model.state(serial)
