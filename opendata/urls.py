from django.urls import path

from opendata import views


def _download(table: str, extension: str, name: str):
    kwargs = {"table": table, "extension": extension}
    return path(f"oppna-data/{table}.{extension}", views.download, kwargs, name=name)


app_name = "opendata"
urlpatterns = [
    path("oppna-data/", views.index, name="index"),
    _download("ideer", "csv", "ideas_csv"),
    _download("ideer", "xlsx", "ideas_xlsx"),
    _download("statusandringar", "csv", "status_changes_csv"),
    _download("statusandringar", "xlsx", "status_changes_xlsx"),
]
