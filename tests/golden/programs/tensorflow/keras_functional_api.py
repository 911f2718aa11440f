# Keras 3's functional API: keras.Input, layers called on KerasTensors, keras.Model(inputs, outputs)
# with several inputs/outputs, shared layers, nested models, Sequential inside, training flags
# handed down, model.layers / inputs / outputs, gradients through the graph; Sequential with
# Input / input_shape=, subclassed models of conv layers.
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(1)


def fill(model, scale=0.4):
    values = [rng.normal(size=w.shape).astype(np.float32) * scale for w in model.weights]
    model.set_weights([np.abs(v) if "variance" in w.path else v for v, w in zip(values, model.weights)])


keras.backend.clear_session()
img = keras.Input(shape=(6, 6, 2), name="img")
emit_text("input_repr", repr(img))
emit_text("input_attrs", [img.shape, img.dtype, img.name, type(img).__name__])
x = layers.Conv2D(3, 3, padding="same", activation="relu")(img)
emit_text("conv_out_repr", repr(x))
x = layers.BatchNormalization()(x)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
x = layers.Dropout(0.25)(x)
out = layers.Dense(2, activation="softmax")(x)
model = keras.Model(img, out)
emit_text("model", [repr(model), type(model).__name__, model.name, model.built])
emit_text("layers", [(lay.name, type(lay).__name__) for lay in model.layers])
emit_text("weights", [(w.path, tuple(w.shape), w.trainable) for w in model.weights])
emit_text("trainable", [w.path for w in model.trainable_variables])
emit_text("io", [repr(model.inputs), repr(model.outputs), model.input_shape if hasattr(model, "input_shape") else None,
                 model.output_shape])
emit_text("get_layer", [model.get_layer("img").name, model.get_layer(index=2).name])
fill(model)
data = rng.normal(size=(4, 6, 6, 2)).astype(np.float32)
emit("infer", model(data))
emit("infer_training_false", model(data, training=False))
with tf.GradientTape() as tape:
    y = model(data, training=True)  # BN batch statistics; dropout random: check properties only
    loss = tf.reduce_sum(y[:, 0])
g = tape.gradient(loss, model.trainable_variables)
emit("train_grad_shapes", [list(v.shape) for v in g])
emit("train_rows_sum_to_one", tf.reduce_sum(y, axis=1))
emit("bn_moved", model.layers[2].moving_mean)

# no dropout: deterministic training gradients through BN batch statistics
keras.backend.clear_session()
inp = keras.Input((5, 3))
h = layers.Conv1D(4, 2, activation="tanh")(inp)
h = layers.BatchNormalization()(h)
h = layers.GlobalAveragePooling1D()(h)
det = keras.Model(inp, layers.Dense(1)(h))
fill(det)
seq = rng.normal(size=(3, 5, 3)).astype(np.float32)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(det(seq, training=True) ** 2)
emit("det_train_loss", loss)
emit("det_train_grads", tape.gradient(loss, det.trainable_variables))
emit("det_moving", [det.layers[2].moving_mean, det.layers[2].moving_variance])
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(det(seq) ** 2)
emit("det_infer_grads", tape.gradient(loss, det.trainable_variables))

# several inputs and outputs, a shared layer, merging layers
keras.backend.clear_session()
a = keras.Input((3,), name="a")
b = keras.Input((3,), name="b")
shared = layers.Dense(4, activation="tanh", name="shared")
ha, hb = shared(a), shared(b)
merged = layers.Concatenate()([ha, hb])
total = layers.Add()([ha, hb])
head1 = layers.Dense(1, name="head1")(merged)
head2 = layers.Multiply()([total, layers.Dense(4, name="gate", activation="sigmoid")(total)])
two = keras.Model(inputs=[a, b], outputs=[head1, head2], name="two_heads")
emit_text("two_layers", [lay.name for lay in two.layers])
emit_text("two_weights", [w.path for w in two.weights])
emit_text("two_io", [two.name, repr(two.inputs), repr(two.outputs), repr(two.output_shape)])
fill(two)
va = rng.normal(size=(2, 3)).astype(np.float32)
vb = rng.normal(size=(2, 3)).astype(np.float32)
ta, tb = tf.constant(va), tf.constant(vb)
with tf.GradientTape(persistent=True) as tape:
    tape.watch([ta, tb])
    o1, o2 = two([ta, tb])
    loss = tf.reduce_sum(o1) + tf.reduce_sum(o2 * o2)
