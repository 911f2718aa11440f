# TF's dtype names: "float" is float32, "double" float64, "half" float16; Python float is float32;
# "int" and Python int are not dtypes. ResourceVariable is what tf.Variable makes.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

names = ["float", "double", "half", "float32", "float64", "float16", "int32", "int64", "int8", "int16",
         "uint8", "bool"]
emit_text("names", [repr(tf.as_dtype(n)) for n in names])
emit_text("python_float", repr(tf.as_dtype(float)))
emit_text("numpy_types", [repr(tf.as_dtype(t)) for t in (np.float32, np.float64, np.int32, np.bool_)])
expect_error("int_name", lambda: tf.as_dtype("int"), "to a TensorFlow DType")
expect_error("python_int", lambda: tf.as_dtype(int), "to a TensorFlow DType")
expect_error("long_name", lambda: tf.as_dtype("long"), "to a TensorFlow DType")
emit_text("equal", [tf.float32 == "float", tf.float64 == "double", tf.as_dtype("float") == tf.float32])
x = tf.constant([[1., 2.]], dtype="float")
w = tf.Variable(tf.ones([2, 3], dtype="float"))
emit("matmul", tf.matmul(x, w))
emit_text("zeros_double", repr(tf.zeros([2], "double")))
emit_text("cast_half", repr(tf.cast([1.5], "half")))
emit_text("variable_type", [type(w).__name__, type(tf.Variable(1)).__name__])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.matmul(x, w) * tf.constant([[1., 2., 3.]], "float"))
emit("grad", tape.gradient(y, w))
