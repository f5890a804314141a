"""Search over meetings, minutes, ideas, decisions and comments, on a small Swedish corpus."""

import re
from datetime import date
from itertools import pairwise

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideas.models import Comment, Idea, Status, StatusChange
from ideas.services import record_next_step
from search.views import _hits, _Terms
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_representative,
    make_staff_user,
    make_theme,
    stockholm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    """Texts as the groups write them: compounds, definite forms, minutes in Markdown."""
    ledning = make_group(name="Ledningsgruppen", slug="ledningsgruppen")
    utveckling = make_group(name="Gemensam utvecklingsgrupp", slug="utveckling")
    rep = make_representative()
    organisation = rep.organisations.get()
    c = {"ledning": ledning, "utveckling": utveckling, "organisation": organisation}
    c["sip"] = make_idea(
        group=utveckling,
        title="En SIP som gäller för alla myndigheter",
        problem="Många har flera planer från olika huvudmän som inte hänger ihop.",
        proposal="Gör en samordnad individuell plan som alla parter följer.",
        raised_on=date(2024, 3, 1),
    )
    c["vard"] = make_idea(
        group=ledning,
        title="Behandling på hemmaplan",
        problem="Den som behöver missbruksvården placeras ofta långt bort.",
        proposal="Bygg ut öppenvården i kommunen.",
        raised_on=date(2025, 2, 1),
    )
    c["titel"] = make_idea(
        group=utveckling,
        title="Ledsagning till tandläkaren",
        problem="Att gå till tandläkaren är svårt för många.",
        proposal="Ge ledsagning.",
        raised_on=date(2025, 5, 1),
    )
    c["omnamnd"] = make_idea(
        group=utveckling,
        title="Kortare väntetider på socialkontoret",
        problem=(
            "Det tar lång tid att få en första tid hos socialsekreteraren, och många ger upp "
            "innan de fått hjälp med boende, ekonomi och arbete. Väntan gör att problemen "
            "växer och blir dyrare för alla. Den som har ont i tänderna och behöver "
            "tandläkaren får också vänta, men det är en annan fråga. Frågan har tagits upp "
            "flera gånger i gruppen utan att något har hänt."
        ),
        proposal="Inför drop-in-tider två dagar i veckan.",
        raised_on=date(2025, 6, 1),
    )
    c["brukarorg"] = make_idea(
        group=ledning,
        title="Förslag om delaktighet",
        problem="Brukarorganisationerna vill vara med tidigare i planeringen.",
        proposal="Bjud in dem till budgetarbetet.",
        raised_on=date(2025, 8, 1),
    )
    c["rejected"] = change_status(
        c["vard"],
        Status.REJECTED,
        explanation="Socialnämnden har inte pengar till fler platser i öppenvården i år.",
        decided_on=date(2025, 9, 1),
    )
    c["meeting"] = make_meeting(
        group=utveckling, title="Möte om boendestöd", starts_at=stockholm(2025, 10, 7)
    )
    c["item"] = make_agenda_item(
        c["meeting"],
        heading="Boendestöd för unga vuxna",
        body="Gruppen diskuterade **boendestödet**.\n\n* Fler besök i veckan\n* Stöd på kvällar",
    )
    c["draft"] = make_meeting(
        group=utveckling,
        title="Hemligt utkast om tandvårdsstöd",
        published=False,
        starts_at=stockholm(2025, 11, 4),
    )
    make_agenda_item(c["draft"], heading="Tandvårdsstöd", body="Utkast om tandvårdsstödet.")
    c["comment"] = Comment.objects.create(
        idea=c["sip"],
        author=rep.user,
        organisation=organisation,
        body="Vi vill att samordningen börjar redan vid första mötet med tandvården.",
        state=Comment.State.APPROVED,
    )
    for state, body in [
        (Comment.State.PENDING, "Väntande kommentar om hemlösheten."),
        (Comment.State.WITHDRAWN, "Tillbakadragen kommentar om hemlösheten."),
    ]:
        Comment.objects.create(
            idea=c["sip"], author=rep.user, organisation=organisation, body=body, state=state
        )
    Comment.objects.create(
        idea=c["sip"],
        author=rep.user,
        organisation=organisation,
        body="Dold kommentar om hemlösheten.",
        state=Comment.State.HIDDEN,
        hidden_reason="Namngav en enskild person.",
    )
    return c


def _search(client, **params) -> str:
    response = client.get("/sok/", params)
    assert response.status_code == 200
    return response.content.decode()


