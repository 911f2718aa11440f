# Keras 3 optimizers' update rules on variables set from numpy: SGD (momentum, nesterov), Adam
# (amsgrad), AdamW, RMSprop (momentum, centered), Adagrad; clipnorm / clipvalue / global_clipnorm;
# learning-rate schedules (values and inside an optimizer); variables in Keras's order; the
# tf.optimizers alias; learning_rate setter and errors.
import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error

start = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
bias_start = np.array([0.1, -0.3], np.float32)


def run(optimizer, steps=4):
    w = tf.Variable(start)
    b = tf.Variable(bias_start)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w * w) + tf.reduce_sum(tf.sin(b) * w[0])
        grads = tape.gradient(loss, [w, b])
        optimizer.apply_gradients(zip(grads, [w, b]))
    return [w, b]


emit("sgd", run(keras.optimizers.SGD(0.01)))
emit("sgd_momentum", run(keras.optimizers.SGD(0.01, momentum=0.9)))
emit("sgd_nesterov", run(keras.optimizers.SGD(0.01, momentum=0.9, nesterov=True)))
emit("adam", run(keras.optimizers.Adam(0.05)))
emit("adam_amsgrad", run(keras.optimizers.Adam(0.05, amsgrad=True)))
emit("adamw", run(keras.optimizers.AdamW(0.05, weight_decay=0.1)))
emit("adamw_default", run(keras.optimizers.AdamW()))
emit("rmsprop", run(keras.optimizers.RMSprop(0.01)))
emit("rmsprop_momentum_centered", run(keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True)))
emit("adagrad", run(keras.optimizers.Adagrad(0.1)))
emit("adagrad_initial", run(keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.5, epsilon=1e-3)))
emit("clipnorm", run(keras.optimizers.SGD(0.01, clipnorm=1.0)))
emit("clipvalue", run(keras.optimizers.SGD(0.01, clipvalue=0.5)))
emit("global_clipnorm", run(keras.optimizers.SGD(0.01, global_clipnorm=2.0)))
emit("sgd_weight_decay", run(keras.optimizers.SGD(0.01, weight_decay=0.5)))

schedules = keras.optimizers.schedules
exp = schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
stair = schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5, staircase=True)
piece = schedules.PiecewiseConstantDecay([2, 4], [1.0, 0.5, 0.1])
cosine = schedules.CosineDecay(0.1, decay_steps=4, alpha=0.1)
warm = schedules.CosineDecay(0.0, decay_steps=4, warmup_target=0.2, warmup_steps=2)
inverse = schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)
for name, schedule in [("exp", exp), ("stair", stair), ("piece", piece), ("cosine", cosine), ("warm", warm),
                       ("inverse", inverse)]:
    emit(f"schedule_{name}", [schedule(step) for step in range(7)])
emit("schedule_config", exp.get_config())
scheduled = keras.optimizers.SGD(learning_rate=schedules.ExponentialDecay(0.1, 1, 0.5), momentum=0.5)
emit("scheduled_sgd", run(scheduled))
emit("scheduled_lr", scheduled.learning_rate)
emit("scheduled_iterations", scheduled.iterations)
emit("scheduled_adam", run(keras.optimizers.Adam(schedules.PiecewiseConstantDecay([1], [0.1, 0.01]))))
expect_error("set_scheduled_lr", lambda: setattr(scheduled, "learning_rate", 0.1), "not settable")

adam = keras.optimizers.Adam(0.01)
run(adam, steps=1)
emit_text("adam_variable_names", [v.name for v in adam.variables][:2])
emit("adam_variable_shapes", [list(v.shape) for v in adam.variables])
emit("adam_variable_count", len(adam.variables))
rms = keras.optimizers.RMSprop(momentum=0.5, centered=True)
run(rms, steps=1)
emit("rmsprop_variable_shapes", [list(v.shape) for v in rms.variables])
adam.learning_rate = 0.5
emit("lr_set", adam.learning_rate)
emit("apply_returns", int(adam.iterations))
emit_text("tf_optimizers_alias", [tf.optimizers.Adam is keras.optimizers.Adam, tf.optimizers.SGD is tf.keras.optimizers.SGD])
emit_text("get_by_name", [type(keras.optimizers.get(n)).__name__ for n in ["sgd", "adam", "rmsprop", "adagrad", "adamw"]])
emit("default_lrs", [keras.optimizers.get(n).learning_rate for n in ["sgd", "adam", "rmsprop", "adagrad", "adamw"]])
expect_error("bad_name", lambda: keras.optimizers.get("nope"), "Could not interpret optimizer identifier")
expect_error("bad_momentum", lambda: keras.optimizers.SGD(momentum=2.0), "momentum")
expect_error("two_clips", lambda: keras.optimizers.SGD(clipnorm=1.0, clipvalue=1.0), "Only one of")
