# tf.Module: names (and TF's name check), name scopes, variables / trainable / non-trainable /
# submodules in TF's walk order, with_name_scope, lazily built variables, training a Module.
import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)


class Dense(tf.Module):
    def __init__(self, i, o, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(rng.standard_normal((i, o)).astype(np.float32), name="w")
        self.b = tf.Variable(tf.zeros([o]), name="b", trainable=False)

    @tf.Module.with_name_scope
    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)


class MLP(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.layers = [Dense(2, 3), Dense(3, 1, name="out")]
            self.extra = {"b": Dense(1, 1), "a": (Dense(1, 1, name="tup"),)}
            self.scale = tf.Variable(1.5, name="scale")
            self.shared = self.layers[0]  # seen once

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x * self.scale


m = MLP()
emit_text("names", [m.name, m.name_scope.name, m.layers[0].name, m.layers[0].name_scope.name])
emit_text("variables", [v.name for v in m.variables])
emit_text("trainable", [v.name for v in m.trainable_variables])
emit_text("non_trainable", [v.name for v in m.non_trainable_variables])
emit_text("submodules", [s.name for s in m.submodules])
emit_text("containers", [type(m.variables).__name__, type(m.submodules).__name__])
emit_text("sub_of_sub", [s.name for s in m.layers[0].submodules])
expect_error("bad_name", lambda: tf.Module(name="bad name"), "is not a valid module name")
expect_error("digit_name", lambda: tf.Module(name="1abc"), "is not a valid module name")
expect_error("slash_name", lambda: tf.Module(name="a/b"), "is not a valid module name")


class MyModule(tf.Module):
    pass


class HTTPServer2D(tf.Module):
    pass


emit_text("default_names", [tf.Module().name, MyModule().name, HTTPServer2D().name, MyModule().name_scope.name])
with tf.name_scope("outer") as scope:
    v = tf.Variable(1., name="x")
    inner = Dense(1, 1, name="inner")
    emit_text("name_scope", [scope, v.name, inner.name_scope.name, inner.w.name])
emit_text("name_scope_top", [tf.Variable(1., name="y").name])


class Lazy(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = None

    @tf.Module.with_name_scope
    def __call__(self, x):
        if self.w is None:
            self.w = tf.Variable(tf.ones([x.shape[-1], 2]), name="w")
        return x @ self.w


lazy = Lazy()
emit("lazy_out", lazy(tf.ones([1, 3])))
emit_text("lazy_names", [lazy.w.name, [v.name for v in lazy.trainable_variables]])


class WithKeras(tf.Module):
    def __init__(self):
        super().__init__()
        self.d = keras.layers.Dense(2)
        self.v = tf.Variable(2., name="v")


emit_text("keras_layer_not_walked", [[v.name for v in WithKeras().variables], len(WithKeras().submodules)])

x = tf.constant(rng.standard_normal((4, 2)).astype(np.float32))
emit("forward", m(x))
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(m(x) * tf.constant([[1.], [2.], [3.], [4.]]))
grads = tape.gradient(loss, m.trainable_variables)
emit("grads", grads)
opt = tf.keras.optimizers.SGD(0.1)
opt.apply_gradients(zip(grads, m.trainable_variables))
emit("after_step", [v.numpy() for v in m.trainable_variables])


class Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.count = tf.Variable(0)

    @tf.function
    def __call__(self):
        self.count.assign_add(1)
        return self.count.read_value()


c = Counter()
c()
emit("function_method", c())
emit_text("counter_vars", [v.name for v in c.variables])
