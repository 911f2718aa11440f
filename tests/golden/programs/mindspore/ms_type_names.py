"""type() of Tensors, Parameters, Cells, losses, optimizers and schedules reads as in MindSpore
(programs print them), and complex tensors print with their imaginary parts."""
import numpy as np
import mindspore as ms
from mindspore import Parameter, ParameterTuple, Tensor, nn, ops
from harness import emit_text

t = Tensor(np.ones((2, 2), np.float32))
p = Parameter(Tensor(1.0), name="p")
dense = nn.Dense(2, 2)
emit_text("tensor", type(t))
emit_text("tensor_class", ms.Tensor)
emit_text("op_result", type(ops.matmul(t, t)))
emit_text("parameter_class", ms.Parameter)
emit_text("parameter_tuple", type(ParameterTuple([p])))
cells = [nn.Dense(2, 2), nn.Conv2d(1, 1, 3), nn.LSTM(2, 3), nn.GRU(2, 3), nn.RNN(2, 3), nn.LSTMCell(2, 3),
         nn.GRUCell(2, 3), nn.RNNCell(2, 3), nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.Softmax(), nn.Flatten(),
         nn.Dropout(p=0.5), nn.Embedding(3, 2), nn.MaxPool2d(2), nn.BatchNorm2d(2), nn.BatchNorm1d(2),
         nn.LayerNorm((2,)), nn.SequentialCell([nn.ReLU()]), nn.CellList([nn.ReLU()]), nn.MSELoss(), nn.L1Loss(),
         nn.MAELoss(), nn.CrossEntropyLoss(), nn.BCEWithLogitsLoss(), nn.SoftmaxCrossEntropyWithLogits(),
         nn.ExponentialDecayLR(0.1, 0.9, 2), nn.CosineDecayLR(0.01, 0.1, 2), nn.PolynomialDecayLR(0.1, 0.01, 2, 0.5),
         nn.SGD(dense.trainable_params()), nn.Adam(dense.trainable_params()), nn.Momentum(dense.trainable_params(), 0.1, 0.9),
         nn.WithLossCell(dense, nn.MSELoss())]
for cell in cells:
    emit_text(f"cell_{type(cell).__name__}", type(cell))
emit_text("cell_base", nn.Cell)
emit_text("module_of_dense", nn.Dense.__module__)
emit_text("grad_operation", ops.GradOperation)
emit_text("complex_repr", repr(Tensor(np.array([1.5 + 2j, 3 - 1.25j, 0.1j], np.complex64))))
emit_text("complex_2d", repr(Tensor(np.array([[1 + 2j, 3 - 1j]], np.complex128))))
emit_text("complex_scalar", repr(Tensor(np.array(1 + 2j, np.complex64))))
emit_text("complex_str", str(Tensor(np.array([1e-3 + 2j, 300 - 1j], np.complex64))))
