# mindspore.amp: loss scalers (scale / unscale / adjust), all_finite, auto_mixed_precision levels
# (dtypes, reprs, gradients reaching float32 Parameters), build_train_network and Model with
# amp_level and a loss-scale manager, the managers' update rules, and MindSpore's errors (on CPU).
# Values live on a binary grid float16 holds exactly.
import contextlib
import io

import numpy as np
import mindspore as ms
from mindspore import Tensor, nn
from mindspore import dtype as mstype
from mindspore import amp
from mindspore.amp import (DynamicLossScaleManager, DynamicLossScaler, FixedLossScaleManager, StaticLossScaler,
                           all_finite, auto_mixed_precision, build_train_network)
from mindspore.train import LossMonitor, Model
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(21)
x = (rng.integers(-2, 3, (4, 4)) * 0.5).astype(np.float32)
y = np.eye(4, dtype=np.float32)[[0, 1, 2, 3]]
w0 = (rng.integers(-16, 17, (4, 4)) / 64).astype(np.float32)
b0 = ((2 * rng.integers(-8, 8, 4) + 1) / 256).astype(np.float32)


def dense():
    return nn.Dense(4, 4, weight_init=Tensor(w0), bias_init=Tensor(b0))


# -- scalers and all_finite -----------------------------------------------------------------------
scaler = DynamicLossScaler(1024, 2, 2)
emit_text("scale_value_repr", repr(scaler.scale_value))
emit_text("counter_repr", repr(scaler.counter))
emit("scale_tensor", scaler.scale(Tensor(np.array([1.5], np.float32))))
emit("scale_tuple", scaler.scale((Tensor(1.0), Tensor(np.array([2.0], np.float16)))))
emit("unscale", scaler.unscale(Tensor(np.array([2048.0], np.float32))))
emit("unscale_fp16", scaler.unscale(Tensor(np.array([512.0], np.float16))))
trace = []
for finite in [True, True, True, False, False, True]:
    trace.append((scaler.adjust(Tensor(finite)), float(scaler.scale_value.asnumpy()), int(scaler.counter.asnumpy())))
emit("dynamic_adjust", trace)
static = StaticLossScaler(8)
emit("static", [static.adjust(Tensor(False)), static.scale(Tensor(2.0)), static.unscale(Tensor(2.0))])
finite = all_finite((Tensor(np.array([1.0, np.inf], np.float32)), Tensor(1.0)))
emit("all_finite_inf", finite)
emit_text("all_finite_dtype", f"{finite.dtype} {finite.shape}")
emit("all_finite_ok", all_finite([Tensor(np.ones((2, 3), np.float16)), Tensor(np.array([0.5], np.float32))]))
emit("all_finite_nan", all_finite([Tensor(np.array([np.nan], np.float16))]))


def scaled_grads(net, scaler):
    def forward(data, label):
        loss = nn.L1Loss()(net(data), label)
        return scaler.scale(loss)
    return ms.value_and_grad(forward, None, net.trainable_params())(Tensor(x), Tensor(y))


loss, grads = scaled_grads(dense(), StaticLossScaler(64))
emit("scaled_loss", loss)
emit("scaled_grads", grads)

# -- auto_mixed_precision ----------------------------------------------------------------------
emit("o0_identity", auto_mixed_precision(dense(), "O0") is not None)
seq = nn.SequentialCell([dense(), nn.BatchNorm1d(4), nn.ReLU()])
o2 = auto_mixed_precision(seq, "O2")
emit_text("o2_type", type(o2).__name__)
emit_text("o2_repr", repr(o2))
emit_text("o2_bn_type", type(seq[1]).__name__)
net = dense()
o2 = auto_mixed_precision(nn.SequentialCell([net]), "O2")
out = o2(Tensor(x))
emit("o2_output", out)
emit_text("o2_dtypes", f"{out.dtype} {net.weight.dtype}")
loss, grads = ms.value_and_grad(lambda d, l: nn.L1Loss()(o2(d), l), None, o2.trainable_params())(Tensor(x), Tensor(y))
emit("o2_loss", loss)
emit("o2_grads", grads)
emit_text("o2_grad_dtypes", [str(g.dtype) for g in grads])
o3 = auto_mixed_precision(dense(), "O3")
emit_text("o3", f"{type(o3).__name__} {o3(Tensor(x)).dtype}")
emit("o3_output", o3(Tensor(x)))
emit_text("o1_dtype", str(auto_mixed_precision(dense(), "O1")(Tensor(x)).dtype))
emit("o1_output", auto_mixed_precision(dense(), "O1")(Tensor(x)))
net = dense()
net.to_float(mstype.float16)
emit_text("to_float", f"{net(Tensor(x)).dtype} {net.weight.dtype}")

# -- build_train_network / Model with amp ---------------------------------------------------------
net = dense()
train_net = build_train_network(net, nn.SGD(net.trainable_params(), 0.5), nn.L1Loss(), level="O0")
emit_text("build_o0", type(train_net).__name__)
emit("build_o0_step", train_net(Tensor(x), Tensor(y)))
net = dense()
train_net = build_train_network(net, nn.SGD(net.trainable_params(), 0.5, loss_scale=128.0), nn.L1Loss(), level="O2",
                                loss_scale_manager=FixedLossScaleManager(128.0, drop_overflow_update=False))
