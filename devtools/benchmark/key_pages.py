"""The pages `make bench` measures, and what one request to each costs in queries and bytes.

`tests/devtools/test_query_counts.py` measures the same pages on tiny benchmark data, so the
test and the benchmark's table count queries the same way.
"""

import gzip
from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devtools.benchmark.scale import JOINT_GROUP_SLUG, KNOWN_MEETING_SLUG, LONG_IDEA_SLUG
from ideas.models import Idea, Status
from ideas.views import IDEAS_PER_PAGE
from meetings.models import Meeting

SEARCH_WORDS = "missbruksvård"
# Issue #13's fixed set of searches, each a kind of question visitors ask, on the benchmark's
# vocabulary (devtools/content/vocabulary.yaml). The filtered one adds kind, group and year.
SEARCHES = {
    "common word": {"q": "väntetiderna"},
    "rare word": {"q": "vardag"},
    "word found nowhere": {"q": "xylofonorkester"},
    "compound part": {"q": "missbruk"},
    "quoted phrase": {"q": '"unga vuxna"'},
    "eller": {"q": "tandvård eller boendestöd"},
    "exclusion": {"q": "boendestödet -unga"},
    "two words": {"q": "väntetider missbruksvården"},
    "misspelling": {"q": "misbruksvården"},
    "200 characters": {
        "q": (
            "Brukarorganisationerna lyfte frågan om väntetiderna till missbruksvården och "
            "föreslog förbättringar av boendestödet för unga vuxna samt bättre information om "
            "tillgången till tandvård i Norrby"
        )[:200]
    },
    "over 10% of rows": {"q": "brukarorganisationerna"},
    "filtered": {"q": "tandvård", "typ": "ideer", "grupp": JOINT_GROUP_SLUG, "ar": "2024"},
}
FILTER_STATUS = Status.REJECTED
DEEP_PAGE = 200
SEARCH_P95_MS = 100
P95_MS = 50


@dataclass
class KeyPage:
    name: str
    path: str
    p95_target_ms: int = P95_MS


@dataclass
class Cost:
    status: int
    queries: int
    size: int
    gzip_size: int


def key_pages() -> list[KeyPage]:
    """Issue #7's key pages on the benchmark data (page 200 of the ideas, or the last page
    when there are fewer)."""
    meeting = Meeting.objects.get(slug=KNOWN_MEETING_SLUG)
    deep = min(DEEP_PAGE, max(1, ceil(Idea.objects.count() / IDEAS_PER_PAGE)))
    ideas = reverse("ideas:list")
    return [
        KeyPage("home", reverse("pages:home")),
        KeyPage("meetings", reverse("meetings:list")),
        KeyPage("meeting", meeting.get_absolute_url()),
        KeyPage("group", reverse("directory:group", args=[JOINT_GROUP_SLUG])),
        KeyPage("ideas", ideas),
        KeyPage("ideas by status", f"{ideas}?status={FILTER_STATUS}"),
        KeyPage(f"ideas page {deep}", f"{ideas}?sida={deep}"),
        KeyPage("long idea", reverse("ideas:detail", args=[LONG_IDEA_SLUG])),
        KeyPage("progress", reverse("ideas:progress")),
        KeyPage(
            "search",
            f"{reverse('search:search')}?{urlencode({'q': SEARCH_WORDS})}",
            SEARCH_P95_MS,
        ),
        KeyPage("API ideas", reverse("api:ideas")),
        KeyPage("status feed", reverse("ideas:feed")),
    ]


def cost(path: str, client: Client | None = None) -> Cost:
    """One anonymous request, after every cache was cleared: what a cache miss costs."""
    client = client or Client(HTTP_HOST="127.0.0.1")
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    body = b"".join(response) if response.streaming else response.content
    return Cost(response.status_code, len(queries), len(body), len(gzip.compress(body)))