def _links(html: str) -> list[str]:
    return re.findall(r'<h3><a href="([^"]+)"', html)


@pytest.mark.parametrize(
    ("word", "found_in"),
    [
        ("organisation", "brukarorg"),  # in "Brukarorganisationerna"
        ("plan", "sip"),  # in "samordnad individuell plan"
        ("missbruk", "vard"),  # in "missbruksvården"
        ("tandläkare", "titel"),  # the definite form "tandläkaren"
    ],
)
def test_compounds_and_inflections_are_found(client, corpus, word, found_in):
    assert corpus[found_in].get_absolute_url() in _links(_search(client, q=word))


def test_title_match_ranks_above_a_passing_mention(client, corpus):
    links = _links(_search(client, q="tandläkaren"))
    assert links.index(corpus["titel"].get_absolute_url()) < links.index(
        corpus["omnamnd"].get_absolute_url()
    )


def test_full_text_hits_rank_above_substring_hits(client, corpus):
    # "boendestöd" is a whole word in the meeting, and only part of "boendestödet" elsewhere.
    links = _links(_search(client, q="boendestöd"))
    assert links[0] in {corpus["meeting"].get_absolute_url(), corpus["item"].get_absolute_url()}


def test_excerpts_highlight_the_match_and_escape_the_rest(client, corpus):
    html = _search(client, q="missbruk")
    assert "<mark>missbruksvården</mark>" in html
    html = _search(client, q="boendestöd")
    assert "<mark>boendestödet</mark>" in html
    assert "**" not in html  # Markdown is shown as plain text


def test_results_link_to_the_exact_place(client, corpus):
    assert corpus["item"].get_absolute_url() in _links(_search(client, q="unga vuxna"))
    assert corpus["rejected"].get_absolute_url() in _links(_search(client, q="pengar platser"))
    assert corpus["comment"].get_absolute_url() in _links(_search(client, q="samordningen"))
    assert "#punkt-" in corpus["item"].get_absolute_url()
    assert "#andring-" in corpus["rejected"].get_absolute_url()
    assert "#kommentar-" in corpus["comment"].get_absolute_url()


def test_drafts_and_unpublished_comments_are_never_found(client, corpus):
    for word in ["tandvårdsstöd", "utkast", "hemligt"]:
        html = _search(client, q=word)
        assert corpus["draft"].slug not in html
        assert "Utkast om" not in html
    html = _search(client, q="hemlösheten")
    assert "0 träffar" in html
    for body in ["Väntande", "Tillbakadragen", "Dold"]:
        assert body not in html


def test_search_follows_every_save(client, corpus):
    idea = corpus["titel"]
    idea.title = "Följeslagare till tandvården"
    idea.save()
    assert idea.get_absolute_url() in _links(_search(client, q="följeslagare"))
    assert idea.get_absolute_url() not in _links(_search(client, q='"ledsagning till tandläkaren"'))
    Comment.objects.filter(pk=corpus["comment"].pk).update(
        state=Comment.State.HIDDEN, hidden_reason="x"
    )
    assert corpus["comment"].get_absolute_url() not in _links(_search(client, q="samordningen"))


def test_filters_by_kind_group_and_year(client, corpus):
    everything = _links(_search(client, q="tandläkaren or boendestöd or samordningen"))
    assert len(everything) >= 4
    ideas = _links(_search(client, q="tandläkaren", typ="ideer"))
    assert ideas and all("/ideer/" in link for link in ideas)
    meetings = _links(_search(client, q="boendestöd", typ="moten"))
    assert meetings and all("/moten/" in link for link in meetings)
    comments = _links(_search(client, q="samordningen", typ="kommentarer"))
    assert comments == [corpus["comment"].get_absolute_url()]
    ledning = _links(_search(client, q="öppenvården", grupp="ledningsgruppen"))
    assert corpus["vard"].get_absolute_url() in ledning
    assert _links(_search(client, q="öppenvården", grupp="utveckling")) == []
    assert _links(_search(client, q="samordnad", ar="2024")) == [corpus["sip"].get_absolute_url()]
    assert _links(_search(client, q="samordnad", ar="2025")) == []


