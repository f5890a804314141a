"""A moderator sees what may identify a person in a comment, and approves it only after
confirming each hit, with the keyboard alone."""

from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from playwright.sync_api import expect

from ideas.models import Comment
from portal import roles
from portal.models import PrivacyConfirmation
from tests.browser.conftest import assert_no_axe_violations, logged_in, visit
from tests.factories import make_idea, make_organisation, make_representative


def test_moderator_confirms_each_hit_before_approving(new_page, live_server):
    organisation = make_organisation(name="Brukarföreningen Vägen", slug="vagen")
    writer = make_representative(organisations=[organisation], password=None).user
    idea = make_idea(title="Kvällsöppet på mottagningen", slug="kvallsoppet")
    comment = Comment.objects.create(
        idea=idea,
        author=writer,
        organisation=organisation,
        state=Comment.State.PENDING,
        body="Min granne Kalle, 070-123 45 67, bor på Storgatan 12 och behöver hjälp på kvällen.",
    )
    moderator = User.objects.create_user("moderator", "mod@example.org", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    page = logged_in(new_page, live_server, moderator)

    visit(page, f"/admin/ideas/comment/{comment.pk}/change/")
    expect(page.locator("mark")).to_have_text(["070-123 45 67", "Storgatan 12"])
    assert_no_axe_violations(page)

    page.locator("#id_state").select_option("approved")
    page.locator("input[name=_save]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".errorlist")).to_contain_text("2 träffar är inte bekräftade")
    assert_no_axe_violations(page)  # the error state
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING

    for box in page.locator(".privacy-confirm input, input.privacy-confirm").all():
        box.focus()
        page.keyboard.press("Space")
    page.locator("input[name=_save]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist .success")).to_be_visible()
    comment.refresh_from_db()
    assert comment.state == Comment.State.APPROVED
    assert PrivacyConfirmation.objects.filter(confirmed_by=moderator).count() == 2
