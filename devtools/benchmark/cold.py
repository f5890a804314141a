"""What each page costs when the page cache cannot help: issue #13's cold measurement.

A gunicorn of its own with one sync worker and `PAGE_CACHE_SECONDS=0` serves the pages one
request at a time; each is asked for a few times to warm the worker up, then BENCH_COLD_REQUESTS
times, timed from the request to the last byte (to the first byte for the downloads, which
stream large files).
"""

import statistics
import time
import urllib.request
from dataclasses import dataclass

WARM_UP = 3


@dataclass
class Cold:
    samples: list[float]  # milliseconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def rps(self) -> float:
        return 1000 / statistics.mean(self.samples)


def _one(url: str, first_byte: bool) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        if first_byte:
            response.read(1)
        else:
            response.read()
    return (time.perf_counter() - started) * 1000


def measure(url: str, requests: int, first_byte: bool = False) -> Cold:
    for _ in range(WARM_UP):
        _one(url, first_byte)
    return Cold([_one(url, first_byte) for _ in range(requests)])


def pooled(results: list[Cold]) -> Cold:
    return Cold([sample for result in results for sample in result.samples])
