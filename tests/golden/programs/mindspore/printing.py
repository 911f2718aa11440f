"""Tensor printing: print (str) and repr for scalars, ints, bools, float16/32/64, matrices,
3-D tensors, long 1-D tensors and summarised large tensors."""
import numpy as np
from mindspore import Tensor, Parameter
from mindspore import dtype as mstype
from harness import emit_text

cases = {
    "guide_matrix": Tensor([[1.4100001, 1.6, 6.6], [1.4100001, 1.6, 6.6]], mstype.float32),
    "float_scalar": Tensor(1.5),
    "float_scalar_third": Tensor(1 / 3),
    "float64_scalar": Tensor(np.array(0.1)),
    "float16_scalar": Tensor(0.1, mstype.float16),
    "big_float32_scalar": Tensor(123456789.0),
    "int_scalar": Tensor(2),
    "bool_scalar": Tensor(True),
    "int_vector": Tensor([1, -20, 300]),
    "int32_matrix": Tensor([[1, -2], [300, 4]], mstype.int32),
    "bool_vector": Tensor([True, False]),
    "float_vector": Tensor([1.0, 2.5, -3.25]),
    "float64_vector": Tensor(np.array([0.1, 1 / 3])),
    "float16_matrix": Tensor([[1, 2], [3, 4]], mstype.float16),
    "cube": Tensor(np.arange(24.0).reshape(2, 3, 4)),
    "long_float_vector": Tensor(np.arange(14, dtype=np.float32) / 7),
    "long_int_vector": Tensor(np.arange(30, dtype=np.int64)),
    "huge_int_vector": Tensor(np.arange(2000, dtype=np.int32)),
    "big_matrix": Tensor(np.arange(2000, dtype=np.float32).reshape(40, 50)),
    "nan_inf": Tensor(np.array([np.nan, 1.0, np.inf])),
    "empty": Tensor(np.zeros((2, 0), np.float32)),
}
for name, t in cases.items():
    emit_text(name + "_str", str(t))
    emit_text(name + "_repr", repr(t))
p = Parameter(Tensor(np.array([1.0], np.float32)), name='z')
emit_text("parameter_repr", repr(p))
emit_text("parameter_str", str(p))
emit_text("tuple_repr", repr((Tensor(1.0), Tensor([1, 2]))))
