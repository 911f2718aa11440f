"""ops.isneginf / isposinf / nan_to_num (functions and Tensor methods): values, dtypes, the
gradient through nan_to_num, MindSpore's errors."""
import numpy as np
from mindspore import Tensor, ops
from harness import emit, emit_text, expect_error

x = Tensor(np.array([1.0, np.nan, np.inf, -np.inf, 0.0], np.float32))
emit("isneginf", ops.isneginf(x))
emit("isposinf", ops.isposinf(x))
emit("m_isneginf", x.isneginf())
emit("m_isposinf", x.isposinf())
emit("isposinf_f64", ops.isposinf(Tensor(np.array([np.inf, -np.inf, 2.0]))))
emit_text("isneginf_dtype", ops.isneginf(x).dtype)
emit("nan_to_num", ops.nan_to_num(x))
emit("nan_to_num_args", ops.nan_to_num(x, 0.5, 10.0, -10.0))
emit("nan_to_num_kw", ops.nan_to_num(x, nan=1.0, posinf=2.0, neginf=3.0))
emit("nan_to_num_int_value", ops.nan_to_num(x, nan=1))
emit("nan_to_num_f16", ops.nan_to_num(Tensor(np.array([np.nan, np.inf, -np.inf, 1.5], np.float16))))
emit("m_nan_to_num", x.nan_to_num(posinf=5.0))
emit_text("nan_to_num_dtype", ops.nan_to_num(x).dtype)
w = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
d = Tensor(np.array([2.0, 0.0, 4.0], np.float32))


def f(w):
    return (ops.nan_to_num(w * w / d, posinf=7.0) * 2).sum()


emit("nan_to_num_fwd", f(w))
emit("nan_to_num_grad", ops.grad(f)(w))
expect_error("isneginf_float", lambda: ops.isneginf(1.0), "input must be a Tensor")
expect_error("isposinf_list", lambda: ops.isposinf([1.0]), "input must be a Tensor")
expect_error("nan_to_num_float", lambda: ops.nan_to_num(1.0), "Failed calling NanToNum")
expect_error("nan_to_num_str", lambda: ops.nan_to_num(x, nan="a"), "Failed calling NanToNum")
# (MindSpore reports this one when the value is read)
expect_error("nan_to_num_f64", lambda: ops.nan_to_num(Tensor(np.array([np.nan]))).asnumpy(), "must not be float64")
emit("nan_to_num_bool_value", ops.nan_to_num(x, nan=True))
