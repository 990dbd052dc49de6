"""The scheduled dump task, run by a real Celery worker process against real Redis."""

import os
import signal
import subprocess
import sys
import time

import pytest
from builders import scripted_history
from django.conf import settings
from django.db import connection

from openness.opendata import tasks
from openness.opendata.dumps import dumps_list

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Redis for the broker")
    from openness.celery import app

    app.control.purge()
    yield app
    app.control.purge()


def test_a_worker_writes_the_dump_the_beat_schedule_asks_for(broker, tmp_path, settings):
    settings.DUMPS_ROOT = tmp_path
    scripted_history()
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
        DUMPS_ROOT=str(tmp_path),
        LOG_LEVEL="WARNING",
    )
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "openness", "worker", "--pool=solo"),
            *("--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "WARNING"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        scheduled = settings.CELERY_BEAT_SCHEDULE["opendata-dump-daily"]["task"]
        broker.send_task(scheduled)
        deadline = time.monotonic() + 120
        while not dumps_list(root=tmp_path) and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    written = dumps_list(root=tmp_path)
    assert len(written) == 1
    assert scheduled == tasks.dump_create_task.name
