"""Index forms as torch parses them: python and 0-d bools, several '...', 0-d int tensors,
lists of bools, partial masks, n-d int tensors, ints mixed with tensors (torch applies the
ints first: dim placement differs from numpy), byte masks, sequences treated as tuples;
the matching assignments (broadcast values, duplicate indices and their gradients), and
torch's errors for bad indices and warnings for deprecated forms."""
import warnings

import numpy as np
import torch
from harness import emit, emit_text, expect_error

x = torch.tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 10, requires_grad=True)
T = torch.tensor
mask23 = T([[True, False, True], [False, False, True]])
cases = {
    "true": lambda z: z[True], "false": lambda z: z[False], "none_true": lambda z: z[None, True],
    "true_int": lambda z: z[True, 0], "int_true_int": lambda z: z[0, True, 1], "ellipsis_true": lambda z: z[..., True],
    "true_true": lambda z: z[True, True], "true_mask": lambda z: z[True, T([True, False])],
    "two_ellipses": lambda z: z[..., 0, ...], "int_two_ellipses": lambda z: z[0, ..., ...],
    "bool0d_true": lambda z: z[T(True)], "bool0d_false": lambda z: z[T(False)],
    "int0d": lambda z: z[T(1)], "int0d_mid": lambda z: z[:, T(-1)], "int0d_and_list": lambda z: z[T(1), [0, 2]],
    "list_bools": lambda z: z[[True, False]], "list_bools_dim1": lambda z: z[:, [True, False, True]],
    "mask_partial": lambda z: z[mask23], "mask_then_int": lambda z: z[mask23, 0],
    "mask_then_list": lambda z: z[mask23, [0, 1, 2]], "none_mask": lambda z: z[None, T([True, False])],
    "int_2d": lambda z: z[T([[0, 1], [1, 0]])], "int32": lambda z: z[T([1, 0], dtype=torch.int32)],
    "int_slice_list": lambda z: z[0, :, [0, 1]], "list_slice_int": lambda z: z[[0, 1], :, 0],
    "list_int_list": lambda z: z[[0, 1], 1, [1, 2]], "list_none_list": lambda z: z[[0, 1], None, [1, 2]],
    "none_list_none_list": lambda z: z[None, [0, 1], None, [1, 2]], "list_ellipsis_list": lambda z: z[[0, 1], ..., [1, 2]],
    "broadcast_lists": lambda z: z[[[0], [1]], :, [1, 3]], "slice_tensor_bounds": lambda z: z[T(0):T(2), 1],
    "np_int": lambda z: z[np.int64(1)], "np_bool_array": lambda z: z[np.array([False, True])],
    "tuple_in_tuple": lambda z: z[(0, 1), ], "list_float_truncated": lambda z: z[0, [0, 1.5]],
    "empty_list": lambda z: z[[]], "empty_tuple": lambda z: z[()],
}
for name, f in cases.items():
    out = f(x * 1)
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    w = torch.arange(out.numel(), dtype=torch.float32).reshape(out.shape)
    emit(name + "_grad", torch.autograd.grad((out * w).sum(), x)[0])

scalar = T(3.0)
emit("scalar_true", scalar[True])
emit("scalar_none", scalar[None])
emit("scalar_ellipsis", scalar[...])
emit("scalar_mask", scalar[T(True)])


