"""Container and optimizer-state naming: SequentialCell from an OrderedDict, CellList
insert/append/extend, ParameterTuple.clone, the optimizer's moment names, Dropout in
training mode with p=0, deleting and replacing child cells."""
from collections import OrderedDict

import numpy as np
import mindspore.nn as nn
from mindspore import Tensor, ParameterTuple
from harness import emit, emit_text


def dense(i, o, seed):
    rng = np.random.default_rng(seed)
    return nn.Dense(i, o, weight_init=Tensor(rng.normal(size=(o, i)).astype(np.float32)), bias_init="zeros")


named = nn.SequentialCell(OrderedDict([("first", dense(2, 3, 0)), ("act", nn.ReLU()), ("second", dense(3, 1, 1))]))
emit_text("ordered_names", [n for n, _ in named.parameters_and_names()])
emit_text("ordered_param_names", [p.name for p in named.trainable_params()])
emit_text("ordered_repr", repr(named))
x = Tensor(np.array([[1.0, -1.0], [0.5, 2.0]], np.float32))
emit("ordered_out", named(x))

cells = nn.CellList([dense(2, 2, 2)])
cells.append(dense(2, 3, 3))
cells.insert(0, nn.ReLU())
cells.extend([nn.Sigmoid()])
emit_text("celllist_names", [n for n, _ in cells.parameters_and_names()])
emit_text("celllist_types", [type(c).__name__ for c in cells])
emit_text("celllist_len", len(cells))
emit_text("celllist_repr", repr(cells))

net = nn.SequentialCell([dense(2, 2, 4), nn.ReLU(), dense(2, 1, 5)])
params = ParameterTuple(net.trainable_params())
clones = params.clone(prefix="slot", init="zeros")
emit_text("clone_names", [p.name for p in clones])
emit("clone_values", list(clones))
opt = nn.Momentum(net.trainable_params(), 0.1, 0.9)
emit_text("moment_names", [p.name for p in opt.moments])
adam = nn.Adam(net.trainable_params())
emit_text("adam_slot_names", [[p.name for p in adam.moment1], [p.name for p in adam.moment2]])
adamw = nn.AdamWeightDecay(net.trainable_params())
emit_text("adamw_slot_names", [[p.name for p in adamw.moments1], [p.name for p in adamw.moments2]])
sgd = nn.SGD(net.trainable_params(), momentum=0.5)
emit_text("sgd_slot_names", [[p.name for p in sgd.accum], [p.name for p in sgd.stat]])
emit("sgd_stat_values", list(sgd.stat))
emit_text("optimizer_lr", [repr(opt.learning_rate), str(opt.get_lr().dtype), opt.get_lr().shape])
emit("optimizer_lr_value", opt.get_lr())

drop = nn.Dropout(p=0.0)
drop.set_train()
emit("dropout_p0_train", drop(x))
emit_text("trainable_after_freeze", [p.name for p in named.trainable_params()])
named.first.weight.requires_grad = False
emit_text("trainable_after_freeze2", [p.name for p in named.trainable_params()])
emit_text("untrainable", [p.name for p in named.untrainable_params()])
