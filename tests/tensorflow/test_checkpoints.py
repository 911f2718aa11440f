"""TensorFlow's checkpoint format, both ways: files the real TF wrote (committed, made by
tools/make_tf_checkpoints.py) restore into gradcompat objects, and what gradcompat writes for
the same objects has TF's keys, values and object graph."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

import gradcompat.tensorflow as tf
from gradcompat.tensorflow.checkpoint import bundle
from gradcompat.tensorflow.checkpoint.trackables import decode_graph

HERE = Path(__file__).resolve().parent.parent / "golden" / "tensorflow" / "checkpoints"


class Dense(tf.Module):
    def __init__(self, n):
        super().__init__()
        self.w = tf.Variable(np.zeros([2, n], np.float32), name="w")
        self.b = tf.Variable(np.zeros([n], np.float32), name="b", trainable=False)


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3), Dense(1)]
        self.extra = {"scale": tf.Variable(0.0), "steps": tf.Variable(np.int64(0))}
        self.first = self.layers[0]


def test_restores_an_object_checkpoint_real_tf_wrote() -> None:
    net, step = Net(), tf.Variable(0, dtype=tf.int64)
    checkpoint = tf.train.Checkpoint(model=net, step=step)
    latest = tf.train.latest_checkpoint(str(HERE / "object"))
    assert latest == str(HERE / "object" / "ckpt-1")
    checkpoint.restore(latest).assert_consumed()
    np.testing.assert_array_equal(net.first.w.numpy(), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(net.layers[1].b.numpy(), [0.5])
    assert (net.extra["scale"].numpy(), net.extra["steps"].numpy(), step.numpy()) == (2.0, 9, 7)
    assert checkpoint.save_counter.numpy() == 1


def test_writes_what_real_tf_writes(tmp_path: Path) -> None:
    net, step = Net(), tf.Variable(7, dtype=tf.int64)
    checkpoint = tf.train.Checkpoint(model=net, step=step)
    checkpoint.restore(str(HERE / "object" / "ckpt-1"))
    ours = bundle.read(checkpoint.save(str(tmp_path / "ckpt")))
    theirs = bundle.read(str(HERE / "object" / "ckpt-1"))
    assert ours.keys() == theirs.keys()
    for key in theirs:
        if key != "_CHECKPOINTABLE_OBJECT_GRAPH":
            assert ours[key].dtype == theirs[key].dtype and ours[key].shape == theirs[key].shape, key
            np.testing.assert_array_equal(ours[key], theirs[key] + (1 if key.startswith("save_counter") else 0))
    graph = "_CHECKPOINTABLE_OBJECT_GRAPH"
    assert decode_graph(ours[graph]) == decode_graph(theirs[graph])
    assert (tmp_path / "checkpoint").read_text().splitlines()[0] == 'model_checkpoint_path: "ckpt-2"'


def test_saver_reads_and_rewrites_a_real_tf1_checkpoint(tmp_path: Path) -> None:
    prefix = str(HERE / "saver" / "model.ckpt-5")
    values = tf.train.load_checkpoint(prefix)
    assert sorted(values.get_variable_to_shape_map().items()) == [("a", [2]), ("d", [2, 3]), ("scope/b", [])]
    a = tf.Variable([0.0, 0.0], name="a")
    d = tf.Variable(np.zeros([2, 3]), name="d")
    b = tf.Variable(0, name="scope/b")
    saver = tf.compat.v1.train.Saver([a, d, b])
    saver.restore(None, prefix)
    np.testing.assert_array_equal(a.numpy(), [1.5, -2.0])
    assert d.numpy().dtype == np.float64 and b.numpy() == 7
    again = saver.save(None, str(tmp_path / "model.ckpt"), global_step=5)
    ours, theirs = bundle.read(again), bundle.read(prefix)
    assert ours.keys() == theirs.keys()
    for key in theirs:
        assert ours[key].dtype == theirs[key].dtype
        np.testing.assert_array_equal(ours[key], theirs[key])
    assert os.path.exists(again + ".index") and tf.train.latest_checkpoint(str(tmp_path)) == again