emit_text("build_o2_fixed", type(train_net).__name__)
emit("build_o2_fixed_step", [train_net(Tensor(x), Tensor(y)), train_net(Tensor(x), Tensor(y))])
emit("build_o2_fixed_weight", net.weight)
net = dense()
train_net = build_train_network(net, nn.SGD(net.trainable_params(), 0.5), nn.L1Loss(), level="O3")
emit("build_o3_step", [train_net(Tensor(x), Tensor(y)), train_net(Tensor(x), Tensor(y))])
emit("build_o3_weight", net.weight)

net = dense()
opt = nn.SGD(net.trainable_params(), 0.5, loss_scale=64.0)
manager = FixedLossScaleManager(64.0, drop_overflow_update=False)
model = Model(net, nn.L1Loss(), opt, metrics={"acc"}, amp_level="O2", loss_scale_manager=manager)
data = __import__("mindspore.dataset", fromlist=["x"]).NumpySlicesDataset((x, y), shuffle=False).batch(2)
out = io.StringIO()
with contextlib.redirect_stdout(out):
    model.train(2, data, callbacks=[LossMonitor()])
emit_text("model_o2_loss_monitor", out.getvalue())
emit("model_o2_weight", net.weight)
emit("model_o2_eval", model.eval(data))
emit_text("model_o2_networks", f"{type(model.train_network).__name__} {type(model.eval_network).__name__}")

# -- loss-scale managers --------------------------------------------------------------------------
dynamic = DynamicLossScaleManager(init_loss_scale=16, scale_factor=2, scale_window=2)
trace = []
for overflow in [False, False, True, False, False, False]:
    dynamic.update_loss_scale(overflow)
    trace.append(dynamic.get_loss_scale())
emit("dynamic_manager", trace)
emit_text("dynamic_update_cell", type(dynamic.get_update_cell()).__name__)
fixed = FixedLossScaleManager(32.0)
emit("fixed_manager", [fixed.get_loss_scale(), fixed.get_drop_overflow_update(),
                       FixedLossScaleManager(drop_overflow_update=False).get_update_cell() is None])
emit_text("fixed_update_cell", type(fixed.get_update_cell()).__name__)
emit("update_cell_scale", fixed.get_update_cell().get_loss_scale())

# -- errors ---------------------------------------------------------------------------------------
net = dense()
opt = nn.SGD(net.trainable_params(), 0.5)
expect_error("o2_default_on_cpu", lambda: build_train_network(net, opt, nn.L1Loss(), level="O2"),
             "are supported on device `CPU`")
expect_error("model_o2_default_on_cpu", lambda: Model(net, nn.L1Loss(), opt, amp_level="O2"),
             "are supported on device `CPU`")
expect_error("fixed_drop_on_cpu", lambda: build_train_network(
    net, opt, nn.L1Loss(), level="O0", loss_scale_manager=FixedLossScaleManager()), "supported on device")
expect_error("build_level", lambda: build_train_network(net, opt, level="O5"), "should be in")
expect_error("build_kwargs", lambda: build_train_network(net, opt, level="O0", foo=1), "Unsupported arg 'foo'")
expect_error("amp_level", lambda: auto_mixed_precision(dense(), "O9"), "is not supported")
expect_error("amp_network", lambda: auto_mixed_precision(3, "O2"), "should be Cell")
expect_error("amp_dtype", lambda: auto_mixed_precision(dense(), "O2", mstype.float32), "The dtype should be one of")
expect_error("static_small", lambda: StaticLossScaler(0.5), "must be > 1")
expect_error("static_type", lambda: StaticLossScaler("a"), "should be one of")
expect_error("dynamic_factor", lambda: DynamicLossScaler(8, 0, 1), "must be int and must > 0")
expect_error("dynamic_window", lambda: DynamicLossScaler(8, 2, 1.5), "must be int")
expect_error("fixed_small", lambda: FixedLossScaleManager(0.5), "must be >= 1")
expect_error("dynamic_manager_scale", lambda: DynamicLossScaleManager(0.5), "must be > 1")
expect_error("dynamic_manager_window", lambda: DynamicLossScaleManager(scale_window=0), "must be int and must > 0")
expect_error("dynamic_manager_factor", lambda: DynamicLossScaleManager(scale_factor=0), "must be > 0")
expect_error("model_manager_no_optimizer", lambda: Model(net, nn.L1Loss(), None,
                                                         loss_scale_manager=FixedLossScaleManager()), "can not be None")
expect_error("loss_scale_cell_shape", lambda: nn.TrainOneStepWithLossScaleCell(
    nn.WithLossCell(net, nn.L1Loss()), opt, Tensor(np.ones(2, np.float32))), "must be (1,) or ()")
expect_error("loss_scale_cell_type", lambda: nn.TrainOneStepWithLossScaleCell(
    nn.WithLossCell(net, nn.L1Loss()), opt, 3), "must be Cell or Tensor")
emit_text("amp_names", sorted(n for n in ["DynamicLossScaleManager", "LossScaleManager", "FixedLossScaleManager",
                                           "build_train_network", "DynamicLossScaler", "StaticLossScaler",
                                           "LossScaler", "auto_mixed_precision", "all_finite"] if hasattr(amp, n)))
