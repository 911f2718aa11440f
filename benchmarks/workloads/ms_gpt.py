"""The GPT of ms_sequence.py (modes graph, pynative)."""
from ms_sequence import build_model


def build(mode: str):
    return build_model("gpt", mode)
