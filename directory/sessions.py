"""Django's database sessions, refusing session keys that Django could never have made."""

from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    """A key from a cookie is looked up only if it could be one of ours.

    Django makes keys of lower-case letters and digits, but accepts any cookie value of eight
    characters or more and looks it up; a quoted cookie can carry an octal escape for NUL
    (`sessionid="\\000abcdefgh"`), which PostgreSQL refuses in a query, so every page answered
    500. Such a key is now simply no session.
    """

    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and key.isascii() and key.isalnum()
