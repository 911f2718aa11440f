"""The argument checks of ``mindspore._checkparam`` that the training API uses, with its texts."""
from __future__ import annotations

from typing import Any


def _subject(name: str | None, owner: str | None) -> str:
    if name is None:
        return "The input value"
    return (f"For '{owner}', the '{name}'" if owner else f"The '{name}'")


def check_int(value: Any, minimum: int, strict: bool, name: str | None = None, owner: str | None = None) -> int:
    """``check_positive_int`` (``strict``: value > minimum) / ``check_non_negative_int`` (value >= minimum)."""
    relation = ">" if strict else ">="
    subject = _subject(name, owner)
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, bool):
            raise TypeError(f"{subject} must be int and must {relation} {minimum}, but got '{value}' with type 'bool'.")
        raise TypeError(f"{subject} must be int, but got '{type(value).__name__}'")
    if value < minimum or (strict and value == minimum):
        raise ValueError(f"{subject} must be int and must {relation} {minimum}, but got '{value}' with type 'int'.")
    return value


def check_bool(value: Any, name: str | None = None) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{_subject(name, None)} must be a bool, but got {type(value).__name__}.")
    return value


def check_is_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"The type of input value must be 'int', but got '{type(value).__name__}'.")
    return value