def test_eller_and_minus_work_as_in_web_search(client, corpus):
    either = _links(_search(client, q="tandläkaren eller missbruksvården"))
    assert corpus["titel"].get_absolute_url() in either
    assert corpus["vard"].get_absolute_url() in either
    without = _links(_search(client, q="tandläkaren -drop"))
    assert corpus["titel"].get_absolute_url() in without
    assert corpus["omnamnd"].get_absolute_url() not in without


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"samordnad individuell',
        "och det som",  # only stop words
        "!!! & | <-> :*",
        "'; DROP TABLE ideas_idea; --",
        "tandläkaren OR OR -",
        "%_\\",
        "a" * 200,
    ],
)
def test_odd_queries_get_an_answer_not_an_error(client, corpus, query):
    html = _search(client, q=query)
    assert 'id="results-heading"' in html


def test_too_long_query_says_what_is_wrong_and_keeps_the_text(client, corpus):
    query = ("tandläkaren " * 30).strip()
    html = _search(client, q=query)
    assert "Skriv högst 200 tecken (du skrev 359)" in html
    assert f'value="{query}"' in html


def test_invalid_filters_are_explained(client, corpus):
    html = _search(client, q="plan", grupp="finns-inte", ar="1066")
    assert "Välj ett giltigt alternativ" in html
    assert "0 träffar" not in html


def test_a_page_that_does_not_exist_is_404(client, corpus):
    assert client.get("/sok/", {"q": "plan", "sida": "99"}).status_code == 404
    assert client.get("/sok/", {"q": "plan", "sida": "x"}).status_code == 404


def test_empty_search_explains_how_to_search(client, corpus):
    html = _search(client)
    assert "Så söker du" in html
    assert "träffar" not in html


