"""One search over the published meetings, agenda items, ideas, trail entries and comments.

Two passes in one SQL query per page: PostgreSQL's Swedish full-text search, ranked, and a
substring pass on the lower-case text (served by a trigram index) that finds a word inside
Swedish compounds, "missbruk" in "missbruksvård". Substring-only hits rank below every
full-text hit. A search that may be a diary number ("SN 2026/123") first finds, by an index,
the rows that carry it, however it was typed, and ranks them above all. See portal/search.py
for the indexed columns and the registry of sources, which each app fills in its own search.py.
"""

import re
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Greatest
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from directory.models import Group
from ideas.models import Idea
from meetings.models import Meeting
from portal import diary
from portal.http import HttpRequest, limited, paginate, reads_query
from portal.search import CONFIG, SOURCES, Result
from search.forms import SearchForm

RESULTS_PER_PAGE = 20
# The search ranks at most this many of the newest matches of each kind, plus one to know that
# there were more. Ranking every match of a common word reads and scores a third of a million
# rows (0.7 s at a city's scale); with six kinds, a search shows up to 1,200 results and says
# "Mer än" the number it lists when there are more. See docs/search.md.
CANDIDATES = 200
# The rows of a kind are searched in windows of ids, newest first, each four times as deep as
# the one before, until the candidates are found: a common word fills them in the first window,
# a rare one is found in every window through the GIN indexes. Measured on the benchmark's
# twelve searches at scale 1.0 (docs/search.md): 5,000 and ×4 read least in all; 2,000 and
# ×10 sent a word found in 5% of the trail through 20,000 rows of its second window.
FIRST_WINDOW = 5000
WINDOW_GROWTH = 4
# A search with an excluded word reads only the newest rows down to this depth: when the two
# words go together ("boendestödet -unga"), PostgreSQL otherwise read every row with the first
# word to find none without the second (0.4 s at a city's scale).
EXCLUSION_DEPTH = 2 * FIRST_WINDOW
# Shorter words would match inside too many unrelated words ("vård" is fine, "lss" is not).
SUBSTRING_MIN_LENGTH = 4
SUBSTRING_MAX_WORDS = 4
EXCERPT_WORDS = 32
# About the rank of a title that is about the words; a passing mention in a text ranks lower.
TITLE_SUBSTRING_RANK = Value(0.05)
# Above every full-text rank, which stays at or below 1: the rows that carry the diary number
# searched for come first.
DIARY_RANK = 2.0


@dataclass
class _Terms:
    """What the visitor typed, taken apart for the two passes and the highlighting."""

    query: str
    words: list[str]  # every word that must appear, lower case
    pieces: list[str]  # each phrase in quotation marks whole, and each other word
    excluded: list[str]  # words after a minus sign

    @classmethod
    def parse(cls, query: str) -> "_Terms":
        # PostgreSQL's web search syntax knows "or"; Swedish visitors write "eller".
        query = re.sub(r"(?<!\w)eller(?!\w)", "or", query, flags=re.IGNORECASE)
        excluded = re.findall(r'(?:^|\s)-"?(\w+)', query.lower())
        positive = re.sub(r'(?:^|\s)-("[^"]*"|\S+)', " ", query.lower())
        phrases = [" ".join(p.split()) for p in re.findall(r'"([^"]+)"', positive)]
        unquoted = re.sub(r'"[^"]*"', " ", positive)
        words = [w for w in re.findall(r"\w+", positive) if w != "or"]
        loose = [w for w in re.findall(r"\w+", unquoted) if w != "or"]
        return cls(query, words, [p for p in phrases if p] + loose, excluded)

    @property
    def substrings(self) -> list[str]:
        """What the substring pass looks for: each phrase whole, and each longer word."""
        return [w for w in self.pieces if len(w) >= SUBSTRING_MIN_LENGTH and not w.isdigit()]


