from health import views

_PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before sessions, users, languages and the host check.

    A load balancer probes by address, without cookies and often with a Host header of its
    own: the answer must depend on none of these, and /healthz must not touch the database.
    It sits after SecurityMiddleware (which exempts these paths from the https redirect, see
    SECURE_REDIRECT_EXEMPT), so the answers still carry the security headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = _PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