def test_htmx_gets_the_results_and_a_status_for_screen_readers(client, corpus):
    response = client.get("/sok/", {"q": "tandläkaren"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1>" not in html
    assert 'data-hx-swap-oob="innerHTML"' in html and "träffar" in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_english_page(client, corpus):
    html = client.get("/en/sok/", {"q": "missbruk"}).content.decode()
    assert '<html lang="en">' in html
    assert "results for “missbruk”" in html or "result for “missbruk”" in html


def test_query_count_does_not_grow_with_the_hits(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        _search(client, q="tandläkaren or samordningen or boendestöd or öppenvården")
    theme = make_theme()
    for n in range(40):
        idea = make_idea(group=corpus["utveckling"], theme=theme, title=f"Tandläkaren {n}")
        change_status(idea, Status.REJECTED, explanation="Tandläkaren har ingen tid.")
    with django_assert_max_num_queries(10):
        html = _search(client, q="tandläkaren or samordningen or boendestöd or öppenvården")
    assert len(_links(html)) == 20


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(max_size=250), kind=st.sampled_from(["", "moten", "x"]), year=st.text(max_size=6)
)
def test_any_input_gets_an_answer(client, query, kind, year):
    response = client.get("/sok/", {"q": query, "typ": kind, "ar": year})
    assert response.status_code == 200


def test_search_uses_the_indexes_on_ten_thousand_ideas(corpus):
    """On a realistic size the planner reads the GIN indexes, not every row."""
    words = ["boende", "ekonomi", "arbete", "familj", "skola", "hälsa", "trygghet", "vård"]
    theme, group = make_theme(), corpus["utveckling"]
    Idea.objects.bulk_create(
        Idea(
            title=f"Förslag {n} om {words[n % 8]}",
            slug=f"forslag-{n}",
            problem=f"Problemet med {words[(n * 3) % 8]}stödet i område {n}.",
            proposal=f"Mer {words[(n * 5) % 8]} för alla, version {n}.",
            theme=theme,
            group=group,
            raised_on=date(2025, 1, 1),
            status_changed_on=date(2025, 1, 1),
        )
        for n in range(10_000)
    )
    # A trail of the same size, a few entries carrying a diary number: on an almost empty table
    # the planner rightly reads every row, which says nothing about a city's trail.
    staff = make_staff_user()
    StatusChange.objects.bulk_create(
        StatusChange(
            idea=idea,
            status=Status.RECEIVED,
            decided_on=date(2025, 1, 1),
            decided_by="Gemensam utvecklingsgrupp",
            recorded_by=staff,
            diary_number=f"SN 2025/{n}" if n % 100 == 0 else "",
        )
        for n, idea in enumerate(Idea.objects.filter(slug__startswith="forslag-"))
    )
    with connection.cursor() as cursor:
        # What autovacuum does on a live database: move the new rows out of the GIN indexes'
        # pending lists (VACUUM itself cannot run inside the test's transaction).
        for index in ["ideas_idea_search_idx", "ideas_idea_trgm_idx"]:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE ideas_idea")
        cursor.execute("ANALYZE ideas_statuschange")
    hits = _hits(_Terms.parse("tandläkaren"), {"typ": "ideer", "grupp": None, "ar": None})
    plan = hits.explain()
    assert "ideas_idea_search_idx" in plan
    assert "ideas_idea_trgm_idx" in plan
    assert "Seq Scan on ideas_idea" not in plan
    # A diary number, however typed, is looked up in the index of the numbers.
    hits = _hits(_Terms.parse("sn2026/123"), {"typ": "ideer", "grupp": None, "ar": None})
    plan = hits.explain()
    assert "ideas_idea_diary_idx" in plan
    assert "ideas_change_diary_idx" in plan
    assert "Seq Scan on ideas_idea" not in plan
    # Filtered by group and year, each pass reads its index once, not once for every window
    # of ids (five at a city's scale, each reading the whole trigram index again), and the
    # group is its id, whose share of the ideas PostgreSQL knows, not a join by its slug.
    filters = {"typ": "ideer", "grupp": group.pk, "ar": 2025}
    plan = _hits(_Terms.parse("tandläkaren"), filters).explain()
    assert plan.count("ideas_idea_trgm_idx") == 1
    assert plan.count("ideas_change_trgm_idx") <= 1
    assert "directory_group" not in plan


def test_a_common_word_shows_the_best_of_the_newest_and_says_there_are_more(client, monkeypatch):
    """At a city's scale a common word matches a third of all rows: the search ranks only the
    newest CANDIDATES of each kind, and says "more than" instead of counting the rest."""
    monkeypatch.setattr("search.views.CANDIDATES", 3)
    group = make_group()
    ideas = [
        make_idea(group=group, title=f"Kvällsöppet på träffpunkten {n}", slug=f"kvall-{n}")
        for n in range(5)
    ]
    html = _search(client, q="träffpunkten", typ="ideer")
    links = _links(html)
    assert sorted(links) == sorted(idea.get_absolute_url() for idea in ideas[-3:])
    # More than those listed: not 3 for each of the kinds, which had no match but these.
    assert "Mer än 3 träffar på ”träffpunkten”" in html


def test_few_matches_are_counted_exactly(client, monkeypatch):
    monkeypatch.setattr("search.views.CANDIDATES", 3)
    group = make_group()
    for n in range(3):
        make_idea(group=group, title=f"Kvällsöppet på träffpunkten {n}", slug=f"kvall-{n}")
    html = _search(client, q="träffpunkten", typ="ideer")
    assert "3 träffar" in html
    assert "Mer än" not in html


def test_windows_reach_the_oldest_row_and_grow_by_the_same_factor():
    from search.views import FIRST_WINDOW, WINDOW_GROWTH, _windows

    windows = _windows(1_000_000)
    assert windows[0] == (1_000_000 - FIRST_WINDOW, 1_000_000)
    assert windows[-1][0] == 0
    for (low, high), (next_low, next_high) in pairwise(windows):
        assert next_high == low
        assert next_high - next_low in {(high - low) * WINDOW_GROWTH, next_high}
    assert _windows(0) == []


def test_windows_stop_at_the_depth_they_are_given(monkeypatch):
    from search.views import _windows

    monkeypatch.setattr("search.views.FIRST_WINDOW", 50)
    monkeypatch.setattr("search.views.WINDOW_GROWTH", 4)
    assert _windows(1000, deepest=900) == [(950, 1000), (900, 950)]
    assert _windows(1000, deepest=0) == [(950, 1000), (750, 950), (0, 750)]


def _newer_ideas(old: Idea, count: int) -> None:
    """`count` ideas newer than `old`, in its group and theme, about something else."""
    Idea.objects.bulk_create(
        Idea(
            title=f"Annat förslag {n}",
            slug=f"annat-{n}",
            problem="Något helt annat.",
            proposal="Något annat.",
            theme=old.theme,
            group=old.group,
            raised_on=date(2025, 1, 1),
            status_changed_on=date(2025, 1, 1),
        )
        for n in range(count)
    )


def test_an_old_rare_match_is_still_found_behind_many_newer_rows(client):
    """The deeper windows are searched when the newest rows hold too few matches."""
    group = make_group()
    old = make_idea(group=group, title="Ledsagning till frisören", slug="gammal")
    _newer_ideas(old, 2_500)
    assert old.get_absolute_url() in _links(_search(client, q="frisören"))


def test_a_search_with_an_excluded_word_reads_only_the_newest_rows(client, monkeypatch):
    """An exclusion reads the windows down to EXCLUSION_DEPTH: the cost of a common word
    whatever the two words' overlap, at the price of matches older than that depth."""
    monkeypatch.setattr("search.views.FIRST_WINDOW", 10)
    monkeypatch.setattr("search.views.EXCLUSION_DEPTH", 110)
    group = make_group()
    old = make_idea(group=group, title="Ledsagning till frisören", slug="gammal")
    _newer_ideas(old, 200)
    new = make_idea(group=group, title="Frisören kommer till boendet", slug="ny")
    assert old.get_absolute_url() in _links(_search(client, q="frisören", typ="ideer"))
    found = _links(_search(client, q="frisören -unga", typ="ideer"))
    assert new.get_absolute_url() in found
    assert old.get_absolute_url() not in found


def test_the_substring_pass_adds_what_the_full_text_did_not_find(client, monkeypatch):
    """Compounds are found by the substring pass, ranked after the full-text hits; when the
    full text alone fills a kind's candidates, the substring pass is not run for it."""
    group = make_group()
    whole = [
        make_idea(group=group, title=f"Träffpunkten nummer {n}", slug=f"traff-{n}")
        for n in range(3)
    ]
    compound = make_idea(group=group, title="Kvällsträffpunkten i Norrby", slug="kvall")
    links = _links(_search(client, q="träffpunkt", typ="ideer"))
    assert links[-1] == compound.get_absolute_url()
    assert sorted(links[:-1]) == sorted(idea.get_absolute_url() for idea in whole)

    monkeypatch.setattr("search.views.CANDIDATES", 2)
    links = _links(_search(client, q="träffpunkt", typ="ideer"))
    assert compound.get_absolute_url() not in links
    assert sorted(links) == sorted(idea.get_absolute_url() for idea in whole[-2:])


@pytest.mark.parametrize("query", ["SN 2026/123", "sn 2026/123", "SN2026/123", " Sn  2026/123 "])
def test_a_diary_number_finds_what_carries_it_first_however_it_is_typed(client, query):
    """The idea, the decision and the meeting with the number come before every mention of
    it, and before the numbers it is part of."""
    group = make_group()
    idea = make_idea(group=group, title="Kamratstöd på boendet", diary_number="SN 2026/123")
    decision = change_status(make_idea(group=group), Status.DECIDED, diary_number="SN 2026/123")
    meeting = make_meeting(group=group, title="Stormöte", diary_number="SN 2026/123")
    make_idea(group=group, title="Uppföljning av SN 2026/123", problem="Se SN 2026/123.")
    make_idea(group=group, title="Annat förslag", diary_number="SN 2026/1234")
    make_meeting(group=group, title="Möte om SN 2026/123")
    links = _links(_search(client, q=query))
    assert sorted(links[:3]) == sorted(
        [idea.get_absolute_url(), decision.get_absolute_url(), meeting.get_absolute_url()]
    )


def test_a_diary_number_is_found_behind_many_newer_mentions(client, monkeypatch):
    """The rows that carry it are read by its index, not among the newest matches."""
    monkeypatch.setattr("search.views.CANDIDATES", 2)
    group = make_group()
    old = make_idea(group=group, title="Kamratstöd", diary_number="SN 2026/123")
    for n in range(4):
        make_idea(group=group, title=f"Om SN 2026/123, del {n}", slug=f"del-{n}")
    assert _links(_search(client, q="sn 2026/123", typ="ideer"))[0] == old.get_absolute_url()


def test_a_next_step_is_found_by_what_it_says_and_who_does_it(client, corpus):
    """Next steps are public entries of the trail: a search for the plan finds the idea's step."""
    idea = corpus["titel"]
    step = record_next_step(
        idea, recorded_by=make_staff_user(), text="Förvaltningen upphandlar färdtjänsten.",
        by_body="Socialnämnden", planned_month=date.today().replace(day=1),
    )  # fmt: skip
    for query in ("upphandla", "färdtjänst", "socialnämnden"):
        html = _search(client, q=query)
        assert step.get_absolute_url() in _links(html), query
        assert "Nästa steg" in html
    # The kind filter of the ideas shows them; that of the meetings does not.
    assert step.get_absolute_url() in _links(_search(client, q="färdtjänsten", typ="ideer"))
    assert _links(_search(client, q="färdtjänsten", typ="moten")) == []
