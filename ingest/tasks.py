"""Background tasks on the "ingest" queue (django-tasks: immediate in tests and ``make
run``, the database queue and ``db_worker`` in production). Thin: the services decide."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="ingest")
def process_job(job_id: int) -> str:
    from ingest.services.jobs import run_job

    return run_job(job_id).status


@task(queue_name="ingest")
def consume_inbox() -> int:
    from ingest.services.inbox import consume_inbox as consume

    return len(consume())