def caught(fn):
    """The warnings ``fn`` emits, as 'Category: message' lines."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = fn()
    return out, "\n".join(f"{w.category.__name__}: {w.message}" for w in seen)


for name, f in {"list_of_lists": lambda: x[[[0, 1], [1, 0]]], "list_with_slice": lambda: x[[0, slice(None)]],
                "list_of_tensors": lambda: x[[T(0), T(1)]], "list_with_none": lambda: x[[0, None]],
                "byte_mask": lambda: x[T([[1, 0, 1], [0, 0, 1]], dtype=torch.uint8)],
                "byte0d": lambda: x[T(1, dtype=torch.uint8)]}.items():
    out, text = caught(f)
    emit(name, out)
    emit_text(name + "_warnings", text)

z = torch.zeros(2, 3, 4)
errors = {
    "int_out_of_range": (lambda: z[5], "out of bounds"), "int_out_of_range_dim1": (lambda: z[:, 7], "out of bounds"),
    "int_after_none": (lambda: z[None, 0, 7], "out of bounds"), "int_negative": (lambda: z[:, -4], "out of bounds"),
    "list_out_of_range": (lambda: z[[0, 5]], "out of bounds"),
    "tensor_out_of_range_dim1": (lambda: z[:, T([0, 3])], "out of bounds"),
    "second_tensor_out_of_range": (lambda: z[T([0, 1]), :, T([0, 5])], "out of bounds"),
    "float_tensor": (lambda: z[T([0.0, 1.0])], "must be long"), "float_0d": (lambda: z[T(1.0)], "must be long"),
    "int8_tensor": (lambda: z[T([1, 0], dtype=torch.int8)], "must be long"),
    "float_python": (lambda: z[1.0], "valid indices"), "dict": (lambda: z[{}], "valid indices"),
    "str": (lambda: z[0, "a"], "invalid data type"), "too_many": (lambda: z[0, 0, 0, 0], "too many indices"),
    "too_many_0d": (lambda: scalar[None, 0], "too many indices"), "int_of_0d": (lambda: scalar[0], "0-dim"),
    "mask_shape": (lambda: z[T([True, False, True])], "shape of the mask"),
    "mask_after_ints": (lambda: z[0, 0, T([True, False, True, True, False])], "shape of the mask"),
    "broadcast_mismatch": (lambda: z[[0, 1], [0, 1, 2]], "shape mismatch"),
    "negative_step": (lambda: z[::-1], "step must be greater than zero"), "zero_step": (lambda: z[::0], "zero"),
    "float_slice_bound": (lambda: z[T(0.5):], "integer tensors"),
}
for name, (f, phrase) in errors.items():
    expect_error(name, f, phrase)

# assignments: values, grad_fn, gradients of the base and of the value
v = T([[10.0, 20.0, 30.0, 40.0]], requires_grad=True)
assignments = {
    "mask_scalar": lambda z: z.__setitem__(mask23, 5.0), "mask_value": lambda z: z.__setitem__(mask23, v),
    "list_value": lambda z: z.__setitem__((slice(None), [0, 2]), v),
    "duplicates": lambda z: z.__setitem__(([0, 0], [1, 1]), v * T([[1.0], [2.0]])),
    "duplicates_add": lambda z: z.__setitem__(([0, 0], [1, 1]), z[[0, 0], [1, 1]] + v),
    "int_slice_list": lambda z: z.__setitem__((0, slice(None), [0, 1]), v[0, :2]),
    "true": lambda z: z.__setitem__(True, v), "none_true": lambda z: z.__setitem__((None, True), v),
    "false": lambda z: z.__setitem__(False, v), "int0d": lambda z: z.__setitem__(T(1), v),
    "int_2d": lambda z: z.__setitem__(T([[0], [1]]), v), "none_mask": lambda z: z.__setitem__((None, mask23), 1.0),
    "list_bools": lambda z: z.__setitem__([True, False], v), "mask_3d": lambda z: z.__setitem__(z > 10, 0.0),
    "mask_3d_value": lambda z: z.__setitem__(z > 10, v[0, 1:]), "leading_ones": lambda z: z.__setitem__([0, 1], v[None, None]),
}
for name, f in assignments.items():
    z = x * 1
    f(z)
    emit("set_" + name, z)
    emit_text("set_" + name + "_grad_fn", z.grad_fn.name())
    w = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4)
    emit("set_" + name + "_grads", torch.autograd.grad((z * w).sum(), [x, v], allow_unused=True))

set_errors = {
    "set_mask_shape": (lambda: z.__setitem__(mask23, v[:, :3]), "shape mismatch"),
    "set_list_shape": (lambda: z.__setitem__((slice(None), [0, 1]), v[:, :3]), "shape mismatch"),
    "set_out_of_range": (lambda: z.__setitem__((slice(None), [0, 5]), v), "out of bounds"),
    "set_false_bad_value": (lambda: z.__setitem__((0, False), torch.ones(5)), "shape mismatch"),
}
z = torch.zeros(2, 3, 4)
for name, (f, phrase) in set_errors.items():
    expect_error(name, f, phrase)
z = torch.zeros(2, 3, 4)  # (a failing index_put may have written part of its values)
z[False] = torch.ones(5)  # a no-op in torch, whatever the value
emit("set_false_no_op", z)
