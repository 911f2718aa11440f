"""Devices on a host without CUDA, as a CPU-only torch answers: torch.device parsing and its
errors, tensor.device / is_cuda / get_device, .to / .cpu / .cuda and device= in factory
functions, torch.cuda's answers (no-ops where torch's are, AssertionError where a device is
needed), torch.accelerator, torch.backends flags, default device and the settings programs call.
The usual idiom, ``device = "cuda" if torch.cuda.is_available() else "cpu"``, runs on the CPU."""
import warnings

import numpy as np
import torch
from harness import emit, emit_text, expect_error

NO_CUDA = "Torch not compiled with CUDA enabled"

# ----- torch.device --------------------------------------------------------------------------
for spec in [("cpu",), ("cuda",), ("cuda:1",), ("cuda", 2), ("cpu", 0), ("cpu:0",), ("mps",), ("meta",)]:
    d = torch.device(*spec)
    emit_text(f"device_{'_'.join(map(str, spec))}", [repr(d), str(d), d.type, d.index])
emit_text("device_copy", repr(torch.device(torch.device("cuda:3"))))
emit_text("device_eq", [torch.device("cpu") == torch.device("cpu"), torch.device("cuda:0") == torch.device("cuda"),
                        torch.device("cuda", 0) == torch.device("cuda:0"), torch.device("cpu") == "cpu"])
emit_text("device_hash", len({torch.device("cpu"), torch.device("cpu"), torch.device("cuda:0")}))
expect_error("device_unknown_type", lambda: torch.device("gpu"), "device type at start of device string: gpu")
expect_error("device_uppercase", lambda: torch.device("CPU"), "device type at start of device string: CPU")
expect_error("device_bad_index", lambda: torch.device("cuda:x"), "Invalid device string: 'cuda:x'")
expect_error("device_negative_string", lambda: torch.device("cuda:-1"), "Invalid device string: 'cuda:-1'")
expect_error("device_space", lambda: torch.device("cuda: 0"), "Invalid device string: 'cuda: 0'")
expect_error("device_two_indices", lambda: torch.device("cuda:0", 1), "must not include an index because index was passed explicitly")
expect_error("device_negative_index", lambda: torch.device("cuda", -1), "Device index must not be negative")
expect_error("device_int_no_accelerator", lambda: torch.device(0), "Cannot access accelerator device when none is available.")

# ----- the idiom -----------------------------------------------------------------------------
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
emit_text("idiom_device", repr(device))
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device, requires_grad=True)
y = (x.to(device) * 2).sum()
y.backward()
emit("idiom_grad", x.grad)
emit_text("idiom_devices", [repr(x.device), repr(y.device), repr(x.grad.device)])

