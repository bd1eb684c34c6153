"""Small helpers shared by the benchmarks: timing and the ratio line they print."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    unit: str
    value: float
    baseline_name: str
    baseline: float
    higher_is_better: bool = False

    @property
    def ratio(self) -> float:
        """How many times better than the baseline (>1 is better, whatever the unit)."""
        if self.higher_is_better:
            return self.value / self.baseline
        return self.baseline / self.value

    def line(self) -> str:
        return (
            f"{self.name}: {self.value:.3f} {self.unit} vs {self.baseline_name} "
            f"{self.baseline:.3f} {self.unit} -> ratio {self.ratio:.2f}x"
        )


def median_seconds(action: Callable[[], object], repeat: int = 50) -> float:
    action()  # warm caches, imports and connections before measuring
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
