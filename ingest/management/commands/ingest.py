"""``python manage.py ingest PATH... [--parent PAGE_ID] [--json] [--include-text]
[--background] [--resume]``: files, folders and zip archives into the tree as drafts.

Thin: ``ingest.services.sources`` lists the files, ``ingest.services.jobs`` stores and
processes each one. A bad file is reported and the batch goes on; the exit code is 0
when every file was handled, whatever its outcome.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ingest import errors
from ingest.services import jobs
from ingest.services.records import resolve_parent
from ingest.services.results import job_result
from ingest.services.sources import collect


class Command(BaseCommand):
    help = "Ingest files, folders (recursively) and zip archives as draft records."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--parent", type=int, help="page id of the inbox, department or folder")
        parser.add_argument(
            "--json", action="store_true", help="one JSON object per file on stdout"
        )
        parser.add_argument("--include-text", action="store_true", help="add the text to --json")
        parser.add_argument("--background", action="store_true", help="enqueue jobs, do not wait")
        parser.add_argument(
            "--resume", action="store_true", help="first run queued jobs that are due"
        )

    def handle(self, *args, **options):
        paths, parent = options["paths"], options["parent"]
        as_json, include_text = options["json"], options["include_text"]
        background, resume = options["background"], options["resume"]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"not found: {', '.join(missing)}")
        if not paths and not resume:
            raise CommandError("give at least one PATH (or --resume)")
        try:
            parent_page = resolve_parent(parent) if parent is not None else None
        except errors.IngestError as exc:
            raise CommandError(exc.message) from exc
        if resume:
            for job in jobs.run_due_jobs():
                self._report(job, None, as_json, include_text)
        sources = collect(paths)
        progress = tqdm(sources, file=sys.stderr, unit="file", disable=None, desc="ingest")
        for source in progress:
            progress.set_postfix_str(source.name[-40:], refresh=False)
            with source.open() as stream:
                job = jobs.submit(stream, source.name, parent=parent_page)
            if background:
                jobs.schedule(job)
                job.refresh_from_db()
            else:
                job = jobs.run_job(job.pk)
            self._report(job, source.name, as_json, include_text)

    def _report(self, job, path, as_json: bool, include_text: bool) -> None:
        result = job_result(job, path=path, include_text=include_text)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        line = f"{result['status']:9} {result['path']}"
        if result["page_id"]:
            line += f" → #{result['page_id']}"
        if result["error"]:
            line += f"  {result['error']['message']}"
        self.stdout.write(line)
