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
    first_byte: bool = False  # a download: measured to its first byte


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
        KeyPage("ideas deep page", f"{ideas}?sida={deep}"),
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


def cold_pages() -> list[KeyPage]:
    """Issue #13's pages measured with the page cache off: the key pages (the search apart)
    and the combined filters, a year's meetings, an organisation, an idea's feed, the API's
    last page and the CSV downloads (their first byte)."""
    from directory.models import Organisation
    from ideas.models import Idea as IdeaModel

    ideas = reverse("ideas:list")
    idea = IdeaModel.objects.select_related("group", "theme").order_by("-pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    year = Meeting.objects.published_years()[0]
    # The API's own page size, from its first page (the benchmark does not import the API).
    first = Client(HTTP_HOST="127.0.0.1").get(reverse("api:ideas")).json()
    last = max(1, ceil(first["count"] / max(1, len(first["results"]))))
    theme_and_group = urlencode({"tema": idea.theme.slug, "grupp": idea.group.slug})
    pages = [page for page in key_pages() if not page.path.startswith(reverse("search:search"))]
    return [
        *pages,
        KeyPage("theme and group", f"{ideas}?{theme_and_group}"),
        KeyPage("meetings of a year", f"{reverse('meetings:list')}?ar={year}"),
        KeyPage("organisation", organisation.get_absolute_url()),
        KeyPage("idea feed", reverse("ideas:idea_feed", args=[LONG_IDEA_SLUG])),
        KeyPage("API last page", f"{reverse('api:ideas')}?page={last}"),
        KeyPage("ideas CSV", reverse("opendata:ideas_csv"), first_byte=True),
        KeyPage("trail CSV", reverse("opendata:status_changes_csv"), first_byte=True),
    ]


def search_pages() -> list[KeyPage]:
    """The fixed set of searches (SEARCHES), and the key page's own."""
    search = reverse("search:search")
    return [
        KeyPage("search", f"{search}?{urlencode({'q': SEARCH_WORDS})}", SEARCH_P95_MS),
        *(
            KeyPage(f"search: {name}", f"{search}?{urlencode(params)}", SEARCH_P95_MS)
            for name, params in SEARCHES.items()
        ),
    ]


def cost(path: str, client: Client | None = None) -> Cost:
    """One anonymous request, after every cache was cleared: what a cache miss costs."""
    client = client or Client(HTTP_HOST="127.0.0.1")
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.streaming:  # a download, hundreds of megabytes at scale 1.0: not read here
        size = int(response.get("Content-Length") or 0)
        return Cost(response.status_code, len(queries), size, 0)
    body = response.content
    return Cost(response.status_code, len(queries), len(body), len(gzip.compress(body)))
