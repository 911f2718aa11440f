"""Every MindSpore dtype: construction, repr/str, item, astype, and the implicit type
promotion of mixed-dtype arithmetic (Tensor with Tensor, Tensor with python numbers)."""
import itertools
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from harness import emit, emit_text

dtypes = [mstype.float16, mstype.float32, mstype.float64, mstype.int8, mstype.int16, mstype.int32, mstype.int64,
          mstype.uint8, mstype.bool_]
values = [[1.5, -2.0], [1.0, 0.0]]
for dt in dtypes:
    t = Tensor([2, 1], dt)
    name = str(dt)
    emit(name, t)
    emit_text(name + "_repr", repr(t))
    emit_text(name + "_str", str(t))
    emit_text(name + "_item", [repr(t[0].item()), type(t[0].item()).__name__, t.dtype == dt, t.itemsize])
    emit_text(name + "_from_floats", repr(Tensor(values, dt)))

for x, y in itertools.combinations(dtypes, 2):
    out = Tensor([1, 1], x) + Tensor([2, 1], y)
    emit_text(f"promote_{x}_{y}", str(out.dtype))
for dt in dtypes:
    for scalar in (2, 2.5, True):
        emit_text(f"scalar_{dt}_{type(scalar).__name__}", [str((Tensor([1, 0], dt) + scalar).dtype),
                                                           str((scalar * Tensor([1, 0], dt)).dtype)])
    emit_text(f"div_{dt}", str((Tensor([4, 2], dt) / Tensor([2, 1], dt)).dtype))
    emit_text(f"neg_{dt}", str((-Tensor([4, 2], dt)).dtype) if dt != mstype.bool_ else "skip")

emit("astype_float_to_int", Tensor([1.7, -1.7, 2.5]).astype(mstype.int32))
emit("astype_float_to_uint8", Tensor([1.7, 255.0]).astype(mstype.uint8))
emit("astype_int_to_bool", Tensor([0, 3]).astype(mstype.bool_))
emit("astype_to_f16", Tensor([0.1, 65504.0]).astype(mstype.float16))
emit("cast_int64_to_int8", ops.cast(Tensor([1, 127]), mstype.int8))
emit_text("uint8_wrap", repr(Tensor([250], mstype.uint8) + Tensor([10], mstype.uint8)))
emit_text("int8_mul", repr(Tensor([100], mstype.int8) * Tensor([2], mstype.int8)))
