"""Array and state primitives: Reshape ... Tile, Shape, Cast, Select, Assign, AssignAdd,
Depend, StopGradient (values, dtypes, gradients)."""
import numpy as np
from mindspore import ops, Tensor, Parameter
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text, expect_error

rng = np.random.RandomState(4)
a = Tensor(rng.uniform(-1.0, 1.0, (2, 3)).astype(np.float32))
b = Tensor(rng.uniform(-1.0, 1.0, (2, 3)).astype(np.float32))
w6 = Tensor(np.arange(6, dtype=np.float32))


check("reshape", lambda x: ops.Reshape()(x, (3, 2)) * w6.reshape(3, 2), a)
check("reshape_infer", lambda x: ops.Reshape()(x, (-1, 2)) * w6.reshape(3, 2), a)
check("transpose", lambda x: ops.Transpose()(x, (1, 0)) * w6.reshape(3, 2), a)
check("transpose_3d", lambda x: ops.Transpose()(ops.Reshape()(x, (1, 2, 3)), (2, 0, 1)), a)
check("concat", lambda x, y: ops.Concat()((x, y)) * Tensor(np.arange(12, dtype=np.float32).reshape(4, 3)), a, b)
check("concat_axis", lambda x, y: ops.Concat(axis=-1)([x, y, x]), a, b)
check("stack", lambda x, y: ops.Stack()((x, y)) * Tensor(np.arange(12, dtype=np.float32).reshape(2, 2, 3)), a, b)
check("stack_axis", lambda x, y: ops.Stack(axis=2)([x, y]), a, b)
check("squeeze", lambda x: ops.Squeeze()(ops.Reshape()(x, (2, 1, 3, 1))), a)
check("squeeze_axis", lambda x: ops.Squeeze(1)(ops.Reshape()(x, (2, 1, 3, 1))), a)
check("squeeze_axes", lambda x: ops.Squeeze((1, 3))(ops.Reshape()(x, (2, 1, 3, 1))), a)
check("expand_dims", lambda x: ops.ExpandDims()(x, 0), a)
check("expand_dims_neg", lambda x: ops.ExpandDims()(x, -1), a)
check("gather", lambda x: ops.Gather()(x, Tensor(np.array([1, 0, 1], np.int32)), 0), a)
check("gather_axis1", lambda x: ops.Gather()(x, Tensor(np.array([[2, 0], [1, 1]], np.int32)), 1), a)
check("gather_d", lambda x: ops.GatherD()(x, 1, Tensor(np.array([[0, 2], [1, 1]], np.int32))), a)
check("gather_d_dim0", lambda x: ops.GatherD()(x, 0, Tensor(np.array([[1, 0, 1]], np.int64))), a)
check("cast", lambda x: ops.Cast()(x, mstype.float64) * 3, a)
check("cast_f16", lambda x: ops.Cast()(x, mstype.float16), a)
check("select", lambda x, y: ops.Select()(x > y, x, y), a, b)
check("tile", lambda x: ops.Tile()(x, (2, 2)), a)
check("tile_more_dims", lambda x: ops.Tile()(x, (2, 1, 1)), a)
check("ones_like_grad", lambda x: ops.OnesLike()(x) * x, a)
check("zeros_like_grad", lambda x: ops.ZerosLike()(x) + x, a)
check("stop_gradient", lambda x, y: ops.StopGradient()(x) * y + x, a, b)
check("depend", lambda x, y: ops.Depend()(x * 2, y), a, b)

for name, out in {"ones_like": ops.OnesLike()(Tensor(np.array([1, 2], np.int32))),
                  "zeros_like": ops.ZerosLike()(a), "fill": ops.Fill()(mstype.float32, (2, 3), 1.5),
                  "fill_int": ops.Fill()(mstype.int32, (2,), 4), "cast_int": ops.Cast()(a * 3, mstype.int32),
                  "cast_bool": ops.Cast()(a, mstype.bool_), "cast_from_bool": ops.Cast()(a > 0, mstype.float32),
                  "concat_int": ops.Concat()((Tensor([1, 2]), Tensor([3]))),
                  "gather_int": ops.Gather()(Tensor(np.array([10, 20, 30], np.int32)), Tensor(np.array([2, 0], np.int32)), 0),
                  "select_int": ops.Select()(Tensor([True, False]), Tensor([1, 2]), Tensor([3, 4]))}.items():
    emit(name, out)
    emit_text(name + "_dtype", str(out.dtype))
emit("shape", ops.Shape()(a))
emit_text("shape_type", type(ops.Shape()(a)).__name__)

p = Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="p")
out = ops.Assign()(p, Tensor(np.array([5.0, 6.0], np.float32)))
emit("assign_param", p)
emit("assign_out", out)
out = ops.AssignAdd()(p, Tensor(np.array([0.5, 0.5], np.float32)))
emit("assign_add_param", p)
emit("assign_add_out", out)
expect_error("assign_add_rank", lambda: ops.AssignAdd()(p, 1.0), "'value' must have the same rank as 'variable'")
emit("assign_add_unchanged", p)
emit_text("assign_types", [type(out).__name__, str(p.dtype)])
