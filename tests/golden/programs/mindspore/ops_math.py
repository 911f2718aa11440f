"""Math primitives (instantiated, then called): values, dtypes and gradients."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text

rng = np.random.RandomState(0)
a = Tensor(rng.uniform(0.5, 2.0, (2, 3)).astype(np.float32))
b = Tensor(rng.uniform(-1.0, 1.0, (2, 3)).astype(np.float32))
row = Tensor(np.array([2.0, -0.5, 4.0], np.float32))
batch_a = Tensor(rng.uniform(-1.0, 1.0, (2, 2, 3)).astype(np.float32))
batch_b = Tensor(rng.uniform(-1.0, 1.0, (2, 3, 4)).astype(np.float32))


check("batch_matmul", lambda x, y: ops.BatchMatMul()(x, y), batch_a, batch_b)
check("batch_matmul_tb", lambda x, y: ops.BatchMatMul(transpose_b=True)(x, y), batch_a, batch_a)
check("batch_matmul_ta", lambda x, y: ops.BatchMatMul(transpose_a=True)(x, y), batch_a, batch_a)
check("real_div", lambda x, y: ops.RealDiv()(x, y), a, row)
check("pow", lambda x, y: ops.Pow()(x, y), a, b)
check("pow_scalar", lambda x: ops.Pow()(x, 3.0), b)
check("maximum", lambda x, y: ops.Maximum()(x, y), a, b)
check("minimum", lambda x, y: ops.Minimum()(x, y), b, row)
for name, prim in [("exp", ops.Exp()), ("log", ops.Log()), ("sqrt", ops.Sqrt()), ("square", ops.Square()),
                   ("abs", ops.Abs()), ("neg", ops.Neg())]:
    check(name, lambda x, p=prim: p(x), a if name in ("log", "sqrt") else b)
check("reduce_max", lambda x: ops.ReduceMax()(x, 1), b)
check("reduce_max_keep", lambda x: ops.ReduceMax(keep_dims=True)(x, 0), b)
check("reduce_max_all", lambda x: ops.ReduceMax()(x), b)
check("reduce_min", lambda x: ops.ReduceMin()(x, (0, 1)), b)
check("reduce_min_keep", lambda x: ops.ReduceMin(keep_dims=True)(x, -1), b)
check("reduce_prod", lambda x: ops.ReduceProd()(x, 1), b)
check("reduce_prod_keep", lambda x: ops.ReduceProd(keep_dims=True)(x), b)
check("reduce_sum_list_axis", lambda x: ops.ReduceSum()(x, [0, 1]), b)

# dtypes of mixed inputs
i32 = Tensor(np.array([1, 2, 3], np.int32))
f16 = Tensor(np.array([0.5, 1.5, 2.5], np.float16))
f64 = Tensor(np.array([0.5, 1.5, 2.5], np.float64))
for name, out in {"add_i32_f16": ops.Add()(i32, f16), "mul_f16_f64": ops.Mul()(f16, f64),
                  "realdiv_f16_scalar": ops.RealDiv()(f16, 2), "add_i32_int": ops.Add()(i32, 3),
                  "add_int_i32": ops.Add()(3, i32), "mul_i32_float": ops.Mul()(i32, 2.5),
                  "div_i32_i32": ops.Div()(i32, i32), "sub_i32_float": ops.Sub()(1.5, i32),
                  "maximum_i32_f32": ops.Maximum()(i32, row), "pow_i32_int": ops.Pow()(i32, 2),
                  "exp_f16": ops.Exp()(f16), "square_i32": ops.Square()(i32), "abs_i32": ops.Abs()(i32),
                  "neg_i32": ops.Neg()(i32), "reduce_sum_i32": ops.ReduceSum()(i32),
                  "reduce_max_i32": ops.ReduceMax()(i32), "reduce_prod_i32": ops.ReduceProd()(i32),
                  "reduce_mean_f16": ops.ReduceMean()(f16)}.items():
    emit(name, out)
    emit_text(name + "_dtype", str(out.dtype))
emit_text("prim_repr", [repr(ops.MatMul()), repr(ops.ReduceSum(keep_dims=True)), repr(ops.Add())])
