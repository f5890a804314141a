"""Tags of the idea pages: the parts repeated for every idea, comment and trail entry, in
Jinja2 (portal/jinja.py says why)."""

from django import template

from portal.jinja import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_list(context, comments) -> str:
    return fragment(
        "ideas/comment_list.html",
        context,
        comments=comments,
        user=context["user"],
        form=context.get("form"),
        focus_comment=context.get("focus_comment"),
    )


@register.simple_tag(takes_context=True)
def trail_list(context, trail, corrected) -> str:
    return fragment("ideas/trail.html", context, trail=trail, corrected=corrected)


@register.simple_tag(takes_context=True)
def idea_summaries(
    context, ideas, *, show_group: bool = False, show_next_step: bool = False, h: str = "h3"
) -> str:
    """Each idea as an item of a list: title, status and since when, group and theme; and with
    `show_next_step` its next step (select_related("next_step"))."""
    return fragment(
        "ideas/idea_summaries.html",
        context,
        ideas=ideas,
        show_group=show_group,
        show_next_step=show_next_step,
        h=h,
    )
