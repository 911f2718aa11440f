"""tf.data behaviour the goldens cannot show: the vectorized (random-access) paths agree with the
element-by-element ones, shuffles follow tf.random.set_seed and the buffer bound, prefetch runs
ahead in a thread, datasets iterated inside tf.function are read anew at each call, TF1
get_next ops draw once per run."""
import threading
import time

import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.tensorflow.data import dataset as dataset_module

D = tf.data.Dataset
X = np.arange(40, dtype=np.float32).reshape(20, 2)
Y = np.arange(20)


def _generator_source():
    """The same elements as from_tensor_slices((X, Y)), through the element-by-element path."""
    return D.from_generator(lambda: zip(X, Y), output_signature=(tf.TensorSpec((2,), tf.float32),
                                                                tf.TensorSpec((), tf.int64)))


def _pipeline(source):
    return (source.enumerate().filter(lambda i, e: e[1] % 3 != 0)
            .map(lambda i, e: (i, (e[0] * 2.0 + 1.0, e[1] * 10))).batch(4))


def test_random_access_path_matches_the_element_path():
    fast, slow = _pipeline(D.from_tensor_slices((X, Y))), _pipeline(_generator_source())
    assert fast._input._indexed() is not None and slow._input._indexed() is None
    got, want = list(fast.as_numpy_iterator()), list(slow.as_numpy_iterator())
    assert len(got) == len(want) == 4
    for (i1, (a1, b1)), (i2, (a2, b2)) in zip(got, want):
        np.testing.assert_array_equal(i1, i2)
        np.testing.assert_allclose(a1, a2)
        np.testing.assert_array_equal(b1, b2)


def test_map_traces_once_and_gathers_whole_batches(monkeypatch):
    calls, gathers = [], []
    ds = D.from_tensor_slices((X, Y)).map(lambda a, b: (calls.append(1) or a + 1.0, b))
    source = ds._input
    indexed = source._indexed()
    gather = indexed.gather
    indexed.gather = lambda idx: gathers.append(len(idx)) or gather(idx)
    monkeypatch.setattr(source, "_indexed", lambda: indexed)
    batches = list(ds.shuffle(20).batch(8).as_numpy_iterator())
    assert len(calls) == 1  # traced once, at map()
    assert [len(b) for _, b in batches] == [8, 8, 4]
    assert sorted(gathers) == [4, 8, 8]  # one gather per batch, not per element
    np.testing.assert_allclose(np.concatenate([a for a, _ in batches]), X[np.concatenate([b for _, b in batches])] + 1)
    assert ds._fn._sizes == {8}  # the last, smaller batch ran padded: one compiled size


def test_shuffle_follows_set_seed_and_the_op_seed():
    tf.random.set_seed(7)
    first = list(D.range(30).shuffle(30).as_numpy_iterator())
    tf.random.set_seed(7)
    again = list(D.range(30).shuffle(30).as_numpy_iterator())
    assert first == again and sorted(first) == list(range(30)) and first != list(range(30))
    a = list(D.range(30).shuffle(30, seed=1).as_numpy_iterator())
    b = list(D.range(30).shuffle(30, seed=2).as_numpy_iterator())
    assert a != b


@pytest.mark.parametrize("source", [lambda: D.range(50), lambda: D.from_generator(lambda: iter(range(50)),
                                                                                 output_types=tf.int64)])
def test_small_buffer_only_mixes_nearby_elements(source):
    for _ in range(5):
        order = list(source().shuffle(4).as_numpy_iterator())
        assert sorted(order) == list(range(50))
        assert all(v <= i + 3 for i, v in enumerate(order))  # nothing comes out before it entered the buffer
        assert order != list(range(50))


def test_prefetch_runs_ahead_in_a_thread():
    produced = []

    def gen():
        for i in range(10):
            produced.append((i, threading.current_thread().name))
            yield i
    it = iter(D.from_generator(gen, output_types=tf.int32).prefetch(3))
    assert int(next(it)) == 0
    deadline = time.time() + 5
    while len(produced) < 4 and time.time() < deadline:
        time.sleep(0.01)
    assert len(produced) >= 4
    assert all(name == "gradcompat-prefetch" for _, name in produced)
    assert [int(v) for v in it] == list(range(1, 10))


def test_dataset_iterated_in_function_is_read_at_each_call():
    box = {"scale": 1.0}
    ds = D.from_generator(lambda: (np.float32(box["scale"] * i) for i in range(3)), output_types=tf.float32,
                          output_shapes=())

    @tf.function
    def total():
        s = tf.constant(0.0)
        for v in ds:
            s += v
        return s
    assert float(total()) == 3.0
    box["scale"] = 2.0
    assert float(total()) == 6.0 and total.experimental_get_tracing_count() == 1
    longer = {"n": 3}
    ds2 = D.from_generator(lambda: iter(np.ones(longer["n"], np.float32)), output_types=tf.float32, output_shapes=())

    @tf.function
    def count():
        s = tf.constant(0.0)
        for v in ds2:
            s += v
        return s
    assert float(count()) == 3.0
    longer["n"] = 4
    with pytest.raises(ValueError, match="other elements than when the function was traced"):
        count()


def test_tf1_get_next_draws_once_per_run_and_per_op():
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        it = v1.data.make_one_shot_iterator(D.range(10))
        a = it.get_next()
        b = it.get_next()
        with v1.Session() as sess:
            x, x2 = sess.run([a, a * 2])
            assert (x, x2) == (0, 0)
            pair = sess.run([a, b])
            assert sorted(pair) == [1, 2]
            assert sess.run(b) == 3
        with pytest.raises(RuntimeError, match="only supports Python-style iteration"):
            iter(D.range(3))


def test_len_in_graph_mode_and_one_shot_iterator_in_eager_are_tf_errors():
    with pytest.raises(RuntimeError, match="not supported when eager execution is enabled"):
        tf.compat.v1.data.make_one_shot_iterator(D.range(3))
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="only supports `len` in eager mode"):
            len(D.range(3))
