"""AutoGraph, TensorArray and constant folding: what golden programs cannot show (which
functions are converted, live closures, traced-once loop bodies, compile counts)."""
import numpy as np

import gradcompat.tensorflow as tf
from gradcompat import core
from gradcompat.tensorflow import autograph


def _user_helper(x):
    if x > 0:
        return x
    return -x


def test_user_functions_are_converted_library_functions_are_not():
    converted = autograph.call(_user_helper)
    assert converted is not _user_helper and converted.__wrapped__ is _user_helper
    assert autograph.call(_user_helper) is converted  # converted once
    assert autograph.call(tf.reduce_sum) is tf.reduce_sum
    assert autograph.call(np.sum) is np.sum
    assert autograph.call(print) is print
    square = lambda v: v * v  # noqa: E731 - lambdas are not converted
    assert autograph.call(square) is square


def test_do_not_convert_keeps_python():
    def plain(x):
        return x

    tf.autograph.experimental.do_not_convert(plain)
    assert autograph.call(plain) is plain


def test_converted_function_sees_its_closure_live():
    k = 1.0

    def scaled(x):
        if x > 0:
            return x * k
        return x

    converted = autograph.convert(scaled)
    assert float(converted(tf.constant(2.0))) == 2.0
    k = 5.0  # noqa: F841 - read through the closure cell
    assert float(converted(tf.constant(2.0))) == 10.0


def test_tf_range_loop_body_is_traced_once():
    calls = []

    @tf.function
    def f(x):
        for _ in tf.range(4):
            calls.append(1)  # a Python side effect: once, at trace time, as in TF
            x = x + 1.0
        return x

    assert float(f(tf.constant(0.0))) == 4.0
    assert len(calls) == 1


def test_tensor_array_loop_compiles_once():
    @tf.function
    def cumulative(x):
        out = tf.TensorArray(tf.float32, size=3)
        total = tf.constant(0.0)
        for i in tf.range(3):
            total += x[i]
            out = out.write(i, total)
        return out.stack()

    first = cumulative(tf.constant([1.0, 2.0, 3.0]))
    compiles = core.cache_info().compiles
    second = cumulative(tf.constant([4.0, 5.0, 6.0]))
    assert core.cache_info().compiles == compiles
    np.testing.assert_allclose(first.numpy(), [1.0, 3.0, 6.0])
    np.testing.assert_allclose(second.numpy(), [4.0, 9.0, 15.0])


def test_folding_needs_no_placeholder_values():
    node = core.Placeholder((3, 2), np.float32)
    x = tf.Tensor(node, tf.float32, tf.TensorShape([3, 2]))
    with core.recording.deferred_mode(True):
        rows = tf.shape(x)[0]
        doubled = x * 2.0
    assert int(core.folding.constant_value(rows.node)) == 3
    assert core.folding.constant_value(doubled.node) is None


def test_tf_range_loop_with_variable_writes_runs_unrolled():
    v = tf.Variable(1.0)

    @tf.function
    def f(x):
        for i in tf.range(3):
            if i % 2 == 0:  # known while unrolling: a Python branch, its assignment runs once
                v.assign_add(x)
            else:
                v.assign_add(-x)
        return v.read_value()

    assert float(f(tf.constant(2.0))) == 3.0
    assert float(v.numpy()) == 3.0
    assert float(f(tf.constant(1.0))) == 4.0  # the traced assignments run at each call
