from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    """The benchmark's floor: the least a view can do, behind the whole middleware stack.

    Served only when BENCH_FLOOR_VIEW is on (`make bench` turns it on). Unlike /healthz, which
    a middleware answers before sessions and the host check, every middleware runs here.
    """
    return HttpResponse("ok", content_type="text/plain")
