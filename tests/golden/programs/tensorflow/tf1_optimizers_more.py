# gradcompat: tf1
# TF1's RMSProp (plain, momentum, centered), Adagrad, Adadelta and Ftrl (l1, l2, shrinkage):
# a few minimize steps on a small regression, the weights and slots after each.
import numpy as np
import tensorflow as tf
from harness import emit

x = tf.placeholder("float", [None, 3])
y = tf.placeholder("float", [None, 1])
data = {x: np.array([[1., 2., -1.], [0.5, -1., 2.], [3., 0., 1.]], np.float32),
        y: np.array([[1.], [-2.], [0.5]], np.float32)}
optimizers = {
    "rmsprop": tf.train.RMSPropOptimizer(0.01),
    "rmsprop_momentum": tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, epsilon=1e-6),
    "rmsprop_centered": tf.train.RMSPropOptimizer(0.02, centered=True),
    "adagrad": tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.5),
    "adadelta": tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6),
    "ftrl": tf.train.FtrlOptimizer(0.1),
    "ftrl_regularized": tf.train.FtrlOptimizer(0.2, learning_rate_power=-0.6, l1_regularization_strength=0.01,
                                               l2_regularization_strength=0.05,
                                               l2_shrinkage_regularization_strength=0.02),
}
sess = tf.Session()
for name, optimizer in optimizers.items():
    with tf.variable_scope(name):
        w = tf.get_variable("w", initializer=tf.constant([[0.5], [-0.3], [0.2]]))
        b = tf.get_variable("b", initializer=tf.constant([0.1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    train = optimizer.minimize(loss)
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        sess.run(train, data)
    slots = [optimizer.get_slot(w, n) for n in optimizer.get_slot_names()]
    emit(name, [sess.run([w, b, loss], data), sess.run(slots), optimizer.get_slot_names(),
                [s.name for s in slots]])
