# Keras 3 convolution, pooling, normalization and core layers: weights set from numpy, values,
# tape gradients, weight names/shapes/order, output shapes, training flags, configs, errors.
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)
x4 = rng.normal(size=(2, 6, 6, 3)).astype(np.float32)
x3 = rng.normal(size=(2, 7, 3)).astype(np.float32)


def fill(layer, scale=0.5):
    layer.set_weights([rng.normal(size=w.shape).astype(np.float32) * scale for w in layer.get_weights()])


def grads(layer, x, **kwargs):
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt, **kwargs)
        loss = tf.reduce_sum(y * y * 0.5 + y * np.cos(np.arange(np.prod(y.shape))).reshape(y.shape).astype(np.float32))
    return y, tape.gradient(loss, [xt] + layer.trainable_variables)


keras.backend.clear_session()
conv = layers.Conv2D(4, 3, padding="same", strides=2, activation="relu")
emit("conv_built_before", conv.built)
conv.build((None, 6, 6, 3))
emit_text("conv_weights", [(w.path, tuple(w.shape)) for w in conv.weights])
fill(conv)
y, g = grads(conv, x4)
emit("conv_same_s2", y)
emit("conv_same_s2_grads", g)
emit("conv_out_shape", conv.compute_output_shape((None, 6, 6, 3)))

conv_v = layers.Conv2D(2, (2, 3), dilation_rate=(2, 1), use_bias=False)
conv_v.build((None, 6, 6, 3))
fill(conv_v)
y, g = grads(conv_v, x4)
emit("conv_valid_dilated", y)
emit("conv_valid_dilated_grads", g)
emit("conv_nobias_nweights", len(conv_v.weights))

conv_g = layers.Conv2D(4, 1, padding="valid", strides=(1, 2))
conv_g(x4)
fill(conv_g)
emit("conv_strided_11", conv_g(x4))

c1 = layers.Conv1D(3, 3, padding="causal", dilation_rate=2)
c1.build((None, 7, 3))
fill(c1)
y, g = grads(c1, x3)
emit("conv1d_causal", y)
emit("conv1d_causal_grads", g)
c1s = layers.Conv1D(2, 2, strides=2, activation="tanh")
c1s(x3)
fill(c1s)
emit("conv1d_strided", c1s(x3))
emit_text("conv1d_paths", [w.path for w in c1s.weights])

# pooling
for name, layer in [("maxpool2d", layers.MaxPooling2D()), ("maxpool2d_same", layers.MaxPooling2D(3, 2, padding="same")),
                    ("avgpool2d", layers.AveragePooling2D(2)),
                    ("avgpool2d_same", layers.AveragePooling2D((3, 3), strides=2, padding="same")),
                    ("gap2d", layers.GlobalAveragePooling2D()), ("gmp2d", layers.GlobalMaxPooling2D()),
                    ("gap2d_keep", layers.GlobalAveragePooling2D(keepdims=True))]:
    y, g = grads(layer, x4)
    emit(name, y)
    emit(name + "_grad", g[0])
for name, layer in [("maxpool1d", layers.MaxPooling1D()), ("gap1d", layers.GlobalAveragePooling1D()),
                    ("maxpool1d_s1", layers.MaxPooling1D(3, strides=1, padding="same"))]:
    y, g = grads(layer, x3)
    emit(name, y)
    emit(name + "_grad", g[0])
emit("pool_shapes", [layers.MaxPooling2D().compute_output_shape((None, 7, 5, 2)),
                     layers.AveragePooling2D(3, padding="same", strides=2).compute_output_shape((None, 7, 5, 2)),
                     layers.GlobalMaxPooling2D().compute_output_shape((None, 7, 5, 2))])

# batch normalization
bn = layers.BatchNormalization(momentum=0.9)
bn.build((None, 6, 6, 3))
emit_text("bn_weights", [(w.path, tuple(w.shape), w.trainable) for w in bn.weights])
emit_text("bn_trainable", [w.path for w in bn.trainable_weights])
bn.set_weights([np.array([1.0, 2.0, 0.5], np.float32), np.array([0.0, 0.1, -0.2], np.float32),
                np.array([0.1, 0.2, 0.3], np.float32), np.array([1.0, 2.0, 0.5], np.float32)])
y, g = grads(bn, x4, training=True)
emit("bn_train", y)
emit("bn_train_grads", g)
emit("bn_moving_after", [bn.moving_mean, bn.moving_variance])
y, g = grads(bn, x4)
emit("bn_infer", y)
emit("bn_infer_grads", g)
emit("bn_moving_unchanged", [bn.moving_mean, bn.moving_variance])
bn.trainable = False
emit("bn_frozen_training_true", bn(x4, training=True))
emit("bn_frozen_moving", bn.moving_mean)
bn2 = layers.BatchNormalization(axis=1, center=False, epsilon=0.01)
y, g = grads(bn2, x3, training=True)
emit("bn_axis1_noncentered", y)
emit("bn_axis1_grads", g)
emit_text("bn2_weights", [w.path for w in bn2.weights])

