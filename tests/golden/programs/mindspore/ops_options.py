"""Options of functional ops: div rounding modes, dtype arguments, flatten ranges, clamp,
bmm, gather_d, argmin (values, dtypes, gradients)."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text

rng = np.random.RandomState(6)
a = Tensor(rng.uniform(0.5, 2.0, (2, 3)).astype(np.float32))
b = Tensor(rng.uniform(-3.0, 3.0, (2, 3)).astype(np.float32))
cube = Tensor(rng.uniform(-1.0, 1.0, (2, 3, 4)).astype(np.float32))

check("div_floor", lambda x, y: ops.div(x, y, rounding_mode="floor"), b, a)
check("div_trunc", lambda x, y: ops.div(x, y, rounding_mode="trunc"), b, a)
check("softmax_dtype", lambda x: ops.softmax(x, dtype=mstype.float64), a)
check("prod_dtype", lambda x: ops.prod(x, 0, dtype=mstype.float64), a)
check("sum_dtype", lambda x: ops.sum(x, 1, dtype=mstype.float64), a)
check("tensor_sum_initial", lambda x: x.sum(axis=0, initial=2.0), a)
check("flatten_range", lambda x: ops.flatten(x, start_dim=0, end_dim=1), cube)
check("flatten_default", ops.flatten, cube)
check("clamp", lambda x: ops.clamp(x, -1.0, 1.0), b)
check("clamp_min", lambda x: ops.clamp(x, min=0.0), b)
check("clip_max", lambda x: ops.clip(x, max=0.5), b)
check("bmm", ops.bmm, cube, Tensor(rng.uniform(-1.0, 1.0, (2, 4, 2)).astype(np.float32)))
check("gather_elements_dim0", lambda x: ops.gather_elements(x, 0, Tensor(np.array([[1, 0, 1]], np.int64))), a)
for name, out in {"div_floor_int": ops.div(Tensor([7, -7]), Tensor([2, 2]), rounding_mode="floor"),
                  "div_trunc_int": ops.div(Tensor([7, -7]), Tensor([2, 2]), rounding_mode="trunc"),
                  "div_floor_scalar": ops.div(Tensor([7.0, -7.0]), 2, rounding_mode="floor"),
                  "argmin": ops.argmin(b), "argmin_axis": ops.argmin(b, 1, keepdims=True),
                  "cumsum_dtype": ops.cumsum(Tensor([1, 2], mstype.int32), 0, dtype=mstype.float32)}.items():
    emit(name, out)
    emit_text(name + "_dtype", str(out.dtype))
from harness import expect_error
expect_error("div_bad_mode", lambda: ops.div(a, a, rounding_mode="round").asnumpy(),
             "For ops.div, rounding_mode value should be None, 'floor' or 'trunc'.")
