"""Background jobs: one task framework. In production they wait in the database queue
until ``db_worker`` runs them; in tests and ``make run`` they run immediately."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from tests.conftest import embedded_env, manage

pytestmark = pytest.mark.slow

COUNT_BY_STATUS = """
from django_tasks_db.models import DBTaskResult
from django.db.models import Count
import json
print(json.dumps(dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))))
"""
AGE_THE_QUEUE = """
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
"""


def statuses(env) -> dict[str, int]:
    return json.loads(manage("shell", "--no-imports", "-c", COUNT_BY_STATUS, env=env).stdout)


def doctor_tasks(env) -> tuple[int, dict]:
    done = manage("doctor", "--json", env=env, check=False)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return done.returncode, next(c for c in report["components"] if c["name"] == "tasks")


def test_tests_run_jobs_immediately():
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def test_database_queue_holds_jobs_until_the_worker_runs_them(tmp_path):
    env = embedded_env(tmp_path, WENSHU_TASKS_BACKEND="database")
    manage("migrate", "--no-input", env=env)
    manage("load_demo", env=env)  # saving pages enqueues Wagtail's index/reference jobs

    waiting = statuses(env)
    assert waiting.get("READY", 0) > 0
    assert "SUCCESSFUL" not in waiting
    code, tasks = doctor_tasks(env)
    assert code == 0 and tasks["ok"]

    manage("shell", "--no-imports", "-c", AGE_THE_QUEUE, env=env)
    code, tasks = doctor_tasks(env)
    assert code != 0 and tasks["failed"]
    assert "db_worker" in tasks["hint"]

    manage("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", env=env)
    done = statuses(env)
    assert done == {"SUCCESSFUL": waiting["READY"]}
    code, tasks = doctor_tasks(env)
    assert code == 0 and tasks["ok"]
