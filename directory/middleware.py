import time

from django.conf import settings
from django.contrib.auth import logout

_STARTED = "staff_session_started"


class StaffSessionMiddleware:
    """Staff sessions end after a while idle and after a fixed time in all.

    The admin can change everything, so a forgotten logged-in browser must not stay open.
    Representatives keep Django's ordinary session length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            started = request.session.setdefault(_STARTED, time.time())
            if time.time() - started > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
            else:
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)
