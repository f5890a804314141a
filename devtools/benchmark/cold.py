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

from devtools.harness.clients import percentile

WARM_UP = 3
# Issue #13, section 1.
COLD_MEDIAN_MS = 20
COLD_P95_MS = 50
SEARCH_COLD_P95_MS = 100
MAX_GROWTH = 2
MAX_SEARCH_GROWTH = 3


@dataclass
class Cold:
    samples: list[float]  # milliseconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def percentile(self, p: float) -> float:
        return percentile(self.samples, p / 100)

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


def measure(urls: dict[str, str], requests: int, first_byte: bool = False) -> dict[str, Cold]:
    """One page at each scale (`urls`: scale → address), its requests taken in turn: a request
    at each scale, then the next round. The machine's speed drifts over minutes (a shared host
    ran the same loop in 0.7 s and, thirteen minutes later, in 1.1 s), so scales measured one
    after the other compare two machines; taken in turn, they share its moments."""
    for _ in range(WARM_UP):
        for url in urls.values():
            _one(url, first_byte)
    samples: dict[str, list[float]] = {scale: [] for scale in urls}
    for _ in range(requests):
        for scale, url in urls.items():
            samples[scale].append(_one(url, first_byte))
    return {scale: Cold(taken) for scale, taken in samples.items()}


def pooled(results: list[Cold]) -> Cold:
    return Cold([sample for result in results for sample in result.samples])


def check(label: str, failing: list[str]) -> None:
    """One target's line: it holds, or the pages that fail it."""
    verdict = "holds" if not failing else "FAILS: " + ", ".join(failing)
    print(f"  {label:<62} {verdict}")


def print_cold_table(pages, cold: dict, costs) -> None:
    header = (f"{'page (cold)':<30} {'path':<44} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} "
              f"{'queries':>7} {'bytes':>9}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for page in pages:
        r, c = cold[page.name], costs[page.path]
        path = page.path if len(page.path) <= 44 else page.path[:43] + "…"
        print(
            f"{page.name:<30} {path:<44} {r.rps:>6.1f} {r.median:>6.1f} "
            f"{r.percentile(95):>6.1f} {r.percentile(99):>6.1f} {c.queries:>7} {c.size:>9,}"
        )
    print(
        "Cold: page cache off, one gunicorn worker, one request at a time; milliseconds to the "
        "last byte (downloads: to the first byte)."
    )


def print_growth(pages, results: dict) -> None:
    scales = sorted(results, key=float)
    print(f"{'page (cold median, ms)':<30} " + " ".join(f"{'scale ' + s:>12}" for s in scales)
          + f" {'growth':>7}")  # fmt: skip
    for page in pages:
        medians = [results[s][page.name].median for s in scales]
        print(
            f"{page.name:<30} "
            + " ".join(f"{m:>12.1f}" for m in medians)
            + f" {medians[-1] / medians[0]:>6.1f}×"
        )


def _short(name: str) -> str:
    return name.removeprefix("search: ")


def print_cold_targets(pages, results: dict, scale: str) -> None:
    cold = results[scale]
    searches = [p for p in pages if p.name.startswith("search")]
    others = [p for p in pages if p not in searches and p.name != "floor"]

    print(f"Targets of issue #13, section 1 (scale {scale}, cache off):")
    check(
        f"every page's median at most {COLD_MEDIAN_MS} ms",
        [f"{p.name} {cold[p.name].median:.0f}" for p in others
         if cold[p.name].median > COLD_MEDIAN_MS],
    )  # fmt: skip
    check(
        f"every page's p95 at most {COLD_P95_MS} ms",
        [f"{p.name} {cold[p.name].percentile(95):.0f}" for p in others
         if cold[p.name].percentile(95) > COLD_P95_MS],
    )  # fmt: skip
    search_p95 = pooled([cold[p.name] for p in searches]).percentile(95)
    check(
        f"search p95 over the {len(searches)} searches at most {SEARCH_COLD_P95_MS} ms",
        [f"{search_p95:.0f} ms; slowest: "
         + ", ".join(f"{_short(p.name)} {cold[p.name].median:.0f}" for p in searches
                     if cold[p.name].percentile(95) > SEARCH_COLD_P95_MS)]
        if search_p95 > SEARCH_COLD_P95_MS else [],
    )  # fmt: skip
    if len(results) > 1:
        smallest = min(results, key=float)
        grown = []
        for page in pages:
            limit = MAX_SEARCH_GROWTH if page in searches else MAX_GROWTH
            ratio = cold[page.name].median / results[smallest][page.name].median
            if ratio > limit:
                grown.append(f"{page.name} {ratio:.1f}×")
        check(f"cold median at {scale} at most 2× that at {smallest} (search 3×)", grown)
