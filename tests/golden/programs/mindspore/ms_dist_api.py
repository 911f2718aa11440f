"""mindspore.communication and the auto-parallel context in one process (no launcher)."""
import numpy as np
import mindspore as ms
from mindspore import nn, ops
from mindspore.communication import GlobalComm, get_group_size, get_rank, init
import mindspore.communication as comm

from harness import emit, emit_text, expect_error

emit_text("rank", f"{get_rank()} {get_group_size()}")
emit_text("global_comm", f"{GlobalComm.BACKEND} {GlobalComm.WORLD_COMM_GROUP} {GlobalComm.INITED}")
emit_text("world_names", f"{comm.HCCL_WORLD_COMM_GROUP} {comm.NCCL_WORLD_COMM_GROUP} {comm.MCCL_WORLD_COMM_GROUP}")
emit_text("modes", " ".join(ms.ParallelMode.MODE_LIST))
emit_text("default_mode", f"{ms.get_auto_parallel_context('parallel_mode')} "
                          f"{ms.get_auto_parallel_context('gradients_mean')} {ms.get_auto_parallel_context('device_num')}")
expect_error("init_without_launcher", init, "msrun")
expect_error("bad_mode", lambda: ms.set_auto_parallel_context(parallel_mode="bogus"), "only support 'stand_alone'")
expect_error("bad_key", lambda: ms.set_auto_parallel_context(bogus=1), "is not recognized")
expect_error("bad_get_key", lambda: ms.get_auto_parallel_context("bogus"), "is not recognized")
expect_error("bad_mean", lambda: ms.set_auto_parallel_context(gradients_mean=1), "gradients_mean")
ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
emit_text("set_mode", f"{ms.get_auto_parallel_context('parallel_mode')} {ms.get_auto_parallel_context('gradients_mean')}")
emit_text("context_alias", str(ms.context.ParallelMode.DATA_PARALLEL))
ms.reset_auto_parallel_context()
emit_text("reset", f"{ms.get_auto_parallel_context('parallel_mode')} {ms.get_auto_parallel_context('gradients_mean')}")
emit_text("reduce_ops", f"{ops.ReduceOp.SUM} {ops.ReduceOp.MAX} {ops.ReduceOp.MIN} {ops.ReduceOp.PROD}")

# (a training step in DATA_PARALLEL mode without init() crashes real MindSpore 2.10: not recorded)
