"""Tensor construction defaults, dtype objects, promotion, methods and attributes."""
import numpy as np
import mindspore
from mindspore import Tensor
from mindspore import dtype as mstype
from harness import emit, emit_text

built = {
    "py_float": Tensor(1.5), "py_int": Tensor(2), "py_bool": Tensor(True),
    "float_list": Tensor([1.0, 2.0]), "int_list": Tensor([1, 2]), "mixed_list": Tensor([1, True]),
    "tuple": Tensor((1, 2.5)), "np_float64": Tensor(np.array([1.0, 2.0])),
    "np_int32": Tensor(np.array([1, 2], np.int32)), "np_scalar32": Tensor(np.float32(3)),
    "np_scalar64": Tensor(np.float64(2.5)), "explicit_f64": Tensor([1.5], mstype.float64),
    "from_tensor": Tensor(Tensor([1, 2]), mstype.float32),
}
for name, t in built.items():
    emit(name, t)
    emit_text(name + "_dtype", f"{t.dtype} {t.shape} {t.ndim} {t.size}")

emit_text("dtype_reprs", [mstype.float32, mstype.float16, mstype.float64, mstype.int32, mstype.int64,
                          mstype.bool_, mstype.uint8, mstype.int8])
emit_text("dtype_strs", " ".join(str(d) for d in [mstype.float32, mstype.int64, mstype.bool_, mstype.uint8]))
emit_text("aliases", [mstype.float32 == mindspore.float32, mstype.single == mstype.float32,
                      mstype.float64 == mstype.double, Tensor([1.0]).dtype == mstype.float32])

a = Tensor([1.0, 2.0, 3.0])
i32 = Tensor([1, 2], mstype.int32)
ops_results = {
    "add_scalar": a + 1, "rsub": 1 - a, "mul": a * 2, "div": a / 2, "pow": a ** 2, "neg": -a,
    "rpow": 2 ** a, "floordiv": Tensor([3.0, 7.0]) // 2, "mod": Tensor([3.0, 7.0]) % 2,
    "int_plus_float": Tensor([1, 2]) + 1.5, "int_div": Tensor([1, 2]) / 2, "int_mul": Tensor([1, 2]) * 2,
    "int32_mul": i32 * 2, "int32_plus_float": i32 + 1.5, "bool_plus_int": Tensor([True]) + 1,
    "f32_plus_f64": Tensor([1.0], mstype.float32) + Tensor([1.0], mstype.float64),
    "i32_plus_f32": Tensor([1], mstype.int32) + Tensor([1.0], mstype.float32),
    "f16_times": Tensor([1.0], mstype.float16) * 2.5,
    "int_tensor_div": Tensor([3, 4]) / Tensor([2, 2]),
    "broadcast": Tensor([[1.0, 2.0], [3.0, 4.0]]) + Tensor([10.0, 20.0]),
    "sum": a.sum(), "mean": a.mean(), "sum_axis": Tensor([[1, 2], [3, 4]]).sum(axis=1),
    "sum_keepdims": a.sum(keepdims=True), "int_mean": Tensor([[1, 2], [3, 4]]).mean(),
    "mean_keep_dims": a.mean(keep_dims=True), "astype_int": a.astype(mstype.int32),
    "astype_np": a.astype(np.float64), "sum_dtype": a.sum(dtype=mstype.float64),
}
for name, t in ops_results.items():
    emit(name, t)
    emit_text(name + "_dtype", str(t.dtype))

emit_text("items", [a[0].item(), Tensor(2).item(), Tensor(2.5).item(), type(Tensor(2).item()).__name__])
emit("asnumpy", a.asnumpy())
emit_text("asnumpy_type", type(a.asnumpy()).__name__ + " " + str(a.asnumpy().dtype))
emit_text("context", [mindspore.PYNATIVE_MODE, mindspore.GRAPH_MODE,
                      mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")])
