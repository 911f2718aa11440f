# mindspore.train.Model: train / eval / predict / fit on mindspore.dataset pipelines, the callback
# stages and parameters, LossMonitor / TimeMonitor / History / EarlyStopping / ModelCheckpoint output,
# and MindSpore's errors. Values live on a binary grid (L1 loss over 16 outputs, inputs in halves,
# weights in 1/64ths, biases odd multiples of 1/256, lr 0.5), so the printed losses are exact.
import contextlib
import io
import os
import re
import tempfile

import numpy as np
import mindspore as ms
import mindspore.dataset as ds
from mindspore import Tensor, nn
from mindspore.train import (Accuracy, Callback, CheckpointConfig, EarlyStopping, History, LambdaCallback, Loss,
                             LearningRateScheduler, LossMonitor, Model, ModelCheckpoint, RunContext, TimeMonitor)
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)
labels = np.tile(np.arange(4), 4)
rng.shuffle(labels)
x = (np.eye(4)[labels] * 2 + rng.integers(-1, 2, (16, 4)) * 0.5).astype(np.float32)
y = np.eye(4, dtype=np.float32)[labels]
w0 = (rng.integers(-16, 17, (4, 4)) / 64).astype(np.float32)
b0 = ((2 * rng.integers(-8, 8, 4) + 1) / 256).astype(np.float32)


def dataset(n=16):
    return ds.NumpySlicesDataset((x[:n], y[:n]), column_names=["x", "y"], shuffle=False).batch(4)


def fresh():
    net = nn.Dense(4, 4, weight_init=Tensor(w0), bias_init=Tensor(b0))
    opt = nn.SGD(net.trainable_params(), learning_rate=0.5)
    return net, opt


def captured(fn):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn()
    return out.getvalue(), result


