# Keras 3 transposed convolutions and reshaping layers (ZeroPadding, Cropping, UpSampling,
# RepeatVector, Permute, TimeDistributed): weights set from numpy, values, tape gradients,
# weight paths, output shapes, configs, errors.
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)
x4 = rng.normal(size=(2, 4, 5, 3)).astype(np.float32)
x3 = rng.normal(size=(2, 4, 3)).astype(np.float32)


def fill(layer, scale=0.5):
    layer.set_weights([rng.normal(size=w.shape).astype(np.float32) * scale for w in layer.get_weights()])


def grads(layer, x):
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt)
        loss = tf.reduce_sum(y * y * 0.5 + y * np.cos(np.arange(np.prod(y.shape))).reshape(y.shape).astype(np.float32))
    return y, tape.gradient(loss, [xt] + layer.trainable_variables)


keras.backend.clear_session()
for i, kwargs in enumerate([dict(strides=2, padding="same"), dict(strides=(2, 3), padding="valid"),
                            dict(strides=2, padding="same", output_padding=1),
                            dict(padding="same", use_bias=False)]):
    ct = layers.Conv2DTranspose(2, 3, **kwargs)
    ct.build((None, 4, 5, 3))
    emit_text(f"ct2_weights_{i}", [(w.path, tuple(w.shape)) for w in ct.weights])
    fill(ct)
    y, g = grads(ct, x4)
    emit(f"ct2_{i}", y)
    emit(f"ct2_grads_{i}", g)
    emit(f"ct2_shape_{i}", ct.compute_output_shape((None, 4, 5, 3)))
ct1 = layers.Conv1DTranspose(2, 2, strides=3, padding="valid", activation="tanh")
ct1.build((None, 4, 3))
fill(ct1)
y, g = grads(ct1, x3)
emit("ct1", y)
emit("ct1_grads", g)
ct1s = layers.Conv1DTranspose(2, 4, strides=2, padding="same")
ct1s.build((None, 4, 3))
fill(ct1s)
emit("ct1_same", ct1s(x3))
emit_text("ct_config_keys", sorted(k for k in layers.Conv2DTranspose(2, 3).get_config() if k != "name"))

# reshaping
for name, layer in [("zp2_int", layers.ZeroPadding2D(1)), ("zp2_pairs", layers.ZeroPadding2D(((1, 0), (2, 1)))),
                    ("crop2", layers.Cropping2D(((1, 0), (1, 2)))), ("up2", layers.UpSampling2D((2, 3))),
                    ("up2_bilinear", layers.UpSampling2D(2, interpolation="bilinear"))]:
    y, g = grads(layer, x4)
    emit(name, y)
    emit(name + "_grad", g[0])
for name, layer in [("zp1", layers.ZeroPadding1D((2, 1))), ("crop1", layers.Cropping1D(1)),
                    ("up1", layers.UpSampling1D(3)), ("permute", layers.Permute((2, 1)))]:
    y, g = grads(layer, x3)
    emit(name, y)
    emit(name + "_grad", g[0])
emit("permute3", layers.Permute((3, 1, 2))(x4))
emit("repeat", layers.RepeatVector(3)(x3[:, 0]))
emit_text("zp2_config", layers.ZeroPadding2D((1, 2)).get_config()["padding"])
emit_text("crop2_config", layers.Cropping2D(1).get_config()["cropping"])
emit_text("up2_config", layers.UpSampling2D(3).get_config()["size"])

# TimeDistributed
keras.backend.clear_session()
td = layers.TimeDistributed(layers.Dense(2, activation="relu"))
td.build((None, 4, 3))
emit_text("td_weights", [(w.path, tuple(w.shape)) for w in td.weights])
fill(td)
y, g = grads(td, x3)
emit("td", y)
emit("td_grads", g)
emit("td_shape", td.compute_output_shape((None, 4, 3)))
tdc = layers.TimeDistributed(layers.Conv2D(2, 2))
x5 = rng.normal(size=(2, 3, 4, 4, 1)).astype(np.float32)
tdc.build((None, 3, 4, 4, 1))
fill(tdc)
emit("td_conv", tdc(x5))
inp = keras.Input((4, 3))
out = layers.TimeDistributed(layers.Dense(5))(inp)
emit_text("td_symbolic", tuple(out.shape))

# functional model with the new layers
keras.backend.clear_session()
inp = keras.Input((4, 5, 3))
h = layers.ZeroPadding2D(1)(inp)
h = layers.Conv2DTranspose(2, 2, strides=2)(h)
h = layers.Cropping2D(2)(h)
out = layers.UpSampling2D(2)(h)
model = keras.Model(inp, out)
emit_text("model_shape", tuple(model.output.shape))
fill(model)
emit("model", model(x4))

expect_error("permute_bad", lambda: layers.Permute((1, 3)), "must be consecutive and start from 1")
expect_error("repeat_ndim", lambda: layers.RepeatVector(3)(x4), "expected ndim=2")
expect_error("crop_big", lambda: layers.Cropping2D(((3, 3), (0, 0)))(x4), "should be smaller than")
expect_error("td_ndim", lambda: layers.TimeDistributed(layers.Dense(2))(x3[:, 0]), "at least 3")
expect_error("td_not_layer", lambda: layers.TimeDistributed(3), "keras.layers.Layer")
expect_error("zp_bad", lambda: layers.ZeroPadding2D((1, 2, 3)), "should have two elements")

# depthwise / separable
keras.backend.clear_session()
for name, layer, x in [("dw2", layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", strides=2), x4),
                       ("dw1", layers.DepthwiseConv1D(2, use_bias=False), x3),
                       ("sep2", layers.SeparableConv2D(4, (2, 3), depth_multiplier=2, activation="relu"), x4),
                       ("sep1", layers.SeparableConv1D(2, 3, padding="same"), x3)]:
    layer.build((None, *x.shape[1:]))
    emit_text(name + "_weights", [(w.path, tuple(w.shape)) for w in layer.weights])
    fill(layer)
    y, g = grads(layer, x)
    emit(name, y)
    emit(name + "_grads", g)
    emit(name + "_shape", layer.compute_output_shape((None, *x.shape[1:])))
emit_text("sep2_config", sorted(layers.SeparableConv2D(2, 3).get_config()))
emit_text("dw2_config", sorted(layers.DepthwiseConv2D(3).get_config()))