class _Hits:
    """The candidates of every kind, best first: (kind, id, rank), read in one query."""

    def __init__(self, parts: list[tuple[str, list]]):
        sql = " UNION ALL ".join(f"({part})" for part, _params in parts)
        self.sql = f"SELECT * FROM ({sql}) hits ORDER BY 3 DESC, 1, 2 DESC"
        self.params = [param for _part, params in parts for param in params]
        self._rows: list[tuple[str, int, float]] | None = None
        self._more = False

    def _all(self) -> list[tuple[str, int, float]]:
        """The candidates; a kind's one beyond CANDIDATES, its oldest (but never one that carries
        the diary number searched for), only says there are more."""
        if self._rows is None:
            with connection.cursor() as cursor:
                cursor.execute(self.sql, self.params)
                rows = cursor.fetchall()
            by_kind: dict[str, list[tuple[bool, int]]] = {}
            for kind, pk, rank in rows:
                by_kind.setdefault(kind, []).append((rank >= DIARY_RANK, pk))
            beyond = {(kind, min(pks)[1]) for kind, pks in by_kind.items() if len(pks) > CANDIDATES}
            self._more = bool(beyond)
            self._rows = [row for row in rows if (row[0], row[1]) not in beyond]
        return self._rows

    def count(self) -> int:
        return len(self._all())

    @property
    def more(self) -> bool:
        """Whether some kind had more matches than its candidates."""
        self._all()
        return self._more

    def explain(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + self.sql, self.params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def __getitem__(self, index):
        return self._all()[index]


def _windows(top: int, deepest: int = 0) -> list[tuple[int, int]]:
    """(low, high] id ranges from the newest id down to `deepest`, each WINDOW_GROWTH times
    deeper than the one before."""
    windows, high, depth = [], top, FIRST_WINDOW
    while high > deepest:
        low = max(deepest, high - depth)
        windows.append((low, high))
        high, depth = low, depth * WINDOW_GROWTH
    return windows


# Placeholders for a window's bounds in its compiled SQL: no id, year or text is ever these.
_LOW, _HIGH = -987_654_321_001, -987_654_321_002


def _window_sql(queryset: QuerySet, *, first: bool) -> tuple[str, list]:
    """The newest CANDIDATES + 1 ids of `queryset` between _LOW and _HIGH. The first window
    may walk the primary key backwards; `pk + 0` keeps the planner from walking a deeper one
    for a word it wrongly thinks common."""
    order = F("pk").desc() if first else (F("pk") + 0).desc()
    window = queryset.filter(pk__gt=_LOW, pk__lte=_HIGH).order_by(order).values("pk")
    sql, params = window[: CANDIDATES + 1].query.sql_with_params()
    return sql, list(params)


def _newest_ids(
    matches: dict[str, list[QuerySet]],
    *,
    numbered: dict[str, QuerySet] | None = None,
    depth: int | None = None,
    one_window: int = 0,
) -> dict[str, tuple[str, list]]:
    """SQL for the ids of the newest CANDIDATES + 1 matches of each kind, cheap at any size.

    Each kind has one or two passes (full text, then the substring pass), each in windows of
    ids, newest first (_windows): one branch per window of a pass, all under one LIMIT.
    PostgreSQL stops reading the branches as soon as it has its rows, so a common word costs
    the first window of the full-text pass, and the substring pass, which reads the trigram
    indexes, runs only when the full text has not found enough. The newest id of each table is
    read first, in one query, so that the planner sees each window's bounds as numbers. With a
    `depth`, only the windows of that many newest ids are read. The first `one_window` passes
    are read in one window, by the indexes of the filter and the text together: window by window,
    a filtered search read the text's whole GIN index once for each window, five times, and
    the trigram index's cost went with ANALYZE's sample. The rows of a kind in `numbered`
    (those that carry the diary number searched for, found by its index) come first, in one
    branch.
    """
    tables = [passes[0].model._meta.db_table for passes in matches.values()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT max(id) FROM {t})" for t in tables))
        newest = cursor.fetchone()
    ids = {}
    for (kind, passes), top in zip(matches.items(), newest, strict=True):
        top = top or 0
        deepest = max(0, top - depth) if depth else 0
        all_windows = _windows(top, deepest)
        branches, params = [], []
        if numbered and kind in numbered:
            newest = numbered[kind].order_by("-pk").values("pk")[: CANDIDATES + 1]
            sql, number_params = newest.query.sql_with_params()
            branches.append(f"({sql})")
            params.extend(number_params)
        for number_of_pass, queryset in enumerate(passes):
            windows = all_windows
            # Compiled once for the first window and once for the others, with placeholders
            # for the bounds: compiling a query per window cost a rare word 15 ms.
            deeper = _window_sql(queryset, first=False)
            if number_of_pass < one_window:  # by the indexes of the filter and the text
                windows, first = [(deepest, top)] if windows else [], deeper
            else:
                first = _window_sql(queryset, first=True)
            for number, (low, high) in enumerate(windows):
                sql, window_params = deeper if number else first
                bounds = {_LOW: low, _HIGH: high}
                branches.append(f"({sql})")
                params.extend(bounds.get(param, param) for param in window_params)
        if not branches:  # an empty table
            branches.append(f"(SELECT id FROM {passes[0].model._meta.db_table} WHERE false)")
        union = " UNION ALL ".join(branches)
        ids[kind] = (f"SELECT * FROM ({union}) part LIMIT {CANDIDATES + 1}", params)
    return ids


def _inside_words(terms: _Terms) -> Q | None:
    """The second pass: each phrase and longer word inside some word of the text (the trigram
    indexes serve it), none of the excluded words. Only for a short query: a question of a
    sentence is the full-text pass's alone, as its words are too many to look for inside
    every word (a 200-character query cost 0.4 s at a city's scale)."""
    if not terms.substrings or len(terms.pieces) > SUBSTRING_MAX_WORDS:
        return None
    inside = Q()
    for word in terms.substrings:
        inside &= Q(search_text__contains=word)
    for word in terms.excluded:
        inside &= ~Q(search_text__contains=word)
    return inside


def _hits(terms: _Terms, filters: dict) -> _Hits | None:
    """(kind, id, rank) of the newest CANDIDATES + 1 matches of each kind, best first."""
    tsquery = SearchQuery(terms.query, search_type="websearch", config=CONFIG)
    full_text = Q(search_vector=tsquery)
    inside = _inside_words(terms)
    may_be_a_number = diary.may_be_one(terms.query)
    matches, carrying, numbered = {}, {}, {}
    for source in SOURCES.values():
        if filters["typ"] and filters["typ"] != source.filter_kind:
            continue
        public = source.public()
        if filters["grupp"]:
            public = public.filter(**{source.group: filters["grupp"]})
        if filters["ar"]:
            public = public.filter(**{source.year: filters["ar"]})
        # The passes find only what the one before did not, so no row counts twice.
        others = Q()
        if may_be_a_number and source.diary:
            carrying[source.kind] = diary.carrying(terms.query, source.diary)
            numbered[source.kind] = public.filter(carrying[source.kind])
            others = ~carrying[source.kind]
        passes = [public.filter(full_text & others)]
        if inside is not None:
            passes.append(public.filter(inside & ~full_text & others))
        matches[source.kind] = passes
    if not matches:
        return None
    # Normalisation 1 divides by the document's length, so a long text that mentions the words
    # once ranks below a title that is about them. A hit of the substring pass alone ranks
    # below the full-text hits, unless all its words are in the title; a row that carries the
    # diary number searched for ranks above all. Only the candidates are ranked.
    rank = SearchRank(F("search_vector"), tsquery, normalization=Value(1))
    parts = []
    depth = EXCLUSION_DEPTH if terms.excluded else None
    # How many passes read in one window. Filtered by year, few rows can match: both passes,
    # by the year's index. By group alone, the full text's only: a group's share of the trail
    # can be large, and a part common inside other words ("vård") is found soonest in the
    # newest windows.
    one_window = 2 if filters["ar"] else 1 if filters["grupp"] else 0
    ids = _newest_ids(matches, numbered=numbered, depth=depth, one_window=one_window)
    for kind, (ids_sql, ids_params) in ids.items():
        source = SOURCES[kind]
        source_rank = rank
        if source.title and terms.substrings:
            in_title = Q()
            for word in terms.substrings:
                in_title &= Q(**{f"{source.title}__icontains": word})
            source_rank = Greatest(rank, Case(When(in_title, then=TITLE_SUBSTRING_RANK)))
        if kind in carrying:
            source_rank = Greatest(source_rank, Case(When(carrying[kind], then=Value(DIARY_RANK))))
        ranked = (
            matches[kind][0]
            .model.objects.filter(pk__in=RawSQL(ids_sql, ids_params))
            .annotate(hit_kind=Value(kind), hit_rank=Cast(source_rank, FloatField()))
            .order_by()
            .values_list("hit_kind", "pk", "hit_rank")
        )
        parts.append(ranked.query.sql_with_params())
    return _Hits(parts)


def _stems(terms: _Terms) -> list[str]:
    """The Swedish stems of the words, as the full-text pass matched them ("planer" → "plan")."""
    if not terms.words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))",
            [CONFIG, " ".join(terms.words)],
        )
        return cursor.fetchone()[0]


