"""Timing shared by the benchmark scripts: operations per second, best of several rounds."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    label: str
    operations_per_second: float


def ops_per_second(operation: Callable[[int], object], count: int, rounds: int = 3) -> float:
    """Run `operation(i)` for i in range(count), `rounds` times; the best round counts (the
    others were disturbed by something else on the machine, never faster than the code)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for index in range(count):
            operation(index)
        best = min(best, time.perf_counter() - start)
    return count / best


def machine() -> str:
    processor = platform.processor() or "unknown processor"
    return f"Python {sys.version.split()[0]} on {platform.machine()} ({processor})"


def table(title: str, rows: Sequence[Measurement], baseline: str) -> str:
    """A Markdown table of the rows with their ratio to the row labelled `baseline`."""
    base = next(row.operations_per_second for row in rows if row.label == baseline)
    lines = [f"| {title} | ops/s | vs {baseline} |", "| --- | ---: | ---: |"]
    for row in rows:
        ratio = row.operations_per_second / base
        lines.append(f"| {row.label} | {row.operations_per_second:,.0f} | {ratio:.2f}x |")
    return "\n".join(lines)