# ----- tensors -------------------------------------------------------------------------------
t = torch.arange(6.0).reshape(2, 3)
emit_text("tensor_device", [repr(t.device), str(t.device), t.is_cuda, t.is_cpu, t.get_device()])
emit_text("to_cpu_same", [t.to("cpu") is t, t.cpu() is t, t.to(torch.device("cpu")) is t, t.to("cpu:0") is t])
emit_text("to_copy", t.to("cpu", copy=True) is t)
emit_text("to_device_dtype", [t.to("cpu", torch.float64).dtype, t.to(device="cpu", dtype=torch.int32).dtype])
emit_text("to_other", [t.to(torch.zeros(1, dtype=torch.int64)).dtype, repr(t.to(torch.zeros(1)).device)])
emit_text("to_non_blocking", repr(t.to("cpu", non_blocking=True).device))
w = torch.ones(3, requires_grad=True)
moved = w.to("cpu", torch.float64)
emit_text("to_grad_fn", moved.grad_fn.name())
g, = torch.autograd.grad((moved * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum(), w)
emit("to_grad", g)
emit_text("to_grad_dtype", g.dtype)
for name, fn in [("zeros", lambda: torch.zeros(2, device="cpu")), ("ones", lambda: torch.ones(2, device=torch.device("cpu"))),
                 ("full", lambda: torch.full((2,), 3.0, device="cpu")), ("arange", lambda: torch.arange(3, device="cpu")),
                 ("eye", lambda: torch.eye(2, device="cpu")), ("tensor", lambda: torch.tensor([1, 2], device="cpu")),
                 ("empty", lambda: torch.empty(2, device="cpu")), ("zeros_like", lambda: torch.zeros_like(t, device="cpu")),
                 ("linspace", lambda: torch.linspace(0, 1, 3, device="cpu")), ("randn", lambda: torch.randn(2, device="cpu")),
                 ("cpu1", lambda: torch.zeros(2, device="cpu:1"))]:
    emit_text(f"factory_{name}", repr(fn().device))
expect_error("cuda_method", lambda: t.cuda(), NO_CUDA)
expect_error("to_cuda", lambda: t.to("cuda"), NO_CUDA)
expect_error("to_cuda_index", lambda: t.to("cuda:1"), NO_CUDA)
expect_error("to_cuda_device", lambda: t.to(torch.device("cuda")), NO_CUDA)
expect_error("zeros_cuda", lambda: torch.zeros(2, device="cuda"), NO_CUDA)
expect_error("tensor_cuda", lambda: torch.tensor([1.0], device="cuda:0"), NO_CUDA)
expect_error("ones_like_cuda", lambda: torch.ones_like(t, device="cuda"), NO_CUDA)
expect_error("to_bad_device", lambda: t.to("gpu"), "device type at start of device string: gpu")

# ----- torch.cuda ----------------------------------------------------------------------------
emit_text("cuda_answers", [torch.cuda.is_available(), torch.cuda.device_count(), torch.cuda.is_initialized(),
                           torch.cuda.is_bf16_supported(), torch.cuda.get_arch_list()])
emit_text("cuda_noops", [torch.cuda.manual_seed(0), torch.cuda.manual_seed_all(0), torch.cuda.empty_cache(),
                         torch.cuda.seed(), torch.cuda.set_device(-1)])
emit_text("cuda_memory", [torch.cuda.memory_allocated(), torch.cuda.max_memory_allocated(),
                          torch.cuda.memory_reserved(), torch.cuda.max_memory_reserved(),
                          torch.cuda.memory_allocated(0), torch.cuda.memory_allocated("cuda:1")])
for name, fn in [("current_device", torch.cuda.current_device), ("get_device_name", torch.cuda.get_device_name),
                 ("get_device_name_0", lambda: torch.cuda.get_device_name(0)),
                 ("get_device_properties", lambda: torch.cuda.get_device_properties(0)),
                 ("get_device_capability", torch.cuda.get_device_capability), ("synchronize", torch.cuda.synchronize),
                 ("mem_get_info", torch.cuda.mem_get_info), ("initial_seed", torch.cuda.initial_seed)]:
    expect_error(f"cuda_{name}", fn, NO_CUDA)
expect_error("cuda_set_device_cpu", lambda: torch.cuda.set_device("cpu"), "Expected a cuda device, but got: cpu")
expect_error("cuda_set_device_none", lambda: torch.cuda.set_device(None), "Expected a torch.device with a specified index")
expect_error("cuda_device_cpu", lambda: torch.cuda.device("cpu"), "Expected a cuda device, but got: cpu")
expect_error("cuda_device_enter", lambda: torch.cuda.device(0).__enter__(), "PyTorch was compiled without CUDA support")
expect_error("cuda_event", lambda: torch.cuda.Event(enable_timing=True), "Tried to instantiate dummy base class Event")
expect_error("cuda_manual_seed_bad", lambda: torch.cuda.manual_seed("a"), "invalid literal for int()")

# ----- torch.accelerator, torch.backends -----------------------------------------------------
emit_text("accelerator", [torch.accelerator.is_available(), torch.accelerator.current_accelerator(),
                          torch.accelerator.device_count()])
for name, fn in [("current_device_index", torch.accelerator.current_device_index),
                 ("synchronize", torch.accelerator.synchronize),
                 ("set_device_index", lambda: torch.accelerator.set_device_index(0))]:
    expect_error(f"accelerator_{name}", fn, "Cannot access accelerator device when none is available.")
emit_text("backends_mps", [torch.backends.mps.is_available(), torch.backends.mps.is_built()])
emit_text("backends_cudnn", [torch.backends.cudnn.is_available(), torch.backends.cudnn.version(),
                             torch.backends.cudnn.enabled, torch.backends.cudnn.benchmark,
                             torch.backends.cudnn.deterministic, torch.backends.cudnn.allow_tf32])
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
emit_text("backends_cudnn_set", [torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic])
emit_text("backends_cuda", [torch.backends.cuda.is_built(), torch.backends.cuda.matmul.allow_tf32])

# ----- default device and settings -----------------------------------------------------------
emit_text("default_device", repr(torch.get_default_device()))
torch.set_default_device("cpu")
emit_text("default_device_cpu", [repr(torch.get_default_device()), repr(torch.zeros(1).device)])
torch.set_default_device("cuda")  # accepted; using it fails as torch does
expect_error("default_device_cuda_get", torch.get_default_device, NO_CUDA)
expect_error("default_device_cuda_zeros", lambda: torch.zeros(1), NO_CUDA)
torch.set_default_device(None)
emit_text("default_device_reset", repr(torch.get_default_device()))
expect_error("default_device_bad", lambda: torch.set_default_device("gpu"), "device type at start of device string")
with torch.device("cpu"):
    emit_text("device_context", repr(torch.ones(1).device))
torch.use_deterministic_algorithms(True)
emit_text("deterministic", [torch.are_deterministic_algorithms_enabled(),
                            torch.is_deterministic_algorithms_warn_only_enabled()])
torch.use_deterministic_algorithms(False)
torch.set_num_threads(1)
emit_text("num_threads", torch.get_num_threads())
expect_error("num_threads_zero", lambda: torch.set_num_threads(0), "set_num_threads expects a positive integer")
emit_text("matmul_precision_default", torch.get_float32_matmul_precision())
torch.set_float32_matmul_precision("high")
emit_text("matmul_precision_high", [torch.get_float32_matmul_precision(), torch.backends.cuda.matmul.allow_tf32])
torch.set_float32_matmul_precision("highest")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.set_float32_matmul_precision("bad")
emit_text("matmul_precision_bad", [str(w.message).split(" (Triggered internally")[0] for w in caught])
emit_text("matmul_precision_after", torch.get_float32_matmul_precision())
emit("after_all", torch.tensor(np.arange(4.0)) @ torch.tensor(np.arange(4.0)))

# ----- pinned and shared memory ----------------------------------------------------------------
emit_text("pinned", [t.is_pinned(), t.is_meta, t.share_memory_() is t, t.is_shared()])
expect_error("pin_memory", lambda: t.pin_memory(), "Cannot access accelerator device when none is available.")
expect_error("tensor_pin_memory", lambda: torch.tensor([1.0], pin_memory=True), "pin_memory=True requires a CUDA")

# ----- legacy cuda types, rng state, nvtx ------------------------------------------------------
emit_text("cuda_types", [repr(torch.cuda.FloatTensor), repr(torch.cuda.BoolTensor),
                         isinstance(t, torch.cuda.FloatTensor), isinstance(t, torch.FloatTensor)])
expect_error("cuda_float_tensor", lambda: torch.cuda.FloatTensor([1.0]), "type torch.cuda.FloatTensor not available")
expect_error("cuda_long_tensor", lambda: torch.cuda.LongTensor(2), "type torch.cuda.LongTensor not available")
emit_text("cuda_rng_state", [torch.cuda.get_rng_state_all(), torch.cuda.set_rng_state_all([])])
expect_error("cuda_get_rng_state", torch.cuda.get_rng_state, NO_CUDA)
expect_error("cuda_nvtx", lambda: torch.cuda.nvtx.range_push("step"), "NVTX functions not installed")