class _Highlighter:
    """Marks every word that contains a searched word or its stem, in escaped plain text.

    One regular expression for all the words, applied once to a whole excerpt: a word per
    call cost a page of 20 results 15 ms.
    """

    _MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_#>`|]+")

    def __init__(self, terms: _Terms, stems: list[str]):
        # A phrase is marked word by word, as its words are.
        words = {w for w in terms.substrings if re.fullmatch(r"\w+", w)}
        inside = words | {s for s in stems if len(s) >= SUBSTRING_MIN_LENGTH}
        prefixes = {s for s in stems if len(s) < SUBSTRING_MIN_LENGTH} | set(terms.words)
        alternatives = []
        if inside:  # a word with the text anywhere in it
            alternatives.append(rf"\w*(?:{_any_of(inside)})\w*")
        if prefixes:  # a word that begins with it
            alternatives.append(rf"(?:{_any_of(prefixes)})\w*")
        pattern = rf"\b(?:{'|'.join(alternatives)})" if alternatives else r"(?!)"
        self._word = re.compile(pattern, re.IGNORECASE)

    def _mark(self, text: str) -> str:
        return self._word.sub(lambda m: f"<mark>{m[0]}</mark>", escape(text))

    def title(self, text: str) -> SafeString:
        return mark_safe(self._mark(" ".join(text.split())))

    def excerpt(self, *texts: str) -> SafeString:
        """Some words around the first match (or the beginning), with the matches marked."""
        plain = self._MARKUP.sub(lambda m: m[1] or " ", " ".join(t for t in texts if t))
        tokens = plain.split()
        first = next((i for i, token in enumerate(tokens) if self._word.search(token)), 0)
        start = max(0, first - EXCERPT_WORDS // 4)
        end = start + EXCERPT_WORDS
        html = self._mark(" ".join(tokens[start:end]))
        return mark_safe(("… " if start else "") + html + (" …" if end < len(tokens) else ""))


def _any_of(words: set[str]) -> str:
    """A regular expression for any of `words`, the longest first."""
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


def _results(hits: list[tuple[str, int, float]], highlight: _Highlighter) -> list[Result]:
    """The page's hits as results to show, in a fixed number of queries (one per kind shown)."""
    wanted: dict[str, list[int]] = {}
    for kind, pk, _rank in hits:
        wanted.setdefault(kind, []).append(pk)
    objects = {kind: SOURCES[kind].shown().in_bulk(pks) for kind, pks in wanted.items()}
    results = []
    for kind, pk, _rank in hits:
        obj = objects[kind].get(pk)
        if obj is not None:  # deleted between the two queries
            source = SOURCES[kind]
            results.append(replace(source.result(obj, highlight), kind_label=str(source.label)))
    return results


def _years() -> list[int]:
    """Every year from the earliest meeting or idea to this one, newest first; each earliest
    is read from its index, not from every row, in one query."""
    first_idea = Idea.objects.order_by("raised_on").values("raised_on")[:1]
    firsts = (
        Meeting.objects.published()
        .order_by("starts_at")
        .annotate(first_idea=Subquery(first_idea))
        .values_list("starts_at", "first_idea")
        .first()
    )
    if firsts is None:  # no meeting published yet
        firsts = (
            None,
            Idea.objects.order_by("raised_on").values_list("raised_on", flat=True).first(),
        )
    meeting, idea = firsts
    this_year = timezone.localdate().year
    years = [this_year]
    if meeting:
        years.append(timezone.localtime(meeting).year)
    if idea:
        years.append(idea.year)
    return list(range(this_year, min(years) - 1, -1))


@reads_query(q=None, typ="", grupp="", ar="", sida="1")
@require_GET
@vary_on_headers("HX-Request")
@limited("search", capped=True)
def search(request: HttpRequest):
    form = SearchForm(
        request.GET or None,
        groups=Group.objects.order_by("name").only("slug", "name"),
        years=_years(),
    )
    context = {"form": form, "page": None, "results": [], "asked": False}
    if form.is_valid() and form.cleaned_data["q"]:
        terms = _Terms.parse(form.cleaned_data["q"])
        hits = _hits(terms, form.cleaned_data)
        context["asked"] = True
        if hits is not None:
            page = paginate(request, hits, RESULTS_PER_PAGE)
            highlight = _Highlighter(terms, _stems(terms) if page.object_list else [])
            context["page"] = page
            if hits.more:
                # The results listed, which the matches exceed; grouped as the language writes
                # it. (Not the candidates of every kind: a kind may have had only a few.)
                context["more_than"] = number_format(hits.count(), force_grouping=True)
            context["results"] = _results(list(page.object_list), highlight)
    template = "search/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)