# layer normalization
ln = layers.LayerNormalization()
ln.build((None, 7, 3))
fill(ln)
y, g = grads(ln, x3)
emit("ln", y)
emit("ln_grads", g)
emit_text("ln_weights", [(w.path, tuple(w.shape)) for w in ln.weights])
ln2 = layers.LayerNormalization(axis=[1, 2], epsilon=1e-5, center=False)
y, g = grads(ln2, x3)
emit("ln_2axes", y)
emit("ln_2axes_grads", g)
emit_text("ln2_weights", [(w.path, tuple(w.shape)) for w in ln2.weights])

# dropout
drop = layers.Dropout(0.5)
emit("dropout_infer", drop(x3))
emit("dropout_infer_false", drop(x3, training=False))
dy = drop(tf.ones((50, 40)), training=True).numpy()
emit("dropout_train_values", sorted(set(np.round(dy.ravel(), 4).tolist())))
emit("dropout_train_fraction_ok", bool(0.4 < (dy == 0).mean() < 0.6))
emit("dropout_rate0", layers.Dropout(0.0)(x3, training=True))

# core layers
emit("flatten", layers.Flatten()(x4))
emit("reshape", layers.Reshape((3, -1))(x3))
emit("reshape_shape", layers.Reshape((-1, 3)).compute_output_shape((None, 7, 3)))
emit("softmax", layers.Softmax()(x3))
emit("softmax_axis1", layers.Softmax(axis=1)(x3))
emit("softmax_mask", layers.Softmax()(x3, mask=tf.constant(np.array([[[True, False, True]] * 7] * 2))))
emit("relu", layers.ReLU()(x3))
emit("relu_opts", layers.ReLU(max_value=0.8, negative_slope=0.1, threshold=0.2)(x3))
emit("activation_tanh", layers.Activation("tanh")(x3))
emit("activation_sigmoid", layers.Activation("sigmoid")(x3))
emit("lambda", layers.Lambda(lambda t: t * 2.0 + 1.0)(x3))
emit("lambda_args", layers.Lambda(lambda t, k: t * k, arguments={"k": 3.0})(x3))
a, b = tf.constant(x3), tf.constant(x3[:, :, :1] * 2)
emit("add", layers.Add()([a, a, a]))
emit("add_broadcast", layers.Add()([a, b]))
emit("multiply", layers.Multiply()([a, b]))
emit("concat", layers.Concatenate()([a, b]))
emit("concat_axis1", layers.Concatenate(axis=1)([a, a]))
emit("concat_shape", layers.Concatenate().compute_output_shape([(None, 4, 3), (None, 4, 2)]))

# configs and from_config
conf = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu", name="c").get_config()
emit_text("conv_config", sorted((k, repr(v)) for k, v in conf.items()))
emit_text("conv_from_config", repr(layers.Conv2D.from_config(conf).get_config() == conf))
for layer in [layers.MaxPooling2D(), layers.AveragePooling2D(3), layers.GlobalAveragePooling2D(),
              layers.BatchNormalization(name="b"), layers.LayerNormalization(name="l"), layers.Dropout(0.3, name="d"),
              layers.Flatten(name="f"), layers.Reshape((2, 3), name="r"), layers.ReLU(name="rl"),
              layers.Softmax(name="s"), layers.Activation("relu", name="a"), layers.Concatenate(name="cc"),
              layers.Conv1D(2, 3, padding="causal", name="c1")]:
    conf = layer.get_config()
    conf.pop("name")
    emit_text("config_" + type(layer).__name__, sorted((k, repr(v)) for k, v in conf.items()))

# errors
expect_error("conv_rank", lambda: layers.Conv2D(2, 3)(x3), "expected min_ndim=4, found ndim=3")
expect_error("conv_padding", lambda: layers.Conv2D(2, 3, padding="full"), "The `padding` argument must be")
expect_error("conv_filters", lambda: layers.Conv2D(0, 3), "Expected a strictly positive value")
expect_error("conv_channels", lambda: conv(x4[..., :2]), "expected axis -1 of input shape to have value 3")
expect_error("conv_too_small", lambda: layers.Conv2D(2, 5)(x4[:, :3, :3]), "Computed output size would be zero or negative")
expect_error("dropout_rate", lambda: layers.Dropout(1.5), "Expected a float value between 0 and 1")
expect_error("reshape_size", lambda: layers.Reshape((5,))(x3), "total size of the tensor must be unchanged")
expect_error("reshape_two_unknown", lambda: layers.Reshape((-1, -1)), "at most one unknown dimension")
expect_error("concat_shapes", lambda: layers.Concatenate()([a, tf.ones((3, 7, 3))]),
             "requires inputs with matching shapes except for the concatenation axis")
expect_error("add_shapes", lambda: layers.Add()([a, tf.ones((2, 7, 2))]), "Inputs have incompatible shapes")
expect_error("activation_name", lambda: layers.Activation("nope"), "Could not interpret activation function identifier")
expect_error("pool_rank", lambda: layers.MaxPooling2D()(x3), "expected ndim=4, found ndim=3")
expect_error("bn_axis", lambda: bn(x4[..., :2]),
             "expected axis -1 of input shape to have value 3")
