"""The GPT of tf_sequence.py (modes fit, function)."""
from tf_sequence import build_model


def build(mode: str):
    return build_model("gpt", mode)
