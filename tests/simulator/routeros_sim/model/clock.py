"""A clock that only moves when told to: lifecycle tests and demos without sleeping."""

from __future__ import annotations


class ManualClock:
    def __init__(self, start: float = 0.0):
        self.time = start

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds
