"""``keras.utils.Progbar``: the progress lines ``fit`` / ``evaluate`` / ``predict`` print, in Keras 3's
format (verbose=1: a redrawn bar with ETA; verbose=2: one line per epoch when it ends)."""
from __future__ import annotations

import math
import sys
import time


def print_msg(message: str, line_break: bool = True) -> None:
    """Keras's ``io_utils.print_msg``: straight to ``sys.stdout``, flushed."""
    sys.stdout.write(message + ("\n" if line_break else ""))
    sys.stdout.flush()


def _format_value(value: float, two_sided: bool) -> str:
    # verbose=1 compares |avg| with 1e-3, verbose=2 compares avg itself (as Keras does)
    big = abs(value) > 1e-3 if two_sided else value > 1e-3
    return f" {value:.4f}" if big else f" {value:.4e}"


def format_time(time_per_unit: float, unit_name: str) -> str:
    """`` 12ms/step``, `` 2s/step`` or `` 85us/step``."""
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1000.0:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1000000.0:.0f}us/{unit_name}"


class Progbar:
    """``keras.utils.Progbar(target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
    stateless_metrics=None, unit_name='step')``: values not in ``stateful_metrics`` are averaged
    over the steps seen (with neither list given, every value is averaged)."""

    def __init__(self, target, width: int = 20, verbose: int = 1, interval: float = 0.05, stateful_metrics=None,
                 stateless_metrics=None, unit_name: str = "step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError("Only one of `stateful_metrics` or `stateless_metrics` can be provided. "
                             "`stateful_metrics` is used to make metrics stateless by default (with an exclusion "
                             "list), while `stateless_metrics` is used to make metrics stateful by default (with "
                             "an exclusion list).")
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name = interval, unit_name
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics is not None else (
            None if stateless_metrics is not None else set())
        self.stateless_metrics = set(stateless_metrics) if stateless_metrics is not None else None
        self._dynamic_display = True  # Keras's test is true on any POSIX system
        self._seen_so_far = 0
        self._values: dict = {}
        self._values_order: list = []
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def _is_stateless(self, key: str) -> bool:
        if self.stateful_metrics is not None:
            return key not in self.stateful_metrics
        return key in self.stateless_metrics

    def _average(self, key: str) -> float:
        total, count = self._values[key]
        return float(total) / max(1, count)

    def update(self, current: int, values=None, finalize: bool | None = None) -> None:
        """Show ``current`` of ``target`` steps with ``values`` (``(name, value)`` pairs)."""
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        for key, value in values or []:
            if key not in self._values_order:
                self._values_order.append(key)
            if self._is_stateless(key) and not finalize:
                base = max(current - self._seen_so_far, 1)
                if key not in self._values:
                    self._values[key] = [value * base, base]
                else:
                    self._values[key][0] += value * base
                    self._values[key][1] += base
            else:
                self._values[key] = [value, 1]
        self._seen_so_far = current
        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw_bar(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            digits = int(math.log10(self.target)) + 1
            info = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -"
            info += format_time(time_per_unit, self.unit_name)
            for key in self._values_order:
                info += f" - {key}:" + _format_value(self._average(key), two_sided=False)
            print_msg(info + "\n", line_break=False)
        self._last_update = now

    def _draw_bar(self, current: int, now: float, time_per_unit: float, finalize: bool) -> None:
        message = ("\b" * self._prev_total_width + "\r") if self._dynamic_display else "\n"
        special = 0
        if self.target is not None and self.target > 0:
            digits = int(math.log10(self.target)) + 1
            bar = f"\x1b[1m{current:{digits}d}/{self.target}\x1b[0m "
            special += 8
            done = int(self.width * float(current) / self.target)
            if done > 0:
                bar += f"\x1b[32m{'━' * done}\x1b[0m"
                special += 9
            bar += f"\x1b[37m{'━' * (self.width - done)}\x1b[0m"
            special += 9
        else:
            bar = "%7d/Unknown" % current
        message += bar
        if self.target is not None and self.target > 0 and not finalize:
            eta = time_per_unit * (self.target - current)
            if eta > 3600:
                eta_text = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
            elif eta > 60:
                eta_text = "%d:%02d" % (eta // 60, eta % 60)
            else:
                eta_text = "%ds" % eta
            info = f" \x1b[1m{eta_text}\x1b[0m"
        else:
            info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
        special += 8
        info += format_time(time_per_unit, self.unit_name)
        for key in self._values_order:
            info += f" - {key}:" + _format_value(self._average(key), two_sided=True)
        message += info
        total_width = len(bar) + len(info) - special
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        print_msg(message, line_break=False)
        self._prev_total_width = total_width

    def add(self, n: int, values=None) -> None:
        self.update(self._seen_so_far + n, values)

    def _estimate_step_duration(self, current: int, now: float) -> float:
        # the first step (tracing, compiling) is left out of the estimate once there are more
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit
