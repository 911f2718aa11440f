# The autodiff guide's idioms: GradientTape gradients of a small model's loss with respect to its
# variables, a watched constant, a persistent tape, a second derivative, and a jacobian.
import tensorflow as tf

w = tf.Variable(tf.ones((3, 2)), name="w")
b = tf.Variable(tf.zeros(2, dtype=tf.float32), name="b")
x = tf.constant([[1.0, 2.0, 3.0]])
with tf.GradientTape(persistent=True) as tape:
    y = x @ w + b
    loss = tf.reduce_mean(y ** 2)
dl_dw, dl_db = tape.gradient(loss, [w, b])
print(dl_dw.numpy(), dl_db.numpy())
print(tape.gradient(y, x))
del tape

t = tf.constant(3.0)
with tf.GradientTape() as outer:
    outer.watch(t)
    with tf.GradientTape() as inner:
        inner.watch(t)
        v = t * t * t
    dv = inner.gradient(v, t)
print("dv", float(dv), "d2v", float(outer.gradient(dv, t)))

xs = tf.linspace(-2.0, 2.0, 5)
with tf.GradientTape() as tape:
    tape.watch(xs)
    ys = tf.nn.sigmoid(xs)
print(tape.jacobian(ys, xs).numpy().round(4))
