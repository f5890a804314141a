"""Logs as JSON lines, each with the id of the request it belongs to, and nothing personal.

Used by Django's LOGGING and by gunicorn's access and error logs (`oppnasoc/gunicorn.conf.py`),
so this module imports nothing from Django: gunicorn loads it before the application.
See docs/operations.md.
"""

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

# Set by portal.middleware.RequestIdMiddleware for the request being answered.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# The one-time links in password and invitation e-mails: whoever reads the log could use them.
_TOKEN_PATH = re.compile(r"(/konto/(?:aterstall|inbjudan)/)[^\s\"'<>?]+")
# Query strings carry searches and filters a person typed; no log needs them.
_QUERY = re.compile(r"(/[^\s\"'<>?]*)\?[^\s\"'<>]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def redact(text: str) -> str:
    """`text` without tokens from one-time links, query strings, e-mail or IPv4 addresses."""
    text = _TOKEN_PATH.sub(r"\1[redacted]/", text)
    text = _QUERY.sub(r"\1?[redacted]", text)
    text = _EMAIL.sub("[e-mail]", text)
    return _IPV4.sub("[ip]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, request_id, message, exception.

    Only these fields, never the record's extras: Django attaches the whole request to some
    records. gunicorn's access records are built from its atoms: method, path without the query
    string, status, bytes and milliseconds, without the client's address, referer or agent.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id.get(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry |= _access_fields(record.args)
        else:
            entry["message"] = redact(record.getMessage())
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _access_fields(atoms: dict) -> dict:
    def atom(key):
        value = atoms.get(key)
        return None if value in (None, "-") else value

    path = redact(str(atom("U") or ""))
    fields = {
        # The response's header: gunicorn logs after the application has returned.
        "request_id": atom("{x-request-id}o"),
        "method": atom("m"),
        "path": path,
        "status": int(atom("s")) if str(atom("s")).isdigit() else atom("s"),
        "bytes": atom("B"),
        "duration_ms": atom("M"),
    }
    fields["message"] = f"{fields['method']} {path} {fields['status']}"
    return fields


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: neither account name nor address.

    Its own records in the database (for lockouts) keep both; the log needs neither, and the
    request id ties the line to its request.
    """
    return "a client"
