import sys

from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development and benchmark tools; production settings do not install this app."""

    name = "devtools"
    verbose_name = "Development tools"

    def ready(self):
        from devtools import embedded_db

        # `make run`'s server gets its database back if another process stopped it.
        if sys.argv[1:2] == ["runserver"] and embedded_db.started is not None:
            embedded_db.keep_running(embedded_db.started)
