"""The LSTM language model of tf_sequence.py (modes fit, function)."""
from tf_sequence import build_model


def build(mode: str):
    return build_model("lstm", mode)
