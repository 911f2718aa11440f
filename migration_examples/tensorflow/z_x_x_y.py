# The migration guide's torch example (z = x * x * y) in TensorFlow 2 with GradientTape.
import tensorflow as tf

x = tf.Variable(2.)
y = tf.Variable(3.)
with tf.GradientTape() as tape:
    z = x * x * y
grad_x, grad_y = tape.gradient(z, [x, y])
print(grad_x, grad_y)

x = tf.constant(2.)
y = tf.constant(3.)
with tf.GradientTape() as tape:
    tape.watch(x)
    z = x * x * y
grad_x = tape.gradient(z, x)
print(grad_x)
