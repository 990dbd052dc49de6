"""Production settings refuse to start without their secrets and servers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


PRINT_SETTINGS = "import openness.settings as s; print(s.DEBUG, s.CELERY_BROKER_URL)"


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import openness.settings as s; print(s.DEBUG, s.CELERY_BROKER_URL)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "OPENNESS_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "openness.example.org",
    "DATABASE_URL": "postgres://openness@db.invalid:5432/openness",
    "REDIS_URL": "redis://redis.invalid:6379/0",
}


def test_production_settings_load_with_everything_set():
    result = load_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "redis://redis.invalid:6379/0"]


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "change-me",
        "django-insecure-" + "x" * 60,
        "placeholder-" + "x" * 60,
        "short",
    ],
)
def test_production_refuses_a_missing_or_placeholder_secret_key(secret):
    result = load_settings(**{**PRODUCTION, "SECRET_KEY": secret})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_servers(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = load_settings(**env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_a_non_postgres_database_url_is_refused():
    result = load_settings(DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_a_malformed_boolean_is_refused_not_guessed():
    result = load_settings(**PRODUCTION, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_check_deploy_is_clean_in_production():
    env = {k: v for k, v in os.environ.items()}
    env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_without_servers_runs_tasks_in_process(settings):
    # The suite itself may run against real servers; the defaults are read from a clean load.
    result = load_settings(OPENNESS_ENV="development", DATABASE_URL=PRODUCTION["DATABASE_URL"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "memory://"]


@pytest.mark.django_db
def test_the_sites_queries_never_plan_parallel_workers_nor_compile_plans():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
