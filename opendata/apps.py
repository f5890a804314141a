from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from directory.models import Group, Organisation
        from ideas.models import Idea, StatusChange, Theme
        from meetings.models import Meeting

        # What the files hold: a change to any of these asks for new files once it is committed.
        for model in (Idea, StatusChange, Theme, Meeting, Group, Organisation):
            post_save.connect(_data_changed, sender=model, dispatch_uid=f"exports-{model}")
            post_delete.connect(_data_changed, sender=model, dispatch_uid=f"exports-{model}-")


def _data_changed(**kwargs):
    if kwargs.get("raw"):
        return  # loaddata: the files are asked for when the data is first downloaded
    from opendata import tasks

    transaction.on_commit(tasks.after_change)
