"""TensorFlow's and Keras 3's CPU random streams reproduced bit for bit: gradcompat's draws
against real TF's (recorded by tools/make_tf_rng_goldens.py into tests/tensorflow/data/rng_bits.npz)."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time

import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.random import glibc_f32, philox, tf_stream as ts
from gradcompat.tensorflow import keras

_ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
_spec = importlib.util.spec_from_file_location("make_tf_rng_goldens",
                                               os.path.join(_ROOT, "tools", "make_tf_rng_goldens.py"))
make_tf_rng_goldens = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_tf_rng_goldens)
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "data", "rng_bits.npz"))


def _differs(name: str, got: np.ndarray, ref: np.ndarray) -> bool:
    if got.shape != ref.shape:
        return True
    if name.startswith("approx_"):  # Orthogonal: Eigen's QR in TF, LAPACK's here
        return not np.allclose(got, ref, rtol=1e-5, atol=1e-6)
    return got.dtype != ref.dtype or got.tobytes() != ref.tobytes()


@pytest.mark.parametrize("seed", make_tf_rng_goldens.SEEDS)
def test_tf_draws_equal_tensorflow_bit_for_bit(seed, monkeypatch):
    from gradcompat.tensorflow import config
    # the goldens' intra-op thread count (categorical's shards depend on it), whatever this host has
    monkeypatch.setitem(config._settings, "intra_op", make_tf_rng_goldens.INTRA_OP_THREADS)
    tf.random.set_seed(seed)
    bad = [name for name, thunk in make_tf_rng_goldens.cases(tf, keras)
           if _differs(name, np.asarray(thunk()), GOLDEN[f"{seed}/{name}"])]
    assert not bad, f"seed {seed}: draws differ from TensorFlow's for {bad}"


@pytest.mark.parametrize("seed", make_tf_rng_goldens.SEEDS[:3])
def test_keras_draws_equal_keras_bit_for_bit(seed):
    keras.utils.set_random_seed(seed)
    bad = [name for name, thunk in make_tf_rng_goldens.keras_cases(tf, keras)
           if _differs(name, np.asarray(thunk()), GOLDEN[f"{seed}/keras/{name}"])]
    assert not bad, f"seed {seed}: Keras draws differ for {bad}"


def test_philox_known_answer():
    # Random123's published known-answer test for philox4x32-10 (counter and key all ones)
    ones = philox.rounds(np.full((1, 4), 0xFFFFFFFF, np.uint32), (1 << 64) - 1)[0]
    assert [hex(int(v)) for v in ones] == ["0x408f276d", "0x41c83b0e", "0xa20bc7c6", "0x6d5451fd"]


def test_glibc_logf_sincosf_against_the_c_library():
    import ctypes
    try:
        libm = ctypes.CDLL("libm.so.6")
    except OSError:
        pytest.skip("no glibc here")
    libm.logf.restype, libm.logf.argtypes = ctypes.c_float, [ctypes.c_float]
    libm.sinf.restype, libm.sinf.argtypes = ctypes.c_float, [ctypes.c_float]
    libm.cosf.restype, libm.cosf.argtypes = ctypes.c_float, [ctypes.c_float]
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.random(3000), rng.random(500) * 1e-4]).astype(np.float32) + np.float32(1e-7)
    assert np.array_equal(glibc_f32.logf(x), np.array([libm.logf(float(v)) for v in x], np.float32))
    v = (rng.random(3000) * 2 * np.pi).astype(np.float32)
    s, c = glibc_f32.sincosf(v)
    assert np.array_equal(s, np.array([libm.sinf(float(t)) for t in v], np.float32))
    assert np.array_equal(c, np.array([libm.cosf(float(t)) for t in v], np.float32))


def test_fma64_single_rounding():
    from fractions import Fraction
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(300), rng.standard_normal(300)
    c = -(a * b) * (1 + rng.standard_normal(300) * 1e-12)  # heavy cancellation
    got = glibc_f32.fma64(a, b, c)
    for i in range(300):
        exact = Fraction(a[i]) * Fraction(b[i]) + Fraction(c[i])
        assert got[i] == float(exact)  # float(Fraction) rounds to nearest


def test_unseeded_streams_are_fresh_per_process():
    from gradcompat.random import tf_seeds
    assert tf_seeds.new_kernel_generator(0, 0).key != tf_seeds.new_kernel_generator(0, 0).key
    folder = os.path.dirname(tf_seeds.__file__)  # imported alone (no JAX start-up): a fast process
    code = (f"import sys, types; p = types.ModuleType('rngpkg'); p.__path__ = [{folder!r}]; "
            "sys.modules['rngpkg'] = p; import rngpkg.tf_seeds as s, rngpkg.tf_stream as t; "
            "print(t.uniform(s.new_kernel_generator(0, 0), 2, 'float32'))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout for _ in range(2)}
    assert len(runs) == 2 and "" not in runs


def test_set_seed_restarts_op_seeds_and_kernels():
    tf.random.set_seed(9)
    a = [tf.random.uniform([3]).numpy(), tf.random.uniform([3], seed=1).numpy(), tf.random.uniform([3], seed=1).numpy()]
    assert not np.array_equal(a[1], a[2])  # the cached kernel continues its stream
    tf.random.set_seed(9)
    b = [tf.random.uniform([3]).numpy(), tf.random.uniform([3], seed=1).numpy(), tf.random.uniform([3], seed=1).numpy()]
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_large_draws_are_vectorized():
    gen = ts.Philox(5, 0)
    t0 = time.perf_counter()
    ts.uniform(gen, 2_000_000, "float32")
    ts.normal(gen, 1_000_000, "float32")
    ts.truncated_normal(gen, 500_000, "float32")
    assert time.perf_counter() - t0 < 8.0


def test_xla_box_muller_equals_numpy_on_every_argument():
    # Box-Muller's logf / sincosf see only 2**23 arguments each (a 23-bit mantissa): all of them
    from gradcompat.random import xla_tf
    m = np.arange(1 << 23, dtype=np.uint32)
    words = np.stack([m, m[::-1] | np.uint32(0x12800000)], axis=1).reshape(-1)
    got = np.concatenate([xla_tf._interleave(xla_tf._kernel(xla_tf.BLOCK)(words[s:s + xla_tf.BLOCK]))
                          for s in range(0, words.size, xla_tf.BLOCK)])
    assert got.tobytes() == ts.box_muller_words_f32(words).tobytes()


@pytest.mark.parametrize("fn, n, counter", [(ts.normal, 300_001, 7), (ts.truncated_normal, 70_003, (1 << 64) - 3)])
def test_large_normals_xla_path_equals_numpy_path(fn, n, counter, monkeypatch):
    from gradcompat.random import xla_tf
    got = fn(ts.Philox(0x1234_5678_9ABC, counter), n, "float32")  # Philox + transform in XLA
    assert xla_tf._ok is True
    monkeypatch.setattr(xla_tf, "MIN_WORDS", 1 << 62)
    ref = fn(ts.Philox(0x1234_5678_9ABC, counter), n, "float32")
    assert got.tobytes() == ref.tobytes()


@pytest.mark.parametrize("n", [1, 2, 37, 5000])
def test_shuffle_dataset_full_buffer_fast_path_equals_the_ring_buffer(n):
    # a buffer holding every element: the vectorized Fisher-Yates must be the iterator's order
    ring = list(ts.buffered_shuffle(range(n), n + 3, 77, 2**31 - 1))
    assert ring == ts.full_shuffle_order(n, 77, 2**31 - 1).tolist()
