"""Tensor methods with MindSpore's argument names: values, dtypes and gradients."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text

rng = np.random.RandomState(3)
a = Tensor(rng.uniform(0.5, 2.0, (2, 3)).astype(np.float32))
b = Tensor(rng.uniform(-1.0, 1.0, (2, 3)).astype(np.float32))
tied = Tensor(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], np.float32))


check("sum", lambda x: x.sum(), b)
check("sum_axis", lambda x: x.sum(axis=1), b)
check("sum_tuple_keepdims", lambda x: x.sum((0, 1), keepdims=True), b)
check("mean", lambda x: x.mean(), b)
check("mean_axis_keep", lambda x: x.mean(axis=-1, keep_dims=True), b)
check("max_all", lambda x: x.max(), tied)
check("max_axis", lambda x: x.max(axis=1), tied)
check("max_axis_keep", lambda x: x.max(0, keepdims=True), tied)
check("min_axis", lambda x: x.min(axis=1), tied)
check("min_all", lambda x: x.min(), tied)
check("prod", lambda x: x.prod(1), b)
check("reshape", lambda x: x.reshape(3, 2) * Tensor(np.arange(6, dtype=np.float32).reshape(3, 2)), a)
check("reshape_tuple", lambda x: x.reshape((-1,)) * Tensor(np.arange(6, dtype=np.float32)), a)
check("view", lambda x: x.view(3, 2), a)
check("transpose", lambda x: x.transpose() * Tensor(np.arange(6, dtype=np.float32).reshape(3, 2)), a)
check("transpose_axes", lambda x: x.transpose(1, 0), a)
check("T", lambda x: x.T, a)
check("expand_dims", lambda x: x.expand_dims(0), a)
check("unsqueeze", lambda x: x.unsqueeze(2), a)
check("squeeze", lambda x: x.reshape(1, 2, 1, 3).squeeze(), a)
check("squeeze_axis", lambda x: x.reshape(1, 2, 1, 3).squeeze(0), a)
check("flatten", lambda x: x.flatten(), a)
check("abs", lambda x: x.abs(), b)
check("exp", lambda x: x.exp(), b)
check("log", lambda x: x.log(), a)
check("sqrt", lambda x: x.sqrt(), a)
check("square", lambda x: x.square(), b)
check("neg", lambda x: x.neg(), b)
check("pow", lambda x: x.pow(2.0), b)
check("clip", lambda x: x.clip(-0.5, 0.5), b)
check("matmul", lambda x, y: x.matmul(y.T), a, b)
check("matmul_operator", lambda x, y: x @ y.T, a, b)
check("add_method", lambda x, y: x.add(y), a, b)
check("mul_method", lambda x, y: x.mul(y), a, b)
check("sub_method", lambda x, y: x.sub(y), a, b)
check("div_method", lambda x, y: x.div(y), b, a)
check("maximum", lambda x, y: x.maximum(y), a, b)
check("sigmoid", lambda x: x.sigmoid(), b)
check("tanh", lambda x: x.tanh(), b)
check("softmax", lambda x: x.softmax(0) * Tensor(np.arange(6, dtype=np.float32).reshape(2, 3)), b)
check("getitem_int", lambda x: x[1], a)
check("getitem_neg", lambda x: x[-1, 0], a)
check("getitem_slice", lambda x: x[:, 1:], a)
check("getitem_step", lambda x: x[:, ::2], a)
check("getitem_none", lambda x: x[None, 0], a)
check("getitem_ellipsis", lambda x: x[..., 2], a)
check("getitem_list", lambda x: x[[1, 0, 1]], a)
check("getitem_tensor", lambda x: x[Tensor(np.array([1, 1], np.int32))], a)
check("getitem_mask", lambda x: x[x > 1.0], a)
check("astype_grad", lambda x: x.astype(mstype.float64) * 2, a)
check("to", lambda x: x.to(mstype.float16), a)
check("float", lambda x: x.float(), Tensor(np.array([1.0, 2.0], np.float64)))
check("rsub_scalar", lambda x: 2.0 - x, b)
check("rdiv_scalar", lambda x: 1.0 / x, a)
check("floordiv", lambda x: x // 0.5, a)
check("mod", lambda x: x % 0.5, a)
check("mean_int_input", lambda x: x.mean(), a)

others = {
    "argmax": b.argmax(), "argmax_axis": b.argmax(axis=1), "argmin_axis": b.argmin(0),
    "int_max": Tensor(np.array([[1, 5], [7, 2]], np.int32)).max(), "int_sum": Tensor(np.array([1, 2], np.int32)).sum(),
    "bool_sum": Tensor(np.array([True, True, False])).sum(), "all": (a > 0).all(), "any_axis": (b > 0).any(1),
    "eq": a == a, "ne": a != 1.0, "lt_int": Tensor([1, 2]) < 1.5, "ge_tensor": a >= b,
    "and": (a > 1) & (b > 0), "or": (a > 1) | (b > 0), "invert": ~(a > 1),
    "int_floordiv": Tensor([7, -7]) // 2, "int_mod": Tensor([7, -7]) % 3, "int_pow": Tensor([2, 3]) ** 2,
    "int_neg": -Tensor([1, 2], mstype.int32), "int_abs": Tensor([-1, 2]).abs(),
    "float_int": Tensor([1.5, -2.5]).int(), "long": Tensor([1.5]).long(), "bool_method": Tensor([0.0, 2.0]).bool(),
    "half": Tensor([1.5]).half(), "double": Tensor([1.5]).double(), "copy": a.copy(),
    "numpy": a.numpy(), "tolist": Tensor([[1, 2]]).tolist(), "shape": a.shape, "ndim": a.ndim, "size": a.size,
    "nbytes": a.nbytes, "itemsize": a.itemsize, "strides": a.strides, "len": len(a), "float_item": float(a[0, 0] > 0),
    "int_conv": int(Tensor(3.7)), "bool_conv": bool(Tensor([1.0])), "dim": a.dim(), "numel": a.numel(),
}
for name, value in others.items():
    emit(name, value)
    emit_text(name + "_type", f"{type(value).__name__} {getattr(value, 'dtype', '')}")
