"""Jobs: retries with exponential backoff while a service is down (a closed port, not a
mock), scheduling on a deferring task backend, and a worker SIGKILLed mid-OCR."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from ingest.models import IngestJob, QuarantineEntry
from ingest.services import jobs
from ingest.tasks import process_job
from tests.conftest import ROOT, closed_port_url, embedded_env, manage
from tests.ingest.conftest import ingest
from tests.ingest.samples import corpus_lines, render_page, save_png
from tests.unresponsive import hanging_tesseract


@pytest.fixture
def tika_down(settings):
    settings.TIKA_URL = closed_port_url()
    settings.WENSHU_EXTRACTORS = None
    settings.WENSHU_INGEST_MAX_ATTEMPTS = 3
    settings.WENSHU_INGEST_RETRY_SECONDS = 10


def seconds_until(moment) -> float:
    return (moment - timezone.now()).total_seconds()


def test_backoff_doubles_and_is_capped():
    policy = jobs.RetryPolicy(max_attempts=9, base_seconds=60, max_seconds=300)
    assert [policy.delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 300, 300]


@pytest.mark.django_db
def test_service_down_is_retried_with_backoff_then_quarantined(tika_down, official_docx, settings):
    job = ingest(official_docx)
    assert (job.status, job.attempts, job.error_code) == ("queued", 1, "service_unavailable")
    assert "Tika" in job.error_message and " / " in job.error_message
    assert 8 < seconds_until(job.next_attempt_at) <= 10
    assert not QuarantineEntry.objects.exists() and job.page_id is None

    assert jobs.run_job(job.pk).attempts == 1  # not due yet: nothing happens
    job = jobs.run_job(job.pk, force=True)
    assert (job.status, job.attempts) == ("queued", 2)
    assert 18 < seconds_until(job.next_attempt_at) <= 20

    job = jobs.run_job(job.pk, force=True)
    assert (job.status, job.outcome, job.attempts) == ("failed", "error", 3)
    assert QuarantineEntry.objects.filter(job=job, error_code="service_unavailable").exists()

    # The service is back (here: the built-in extractor); the archivist retries.
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.builtin.BuiltinExtractor"]
    job = jobs.retry(job)
    assert (job.status, job.outcome) == ("done", "created")
    assert QuarantineEntry.objects.get(job=job).released_at is not None


@pytest.mark.django_db
def test_a_due_job_is_run_by_run_due_jobs(tika_down, official_docx, settings):
    job = ingest(official_docx)
    IngestJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now() - timedelta(1))
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.builtin.BuiltinExtractor"]
    assert [j.outcome for j in jobs.run_due_jobs()] == ["created"]


@pytest.mark.django_db
def test_retry_is_enqueued_at_the_backoff_time_on_a_deferring_backend(
    tika_down, official_docx, settings
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "ingest"],
        }
    }
    job = jobs.submit_path(official_docx)
    job = jobs.run_job(job.pk)
    backend = process_job.get_backend()
    [queued] = backend.results
    assert queued.task.queue_name == "ingest"
    assert queued.args == [job.pk]
    assert queued.task.run_after == job.next_attempt_at


# --- a worker killed in the middle of OCR --------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _state(env) -> dict:
    code = (
        "import json;from ingest.models import IngestJob as J;"
        "from repository.models import AttachedFile as A, StoredFile as S;"
        "from wagtail.models import Page as P;"
        "print(json.dumps({'jobs': list(J.objects.values('status','attempts','outcome')),"
        "'files': sorted(A.objects.values_list('role', flat=True)),"
        "'stored': S.objects.count(), 'pages': P.objects.count()}))"
    )
    return json.loads(manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1])


@pytest.mark.integration
@pytest.mark.slow
def test_worker_killed_mid_ocr_leaves_no_half_made_node_and_the_job_completes(
    corpus_texts, tmp_path
):
    scan = save_png(render_page(corpus_lines(corpus_texts, 14)), tmp_path / "scan.png")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = embedded_env(tmp_path / "data", TMPDIR=str(scratch))
    manage("migrate", "--verbosity", "0", env=env)
    empty = _state(env)

    # The first worker's Tesseract hangs once asked to recognise, so the kill lands in
    # the middle of OCR every time (a sleep after OCR starts raced a fast Tesseract).
    calls = tmp_path / "tesseract-calls.log"
    hanging_tesseract(tmp_path / "bin", calls)
    hanging_env = {**env, "PATH": f"{tmp_path / 'bin'}{os.pathsep}{env['PATH']}"}
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "ingest", str(scan), "--json"],
        cwd=ROOT, env=hanging_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (calls.exists() and calls.read_text().strip()):
        assert worker.poll() is None, worker.stderr.read().decode()
        assert time.monotonic() < deadline, "OCR never started"
        time.sleep(0.2)
    orphans = _children(worker.pid)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    for pid in orphans:  # the OCR child runs in its own process group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)

    killed = _state(env)
    assert killed["jobs"] == [{"status": "running", "attempts": 1, "outcome": ""}]
    assert killed["files"] == [] and killed["pages"] == empty["pages"]
    assert killed["stored"] == 1  # the original only, stored first

    rerun = manage("ingest", str(scan), "--json", env=env, timeout=600)
    [line] = rerun.stdout.strip().splitlines()
    result = json.loads(line)
    assert result["status"] == "created" and result["ocr"] is True
    assert result["text_chars"] > 100

    done = _state(env)
    assert done["jobs"] == [{"status": "done", "attempts": 2, "outcome": "created"}]
    assert done["files"] == ["ocr_pdf", "original", "text"]
    assert done["pages"] == killed["pages"] + 2  # the 收件箱, made on first use, and the record
