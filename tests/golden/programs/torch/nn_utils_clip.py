"""torch.nn.utils: clip_grad_norm_ (norm types, returned norm, in-place scaling),
clip_grad_value_, parameters_to_vector / vector_to_parameters; Module.zero_grad(set_to_none=False)
and copy.deepcopy of a module."""
import copy
import math

import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error


def model_with_grads():
    m = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
    m.load_state_dict({"0.weight": torch.tensor([[1.0, -2.0, 0.5], [0.3, 0.2, -1.0]]),
                       "0.bias": torch.tensor([0.1, -0.1]), "2.weight": torch.tensor([[2.0, -3.0]]),
                       "2.bias": torch.tensor([0.5])})
    (m(torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])) ** 2).sum().backward()
    return m


for norm_type in [2.0, 1, math.inf]:
    for max_norm in [0.5, 100.0]:
        m = model_with_grads()
        total = nn.utils.clip_grad_norm_(m.parameters(), max_norm, norm_type=norm_type)
        emit(f"clip_norm_{norm_type}_{max_norm}", total)
        emit(f"clip_grads_{norm_type}_{max_norm}", [p.grad for p in m.parameters()])
m = model_with_grads()
nn.utils.clip_grad_value_(m.parameters(), 0.5)
emit("clip_value_grads", [p.grad for p in m.parameters()])
emit("clip_no_grads", nn.utils.clip_grad_norm_(nn.Linear(2, 2).parameters(), 1.0))
m = model_with_grads()
with torch.no_grad():
    m[0].weight.grad[0, 0] = float("inf")
expect_error("clip_nonfinite", lambda: nn.utils.clip_grad_norm_(m.parameters(), 1.0, error_if_nonfinite=True),
             "is non-finite, so it cannot be clipped")

m = model_with_grads()
vec = nn.utils.parameters_to_vector(m.parameters())
emit("params_to_vector", vec)
nn.utils.vector_to_parameters(vec * 2, m.parameters())
emit("vector_to_params", dict(m.state_dict()))

m = model_with_grads()
m.zero_grad(set_to_none=False)
emit("zero_grad_false", [p.grad for p in m.parameters()])

m = model_with_grads()
m2 = copy.deepcopy(m)
with torch.no_grad():
    m2[0].weight.add_(1.0)
emit("deepcopy_independent", [m[0].weight, m2[0].weight])
emit_text("deepcopy_types", [type(p).__name__ for p in m2.parameters()])
emit_text("deepcopy_grad", m2[0].weight.grad is not None)
