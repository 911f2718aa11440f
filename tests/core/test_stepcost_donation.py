"""Buffer donation as a core API (issue 17, step cost): ``cache.call(..., donate=...)``,
``Prepared.run_values(..., donate=pairs)`` writing each result into its own input's buffer, and
``donation.Donor`` deciding when nothing else can read a buffer."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from gradcompat.core import Constant, apply, cache, donation, recording, select
from gradcompat.core import executor
from gradcompat.core.executor import Prepared


def _update(p, m, g):
    m = 0.9 * m + g
    return p - 0.1 * m, m


def test_cache_call_donates_and_keys_the_twin_apart():
    fn = lambda a, b: a + b  # noqa: E731 - a fresh function: its own cache entries
    a, b = jnp.arange(64.0), jnp.ones(64)
    plain = cache.call(fn, (), [a, b])
    assert not a.is_deleted()
    assert cache.compiled(fn, (), [a, b]) and not cache.compiled(fn, (), [a, b], (0,))
    donated = cache.call(fn, (), [a, b], (0,))
    assert a.is_deleted() and not b.is_deleted()
    assert cache.compiled(fn, (), [donated, b], (0,))
    np.testing.assert_array_equal(plain, donated)


def _step():
    """A prepared momentum update over two same-shaped state values, outputs (m, p): a result
    order that JAX, pairing donated inputs by shape in order, would cross."""
    p, m, g = (Constant(jnp.full(256, v, jnp.float32)) for v in (1.0, 2.0, 3.0))
    with recording.deferred_mode(True):
        out = apply(_update, [p, m, g], {}, name="update")
        new_p, new_m = select(out, 0), select(out, 1)
        prepared = Prepared([new_m, new_p])
    return prepared, {n: i for i, n in enumerate(prepared.inputs)}, (p, m, g)


def test_run_values_pairs_each_result_with_its_own_buffer():
    prepared, where, (p, m, g) = _step()
    values = [n.value for n in prepared.inputs]
    expected = [np.asarray(r) for r in prepared.run_values(values)]
    pointers = {n: n.value.unsafe_buffer_pointer() for n in (p, m)}
    donate = ((where[m], 0), (where[p], 1))
    results = prepared.run_values(values, donate=donate)
    for r, e in zip(results, expected):
        np.testing.assert_array_equal(r, e)
    assert p.value.is_deleted() and m.value.is_deleted() and not g.value.is_deleted()
    # XLA wrote each result into its own input's buffer (m's into m's, p's into p's)
    assert results[0].unsafe_buffer_pointer() == pointers[m]
    assert results[1].unsafe_buffer_pointer() == pointers[p]


class _Node:
    __slots__ = ("value",)


def test_donor_donates_only_what_it_wrote_and_nothing_else_holds():
    nodes = [_Node(), _Node()]
    for n in nodes:
        n.value = jnp.zeros(32)
    donor = donation.Donor(((0, 0), (1, 1)))
    assert donor.ready([n.value for n in nodes]) == ()  # not written by this donor (made elsewhere)
    donor.wrote([n.value for n in nodes])
    assert donor.ready([n.value for n in nodes]) == ((0, 0), (1, 1))
    held = nodes[1].value  # a second reader (as ``detach()`` or a state_dict holds the array)
    assert donor.ready([n.value for n in nodes]) == ()
    del held
    assert donor.ready([n.value for n in nodes]) == ((0, 0), (1, 1))
    nodes[0].value = jnp.ones(32)  # a value set from elsewhere
    assert donor.ready([n.value for n in nodes]) == ()
    numpy_value = donation.Donor(((0, 0),), owned=[np.zeros(3)])  # not a JAX array: never donated
    assert numpy_value.ready([np.zeros(3)]) == ()


def test_payback_wait():
    assert donation.payback_wait(0.0, 1 << 20) == 0  # warm (persistent cache): donate at once
    assert donation.payback_wait(donation.CHEAP_COMPILE, 1) == 0
    assert donation.payback_wait(1.0, 10_000_000) == 1000  # 1 ms saved a step pays 1 s in 1000
    assert donation.payback_wait(1.0, 0) == donation.WAIT_MAX


def _momentum_cells():
    """A prepared run that rewrites two state cells (as a TF1 training op, a ``tf.function`` or a
    MindSpore GRAPH_MODE step does): the parameter and its momentum, from a fed gradient."""
    from gradcompat.core import Effect, Placeholder, StateCell
    p = StateCell(jnp.full(256, 1.0, jnp.float32), "p")
    m = StateCell(jnp.zeros(256, jnp.float32), "m")
    g = Placeholder((256,), jnp.float32, "g")
    with recording.deferred_mode(True):
        out = apply(_update, [p.read(), m.read(), g], {}, name="update")
        step = Effect([(p, select(out, 0)), (m, select(out, 1))])
        prepared = Prepared([step], [g])
    return prepared, p, m, g


def _run_cells(calls: int, hold: bool = False):
    prepared, p, m, g = _momentum_cells()
    grad = jnp.full(256, 0.5, jnp.float32)
    pointers, held = [], None
    for i in range(calls):
        before = p.value.unsafe_buffer_pointer()
        if hold and i == 2:
            held = p.value  # a reader of the old value (an eager tensor of the variable)
        prepared({g: grad})
        pointers.append(p.value.unsafe_buffer_pointer() == before)
    return pointers, np.asarray(p.value), np.asarray(m.value), held


@pytest.fixture
def warm(monkeypatch):
    """Donate from the second call whatever the first call's compile cost (rent, then buy)."""
    monkeypatch.setattr(donation, "MIN_BYTES", 0)  # these small models donate too
    monkeypatch.setattr(donation, "payback_wait", lambda seconds, nbytes: 0)


def test_prepared_run_donates_the_state_cells_it_rewrites(warm, monkeypatch):
    reused, p, m, _ = _run_cells(5)
    assert reused == [False, True, True, True, True]  # from the second call on, in place
    monkeypatch.setattr("gradcompat.core.executor.DONATE", False)
    plain, p_plain, m_plain, _ = _run_cells(5)
    assert not any(plain)
    assert p.tobytes() == p_plain.tobytes() and m.tobytes() == m_plain.tobytes()


def test_prepared_run_keeps_a_held_state_value(warm):
    reused, p, _, held = _run_cells(5, hold=True)
    assert reused[2] is False and reused[4] is True  # not while held (the next call owns a new value)
    assert not held.is_deleted()
    np.testing.assert_allclose(np.asarray(held), np.full(256, 1.0 - 0.1 * 0.5 * (1 + 1.9)), rtol=1e-6)


def test_small_state_is_not_worth_a_second_executable(monkeypatch):
    monkeypatch.setattr(donation, "payback_wait", lambda seconds, nbytes: 0)
    reused, _, _, _ = _run_cells(4)  # 2 KiB of state: below ``donation.MIN_BYTES``
    assert not any(reused)


def test_a_run_whose_state_is_always_shared_stops_trying(warm):
    prepared, p, m, g = _momentum_cells()
    grad = jnp.full(256, 0.5, jnp.float32)
    store = {}
    prepared({g: grad})
    assert prepared._donor is not None
    for _ in range(executor._REFUSALS_KEPT + 3):
        store["p"] = p.value  # a second holder at every call (a TF1 session's variable store)
        prepared({g: grad})
    assert prepared._donor is None and not store["p"].is_deleted()
