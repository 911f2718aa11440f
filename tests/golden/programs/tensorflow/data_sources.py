# tf.data sources: from_tensor_slices (tensors, tuples, dicts, nested), from_tensors, range,
# from_generator (output_signature and output_types/output_shapes), zip, concatenate; element_spec,
# reprs, cardinality, len and the errors for bad input.
import collections

import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

D = tf.data.Dataset
rng = np.random.default_rng(0)
x = rng.standard_normal((5, 3)).astype(np.float32)
y = np.arange(5)

s = D.from_tensor_slices([1, 2, 3])
emit_text("slices_repr", repr(s))
emit("slices", list(s.as_numpy_iterator()))
t = D.from_tensor_slices((x, y))
emit_text("tuple_repr", repr(t))
emit("tuple", list(t.as_numpy_iterator()))
d = D.from_tensor_slices({"b": [1.5, 2.5], "a": [[1, 2], [3, 4]]})
emit_text("dict_spec", repr(d.element_spec))
emit("dict", list(d.as_numpy_iterator()))
n = D.from_tensor_slices(({"img": x[:2]}, (y[:2], [0.5, 1.5])))
emit_text("nested_spec", repr(n.element_spec))
emit("nested", list(n.as_numpy_iterator()))
Point = collections.namedtuple("Point", ["px", "py"])
p = D.from_tensor_slices(Point([1., 2.], [3., 4.]))
first = next(iter(p))
emit_text("namedtuple", [type(first).__name__, repr(first.px), repr(p.element_spec)])
emit_text("float64", repr(D.from_tensor_slices(np.zeros((2, 2)))))
emit_text("from_tensor_repr", repr(D.from_tensor_slices(tf.constant([[1, 2], [3, 4]]))))

f = D.from_tensors(([1, 2], 3.0))
emit_text("from_tensors_repr", repr(f))
emit("from_tensors", list(f.as_numpy_iterator()))
emit_text("range_reprs", [repr(D.range(5)), repr(D.range(2, output_type=tf.int32))])
emit("ranges", [list(D.range(4).as_numpy_iterator()), list(D.range(1, 10, 3).as_numpy_iterator()),
                list(D.range(5, 1, -2).as_numpy_iterator()), list(D.range(3, 3).as_numpy_iterator())])


def gen():
    for i in range(3):
        yield i, [float(i)] * (i + 1)


g = D.from_generator(gen, output_signature=(tf.TensorSpec((), tf.int32), tf.TensorSpec((None,), tf.float32)))
emit_text("gen_repr", repr(g))
emit("gen", list(g.as_numpy_iterator()))
emit("gen_again", list(g.as_numpy_iterator()))
g1 = D.from_generator(gen, output_types=(tf.int64, tf.float32))
emit_text("gen_types_spec", repr(g1.element_spec))
emit("gen_types", list(g1.as_numpy_iterator()))
g2 = D.from_generator(lambda: iter([[1, 2], [3, 4]]), output_types=tf.int32, output_shapes=(2,))
emit_text("gen_shapes_spec", repr(g2.element_spec))
g3 = D.from_generator(lambda n: iter(range(int(n))), output_types=tf.int64, args=(3,))
emit("gen_args", list(g3.as_numpy_iterator()))
expect_error("gen_no_types", lambda: D.from_generator(gen), "output_signature")
bad_shape = D.from_generator(lambda: iter([[1, 2]]), output_signature=tf.TensorSpec((3,), tf.int32))
expect_error("gen_bad_shape", lambda: list(bad_shape), "where an element of shape (3,) was expected")
bad_type = D.from_generator(lambda: iter(["a"]), output_signature=tf.TensorSpec((), tf.int32))
expect_error("gen_bad_type", lambda: list(bad_type), "could not be converted to the expected type")

z = D.zip((D.range(3), D.from_tensor_slices(["a", "b", "c", "d"][:3] and [1., 2., 3., 4.])))
emit_text("zip_repr", repr(z))
emit("zip", list(z.as_numpy_iterator()))
emit("zip_varargs", list(D.zip(D.range(2), D.range(5, 9)).as_numpy_iterator()))
zd = D.zip({"i": D.range(2), "s": D.from_tensor_slices([[1, 2], [3, 4]])})
emit("zip_dict", list(zd.as_numpy_iterator()))
c = D.range(2).concatenate(D.range(5, 7))
emit_text("concat_repr", repr(c))
emit("concat", list(c.as_numpy_iterator()))
emit_text("concat_shapes", repr(D.from_tensors([1, 2]).concatenate(D.from_tensors([3])).element_spec))

emit("cardinality", [int(s.cardinality()), int(D.range(3).repeat().cardinality()),
                     int(D.range(3).filter(lambda v: v > 0).cardinality()), int(g.cardinality()),
                     int(z.cardinality()), int(c.cardinality()), len(t)])
emit("cardinality_tensor", D.range(7).cardinality())
emit("constants", [tf.data.AUTOTUNE, tf.data.experimental.AUTOTUNE, tf.data.INFINITE_CARDINALITY,
                   tf.data.UNKNOWN_CARDINALITY, int(tf.data.experimental.cardinality(D.range(4)))])
expect_error("len_infinite", lambda: len(D.range(3).repeat()), "The dataset is infinite.")
expect_error("len_unknown", lambda: len(D.range(3).filter(lambda v: v > 0)), "The dataset length is unknown.")
expect_error("slices_mismatch", lambda: D.from_tensor_slices(([1, 2], [1, 2, 3])), "Dimensions 2 and 3 are not compatible")
expect_error("slices_scalar", lambda: D.from_tensor_slices(5), "Unbatching a tensor is only supported for rank >= 1")
expect_error("slices_ragged", lambda: D.from_tensor_slices([[1], [2, 3]]), "non-rectangular")
expect_error("concat_mismatch", lambda: D.range(3).concatenate(D.from_tensor_slices([1.])),
             "Incompatible dataset elements")
emit("single_element", [D.from_tensors(([1, 2], 3.0)).get_single_element(),
                        tf.data.experimental.get_single_element(D.range(4, 5))])
expect_error("single_element_many", lambda: D.range(3).get_single_element(), "Dataset had more than one element.")
expect_error("single_element_empty", lambda: D.range(0).get_single_element(), "Dataset was empty.")
expect_error("zip_list", lambda: D.zip([D.range(2), D.range(2)]), "Python `list` is not supported")
expect_error("zip_not_dataset", lambda: D.zip((D.range(2), 3)), "encountered object of type <class 'int'>")
expect_error("prefetch_negative", lambda: D.range(3).prefetch(-5), "buffer_size must be >= 0")
expect_error("window_zero", lambda: D.range(3).window(0), "Window size must be greater than zero.")
