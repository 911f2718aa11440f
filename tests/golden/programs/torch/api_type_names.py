"""type(x), __module__ / __qualname__ and repr(type(...)) of tensors, modules, optimizers, data
classes as torch names them; pickling and copying modules and tensors; torch's module paths import."""
import copy
import io
import pickle

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import BatchSampler, DataLoader, Dataset, RandomSampler, SequentialSampler, Subset, TensorDataset
from harness import emit, emit_text

x = torch.tensor([1.0, 2.0])
lin = nn.Linear(2, 3)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]))
    lin.bias.copy_(torch.tensor([0.0, 0.1, -0.1]))
model = nn.Sequential(lin, nn.ReLU(), nn.Linear(3, 1))
with torch.no_grad():
    model[2].weight.fill_(0.5)
    model[2].bias.fill_(0.25)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
data = TensorDataset(torch.arange(6.0).reshape(3, 2), torch.tensor([0, 1, 0]))

objects = {
    "tensor": x, "int_tensor": torch.tensor([1]), "parameter": lin.weight, "size": x.shape, "dtype": x.dtype,
    "device": torch.device("cpu"), "generator": torch.Generator(), "no_grad": torch.no_grad(),
    "enable_grad": torch.enable_grad(),
    "linear": lin, "sequential": model, "module_list": nn.ModuleList([lin]), "module_dict": nn.ModuleDict({"a": lin}),
    "relu": nn.ReLU(), "tanh": nn.Tanh(), "sigmoid": nn.Sigmoid(), "gelu": nn.GELU(), "softmax": nn.Softmax(dim=1),
    "conv1d": nn.Conv1d(1, 1, 2), "conv2d": nn.Conv2d(1, 1, 2), "batchnorm1d": nn.BatchNorm1d(2),
    "batchnorm2d": nn.BatchNorm2d(2), "layernorm": nn.LayerNorm(2), "groupnorm": nn.GroupNorm(1, 2),
    "embedding": nn.Embedding(3, 2), "dropout": nn.Dropout(), "flatten": nn.Flatten(), "identity": nn.Identity(),
    "cross_entropy": nn.CrossEntropyLoss(), "mse": nn.MSELoss(), "nll": nn.NLLLoss(),
    "bce_logits": nn.BCEWithLogitsLoss(), "l1": nn.L1Loss(), "maxpool2d": nn.MaxPool2d(2), "avgpool2d": nn.AvgPool2d(2),
    "adaptive_avg": nn.AdaptiveAvgPool2d(1), "lstm": nn.LSTM(2, 2), "gru": nn.GRU(2, 2), "rnn": nn.RNN(2, 2),
    "mha": nn.MultiheadAttention(4, 2), "encoder_layer": nn.TransformerEncoderLayer(4, 2),
    "sgd": opt, "adam": torch.optim.Adam(model.parameters()), "adamw": torch.optim.AdamW(model.parameters()),
    "rmsprop": torch.optim.RMSprop(model.parameters()), "adagrad": torch.optim.Adagrad(model.parameters()),
    "steplr": torch.optim.lr_scheduler.StepLR(opt, 1), "cosine": torch.optim.lr_scheduler.CosineAnnealingLR(opt, 2),
    "lambdalr": torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0),
    "dataloader": DataLoader(data, batch_size=2), "tensor_dataset": data, "subset": Subset(data, [0]),
    "random_sampler": RandomSampler(data), "sequential_sampler": SequentialSampler(data),
    "batch_sampler": BatchSampler(SequentialSampler(data), 2, False),
    "sort_result": torch.sort(x), "max_result": torch.max(torch.ones(2, 2), 1),
}
for name, obj in objects.items():
    cls = type(obj)
    emit_text(name, f"{cls!r} {cls.__module__} {cls.__qualname__} {cls.__name__}")
emit_text("classes", " ".join(repr(c) for c in [torch.Tensor, nn.Module, nn.Parameter, torch.optim.Optimizer, Dataset,
                                                 torch.autograd.Function, torch.Size]))
emit_text("module_of_base", f"{nn.Module.__module__} {torch.optim.Optimizer.__module__} {Dataset.__module__}")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = model

    def forward(self, x):
        return self.body(x)


net = Net()
emit_text("user_class", f"{type(net).__module__} {type(net).__qualname__} {type(net.body)!r}")

# pickling and copying keep working
for name, obj in {"linear": lin, "sequential": model, "net": net}.items():
    again = pickle.loads(pickle.dumps(obj))
    emit_text(f"pickled_{name}_type", type(again))
    emit(f"pickled_{name}_out", again(torch.tensor([[1.0, -1.0]])))
    copied = copy.deepcopy(obj)
    emit(f"deepcopy_{name}_out", copied(torch.tensor([[1.0, -1.0]])))
    emit(f"deepcopy_{name}_distinct", [p is q for p, q in zip(copied.parameters(), obj.parameters())])
t = pickle.loads(pickle.dumps(torch.tensor([[1.5, 2.5]], requires_grad=True)))
emit("pickled_tensor", [t, t.requires_grad])
emit_text("pickled_tensor_type", type(t))
p = pickle.loads(pickle.dumps(lin.weight))
emit_text("pickled_parameter_type", type(p))
emit("pickled_sort", pickle.loads(pickle.dumps(torch.sort(torch.tensor([2.0, 1.0])))))
emit_text("pickled_size", repr(pickle.loads(pickle.dumps(torch.Size([2, 3])))))
emit_text("pickled_dtype", repr(pickle.loads(pickle.dumps(torch.float64))))
buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
buffer.seek(0)
emit("saved_state", torch.load(buffer))

# torch's module paths are importable
import torch.nn.modules.linear
from torch.optim.sgd import SGD
from torch.nn.modules.container import Sequential
from torch.utils.data.dataloader import DataLoader as DL

emit("module_paths", [torch.nn.modules.linear.Linear is nn.Linear, SGD is torch.optim.SGD,
                      Sequential is nn.Sequential, DL is DataLoader])
emit("isinstance_checks", [isinstance(x, torch.Tensor), isinstance(lin.weight, nn.Parameter),
                           isinstance(lin.weight, torch.Tensor), isinstance(model, nn.Module),
                           isinstance(opt, torch.optim.Optimizer), isinstance(torch.sort(x), tuple),
                           isinstance(torch.sort(x), torch.return_types.sort)])
emit_text("print_model", model)
