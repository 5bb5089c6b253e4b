"""Timing helpers shared by the benchmark scripts (run as `python bench/<script>.py`, so this directory is on the
path): medians of timed calls after a warm-up, and percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """Warm up once, then `runs` timed calls; (median ms, all ms, last result)."""
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), times, result


def pct(values: list[float], p: float) -> float:
    """The p-th percentile of `values` (nearest rank); NaN when there are none."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))] if s else float("nan")
