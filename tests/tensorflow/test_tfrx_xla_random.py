"""TF random ops inside graphs run as pure XLA (``gradcompat.random.tf_philox_xla``), bit for
bit the numpy reference (``tf_stream``, itself checked against real TF's bits by
``test_tf_rng_bits.py`` and the rng goldens): many seeds, shapes and dtypes, counters that
carry across 64-bit words, truncated normals with stragglers, arithmetic XLA cannot change by
contracting FMAs; no host callback in a traced function; the executable is stored in JAX's
persistent cache (issue 17, goals 1 and 5)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.random import tf_philox_xla as tpx
from gradcompat.random import tf_stream as ts
from gradcompat.tensorflow import random_ops

SHAPES = ((3, 43),)  # a partial last block / group; sizes only cut the stream (test_shapes)
FLOAT_CASES = {
    "float32": [("uniform", None, None), ("uniform", -1.5, 3.25), ("uniform", "zero", 0.3), ("uniform", 0.1, 0.7),
                ("normal", 0.0, 1.0), ("normal", 0.5, 1.7), ("truncated_normal", 0.0, 1.0),
                ("truncated_normal", -2.0, 0.37)],
    "float16": [("uniform", None, None), ("uniform", 1e-3, 2e-3), ("uniform", "zero", 0.3), ("normal", 0.5, 1.7),
                ("normal", 0.0, 1e-4), ("truncated_normal", 0.0, 3e-5)],
    "bfloat16": [("uniform", None, None), ("uniform", -1.5, 3.25), ("normal", 0.5, 1.7),
                 ("truncated_normal", 0.25, 0.01)],
    "float64": [("uniform", None, None), ("uniform", -1.0, 3.0), ("uniform", "zero", 0.5)],
    "int": [("uniform_int", 0, 10), ("uniform_int", -7, 1000003), ("uniform_int", -2**31, 2**31 - 1),
            ("full_int", None, None)],
}


def _gens(n: int, seed: int) -> list[tuple[int, int]]:
    """(key, counter) pairs, some with the counter's low 64 bits about to carry."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        key = int(rng.integers(0, 2**63)) * 2 + 1
        counter = int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63))
        if i % 3 == 0:
            counter = (int(rng.integers(0, 2**40)) << 64) | ((1 << 64) - 3)
        out.append((key, counter))
    return out


def _words(gens):
    keys = np.array([[k & 0xFFFFFFFF, k >> 32] for k, _ in gens], np.uint32)
    counters = np.array([[(c >> (32 * i)) & 0xFFFFFFFF for i in range(4)] for _, c in gens], np.uint32)
    return keys, counters


def _check(cases, gens):
    """Every (kind, dtype, a, b) x SHAPES draw of every generator: one jitted XLA function
    against the host reference."""
    def draws(k, c):
        gen = tpx.Gen(k, c)
        return [tpx.values(gen, kind, shape, dtype, a, b) for kind, dtype, a, b in cases for shape in SHAPES]
    kernel = jax.jit(draws)
    keys, counters = _words(gens)
    got = [kernel(k, c) for k, c in zip(keys, counters)]
    bad = []
    i = 0
    for kind, dtype, a, b in cases:
        assert tpx.supported(kind, dtype, a, b)
        for shape in SHAPES:
            for g, (key, counter) in enumerate(gens):
                ref = random_ops._host_values(kind, ts.Philox(key, counter), shape, dtype, a, b)
                out = np.asarray(got[g][i])
                if out.dtype != ref.dtype or out.shape != ref.shape or out.tobytes() != ref.tobytes():
                    bad.append((kind, dtype, a, b, shape, g))
            i += 1
    assert not bad, bad


@pytest.mark.parametrize("group", list(FLOAT_CASES))
def test_xla_draws_equal_the_host_reference(group):
    if group == "int":
        cases = [(kind, dtype, a, b) for dtype in ("int32", "int64", "uint32", "uint64")
                 for kind, a, b in FLOAT_CASES[group] if not (kind == "uniform_int" and dtype.startswith("u"))]
        cases.append(("uniform_int", "int64", -2**62, 2**62 + 12345))
    else:
        cases = [(kind, group, a, b) for kind, a, b in FLOAT_CASES[group]]
    _check(cases, _gens(6, zlib.crc32(group.encode())))


def test_shapes():
    gens = _gens(2, 5)
    cases = [(kind, dtype, shape) for kind, dtype in [("uniform", "float64"), ("uniform_int", "int32")]
             for shape in [(), (0,), (5,), (2, 3, 2)]] + [("normal", "float32", (2, 3))]
    kernel = jax.jit(lambda k, c: [tpx.values(tpx.Gen(k, c), kind, shape, dtype, 0, 8) for kind, dtype, shape in cases])
    for (key, counter), k, c in zip(gens, *_words(gens)):
        for (kind, dtype, shape), out in zip(cases, kernel(k, c)):
            ref = random_ops._host_values(kind, ts.Philox(key, counter), shape, dtype, 0, 8)
            out = np.asarray(out)
            assert out.dtype == ref.dtype and out.shape == ref.shape and out.tobytes() == ref.tobytes()


@pytest.mark.parametrize("n", [1, 2, 5, 300])
def test_permutation(n):
    gens = _gens(3, n)
    kernel = jax.jit(lambda k, c: tpx.permutation(tpx.Gen(k, c), n))
    for (key, counter), k, c in zip(gens, *_words(gens)):
        assert np.asarray(kernel(k, c)).tolist() == ts.permutation(ts.Philox(key, counter), n).tolist()


def test_large_truncated_normal_with_stragglers():
    # 25,001 groups: some need several rounds of the loop (and the last group is partial)
    gens = _gens(2, 7)
    size = 100_003
    kernel = jax.jit(lambda k, c: tpx.truncated_normal(tpx.Gen(k, c), size))
    for (key, counter), k, c in zip(gens, *_words(gens)):
        assert np.asarray(kernel(k, c)).tobytes() == ts.truncated_normal(ts.Philox(key, counter), size, "float32").tobytes()


def test_unsupported_draws_stay_on_the_host():
    assert not tpx.supported("normal", "float64", 0.0, 1.0)  # TF uses libm's double log / sin / cos
    assert not tpx.supported("truncated_normal", "float64", 0.0, 1.0)
    assert not tpx.supported("uniform", "float64", -1.5, 3.25)  # the product of two 53-bit values
    assert tpx.supported("uniform", "float64", -1.0, 1.0)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint32, np.uint64])
def test_stateless_key_counter(dtype):
    info = np.iinfo(dtype)
    seeds = np.array([[0, 0], [1, 2], [info.max, info.min], [info.min + 3, 12345]], dtype)
    keys, counters = jax.jit(jax.vmap(lambda s: (tpx.stateless_gen(s).key, tpx.stateless_gen(s).counter)))(seeds)
    for i, (s0, s1) in enumerate(seeds.tolist()):
        key, counter = ts.stateless_key_counter(int(s0), int(s1))
        k = [int(w[i]) for w in keys]
        c = [int(w[i]) for w in counters]
        assert k[0] | k[1] << 32 == key
        assert sum(w << (32 * j) for j, w in enumerate(c)) == counter


def test_reserved_counter_is_128_bit_arithmetic():
    base, step, key = (5 << 64) | ((1 << 64) - 7), 3 * 256 * 1_000_003, 99
    counts = np.array([0, 1, 2, 4_000_000_000], np.uint32)
    words = jax.jit(jax.vmap(lambda n: jnp.stack(tpx.reserved_gen(key, base, step, n).counter)))(counts)
    for n, w in zip(counts.tolist(), np.asarray(words)):
        assert sum(int(v) << (32 * j) for j, v in enumerate(w)) == (base + n * step) % (1 << 128)


def test_scaling_is_immune_to_fma_contraction():
    """``raw * mul + add`` rounded after each step (TF's Mul and Add kernels): a plain jitted
    expression is contracted into an FMA on this host (the check can fail), ``scale_shift`` is not."""
    rng = np.random.default_rng(3)
    raw = rng.random(20000).astype(np.float32)
    mul = np.float32(1.7000000476837158)
    add = np.float32(-0.85)
    ref = raw * mul + add  # numpy: two roundings
    naive = np.asarray(jax.jit(lambda r: r * mul + add)(raw))
    got = np.asarray(jax.jit(lambda r: tpx.scale_shift(r, "float32", float(mul), float(add)))(raw))
    assert got.tobytes() == ref.tobytes()
    if naive.tobytes() == ref.tobytes():
        pytest.skip("this backend does not contract a * b + c (the check would pass either way)")


