"""``python manage.py ingest_inbox [--once] [--interval S] [--dir PATH]``: consume the
watched folder ``WENSHU_INBOX_DIR``, and run queued jobs that are due for a retry."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.services.inbox import consume_inbox, inbox_dir
from ingest.services.jobs import run_due_jobs
from ingest.services.results import job_status


class Command(BaseCommand):
    help = "Ingest the files dropped into WENSHU_INBOX_DIR and move them aside."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="the folder (default WENSHU_INBOX_DIR)")
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument("--interval", type=float, default=10.0)
        parser.add_argument("--background", action="store_true", help="enqueue jobs")

    def handle(self, *args, **options):
        root = options["dir"] or inbox_dir()
        if root is None or not root.is_dir():
            raise CommandError("set WENSHU_INBOX_DIR (or --dir) to an existing folder")
        while True:
            due = run_due_jobs()
            handled = consume_inbox(
                root, background=options["background"], report=self._report_refusal
            )
            for job in [*due, *handled]:
                self.stdout.write(f"{job_status(job):9} {job.source_name}")
            if options["once"]:
                return
            time.sleep(options["interval"])

    def _report_refusal(self, refusal) -> None:
        kept = f" → {refusal.kept_at}" if refusal.kept_at else ""
        self.stderr.write(f"{'refused':9} {refusal.path}: {refusal.reason}{kept}")