class Recorder(Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_train_begin(self, run_context):
        p = run_context.original_args()
        self.events.append(f"train_begin epoch_num={p.epoch_num} batch_num={p.batch_num} mode={p.mode}")
        self.keys = sorted(p.keys())

    def on_train_epoch_begin(self, run_context):
        self.events.append(f"epoch_begin {run_context.original_args().cur_epoch_num}")

    def on_train_step_end(self, run_context):
        p = run_context.original_args()
        self.events.append(f"step_end {p.cur_epoch_num} {p.cur_step_num} {float(p.net_outputs.asnumpy())} "
                           f"{type(p.train_network).__name__} {len(p.train_dataset_element)} {p.dataset_sink_mode}")

    def on_train_epoch_end(self, run_context):
        self.events.append(f"epoch_end {run_context.original_args().cur_epoch_num}")

    def on_train_end(self, run_context):
        self.events.append("train_end")

    def on_eval_begin(self, run_context):
        p = run_context.original_args()
        self.events.append(f"eval_begin batch_num={p.batch_num} mode={p.mode}")

    def on_eval_step_end(self, run_context):
        p = run_context.original_args()
        self.events.append(f"eval_step {p.cur_step_num} {[type(o).__name__ for o in p.net_outputs]}")

    def on_eval_end(self, run_context):
        self.events.append(f"eval_end {run_context.original_args().metrics}")


# -- train with LossMonitor and a recording callback ----------------------------------------------
net, opt = fresh()
model = Model(net, nn.L1Loss(), opt, metrics={"acc": Accuracy(), "loss": Loss()})
emit_text("networks", f"{type(model.train_network).__name__} {type(model.eval_network).__name__} "
                      f"{type(model.predict_network).__name__}")
recorder = Recorder()
text, _ = captured(lambda: model.train(2, dataset(), callbacks=[LossMonitor(), recorder]))
emit_text("loss_monitor", text)
emit_text("events", "\n".join(recorder.events))
emit_text("cb_param_keys", recorder.keys)
emit("weight_after_train", net.weight)
emit("bias_after_train", net.bias)

text, _ = captured(lambda: model.train(1, dataset(), callbacks=LossMonitor(per_print_times=3)))
emit_text("loss_monitor_every_3", text)
text, _ = captured(lambda: model.train(1, dataset(), callbacks=[LossMonitor(0)]))
emit_text("loss_monitor_never", text)

# -- eval / predict --------------------------------------------------------------------------------
recorder = Recorder()
result = model.eval(dataset(), callbacks=[recorder])
emit("eval", result)
emit_text("eval_text", str(result))
emit_text("eval_events", "\n".join(recorder.events))
emit("predict", model.predict(Tensor(x[:3])))
emit("eval_network_outputs", model.eval_network(Tensor(x[:4]), Tensor(y[:4])))


# -- stopping, old-style callbacks, LambdaCallback ------------------------------------------------
class StopAfter(Callback):
    def step_end(self, run_context):
        if run_context.original_args().cur_step_num == 3:
            run_context.request_stop()


steps = []
lam = LambdaCallback(on_train_step_end=lambda rc: steps.append(rc.original_args().cur_step_num))
net, opt = fresh()
Model(net, nn.L1Loss(), opt).train(3, dataset(), callbacks=[StopAfter(), lam])
emit("stopped_steps", steps)

# -- LearningRateScheduler (0.5 -> 1.0 keeps every value on the grid) ------------------------------
net, opt = fresh()
seen = []
Model(net, nn.L1Loss(), opt).train(1, dataset(), callbacks=[LearningRateScheduler(
    lambda lr, step: seen.append((lr, step)) or (1.0 if step >= 2 else lr))])
emit("lr_scheduler_calls", seen)
emit("lr_after", opt.learning_rate)
emit("lr_weight", net.weight)

# -- TimeMonitor's line ---------------------------------------------------------------------------
net, opt = fresh()
text, _ = captured(lambda: Model(net, nn.L1Loss(), opt).train(1, dataset(8), callbacks=TimeMonitor()))
emit("time_monitor_format", bool(re.fullmatch(r"Train epoch time: \d+\.\d{3} ms, per step time: \d+\.\d{3} ms\n", text)))

# -- fit: evaluation per epoch, History, EarlyStopping --------------------------------------------
net, opt = fresh()
model = Model(net, nn.L1Loss(), opt, metrics={"acc": Accuracy()})
history = History()
text, _ = captured(lambda: model.fit(2, dataset(), dataset(8), callbacks=[LossMonitor(2), history]))
emit_text("fit_text", text)
emit("history", history.history)
emit("history_epochs", history.epoch)

net, opt = fresh()
model = Model(net, nn.L1Loss(), opt, metrics={"acc": Accuracy()})
stopper = EarlyStopping(monitor="acc", patience=1, mode="max", verbose=True)
epochs = []
text, _ = captured(lambda: model.fit(6, dataset(), dataset(8), valid_frequency=1, callbacks=[
    stopper, LambdaCallback(on_train_epoch_end=lambda rc: epochs.append(rc.original_args().cur_epoch_num))]))
emit("early_stop_epochs", epochs)
emit("early_stop_epoch", stopper.stopped_epoch)
emit_text("early_stop_text", text)

# -- ModelCheckpoint: file names, pruning, contents -----------------------------------------------
with tempfile.TemporaryDirectory() as directory:
    net, opt = fresh()
    model = Model(net, nn.L1Loss(), opt)
    config = CheckpointConfig(save_checkpoint_steps=3, keep_checkpoint_max=2)
    ckpt = ModelCheckpoint(prefix="net", directory=directory, config=config)
    model.train(2, dataset(), callbacks=[ckpt])
    emit_text("ckpt_files", sorted(os.listdir(directory)))
    emit_text("ckpt_latest", os.path.basename(ckpt.latest_ckpt_file_name))
    loaded = ms.load_checkpoint(os.path.join(directory, "net-2_4.ckpt"))
    emit_text("ckpt_keys", sorted(loaded))
    emit("ckpt_weight", loaded["weight"])
    emit("ckpt_global_step", loaded["global_step"])
    again = ModelCheckpoint(prefix="net", directory=directory, config=CheckpointConfig(save_checkpoint_steps=4))
    model.train(1, dataset(), callbacks=[again])
    emit_text("ckpt_files_second_prefix", sorted(os.listdir(directory)))
    policy = config.get_checkpoint_policy()
    emit_text("ckpt_policy", {k: v for k, v in policy.items() if k != "saved_network"})

# -- errors ---------------------------------------------------------------------------------------
net, opt = fresh()
model = Model(net, nn.L1Loss(), opt)
expect_error("loss_monitor_negative", lambda: LossMonitor(-1), "must be int and must >= 0")
expect_error("loss_monitor_float", lambda: LossMonitor(1.5), "must be int")
expect_error("time_monitor_data_time", lambda: TimeMonitor(data_time=1), "must be a bool")
expect_error("ckpt_config_negative", lambda: CheckpointConfig(save_checkpoint_steps=-1), "must >= 0")
expect_error("ckpt_config_all_zero", lambda: CheckpointConfig(save_checkpoint_steps=0, keep_checkpoint_max=0),
             "can't be all None or 0")
expect_error("ckpt_prefix", lambda: ModelCheckpoint(prefix="a/b"), "does not contain '/'")
expect_error("ckpt_config_type", lambda: ModelCheckpoint(config=1), "should be 'CheckpointConfig'")
expect_error("run_context", lambda: RunContext(1), "should be dict type")
expect_error("model_kwargs", lambda: Model(net, nn.L1Loss(), opt, foo=1), "should be 'loss_scale_manager'")
expect_error("model_amp_no_optimizer", lambda: Model(net, nn.L1Loss(), None, amp_level="O2"),
             "Auto mixed precision will not work")
expect_error("model_metrics_no_eval", lambda: Model(net, None, opt, metrics={"acc"}), "must not be None")
expect_error("model_metrics_list", lambda: Model(net, nn.L1Loss(), opt, metrics=["acc"]), "must be None, dict or set")
expect_error("model_metrics_name", lambda: Model(net, nn.L1Loss(), opt, metrics={"foo"}), "unsupported metric")
expect_error("model_eval_indexes", lambda: Model(net, nn.L1Loss(), opt, metrics={"acc"}, eval_network=net,
                                                 eval_indexes=[0]), "length of it must be three")
expect_error("model_network", lambda: Model(1, nn.L1Loss(), opt), "should be 'Cell'")
expect_error("model_level", lambda: Model(net, nn.L1Loss(), opt, amp_level="O5"), "should be in")
expect_error("train_epoch", lambda: model.train(0, dataset()), "must > 0")
expect_error("train_sink_mode", lambda: model.train(1, dataset(), dataset_sink_mode=1), "must be a bool")
expect_error("train_initial_epoch", lambda: model.train(1, dataset(), initial_epoch=1), "must bigger than")
expect_error("train_sink_size", lambda: model.train(1, dataset(), sink_size=-2), "must be -1 or positive")
expect_error("train_callbacks", lambda: model.train(1, dataset(), callbacks=[1]), "must be Callback functions")
expect_error("eval_no_metrics", lambda: model.eval(dataset()), "can not be None or empty")
three = ds.NumpySlicesDataset((x[:4], y[:4], y[:4]), shuffle=False).batch(2)
expect_error("train_three_columns", lambda: model.train(1, three), "should return two elements")
expect_error("fit_frequency", lambda: model.fit(1, dataset(), dataset(), valid_frequency=1.5), "must be a list or")
expect_error("fit_no_metrics", lambda: model.fit(1, dataset(), dataset()), "can not be")
expect_error("predict_numpy", lambda: model.predict(np.ones((2, 4))), "The types of input data must be")
expect_error("predict_empty", lambda: model.predict(Tensor(np.ones((0, 4), np.float32))), "can not be empty")
expect_error("early_stopping_mode", lambda: EarlyStopping(mode="x"), "mode should be")


class Nan(Callback):
    def on_train_step_begin(self, run_context):
        pass


def nan_training():
    bad_net, bad_opt = fresh()
    bad = ds.NumpySlicesDataset((np.full((4, 4), np.nan, np.float32), y[:4]), shuffle=False).batch(4)
    with contextlib.redirect_stdout(io.StringIO()):
        Model(bad_net, nn.L1Loss(), bad_opt).train(1, bad, callbacks=[LossMonitor()])


expect_error("loss_monitor_nan", nan_training, "loss is NAN or INF")
