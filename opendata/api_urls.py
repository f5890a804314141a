"""The JSON API, outside i18n_patterns: its addresses and labels are the same in any language."""

from django.urls import path, re_path

from opendata import api

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi, name="openapi"),
    path("ideas/", api.idea_list, name="ideas"),
    path("ideas/<slug:slug>/", api.idea_detail, name="idea"),
    path("meetings/", api.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", api.meeting_detail, name="meeting"),
    path("groups/", api.group_list, name="groups"),
    path("groups/<slug:slug>/", api.group_detail, name="group"),
    path("organisations/", api.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", api.organisation_detail, name="organisation"),
    # Anything else under /api/ ending in a slash is a JSON 404 too; without the slash,
    # CommonMiddleware first adds it, as everywhere on the site. [\s\S], not ".": an address
    # may hold an encoded line break too.
    re_path(r"^(?P<path>[\s\S]*/)$", api.not_found, name="not_found"),
]
