"""UserWarnings torch emits for code it tolerates: category and exact text of each, and
that the calls still return torch's values."""
import warnings

import torch
import torch.nn.functional as F
from harness import emit, emit_text


def record(name, fn):
    """Emit what ``fn`` returns and the warnings it raised ('Category: message' lines)."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = fn()
    emit_text(name + "_warnings", "\n".join(f"{w.category.__name__}: {w.message}" for w in seen))
    emit(name, out)


x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
record("non_leaf_grad", lambda: (x * 2).grad)
record("retained_grad", lambda: (lambda y: (y.retain_grad(), y.grad)[1])(x * 2))
record("leaf_grad", lambda: x.grad)
record("tensor_of_tensor", lambda: torch.tensor(x))
record("tensor_of_tensor_dtype", lambda: torch.tensor(torch.tensor([1.5, 2.5]), dtype=torch.int64))
record("as_tensor_of_tensor", lambda: torch.as_tensor(x))
record("float_requires_grad", lambda: float(x.sum()))
record("float_no_grad", lambda: float(x.detach().sum()))
record("int_requires_grad", lambda: int(x.sum()))
record("item_requires_grad", lambda: x.sum().item())
record("softmax_no_dim", lambda: F.softmax(x))
record("log_softmax_no_dim", lambda: F.log_softmax(torch.ones(2, 3)))
record("softmax_module_no_dim", lambda: torch.nn.Softmax()(torch.ones(2, 2, 2)))
record("mse_target_size", lambda: F.mse_loss(torch.ones(3), torch.zeros(3, 1)))
record("l1_target_size", lambda: F.l1_loss(torch.ones(3), torch.zeros(1, 3)))
record("std_dof", lambda: torch.ones(1).std())
record("var_dof", lambda: torch.ones(1, 2).var(0))
record("T_1d", lambda: torch.ones(3).T)
record("T_3d", lambda: torch.ones(2, 3, 4).T)
record("T_0d", lambda: torch.tensor(2.0).T)
record("T_2d", lambda: torch.ones(2, 3).T)
record("t_1d", lambda: torch.ones(3).t())
record("index_uint8", lambda: torch.arange(3)[torch.tensor([1, 0, 1], dtype=torch.uint8)])
record("index_list_of_lists", lambda: torch.arange(6).reshape(2, 3)[[[0, 1], [2, 0]]])