emit("two_out", [o1, o2])
emit("two_grads", tape.gradient(loss, two.trainable_variables))
emit("two_input_grads", tape.gradient(loss, [ta, tb]))
emit_text("two_out_type", type(two([va, vb])).__name__)
dict_model = keras.Model({"a": a, "b": b}, {"sum": total, "cat": merged})
res = dict_model({"a": va, "b": vb})
emit("dict_io", res)
emit_text("dict_keys", sorted(res.keys()))

# nesting: a functional model and a Sequential used as layers
keras.backend.clear_session()
enc_in = keras.Input((4,))
encoder = keras.Model(enc_in, layers.Dense(3, activation="relu")(enc_in), name="encoder")
head = keras.Sequential([layers.Dense(2), layers.Softmax()], name="head")
outer_in = keras.Input((4,))
z = encoder(outer_in)
outer = keras.Model(outer_in, head(layers.LayerNormalization()(z)), name="outer")
emit_text("outer_layers", [(lay.name, type(lay).__name__) for lay in outer.layers])
emit_text("outer_weights", [w.path for w in outer.weights])
fill(outer)
v = rng.normal(size=(3, 4)).astype(np.float32)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(outer(v)[:, 1])
emit("outer_out", outer(v))
emit("outer_grads", tape.gradient(loss, outer.trainable_variables))
emit("encoder_alone", encoder(v))

# Sequential: Input first, input_shape=, built on call
keras.backend.clear_session()
s1 = keras.Sequential([keras.Input((6, 6, 1)), layers.Conv2D(2, 3), layers.MaxPooling2D(), layers.Flatten(),
                       layers.Dense(3)])
emit_text("seq_input", [s1.built, [lay.name for lay in s1.layers], [w.path for w in s1.weights]])
emit_text("seq_shapes", [repr(s1.output_shape)])
s2 = keras.Sequential([layers.Dense(3, input_shape=(4,)), layers.Dropout(0.5), layers.Dense(1)])
emit_text("seq_input_shape", [s2.built, [w.path for w in s2.weights]])
s3 = keras.Sequential()
s3.add(layers.Conv1D(2, 2, activation="relu"))
s3.add(layers.GlobalMaxPooling1D())
emit("seq_unbuilt", s3.built)
s3(np.zeros((1, 5, 3), np.float32))
emit_text("seq_call_built", [w.path for w in s3.weights])
fill(s1)
img_data = rng.normal(size=(2, 6, 6, 1)).astype(np.float32)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(tf.square(s1(img_data)))
emit("seq_conv_loss", loss)
emit("seq_conv_grads", tape.gradient(loss, s1.trainable_variables))
fill(s2)
emit("seq_dropout_infer", s2(v))


# subclassed model with conv / bn / dropout: training handed down
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv2D(2, 3, padding="same")
        self.bn = layers.BatchNormalization()
        self.pool = layers.GlobalAveragePooling2D()
        self.out = layers.Dense(1)

    def call(self, x, training=False):
        return self.out(self.pool(tf.nn.relu(self.bn(self.conv(x), training=training))))


keras.backend.clear_session()
net = Net()
net(img_data)
emit_text("net_weights", [w.path for w in net.weights])
fill(net)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(net(img_data, training=True))
emit("net_grads", tape.gradient(loss, net.trainable_variables))
emit("net_moving", net.bn.moving_mean)
emit("net_infer", net(img_data))

# errors
keras.backend.clear_session()
i1, i2 = keras.Input((3,)), keras.Input((3,))
o = layers.Dense(2)(i1)
expect_error("two_inputs_one_given", lambda: keras.Model([i1, i2], layers.Add()([o, layers.Dense(2)(i2)]))(va),
             "expects 2 named input(s) with keys")
expect_error("disconnected", lambda: keras.Model(i2, o), "")
expect_error("keras_tensor_in_tf", lambda: tf.convert_to_tensor(i1), "")
expect_error("get_layer_missing", lambda: two.get_layer("nope"), "No such layer: nope")
expect_error("call_rank", lambda: keras.Model(i1, o)(np.zeros((2, 4), np.float32)), "expected shape=(None, 3), found shape=(2, 4)")

# operators on KerasTensors: operation nodes, not layers
keras.backend.clear_session()
xin = keras.Input((3,))
hid = layers.Dense(3)(xin)
expr = keras.Model(xin, -((hid * 2 + xin) - 1.0)[:, :2] / 2)
emit_text("ops_layers", [lay.name for lay in expr.layers])
fill(expr)
with tf.GradientTape() as tape:
    y = expr(va)
    loss = tf.reduce_sum(y * y)
emit("ops_out", y)
emit("ops_grads", tape.gradient(loss, expr.trainable_variables))
