"""What the dialect does not support, said clearly: MindSpore's compiled-graph files.

``mindspore.export`` writes a network as a MindIR / AIR / ONNX graph file, and
``mindspore.load`` / ``nn.GraphCell`` run such a file; gradcompat has no MindSpore graph
compiler or runtime to write or run them, so each raises ``NotImplementedError`` saying so
(checkpoints, ``save_checkpoint`` / ``load_checkpoint``, are supported).
"""
from __future__ import annotations

from typing import Any

_HINT = ("MindIR/AIR/ONNX graph files need MindSpore's own graph compiler and runtime. Save and restore weights "
         "with mindspore.save_checkpoint / load_checkpoint / load_param_into_net instead.")


def export(net: Any, *inputs: Any, file_name: str = "", file_format: str = "MINDIR", **kwargs: Any) -> None:
    """``mindspore.export``: not supported (raises NotImplementedError)."""
    raise NotImplementedError(f"gradcompat: mindspore.export is not supported. {_HINT}")


def load(file_name: str, **kwargs: Any) -> None:
    """``mindspore.load``: not supported (raises NotImplementedError)."""
    raise NotImplementedError(f"gradcompat: mindspore.load (of a MindIR graph file) is not supported. {_HINT}")


class GraphCell:
    """``nn.GraphCell(graph)``: not supported (raises NotImplementedError)."""

    def __init__(self, graph: Any = None, params_init: Any = None, obf_random_seed: Any = None) -> None:
        raise NotImplementedError(f"gradcompat: nn.GraphCell (running a loaded MindIR graph) is not supported. {_HINT}")