def test_no_fusion_pattern_changes_the_box_muller_bits():
    """A sample of ``contraction_proof`` (run on all 2**23 arguments by ``python -m
    gradcompat.random.contraction_proof``): every mix of fused multiply-adds in glibc's
    ``logf`` / ``sincosf`` gives the unfused float32 bits on Box-Muller's arguments."""
    from gradcompat.random import contraction_proof, glibc_f32
    m = np.random.default_rng(0).choice(1 << 23, 3000, replace=False).astype(np.uint32)
    assert contraction_proof.check(np.concatenate([m, np.array([0, 1, 2, (1 << 23) - 1], np.uint32)])) == []
    with pytest.raises(StopIteration):  # the patterns reach every site: logf has five
        glibc_f32.logf(np.float32([0.3]), fused=[True] * 4)


def _traced_draws(use_xla: bool, monkeypatch) -> list[np.ndarray]:
    monkeypatch.setattr(tpx, "supported", tpx.supported if use_xla else (lambda *a: False))
    tf.random.set_seed(11)
    gen = tf.random.Generator.from_seed(5)

    @tf.function
    def draws(seed):
        return [tf.random.uniform([3, 4]), tf.random.normal([6], 1.0, 2.0, seed=3),
                tf.random.truncated_normal([5], dtype=tf.float16),
                tf.random.uniform([4], 0, 10, dtype=tf.int64),
                tf.random.stateless_uniform([7], seed), tf.random.stateless_normal([3], seed, dtype=tf.float16),
                tf.random.stateless_truncated_normal([9], seed),
                tf.random.stateless_uniform([4], seed, minval=None, maxval=None, dtype=tf.int64),
                gen.normal([4]), gen.uniform([2], 0, 100, dtype=tf.int32),
                tf.nn.dropout(tf.ones([16]), 0.5, seed=1), tf.random.shuffle(tf.range(9))]

    seed = tf.constant([1, 2])
    return [np.asarray(t.numpy()) for _ in range(2) for t in draws(seed)]  # a replay draws on


def test_traced_random_ops_are_pure_xla_and_equal_the_host_path(monkeypatch):
    host = _traced_draws(False, monkeypatch)

    def no_callback(*args, **kwargs):
        raise AssertionError("a host callback in a traced random op")
    monkeypatch.setattr(jax, "pure_callback", no_callback)
    xla = _traced_draws(True, monkeypatch)
    assert len(xla) == len(host)
    assert all(a.dtype == b.dtype and a.tobytes() == b.tobytes() for a, b in zip(xla, host))


def test_traced_shuffle_has_no_gradient():
    x = tf.Variable([1.0, 2.0, 3.0])

    @tf.function
    def grad():
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.random.shuffle(x, seed=1) * tf.constant([1.0, 2.0, 3.0]))
        return tape.gradient(y, x)
    assert grad() is None  # as TF: RandomShuffle has no gradient


_CACHE_PROBE = r"""
import json, jax.monitoring as m
stats = {"compiles": 0, "hits": 0, "misses": 0}
m.register_event_duration_secs_listener(
    lambda e, s, **_: stats.__setitem__("compiles", stats["compiles"] + e.endswith("backend_compile_duration")))
m.register_event_listener(lambda e, **_: e.startswith("/jax/compilation_cache/cache_")
                          and stats.__setitem__(e.rsplit("_", 1)[1], stats[e.rsplit("_", 1)[1]] + 1))
import numpy as np
import gradcompat.tensorflow as tf
tf.random.set_seed(1)
x = tf.constant(np.ones((4, 8), np.float32))
w = tf.Variable(np.full((8, 3), 0.1, np.float32))
@tf.function
def step(x):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.dropout(tf.matmul(x, w), rate=0.5))
    w.assign_sub(0.01 * tape.gradient(loss, w))
    return loss
base = dict(stats)
print(json.dumps({"losses": [float(step(x).numpy()) for _ in range(3)], **{k: stats[k] - base[k] for k in stats}}))
"""


def test_dropout_step_is_served_by_the_persistent_cache_in_a_new_process(tmp_path):
    env = {**os.environ, "GRADCOMPAT_CACHE_DIR": str(tmp_path / "cache"), "JAX_PLATFORMS": "cpu"}
    env.pop("JAX_COMPILATION_CACHE_DIR", None)
    runs = [json.loads(subprocess.run([sys.executable, "-c", _CACHE_PROBE], env=env, capture_output=True,
                                      text=True, check=True).stdout.splitlines()[-1]) for _ in range(2)]
    assert runs[0]["losses"] == runs[1]["losses"]
    assert runs[0]["misses"] >= 1  # the first process compiled the step
    assert runs[1]["misses"] == 0 and runs[1]["hits"] == runs[1]["compiles"] >= 1  # every executable from disk
