from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class PortalConfig(AppConfig):
    """Site-wide code that every app shares; it imports none of them."""

    name = "portal"
    default = True  # the module imports django-tasks-db's config too: this one is the app's
    # In the admin it holds one thing: the record of the personal-data check (portal/admin.py).
    verbose_name = _("Personal-data check")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db with its name and its admin's column titles in the visitor's language.

    The package writes these as plain English strings, which no catalogue can translate.
    """

    default = False
    verbose_name = _("Task queue")

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.admin import DBTaskResultAdmin

        DBTaskResultAdmin.formatted_traceback.short_description = _("traceback")
        DBTaskResultAdmin.display_run_after.short_description = _("run after")
