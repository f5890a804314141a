"""The benchmark's ideas, their status trails and comments.

The trail is written first: each idea's current status is a copy of its trail's last entry.
"""

import bisect
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils.text import slugify

from devtools.benchmark.scale import (
    LONG_COMMENTS,
    LONG_IDEA_SLUG,
    LONG_REPLIES,
    LONG_TRAIL,
    WORDS,
    spread,
)
from ideas.models import (
    DECISIONS,
    NEEDS_EXPLANATION,
    OPEN,
    Comment,
    Idea,
    NextStep,
    Status,
    StatusChange,
)
from ideas.next_steps import month_after
from meetings.models import AgendaItem
from portal.dates import zone

# How an idea moves on: the statuses that may follow each one, with their weights. A status may
# follow itself: a progress report, a reason repeated after a new question.
S = Status
NEXT = {
    S.RECEIVED: ((S.PREPARING, 18), (S.REJECTED, 1), (S.HANDED_OVER, 1)),
    S.PREPARING: (
        (S.PREPARING, 5),
        (S.DECIDED, 7),
        (S.REJECTED, 3),
        (S.ON_HOLD, 3),
        (S.HANDED_OVER, 2),
    ),
    S.DECIDED: ((S.IN_PROGRESS, 8), (S.DECIDED, 1), (S.ON_HOLD, 1)),
    S.IN_PROGRESS: ((S.IN_PROGRESS, 10), (S.DONE, 7), (S.ON_HOLD, 3)),
    S.DONE: ((S.DONE, 4), (S.IN_PROGRESS, 1)),
    S.REJECTED: ((S.REJECTED, 7), (S.PREPARING, 3)),
    S.ON_HOLD: ((S.PREPARING, 5), (S.IN_PROGRESS, 3), (S.ON_HOLD, 2)),
    S.HANDED_OVER: ((S.HANDED_OVER, 6), (S.PREPARING, 4)),
}
NEXT_CHOICES = {
    status: ([s for s, _w in nxt], [w for _s, w in nxt]) for status, nxt in NEXT.items()
}
CORRECTION_SHARE = 0.003
# Open ideas given a next step after their last entry, planned up to six months ahead of then:
# those whose month has passed are the progress page's late ones.
NEXT_STEP_SHARE = 0.15
COMMENT_STATES = (
    (Comment.State.APPROVED, 85),
    (Comment.State.PENDING, 6),
    (Comment.State.HIDDEN, 4),
    (Comment.State.WITHDRAWN, 5),
)


