"""MindSpore's errors for bad input to primitives and functional ops: types and the
recognizable part of the messages. (Each call is checked on its own: MindSpore's PyNative
mode can report a kernel failure at a later call, so only errors raised at their own call
are recorded.)"""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from harness import emit, expect_error as record_error


def f(*shape):
    return Tensor(np.ones(shape, np.float32))


def d(*shape):
    return Tensor(np.ones(shape, np.float64))


def run(fn):
    return lambda: fn().asnumpy()


def expect_error(name, fn, phrase):
    """Record the error, then sync a good op: MindSpore's PyNative mode raises a failed op's
    error again at the next sync, which would be taken for the next case's error."""
    record_error(name, fn, phrase)
    for flush in (lambda: f(1) + f(1), lambda: ops.Reshape()(f(2, 3), (3, 2)), lambda: ops.Transpose()(f(2, 3), (1, 0)),
                  lambda: ops.Mul()(f(2, 3), f(3)), lambda: ops.ones((2, 1))):
        try:
            flush().asnumpy()
        except Exception:  # noqa: BLE001 - the repeated error of the case just recorded
            pass


expect_error("batchmatmul_dtype", run(lambda: ops.BatchMatMul()(f(2, 2, 3), d(2, 3, 2))),
             "For 'BatchMatMul', the type of 'x2' should be same as 'x1', but got 'x1' with type Tensor[Float32]")
expect_error("batchmatmul_shape", run(lambda: ops.BatchMatMul()(f(2, 2, 3), f(2, 2, 3))),
             "For BatchMatMul, the row of the input 'y' should be same as the col of the input 'x'")
expect_error("matmul_fn_shape", run(lambda: ops.matmul(f(2, 3), f(2, 3))),
             "For 'MatMulExt' op, shape1[-1] must be equal to shape2[-2], but got 3 and 2.")
expect_error("matmul_fn_dtype", run(lambda: ops.matmul(f(2, 2), d(2, 2))),
             "For 'MatMulExt', the type of 'x2' should be same as 'x1'")
expect_error("concat_shape", run(lambda: ops.Concat()((f(2, 3), f(2, 2)))),
             "For primitive[Concat], shapes of tensors must match except in given concat axis 0, but got mismatch in 1")
expect_error("stack_shape", run(lambda: ops.Stack()((f(2, 3), f(2, 2)))), "All input shape must be the same!")
expect_error("reshape_size", run(lambda: ops.Reshape()(f(2, 3), (4, 2))), "is invalid for input of size 6")
expect_error("reshape_fn_size", run(lambda: ops.reshape(f(2, 3), (4, 2))), "is invalid for input of size 6")
expect_error("transpose_perm", run(lambda: ops.Transpose()(f(2, 3), (0,))),
             "For 'Transpose', size of perm should equal to rank of x, but got 1 and 2!")
expect_error("expand_dims_range", run(lambda: ops.ExpandDims()(f(2, 3), 5)),
             "Dimension out of range (expected to be in range of [-3, 3), but got 5)")
expect_error("reduce_axis_range", run(lambda: ops.ReduceSum()(f(2, 3), 2)),
             "For primitive[ReduceSum], the axis value must be in [-2,2), but got 2.")
expect_error("reduce_max_axis_range", run(lambda: ops.ReduceMax()(f(2, 3), -3)),
             "For primitive[ReduceMax], the axis value must be in [-2,2), but got -3.")
expect_error("softmax_axis_range", run(lambda: ops.Softmax(axis=2)(f(2, 3))),
             "For primitive[Softmax], the axis must be in [-2,2), but got 2.")
expect_error("softmax_int", run(lambda: ops.softmax(Tensor(np.array([1, 2], np.int32)))),
             "For primitive[Softmax], the input argument[x] must be a type of {BFloat16, Float16, Float32, Float64}, "
             "but got Int32.")
