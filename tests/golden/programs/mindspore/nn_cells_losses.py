"""Cell machinery (SequentialCell, CellList, cells_and_names, insert_param_to_cell,
set_train, set_grad, to_float, parameter names through containers and wrappers), losses
with each reduction and their gradients, and the errors of bad arguments."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor, Parameter, ParameterTuple, ops
from mindspore import dtype as mstype
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)


def t(*shape):
    return Tensor(rng.normal(size=shape).astype(np.float32))


seq = nn.SequentialCell([nn.Dense(3, 4, weight_init=t(4, 3), bias_init=t(4)), nn.ReLU(),
                         nn.Dense(4, 2, weight_init=t(2, 4), bias_init='zeros')])
x = t(5, 3)
emit("seq", seq(x))
emit_text("seq_names", [n for n, _ in seq.parameters_and_names()])
emit_text("seq_param_names", [p.name for p in seq.trainable_params()])
emit_text("seq_repr", repr(seq))
emit_text("seq_len_item", [len(seq), type(seq[1]).__name__, type(seq[-1]).__name__])
emit_text("seq_cells_and_names", [n for n, _ in seq.cells_and_names()])
seq.append(nn.Sigmoid())
emit("seq_appended", seq(x))


class Model(nn.Cell):
    def __init__(self):
        super().__init__()
        self.body = nn.SequentialCell(nn.Dense(3, 3, weight_init=t(3, 3), bias_init=t(3)), nn.ReLU())
        self.heads = nn.CellList([nn.Dense(3, 1, weight_init=t(1, 3), bias_init='zeros'),
                                  nn.Dense(3, 2, weight_init=t(2, 3), bias_init='ones')])
        self.scale = Parameter(Tensor(np.array([2.0], np.float32)))
        self.norm = nn.BatchNorm1d(3)

    def construct(self, x):
        h = self.norm(self.body(x))
        return self.heads[0](h) * self.scale, self.heads[1](h)


m = Model()
emit_text("model_names", [n for n, _ in m.parameters_and_names()])
emit_text("model_param_names", [p.name for p in m.get_parameters()])
emit_text("model_trainable", [p.name for p in m.trainable_params()])
emit_text("model_cells", [n for n, _ in m.cells_and_names()])
emit_text("model_repr", repr(m))
emit_text("training_flags", [m.training, m.norm.training])
m.set_train()
emit_text("training_flags_after", [m.training, m.body.training, m.norm.training])
emit("model_out", m(x))
sens = (Tensor(rng.uniform(0.5, 1.5, (5, 1)).astype(np.float32)), Tensor(rng.uniform(0.5, 1.5, (5, 2)).astype(np.float32)))
emit("model_grads", ops.GradOperation(get_by_list=True, sens_param=True)(m, ParameterTuple(m.trainable_params()))(x, sens))
m.set_train(False)
emit("model_out_eval", m(x))
emit("model_moving", [m.norm.moving_mean, m.norm.moving_variance])
# after the calls: in PyNative, a set_grad() Cell's forward is reused by the next gradient
emit_text("set_grad_returns", type(m.set_grad()).__name__)

cell = nn.Cell()
cell.insert_param_to_cell("w", Parameter(Tensor(np.array([1.0], np.float32))))
emit_text("inserted", [[n for n, _ in cell.parameters_and_names()], cell.w.name])
expect_error("insert_dot", lambda: cell.insert_param_to_cell("a.b", Parameter(Tensor(1.0))), "should not contain")
expect_error("insert_not_param", lambda: cell.insert_param_to_cell("a", 3), "must be 'Parameter' if not None")
expect_error("to_float_int", lambda: nn.Dense(2, 2).to_float(mstype.int32), "must be mstype.float32")

half = nn.Dense(2, 2, weight_init=Tensor(np.eye(2, dtype=np.float16)), bias_init=Tensor(np.zeros(2, np.float16)))
half.to_float(mstype.float16)
emit("to_float_out", half(Tensor(np.array([[1.0, 2.0]], np.float32))))

logits, labels = t(4, 3), t(4, 3)
for reduction in ("mean", "sum", "none"):
    for name, loss in (("mse", nn.MSELoss(reduction)), ("l1", nn.L1Loss(reduction)),
                       ("bce", nn.BCEWithLogitsLoss(reduction))):
        target = Tensor((rng.random((4, 3)) > 0.5).astype(np.float32)) if name == "bce" else labels
        emit(f"{name}_{reduction}", loss(logits, target))
        emit(f"{name}_{reduction}_grad", ops.GradOperation(get_all=True)(loss)(logits, target))
emit("l1_tie_grad", ops.GradOperation()(nn.L1Loss())(labels, labels))
bce_w = nn.BCEWithLogitsLoss(weight=Tensor(np.array([1.0, 2.0, 0.5], np.float32)),
                             pos_weight=Tensor(np.array([3.0, 1.0, 1.0], np.float32)))
target = Tensor((rng.random((4, 3)) > 0.5).astype(np.float32))
emit("bce_weighted", bce_w(logits, target))
emit("bce_weighted_grad", ops.GradOperation()(bce_w)(logits, target))

ids = Tensor(np.array([0, 2, 1, 2], np.int32))
onehot = Tensor(np.eye(3, dtype=np.float32)[[0, 2, 1, 2]])
for sparse, lab in ((True, ids), (False, onehot)):
    for reduction in ("mean", "sum", "none"):
        loss = nn.SoftmaxCrossEntropyWithLogits(sparse=sparse, reduction=reduction)
        key = f"xent_{'sparse' if sparse else 'dense'}_{reduction}"
        emit(key, loss(logits, lab))
        emit(key + "_grad", ops.GradOperation()(loss)(logits, lab))
emit_text("loss_reprs", [repr(nn.MSELoss()), repr(nn.SoftmaxCrossEntropyWithLogits(sparse=True))])

expect_error("bad_reduction", lambda: nn.MSELoss("avg"), "the 'reduction' must be in ['mean', 'sum', 'none']")
expect_error("mse_not_tensor", lambda: nn.MSELoss()(logits, 1.0), "For 'MSELoss', the 'labels' must be")
expect_error("sens_zero", lambda: nn.TrainOneStepCell(nn.Dense(2, 2), nn.SGD(nn.Dense(2, 2).trainable_params()), sens=0),
             "can not be 0")
expect_error("momentum_int", lambda: nn.Momentum(nn.Dense(2, 2).trainable_params(), 0.1, 1),
             "the type of 'momentum' should be 'float', but got type 'int'.")
expect_error("momentum_negative", lambda: nn.Momentum(nn.Dense(2, 2).trainable_params(), 0.1, -0.5),
             "the argument 'momentum' must be at least 0.0, but got -0.5")
expect_error("sgd_nesterov", lambda: nn.SGD(nn.Dense(2, 2).trainable_params(), nesterov=True),
             "if 'nesterov' is true, 'momentum' must be > 0.0")
expect_error("lr_negative", lambda: nn.SGD(nn.Dense(2, 2).trainable_params(), learning_rate=-1.0),
             "the 'learning rate' must be float and must >= 0, but got '-1.0' with type 'float'.")
expect_error("adam_beta1", lambda: nn.Adam(nn.Dense(2, 2).trainable_params(), beta1=1.5),
             "the 'beta1' must be in range of (0.0, 1.0), but got 1.5 with type 'float'.")
expect_error("dropout_p", lambda: nn.Dropout(p=1.0), "the 'p' must be a number in range [0, 1), but got 1.0.")
expect_error("dropout_keep_prob", lambda: nn.Dropout(keep_prob=0.0),
             "the 'keep_prob' must be a number in range (0, 1], but got 0.0.")
expect_error("set_context_mode", lambda: mindspore.set_context(mode=5),
             "the argument 'mode' should be context.GRAPH_MODE (0) or context.PYNATIVE_MODE (1), but got 5.")
expect_error("dense_weight_shape", lambda: nn.Dense(3, 2, weight_init=t(3, 2)), "weight init shape error. The ndim of 'weight_init' must be equal to 2")
expect_error("dense_bias_shape", lambda: nn.Dense(3, 2, bias_init=t(3)), "bias init shape error")
