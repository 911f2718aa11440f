"""Argument checks of ``mindspore.dataset`` with MindSpore's texts (its ``validators`` module)."""
from __future__ import annotations

from typing import Any

INT32_MAX = 2147483647


def type_check(value: Any, types: tuple, name: str) -> None:
    """MindSpore's ``type_check``: bools are not ints."""
    if isinstance(value, bool) and bool not in types and int in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        raise TypeError(f"Argument {name} with value {value} is not of type {list(types)}, but got {type(value)}.")


def check_interval(value: int, low: int, high: int, name: str, closed_low: bool = True) -> None:
    if (value < low if closed_low else value <= low) or value > high:
        bracket = "[" if closed_low else "("
        raise ValueError(f"Input {name} is not within the required interval of {bracket}{low}, {high}].")


def column_list(columns: Any, name: str) -> list[str]:
    """A column argument (one name or a list of names) as a list; MindSpore's errors otherwise."""
    if isinstance(columns, str):
        return [columns]
    type_check(columns, (list, tuple), name)
    if not columns:
        raise ValueError(f"{name} should not be empty.")
    for i, c in enumerate(columns):
        type_check(c, (str,), f"{name}[{i}]")
    return list(columns)


def unique_columns(names: list[str]) -> None:
    if len(set(names)) != len(names):
        raise ValueError("Every column name should not be same with others in column_names.")


def num_parallel_workers(value: Any, cpu_count: int) -> None:
    if value is None:
        return
    type_check(value, (int,), "num_parallel_workers")
    if value < 1 or value > cpu_count:
        raise ValueError(f"num_parallel_workers exceeds the boundary between 1 and {cpu_count}!")
