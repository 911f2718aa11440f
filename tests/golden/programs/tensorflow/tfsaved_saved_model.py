# tf.saved_model.save / load of a tf.Module with tf.functions: the layout on disk, the loaded
# object's functions, variables and signatures, gradients through a loaded function, TF's errors.
import os
import tempfile

import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

root = tempfile.mkdtemp()
rng = np.random.default_rng(0)


class Dense(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(rng.normal(size=(3, 2)).astype(np.float32), name="w")
        self.b = tf.Variable(np.array([0.5, -0.5], np.float32), name="b")
        self.calls = tf.Variable(0, name="calls")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="x")])
    def __call__(self, x):
        self.calls.assign_add(1)
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([], tf.float32)])
    def scaled(self, x, k):
        return {"y": tf.matmul(x, self.w) * k, "norm": tf.reduce_sum(self.w ** 2)}


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.dense = Dense()
        self.scale = tf.Variable(2.0, name="scale")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="inputs")])
    def serve(self, inputs):
        return self.dense(inputs) * self.scale


net = Net()
x = tf.constant(rng.normal(size=(4, 3)).astype(np.float32))
path = os.path.join(root, "net")
tf.saved_model.save(net, path, signatures={"serving_default": net.serve, "scaled": net.dense.scaled})
emit("files", sorted(os.listdir(path)))
emit("variables_files", sorted(os.listdir(os.path.join(path, "variables"))))
emit("contains", tf.saved_model.contains_saved_model(path))
emit("checkpoint_keys", [[k, s] for k, s in tf.train.list_variables(os.path.join(path, "variables", "variables"))
                         if k != "_CHECKPOINTABLE_OBJECT_GRAPH"])
reader = tf.train.load_checkpoint(os.path.join(path, "variables", "variables"))
emit("checkpoint_w", reader.get_tensor("dense/w/.ATTRIBUTES/VARIABLE_VALUE"))

loaded = tf.saved_model.load(path)
emit("serve", loaded.serve(x))
emit("dense_call", loaded.dense(x))
emit("scaled", loaded.dense.scaled(x, tf.constant(3.0)))
emit("restored_vars", [loaded.dense.w, loaded.dense.b, loaded.scale])
emit_text("var_repr", repr(loaded.scale))
emit("calls_counter", loaded.dense.calls)  # the writes of the loaded function land in its variables
emit("signature_keys", sorted(loaded.signatures.keys()))
serving = loaded.signatures["serving_default"]
emit("serving_out", serving(inputs=x))
emit("serving_structure", sorted(serving.structured_outputs.keys()))
emit("scaled_sig", loaded.signatures["scaled"](x=x, k=tf.constant(2.0)))

with tf.GradientTape() as tape:
    y = tf.reduce_sum(loaded.serve(x) ** 2)
grads = tape.gradient(y, [loaded.dense.w, loaded.dense.b, loaded.scale])
emit("grads", grads)

loaded.scale.assign(0.5)
emit("after_assign", loaded.serve(x))


@tf.function
def use(inputs):
    return loaded.serve(inputs) + 1.0


emit("inside_function", use(x))

expect_error("wrong_shape", lambda: loaded.serve(tf.ones([2, 5])), "Binding inputs to tf.function failed")
expect_error("missing_dir", lambda: tf.saved_model.load(os.path.join(root, "nope")), "SavedModel file does not exist")
expect_error("bad_signature", lambda: tf.saved_model.save(net, os.path.join(root, "bad"), signatures=lambda v: v),
             "Expected a TensorFlow function")


# a module whose only input_signature function becomes serving_default when no signatures are given
class Square(tf.Module):
    def __init__(self):
        super().__init__()
        self.k = tf.Variable(3.0)

    @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
    def __call__(self, v):
        return v * v * self.k


sq_path = os.path.join(root, "square")
tf.saved_model.save(Square(), sq_path)
sq = tf.saved_model.load(sq_path)
emit("square", sq(tf.constant([1.0, 2.0])))
emit("square_signatures", sorted(sq.signatures.keys()))
emit("square_sig", sq.signatures["serving_default"](v=tf.constant([2.0, 3.0])))
