"""What the benchmark's data holds at each scale, and the addresses it always has."""

import random

from devtools.content import read

# Swedish words and phrases that the benchmark's texts are combined from.
WORDS = read("vocabulary.yaml")
YEARS = 15
DAYS_AHEAD = 90
# What scale 1.0 means: a large Swedish city's social services over fifteen years.
FULL_SCALE = {
    "groups": 30,
    "organisations": 200,
    "meetings": 10_000,
    "agenda_items": 100_000,
    "ideas": 100_000,
    "trail": 1_000_000,
    "comments": 300_000,
}
# Enough at the tiniest scales for every page to have something to show.
MINIMUM = {
    "groups": 3,
    "organisations": 6,
    "meetings": 12,
    "agenda_items": 60,
    "ideas": 10,
    "trail": 20,
    "comments": 10,
}
# Fixed addresses the benchmark asks for, at every scale.
JOINT_GROUP_SLUG = "gemensam-utvecklingsgrupp"
KNOWN_MEETING_SLUG = "stormote"
LONG_IDEA_SLUG = "lang-historia"
LONG_TRAIL = 50
LONG_COMMENTS = 200
LONG_REPLIES = 50


def counts_at(scale: float) -> dict[str, int]:
    return {name: max(MINIMUM[name], round(n * scale)) for name, n in FULL_SCALE.items()}


def spread(rng: random.Random, total: int, parts: int, *, low: int) -> list[int]:
    """`parts` whole numbers of at least `low` that add up to `total`, spread about the mean."""
    base, extra = divmod(total, parts)
    counts = [base + (1 if i < extra else 0) for i in range(parts)]
    for i in range(0, parts - 1, 2):
        a, b = counts[i], counts[i + 1]
        d = rng.randint(min(0, low - a), max(0, b - low))
        counts[i], counts[i + 1] = a + d, b - d
    return counts
