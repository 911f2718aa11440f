"""The LSTM language model of ms_sequence.py (modes graph, pynative)."""
from ms_sequence import build_model


def build(mode: str):
    return build_model("lstm", mode)
