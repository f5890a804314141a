from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.models import Session
from django.utils import timezone

_STARTED = "staff_session_started"


class StaffSessionMiddleware:
    """Staff sessions end after a while idle and after a fixed time in all.

    The admin can change everything, so a forgotten logged-in browser must not stay open.
    Representatives keep Django's ordinary session length.

    After each request by staff, the login included, the session's expiry (in the database and
    the cookie's max-age) is moved to the idle time from now, but never past the end of the whole
    session, so the session ends on the server even if the browser never comes back. A request
    that comes after the end anyway is answered logged out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now().timestamp()
        longest = settings.STAFF_SESSION_MAX_SECONDS
        if _is_staff(request) and now - request.session.get(_STARTED, now) >= longest:
            logout(request)
        user_before = request.session.get(SESSION_KEY)
        response = self.get_response(request)
        if _is_staff(request) and not getattr(request, "staff_session_untouched", False):
            # The whole time starts when this request logged someone in.
            if request.session.get(SESSION_KEY) != user_before or _STARTED not in request.session:
                request.session[_STARTED] = now
            remaining = longest - (now - request.session[_STARTED])
            idle = min(settings.STAFF_SESSION_IDLE_SECONDS, remaining)
            request.session.set_expiry(max(1, int(idle)))
        return response


def not_activity(request) -> None:
    """This request does not move the session's end: it only reads (a preview of the text
    being written), so the warning's script (static/js/staff-session.js) keeps the right end."""
    request.staff_session_untouched = True


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and (user.is_staff or user.is_superuser)


def seconds_left(request, *, untouched=False) -> tuple[int, int]:
    """How long this staff session lasts after this request if nothing more happens (the idle
    time, or less near the end), and how long at most however active: what the middleware
    sets on the way out.

    `untouched`: the request does not count as activity (the warning asking whether another
    tab has moved the end); the session's end is then the one it had, as the database keeps it.
    """
    now = timezone.now()
    whole = settings.STAFF_SESSION_MAX_SECONDS - (
        now.timestamp() - request.session.get(_STARTED, now.timestamp())
    )
    idle = min(settings.STAFF_SESSION_IDLE_SECONDS, whole)
    if untouched:
        not_activity(request)
        ends = Session.objects.filter(session_key=request.session.session_key).values_list(
            "expire_date", flat=True
        )
        idle = min(idle, max(((end - now).total_seconds() for end in ends), default=0))
    return max(0, int(idle)), max(0, int(whole))
