"""mindspore.common.initializer: shapes, dtypes, bounds and statistics (the random numbers
themselves differ from MindSpore's), constants, aliases, fans, seeds and errors."""
import math
import numpy as np
import mindspore
from mindspore import Tensor, Parameter
from mindspore import dtype as mstype
from mindspore.common.initializer import (Constant, HeNormal, HeUniform, Normal, One, TruncatedNormal, Uniform,
                                          XavierNormal, XavierUniform, Zero, initializer)
from harness import emit, emit_text, expect_error

shape = (200, 300)  # fan_in 300, fan_out 200
conv = (64, 32, 3, 3)  # fan_in 288, fan_out 576


def stats(name, t, low, high, mean, std, tol=0.05):
    """Shape, dtype and whether the draws lie in [low, high] with about this mean and std."""
    v = t.asnumpy().astype(np.float64)
    emit_text(name, [type(t).__name__, t.shape, str(t.dtype), bool(v.min() >= low), bool(v.max() <= high),
                     bool(abs(v.mean() - mean) <= tol * std + 1e-12), bool(abs(v.std() - std) <= tol * std)])


stats("normal", initializer(Normal(), shape), -1, 1, 0.0, 0.01)
stats("normal_args", initializer(Normal(sigma=0.5, mean=2.0), shape, mstype.float64), -1, 5, 2.0, 0.5)
stats("normal_name", initializer("normal", shape), -1, 1, 0.0, 0.01)
stats("uniform", initializer(Uniform(), shape), -0.07, 0.07, 0.0, 0.07 / math.sqrt(3))
stats("uniform_scale", initializer(Uniform(scale=2.0), shape, mstype.float16), -2.0, 2.0, 0.0, 2.0 / math.sqrt(3))
stats("uniform_name", initializer("uniform", shape), -0.07, 0.07, 0.0, 0.07 / math.sqrt(3))
b = math.sqrt(6.0 / 500)
stats("xavier_uniform", initializer(XavierUniform(), shape), -b, b, 0.0, b / math.sqrt(3))
stats("xavier_uniform_gain", initializer(XavierUniform(gain=2), shape), -2 * b, 2 * b, 0.0, 2 * b / math.sqrt(3))
stats("xavier_uniform_name", initializer("xavier_uniform", shape), -b, b, 0.0, b / math.sqrt(3))
bc = math.sqrt(6.0 / (288 + 576))
stats("xavier_uniform_conv", initializer(XavierUniform(), conv), -bc, bc, 0.0, bc / math.sqrt(3))
stats("xavier_normal", initializer(XavierNormal(), shape), -1, 1, 0.0, math.sqrt(2.0 / 500))
h = math.sqrt(3.0) * math.sqrt(2.0) / math.sqrt(300)
stats("he_uniform", initializer(HeUniform(), shape), -h, h, 0.0, h / math.sqrt(3))
stats("he_uniform_name", initializer("he_uniform", shape), -h, h, 0.0, h / math.sqrt(3))
hf = math.sqrt(3.0) * math.sqrt(2.0 / (1 + 0.2 ** 2)) / math.sqrt(200)
stats("he_uniform_fan_out", initializer(HeUniform(negative_slope=0.2, mode="fan_out"), shape), -hf, hf, 0.0,
      hf / math.sqrt(3))
hc = math.sqrt(3.0) * (5.0 / 3) / math.sqrt(288)
stats("he_uniform_tanh_conv", initializer(HeUniform(nonlinearity="tanh"), conv), -hc, hc, 0.0, hc / math.sqrt(3))
stats("he_normal", initializer(HeNormal(), shape), -1, 1, 0.0, math.sqrt(2.0) / math.sqrt(300))
stats("he_normal_relu_conv", initializer("he_normal", conv), -1, 1, 0.0, math.sqrt(2.0) / math.sqrt(288))
stats("truncated_normal", initializer(TruncatedNormal(), shape), -2, 2, 0.0, 0.01)
stats("truncated_normal_name", initializer("truncatedNormal", shape), -2, 2, 0.0, 0.01)
# bounds are absolute values: N(0, 1) restricted to [-0.5, 0.5] has std 0.2834
stats("truncated_normal_bounds", initializer(TruncatedNormal(sigma=1.0, a=-0.5, b=0.5), shape), -0.5, 0.5, 0.0,
      0.28338)

for name, t in {"zero": initializer(Zero(), (2, 3)), "zeros_name": initializer("zeros", [2]),
                "one": initializer(One(), (2, 2), mstype.float16), "ones_name": initializer("ones", 3, mstype.int32),
                "constant": initializer(Constant(2.5), (2,)), "constant_int": initializer(Constant(3), (2,), mstype.int32),
                "number": initializer(4, (1, 2)), "number_float": initializer(0.5, (2,), mstype.float64),
                "tensor": initializer(Tensor(np.array([[1.0, 2.0]], np.float32)), (1, 2)),
                "case": initializer("ONES", (2,)), "alias_one": initializer("one", (2,))}.items():
    emit(name, t)
    emit_text(name + "_dtype", f"{type(t).__name__} {t.dtype} {t.shape}")

p = Parameter(initializer("ones", (2, 3), mstype.float32), name="w")
emit("parameter", p)
emit_text("parameter_repr", repr(p))
arr = np.zeros((2, 3), np.float32)
One()(arr)
emit("fill_in_place", arr)
Constant(7)(arr)
emit("constant_in_place", arr)

mindspore.set_seed(11)
first = initializer("normal", (4,)).asnumpy()
mindspore.set_seed(11)
again = initializer("normal", (4,)).asnumpy()
emit_text("seed_repeats", [bool((first == again).all()), mindspore.get_seed()])

expect_error("unknown_name", lambda: initializer("foo", (2,)), "the class corresponding to 'foo' was not found.")
expect_error("bad_shape", lambda: initializer("normal", (2, -1)), "the value of 'shape' must be positive integer")
expect_error("tensor_shape", lambda: initializer(Tensor(np.ones((2, 2), np.float32)), (3, 2)),
             "the shape of the 'init' argument should be same as the argument 'shape'")
expect_error("bad_init", lambda: initializer([1, 2], (2,)), "the type of the 'init' argument should be")
expect_error("fan_1d", lambda: initializer("xavier_uniform", (3,)).asnumpy(),
             "'fan_in' and 'fan_out' can not be computed for tensor with fewer than 2 dimensions")
expect_error("bad_mode", lambda: initializer(HeUniform(mode="fan_avg"), (2, 3)).asnumpy(), "not supported")
expect_error("seed_negative", lambda: mindspore.set_seed(-1), "the 'seed' must be int and must >= 0")
expect_error("seed_float", lambda: mindspore.set_seed(1.5), "The argument 'seed' must be type of int")
