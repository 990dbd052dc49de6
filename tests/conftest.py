"""Shared fixtures. Tests run on PostgreSQL: the server DATABASE_URL names, or the embedded one."""

import os
import socket
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connections

from openness.celery import app as celery_app


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Tasks run in-process unless a test starts a real worker (marked `worker`)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, cached pages and page frames never leak from one test into the next."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium on this machine: no sandbox as root, and no background connections, which
# the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _free_loopback_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in 127.0.0.1:{first}-{last}")


# Live servers for browser tests listen on loopback only, on a free port of the project's range.
os.environ.setdefault(
    "DJANGO_LIVE_TEST_SERVER_ADDRESS", f"127.0.0.1:{_free_loopback_port(18410, 18429)}"
)


@pytest.fixture
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls a test makes
    # between browser steps are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        # ORM calls made while Playwright's loop runs get their own connection (asgiref keys
        # connections by context); close it or it keeps the test database open.
        connections.close_all()
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session", autouse=True)
def _no_session_outlives_the_suite(django_db_setup, django_db_blocker):
    """ORM calls a browser test makes while Playwright's event loop runs get connections of
    their own, keyed by a context that no fixture can reach to close them. At the end of the
    run, before the test database is dropped, any session still on it is ended, so dropping
    it does not fail ("being accessed by other users")."""
    yield
    with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
