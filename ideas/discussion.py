"""An idea's discussion a page at a time: which threads a page shows, and which page shows a
comment (ideas/views.py renders them).

A long discussion is shown a page of threads at a time (a thread: a comment and its replies):
200 comments on one page were 164 KB of HTML and 42 ms of a cold page at scale 1.0.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404

from ideas.models import Comment, Idea
from portal.http import page_number

COMMENT_THREADS_PER_PAGE = 20


def _threads(idea: Idea, user):
    """The first comments of the idea's threads that `user` sees, oldest first."""
    return (
        Comment.objects.visible_to(user).filter(idea=idea, parent=None).order_by("created_at", "pk")
    )


def comment_page(comment: Comment, user) -> int:
    """The page of the idea's comments that shows `comment` (a reply: its thread) to `user`."""
    first = comment.parent or comment
    earlier = Q(created_at__lt=first.created_at) | Q(created_at=first.created_at, pk__lt=first.pk)
    return _threads(comment.idea, user).filter(earlier).count() // COMMENT_THREADS_PER_PAGE + 1


def comment_address(comment: Comment, user) -> str:
    """The idea's page that shows `comment` to `user`, at the comment."""
    page = comment_page(comment, user)
    query = f"?sida={page}" if page > 1 else ""
    return f"{comment.idea.get_absolute_url()}{query}#kommentar-{comment.pk}"


# A page of an idea's comment threads with their replies, in one query. Written as SQL: the
# ORM's two queries (the threads with their writers' names, then the replies) cost 4.5 ms of a
# cold page, two thirds of it Django compiling them. {visible} is the condition of
# CommentQuerySet.visible_to() for the visitor: a test compares the two.
_COMMENTS_SQL = """
WITH page AS (
    SELECT c.id, count(*) OVER () AS threads
    FROM {comment} c
    WHERE c.idea_id = %(idea)s AND c.parent_id IS NULL AND {visible}
    ORDER BY c.created_at, c.id
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT c.id, c.idea_id, c.parent_id, c.author_id, c.organisation_id, c.is_official, c.body,
       c.state, c.hidden_reason, c.created_at, page.threads,
       coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username) AS author_name,
       o.name AS organisation_name, o.slug AS organisation_slug
FROM page
JOIN {comment} c ON c.id = page.id OR (c.parent_id = page.id AND {visible})
JOIN {user} u ON u.id = c.author_id
LEFT JOIN {organisation} o ON o.id = c.organisation_id
ORDER BY c.created_at, c.id
"""


def page_of_threads(idea: Idea, user, number) -> Page:
    """A page of the idea's comment threads as `user` may see them, each with its replies
    (`thread`), oldest first, in one query; an unknown page is a 404.

    Only what the page shows (templates/jinja2/ideas/comment_list.html), the writer's name and
    the organisation's as columns of the comment; how many threads there are comes with the
    rows (COUNT(*) OVER ()).
    """
    number = page_number(str(number or 1))
    if number is None:
        raise Http404("No such page of comments")
    visible = "(c.state <> 'pending'"
    visible += " OR c.author_id = %(user)s)" if user.is_authenticated else ")"
    sql = _COMMENTS_SQL.format(
        comment=Comment._meta.db_table,
        user=Comment._meta.get_field("author").related_model._meta.db_table,
        organisation=Comment._meta.get_field("organisation").related_model._meta.db_table,
        visible=visible,
    )
    params = {
        "idea": idea.pk,
        "user": user.pk,
        "limit": COMMENT_THREADS_PER_PAGE,
        "offset": (number - 1) * COMMENT_THREADS_PER_PAGE,
    }
    roots, replies = [], {}
    for comment in Comment.objects.raw(sql, params):
        if comment.parent_id is None:
            roots.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    for root in roots:
        root.thread = replies.get(root.pk, [])
    if not roots and number > 1:
        raise Http404("No such page of comments")
    paginator = Paginator(roots, COMMENT_THREADS_PER_PAGE)
    paginator.count = roots[0].threads if roots else 0
    return Page(roots, number, paginator)