expect_error("bias_add_channel", run(lambda: ops.BiasAdd()(f(2, 3), f(4))),
             "For 'BiasAdd', bias[0] shape should be equal to input_x[1] shape")
expect_error("gather_d_rank", run(lambda: ops.GatherD()(f(2, 3), 1, Tensor(np.zeros((2,), np.int32)))),
             "For primitive[GatherD], the x_rank must be equal to 1, but got 2.")
expect_error("select_shape", run(lambda: ops.Select()(Tensor(np.ones((2,), np.bool_)), f(3), f(3))),
             "For 'Select', condition.shape and input.shape need to broadcast.")
expect_error("xent_shape", run(lambda: ops.SoftmaxCrossEntropyWithLogits()(f(2, 3), f(2, 4))[0]),
             "For 'SoftmaxCrossEntropyWithLogits', evaluator arg 'label' shape must be consistent with 'logits' shape")
expect_error("sparse_xent_shape",
             run(lambda: ops.SparseSoftmaxCrossEntropyWithLogits()(f(2, 3), Tensor(np.zeros((3,), np.int32)))),
             "Labels shape value must be equal to the Features except the last dimension of Features")
expect_error("conv_channels", run(lambda: ops.Conv2D(4, 3)(f(1, 3, 5, 5), f(4, 2, 3, 3))),
             "For 'Conv2D', 'C_in' of input 'x' shape divide by parameter 'group' must be equal to 'C_in' of input "
             "'weight' shape: 2, but got 'C_in' of input 'x' shape: 3, and 'group': 1.")
expect_error("conv_rank", run(lambda: ops.Conv2D(4, 3)(f(3, 5, 5), f(4, 3, 3, 3))),
             "For primitive[Conv2D], the x shape size must be equal to 4, but got 3.")
expect_error("maxpool_rank", run(lambda: ops.MaxPool(2, 2)(f(2, 3))),
             "For primitive[MaxPool], the length of input must be equal to 4 , but got 2.")
expect_error("exp_str", lambda: ops.exp("a"), 'Failed calling Exp with "Exp()(input=string)".')
expect_error("exp_int32", run(lambda: ops.exp(Tensor(np.array([1, 4], np.int32)))),
             "For primitive[Exp], the input argument[input] must be a type of")
expect_error("cast_bad", run(lambda: ops.Cast()(f(2), "float32")),
             "For 'Cast', the input 'dtype' should be mindspore dtype, but got float32.")
expect_error("ones_bad_shape", run(lambda: ops.ones((2, -1))),
             "For primitive[Ones], the 1th dimension of input shape must be greater than or equal to 0, but got -1.")
expect_error("mul_broadcast", run(lambda: ops.Mul()(f(2, 3), f(4))),
             "For 'Mul', input1.shape and input2.shape need to broadcast. The value of input1.shape[2] or "
             "input2.shape[1] must be 1 or -1")
expect_error("mul_operator_broadcast", run(lambda: f(2, 3) * f(4)),
             "For 'Mul', input1.shape and input2.shape need to broadcast.")
expect_error("maximum_broadcast", run(lambda: ops.maximum(f(2, 3), f(2, 2))),
             "For 'Maximum', input1.shape and input2.shape need to broadcast.")
expect_error("tensor_max_axis", run(lambda: f(2, 3).max(axis=3)),
             "For primitive[ArgMaxWithValue], the axis must be in [-2,2), but got 3.")
expect_error("getitem_range", run(lambda: f(2, 3)[5]), "index 5 is out of bounds for dimension with size 2")
expect_error("getitem_range_second", run(lambda: f(2, 3)[0, -4]), "index -4 is out of bounds for dimension with size 3")

# accepted where one might expect an error
emit("tile_short_multiples", ops.Tile()(f(2, 3), (2,)))
t = f(2)
emit("assign_tensor_out", ops.Assign()(t, Tensor(np.array([3.0, 4.0], np.float32))))
emit("assign_tensor", t)
emit("sqrt_int", ops.sqrt(Tensor([1, 4])))