class IdeaRows:
    """The loader's part that fills the ideas (devtools/benchmark/dataset.py)."""

    def _trail(self) -> int:
        rng = self._rng("ideas")
        n = self.n["ideas"]
        span = (self.today - self.first_day).days
        # Idea 1 is the long one; the others in the order they were raised.
        raised = sorted(
            self.first_day + timedelta(days=rng.randrange(span + 1)) for _ in range(n - 1)
        )
        self.raised_on = [self.today.replace(year=self.today.year - 12), *raised]
        self.idea_group = [0, *rng.choices(range(len(self.groups)), self.idea_weights, k=n - 1)]
        # Older ideas have longer trails; the entries add up to the scale's number exactly.
        lengths = sorted(
            spread(rng, max(self.n["trail"] - LONG_TRAIL, n - 1), n - 1, low=1), reverse=True
        )
        for start in range(0, len(lengths), 200):
            block = lengths[start : start + 200]
            rng.shuffle(block)
            lengths[start : start + 200] = block
        lengths.insert(0, LONG_TRAIL)
        self.status = [""] * n
        self.changed_on = [self.today] * n
        self.first_decided_on: list[date | None] = [None] * n
        self.discussed: set[tuple[int, int]] = set()
        text_rng = self._rng("trail")

        def rows() -> Iterator[tuple]:
            entry_id = 0
            for i in range(n):
                idea_id, group = i + 1, self.idea_group[i]
                start, length = self.raised_on[i], lengths[i]
                room = min((self.today - start).days, 120 * (length - 1))
                offsets = sorted(rng.randrange(room + 1) for _ in range(length - 1))
                link_share = 0.6 if i == 0 else 0.3
                status, previous_day, previous_id = Status.RECEIVED, start, 0
                for k in range(length):
                    entry_id += 1
                    day = start if k == 0 else start + timedelta(days=offsets[k - 1])
                    corrects = None
                    if k and rng.random() < CORRECTION_SHARE:
                        corrects = previous_id  # same status, better date and reason
                    elif k:
                        choices, weights = NEXT_CHOICES[status]
                        status = rng.choices(choices, weights)[0]
                    meeting = item = None
                    decided_by = (
                        self.group_names[group] if k == 0 else rng.choice(WORDS["decided_by"])
                    )
                    if rng.random() < link_share:
                        held = self.held[group]
                        at = bisect.bisect_right(self.held_days[group], day.toordinal()) - 1
                        if at >= 0 and held[at].day >= previous_day:
                            m = held[at]
                            day, meeting, decided_by = m.day, m.id, self.group_names[group]
                            item = m.first_item + rng.randrange(m.items)
                            self.discussed.add((item, idea_id))
                    if corrects:
                        explanation = WORDS["correction"]
                    elif status in NEEDS_EXPLANATION:
                        explanation = (
                            text_rng.choice(WORDS["explanations"][status])
                            + " "
                            + self._text(text_rng, 0, 1)
                        )
                    elif k and text_rng.random() < 0.4:
                        explanation = (
                            text_rng.choice(WORDS["explanations"]["other"])
                            + " "
                            + self._text(text_rng, 0, 1)
                        )
                    else:
                        explanation = ""
                    recorded_at = min(
                        self.now, datetime.combine(day + timedelta(days=1), time(10), zone())
                    )
                    yield (
                        entry_id,
                        idea_id,
                        status,
                        day,
                        decided_by,
                        explanation.strip(),
                        meeting,
                        item,
                        corrects,
                        self.staff,
                        recorded_at,
                    )
                    previous_day, previous_id = day, entry_id
                    if status in DECISIONS:
                        first = self.first_decided_on[i]
                        self.first_decided_on[i] = day if first is None else min(first, day)
                self.status[i], self.changed_on[i] = status, previous_day

        return self._copy(
            StatusChange,
            "id idea_id status decided_on decided_by explanation meeting_id agenda_item_id "
            "corrects_id recorded_by_id recorded_at",
            rows(),
        )

    def _plan_next_steps(self) -> None:
        """Which open ideas have a next step (the long idea always), as (idea index, month,
        recorded at); `_ideas` copies each one's id and month, `_next_steps` writes them."""
        rng = self._rng("next steps")
        self.next_steps: list[tuple[int, date, datetime]] = []
        for i, status in enumerate(self.status):
            if status not in OPEN or (i and rng.random() >= NEXT_STEP_SHARE):
                continue
            day = min(self.today, self.changed_on[i] + timedelta(days=1))
            month = day.replace(day=1)
            for _ in range(rng.randrange(7)):
                month = month_after(month)
            recorded_at = min(self.now, datetime.combine(day, time(11), zone()))
            self.next_steps.append((i, month, recorded_at))

    def _next_steps(self) -> int:
        rng = self._rng("next step texts")
        return self._copy(
            NextStep,
            "id idea_id text by_body planned_month recorded_by_id recorded_at",
            (
                (n, i + 1, rng.choice(WORDS["next_steps"]), rng.choice(WORDS["decided_by"]),
                 month, self.staff, recorded_at)
                for n, (i, month, recorded_at) in enumerate(self.next_steps, 1)
            ),
        )  # fmt: skip

    def _ideas(self) -> int:
        self._plan_next_steps()
        step_of = {i: (n, month) for n, (i, month, _at) in enumerate(self.next_steps, 1)}
        rng = self._rng("idea texts")
        themes = len(WORDS["themes"])

        def rows() -> Iterator[tuple]:
            for i, raised_on in enumerate(self.raised_on):
                obj = rng.choice(WORDS["title_objects"])
                if i == 0:
                    title, slug = (
                        "Kamratstöd i missbruksvården, från idé till vardag",
                        LONG_IDEA_SLUG,
                    )
                else:
                    title = f"{rng.choice(WORDS['title_starts'])} {obj}"
                    if rng.random() < 0.5:
                        title += f" i {rng.choice(WORDS['districts'])}"
                    slug = f"{slugify(title)}-{i + 1}"
                problem = f"{rng.choice(WORDS['problems'])} {self._text(rng, 1, 2)}"
                easy_read = WORDS["easy_read"].format(topic=obj) if rng.random() < 0.05 else ""
                organisation = rng.choice(self.user_orgs) if rng.random() < 0.7 else None
                yield (
                    i + 1,
                    title,
                    slug,
                    problem,
                    self._text(rng, 2, 3),
                    easy_read,
                    rng.randrange(themes) + 1,
                    self.idea_group[i] + 1,
                    organisation,
                    raised_on,
                    rng.random() < 0.9,
                    self.status[i],
                    self.changed_on[i],
                    self.first_decided_on[i],
                    datetime.combine(raised_on, time(10), zone()),
                    *step_of.get(i, (None, None)),
                )

        return self._copy(
            Idea,
            "id title slug problem proposal easy_read theme_id group_id organisation_id raised_on "
            "open_for_comments status status_changed_on first_decided_on created_at next_step_id "
            "next_step_month",
            rows(),
        )

    def _discussed(self) -> int:
        return self._copy(AgendaItem.ideas.through, "agendaitem_id idea_id", sorted(self.discussed))

    def _comments(self) -> int:
        rng = self._rng("comments")
        n = self.n["ideas"]
        per_idea = [0] * n
        per_idea[0] = LONG_COMMENTS
        # Some ideas draw many comments, most a few and many none.
        for _ in range(max(0, self.n["comments"] - LONG_COMMENTS)):
            per_idea[1 + int((n - 1) * rng.random() ** 1.5)] += 1
        states, weights = zip(*COMMENT_STATES, strict=True)

        def rows() -> Iterator[tuple]:
            comment_id = 0
            for i, count in enumerate(per_idea):
                if not count:
                    continue
                start = datetime.combine(self.raised_on[i], time(8), zone())
                seconds = max(60, int(min(self.now - start, timedelta(days=730)).total_seconds()))
                times = sorted(
                    min(self.now, start + timedelta(seconds=rng.randrange(seconds)))
                    for _ in range(count)
                )
                answerable: list[tuple[int, datetime]] = []
                for k, created_at in enumerate(times):
                    comment_id += 1
                    if i == 0:
                        state = Comment.State.APPROVED
                        reply = k >= count - LONG_REPLIES
                    else:
                        state = rng.choices(states, weights)[0]
                        reply = rng.random() < 0.2
                    parent = None
                    if reply and answerable:
                        parent, parent_at = rng.choice(answerable)
                        created_at = min(
                            self.now, max(created_at, parent_at + timedelta(minutes=5))
                        )
                    if rng.random() < 0.05:
                        author, organisation, official = self.staff, None, True
                    else:
                        author, organisation = rng.choice(self.representatives)
                        official = False
                    moderated = state in (Comment.State.APPROVED, Comment.State.HIDDEN)
                    moderated_at = (
                        min(self.now, created_at + timedelta(hours=20)) if moderated else None
                    )
                    hidden_reason = WORDS["hidden_reason"] if state == Comment.State.HIDDEN else ""
                    if parent is None and state == Comment.State.APPROVED:
                        answerable.append((comment_id, created_at))
                    yield (
                        comment_id,
                        i + 1,
                        parent,
                        author,
                        organisation,
                        official,
                        self._text(rng, 1, 3),
                        state,
                        hidden_reason,
                        created_at,
                        moderated_at,
                        self.staff if moderated else None,
                    )

        return self._copy(
            Comment,
            "id idea_id parent_id author_id organisation_id is_official body state hidden_reason "
            "created_at moderated_at moderated_by_id",
            rows(),
        )
