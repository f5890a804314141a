from django.urls import path

from opendata import exports, views


def _download(table: str, extension: str):
    kwargs = {"table": table, "extension": extension}
    name = f"{exports.URL_NAMES[table]}_{extension}"
    return path(f"oppna-data/{table}.{extension}", views.download, kwargs, name=name)


app_name = "opendata"
urlpatterns = [
    path("oppna-data/", views.index, name="index"),
    *(_download(table, extension) for table in exports.TABLES for extension in exports.FORMATS),
]
