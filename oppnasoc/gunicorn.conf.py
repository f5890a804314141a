"""gunicorn's settings for production: `gunicorn --config oppnasoc/gunicorn.conf.py`.

`make serve` runs it; see docs/deployment.md and docs/operations.md. Options on the command line and
GUNICORN_CMD_ARGS override these.
"""

import os

wsgi_app = "oppnasoc.wsgi"
bind = os.getenv("BIND") or f"0.0.0.0:{os.getenv('PORT', '8000')}"
workers = int(os.getenv("WEB_CONCURRENCY", "3"))
# Threads (gunicorn's gthread worker): a worker's main thread tells the master it is alive while
# its threads answer, so a download that takes minutes to a slow client (the open-data files,
# hundreds of MB) is not killed at the 30-second timeout as a sync worker would be.
# Half of them at most hold a refusal (429) for a second (REFUSAL_DELAY_PLACES), without CPU.
threads = int(os.getenv("WEB_THREADS", "8"))
# No runtime control socket: nothing uses it, and two servers on one machine would share its path.
control_socket_disable = True

# Access and error logs as JSON lines on stderr, like the application's own (portal/logs.py).
# The access line has the request id from the response's X-Request-ID header, the method, the
# path without its query string, the status, bytes and milliseconds: no address, referer or
# browser. The format below only matters to a handler that does not use the JSON formatter.
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
    },
}


def post_worker_init(worker):
    """Compile the templates, ready the translations, the URLs and a database connection for
    each thread before the worker accepts its first connection, so that no visitor waits for
    them (portal/warmup.py)."""
    from portal.warmup import warm_up

    warm_up(threads=worker.cfg.threads, alive=worker.notify)
