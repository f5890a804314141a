"""What staff post after their session has ended is kept, and filled in again after they log in.

An editor who writes minutes for longer than the staff session's idle time (directory/
middleware.py) used to lose everything on pressing Save: the admin answered with its login page.
Now the posted fields (not files, not the CSRF token) are kept for a day under a random token
that only goes back to the browser that posted them, in the login's `next` address; after the
login the admin form opens bound to them, for the editor to check and save.
"""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from directory import services
from directory.middleware import seconds_left
from portal.http import over_limit

# The query parameter that carries the token back to the form.
KEPT = "kept"
# The query parameter that fills the form with its autosaved copy.
RESTORE = "kladd"


class KeepsPostedForms(admin.ModelAdmin):
    """A ModelAdmin whose change and add forms, posted after the session ended, are kept and
    restored (KeepPostedFormMiddleware keeps them; this fills them in again)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = request.GET.get(KEPT, "")
        if token and request.method == "GET":
            data = services.posted_form(token, form_label(self), object_id or "")
            if data is not None and self._may_save(request, object_id):
                request.restored_form = data
                messages.warning(
                    request,
                    _(
                        "What you wrote before you were logged out is filled in again. It is "
                        "not saved yet: check it and press Save."
                    ),
                )
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if token and request.method == "POST" and response.status_code == 302:
            services.forget_posted_form(token)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        data = getattr(request, "restored_form", None)
        return form if data is None or request.method != "GET" else _bound(form, data)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = getattr(request, "restored_form", None)
        if data is not None and request.method == "GET":
            kwargs["data"] = data.copy()
        return kwargs

    def _may_save(self, request, object_id) -> bool:
        if object_id is None:
            return self.has_add_permission(request)
        obj = self.get_object(request, unquote(object_id))
        return obj is not None and self.has_change_permission(request, obj)


class AutosavesDrafts(KeepsPostedForms):
    """A ModelAdmin whose change and add forms are autosaved as the editor types
    (static/js/autosave.js), and offer the saved copy when it is newer than the object.

    Without JavaScript nothing is autosaved; the offer ("Återställ" a link, "Släng" a form)
    works without it.
    """

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.autosave_view)
        return [
            path("add/kladd/", view, name="{}_{}_autosave_add".format(*info)),
            path("<path:object_id>/kladd/", view, name="{}_{}_autosave".format(*info)),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        label, key = form_label(self), object_id or ""
        if request.method == "GET" and self._may_save(request, object_id):
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            kept = services.autosaved(request.user, label, key, getattr(obj, "updated_at", None))
            if kept is not None and request.GET.get(RESTORE):
                request.restored_form = kept[0]
                messages.warning(
                    request,
                    _(
                        "What you were writing at %(time)s is filled in. It is not saved yet: "
                        "check it and press Save."
                    )
                    % {"time": _clock(kept[1])},
                )
            elif kept is not None:
                extra_context = (extra_context or {}) | {
                    "autosaved_at": kept[1],
                    "autosave_restore": f"?{RESTORE}=1",
                }
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and response.status_code == 302:
            services.forget_autosave(request.user, label, key)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name = "autosave_add" if add else "autosave"
        args = () if add else (obj.pk,)
        info = self.opts.app_label, self.opts.model_name, name
        context["autosave_url"] = reverse("admin:{}_{}_{}".format(*info), args=args)
        context["autosave_seconds"] = settings.AUTOSAVE_SECONDS
        return super().render_change_form(request, context, add, change, form_url, obj)

    def autosave_view(self, request, object_id=None):
        """Keep what the editor has typed so far (a fetch from the script), or throw the kept
        copy away ("Släng", a plain form)."""
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        if not self._may_save(request, object_id):
            raise PermissionDenied
        label, key = form_label(self), object_id or ""
        if "_discard" in request.POST:
            services.forget_autosave(request.user, label, key)
            messages.info(request, _("The autosaved text was thrown away."))
            change = "add" if object_id is None else "change"
            info = self.opts.app_label, self.opts.model_name, change
            args = () if object_id is None else (object_id,)
            return HttpResponseRedirect(reverse("admin:{}_{}_{}".format(*info), args=args))
        rate = settings.AUTOSAVE_RATE
        user_key = f"user:{request.user.pk}"
        if rate != "0" and over_limit(request, "autosave", rate, key=lambda *_: user_key):
            return JsonResponse({"saved": False}, status=429)
        saved_at = services.autosave(request.user, label, key, request.POST)
        if saved_at is None:
            return JsonResponse({"saved": False}, status=413)
        idle, whole = seconds_left(request)
        return JsonResponse({"saved": _clock(saved_at), "idle": idle, "whole": whole})


def _clock(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def form_label(model_admin: admin.ModelAdmin) -> str:
    return model_admin.model._meta.label_lower


def _bound(form_class, data):
    """The admin's form class, made bound to `data` where the admin makes it unbound."""

    class Restored(form_class):
        def __init__(self, *args, **kwargs):
            if not args and "data" not in kwargs:
                kwargs["data"] = data
            super().__init__(*args, **kwargs)

    Restored.__name__ = form_class.__name__
    return Restored


class KeepPostedFormMiddleware:
    """Keeps a change or add form posted to the admin without a logged-in staff user.

    After CsrfViewMiddleware (a post with a bad token is refused before anything is kept) and
    after StaffSessionMiddleware (which may just have ended the session). Limited per visitor
    by RATE_LIMITS["kept-forms"]; over it, or beyond the size kept, the admin's own redirect
    to its login page follows, as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin":
            return None
        if match.url_name == "login":
            request.kept_form_waiting = _waiting(request)
            return None
        model_admin = getattr(view, "model_admin", None)
        if (
            request.method != "POST"
            or not isinstance(model_admin, KeepsPostedForms)
            or view.__name__ not in ("change_view", "add_view")
            or model_admin.admin_site.has_permission(request)
            or not getattr(request, "csrf_processing_done", False)
        ):
            return None
        rate = settings.KEPT_FORM_RATE
        if rate != "0" and over_limit(request, "limited:kept-forms", rate):
            return None
        object_id = kwargs.get("object_id", "")
        token = services.keep_posted_form(form_label(model_admin), object_id, request.POST)
        if token is None:
            return None
        query = request.GET.copy()
        query[KEPT] = token
        login = reverse("admin:login", current_app=model_admin.admin_site.name)
        return redirect_to_login(f"{request.path}?{query.urlencode()}", login)


def _waiting(request) -> bool:
    """Whether the login leads back to a form that is kept."""
    following = request.POST.get("next") or request.GET.get("next") or ""
    token = parse_qs(urlsplit(following).query).get(KEPT, [""])[0]
    return bool(token) and services.posted_form_waiting(token)
