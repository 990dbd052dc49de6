"""The download page lists the archived dumps and serves them."""

from datetime import UTC, datetime

import pytest
from builders import scripted_history
from django.core.cache import cache

from openness.opendata.dumps import dump_create


@pytest.fixture
def dumps_dir(db, settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path
    cache.clear()
    scripted_history()
    return tmp_path


def test_the_page_lists_the_latest_and_earlier_dumps_with_checksums(client, dumps_dir):
    first = dump_create(now=datetime(2026, 4, 1, tzinfo=UTC))
    latest = dump_create(now=datetime(2026, 4, 2, tzinfo=UTC))
    html = client.get("/data/").content.decode()
    assert html.index(latest.name) < html.index(first.name)
    assert first.sha256 in html and latest.sha256 in html
    assert "Creative Commons Attribution 4.0" in html
    response = client.get(f"/data/dumps/{latest.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == latest.path.read_bytes()


def test_the_page_says_when_there_is_no_dump_yet(client, dumps_dir):
    assert "No dump has been written yet" in client.get("/data/").content.decode()


def test_the_page_promises_a_daily_dump_only_where_a_scheduler_runs(client, dumps_dir, settings):
    settings.SCHEDULED_TASKS_RUN = False
    html = client.get("/data/").content.decode()
    assert "every day at 03:17" not in html and "This server runs no scheduler" in html
    settings.SCHEDULED_TASKS_RUN = True
    html = client.get("/data/").content.decode()
    assert "every day at 03:17 UTC" in html and "runs no scheduler" not in html


def test_only_archived_dump_names_are_served(client, dumps_dir):
    (dumps_dir / "secret.txt").write_text("no")
    assert client.get("/data/dumps/secret.txt").status_code == 404
    assert client.get("/data/dumps/openness-2020-01-01.zip").status_code == 404
