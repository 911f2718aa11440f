# tf.train.Checkpoint / CheckpointManager: keys by object path (first path found breadth-first),
# the save counter, max_to_keep, the state file, restoring into fresh objects, TF's errors.
import os
import tempfile

import tensorflow as tf
from harness import emit, expect_error

root = tempfile.mkdtemp()


class Dense(tf.Module):
    def __init__(self, n, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.reshape(tf.range(2.0 * n), [2, n]), name="w")
        self.b = tf.Variable(tf.zeros([n]), name="b", trainable=False)


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3), Dense(1)]
        self.extra = {"scale": tf.Variable(2.0), "alpha": tf.Variable(1.0)}
        self.first = self.layers[0]
        self.count = 5


net, step = Net(), tf.Variable(7, dtype=tf.int64)
ck = tf.train.Checkpoint(model=net, step=step)
manager = tf.train.CheckpointManager(ck, os.path.join(root, "run"), max_to_keep=2)
saved = []
for _ in range(3):
    net.extra["scale"].assign_add(1.0)
    saved.append(os.path.relpath(manager.save(), root))
emit("manager_paths", [saved, [os.path.relpath(p, root) for p in manager.checkpoints]])
emit("files", sorted(os.listdir(os.path.join(root, "run"))))
emit("latest", os.path.relpath(tf.train.latest_checkpoint(os.path.join(root, "run")), root))
emit("variables", [[name, shape] for name, shape in tf.train.list_variables(manager.latest_checkpoint)])
reader = tf.train.load_checkpoint(manager.latest_checkpoint)
emit("reader", [reader.get_tensor("model/first/w/.ATTRIBUTES/VARIABLE_VALUE"),
                reader.get_tensor("save_counter/.ATTRIBUTES/VARIABLE_VALUE")])

fresh, fresh_step = Net(), tf.Variable(0, dtype=tf.int64)
fresh.extra["scale"].assign(-1.0)
restored = tf.train.Checkpoint(model=fresh, step=fresh_step)
restored.restore(manager.latest_checkpoint).assert_consumed()
emit("restored", [fresh.extra["scale"], fresh_step, restored.save_counter, fresh.layers[0].w])

direct = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0]))
path = direct.save(os.path.join(root, "direct", "ckpt"))
emit("save_path", os.path.relpath(path, root))
emit("state_file", open(os.path.join(root, "direct", "checkpoint")).read())
written = direct.write(os.path.join(root, "plain"))
emit("write_path", [os.path.relpath(written, root), sorted(os.listdir(root))])
other = tf.train.Checkpoint(v=tf.Variable([0.0, 0.0]))
status = other.read(written)
expect_error("read_leaves_save_counter_unresolved", status.assert_consumed, "Unresolved object in checkpoint (root).save_counter")
status.assert_existing_objects_matched()
emit("read", other.v)
partial = tf.train.Checkpoint(v=tf.Variable([0.0, 0.0]), extra=tf.Variable(3.0))
status = partial.restore(path)
expect_error("unrestored_object", status.assert_consumed, "")
emit("restore_none", tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None) is not None)
bad = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0, 3.0]))
expect_error("shape_mismatch", lambda: bad.restore(path), "incompatible tensor with shape")
expect_error("missing_file", lambda: tf.train.Checkpoint(v=tf.Variable(1.0)).restore(os.path.join(root, "nothing")),
             "Failed to find any matching files")
