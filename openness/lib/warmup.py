"""Load, in each server process before it takes requests, what its first requests would load.

Django and its backends import and compile lazily, on the first request that needs them: the
URL resolver, the Redis client library (about 0.3 s to import on an idle machine), the
PostgreSQL driver, each template. Under load a fresh gunicorn worker then answers its first
requests seconds late; a benchmark (wrk corrects for coordinated omission) turns one such
request into its p99 figure, and so do real visitors after every deploy.

Then everything loaded so far is frozen out of the garbage collector (gc.freeze, as the Python
documentation suggests for server processes): its full collections otherwise walk the 120,000
objects of the loaded code and templates, which never become garbage, and such a collection
took 61 ms (4 ms frozen) in the middle of some request about every thousand model pages,
which a queue of sixteen connections turns into a p99 figure.
"""

import contextlib
import gc
import importlib
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver


def process_warm() -> None:
    """Import the cache and database clients, build the URL resolver, compile the templates,
    then freeze what is loaded out of the garbage collector's full collections."""
    get_resolver().reverse_dict  # noqa: B018 (populates the resolver)
    for alias in settings.CACHES:
        if settings.CACHES[alias]["BACKEND"].endswith(".RedisCache"):
            importlib.import_module("redis")  # RedisCache imports it on first use
        caches[alias]
    for alias in connections:
        connections[alias].ops  # noqa: B018 (imports the driver; opens no connection)
    for engine in engines.all():
        for directory in engine.dirs:  # the project's templates (not the admin's)
            for path in sorted(Path(directory).rglob("*.html")):
                # A broken template is reported by its first request, as without warming.
                with contextlib.suppress(TemplateSyntaxError):
                    engine.get_template(str(path.relative_to(directory)))
    gc.freeze()
