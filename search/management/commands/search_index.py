"""``python manage.py search_index rebuild|verify|drain|status``: the index lifecycle."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from search import index, lifecycle


class Command(BaseCommand):
    help = _("Rebuild, verify or catch up the search index.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "verify", "drain", "status"])
        parser.add_argument(
            "--repair", action="store_true", help=_("verify: queue the missing and stale nodes")
        )

    def handle(self, action, repair, **options):
        getattr(self, f"_{action}")(repair=repair, verbosity=options["verbosity"])

    def _rebuild(self, verbosity, **kwargs):
        def progress(total):
            return tqdm(total=total, unit="doc", disable=verbosity == 0, file=self.stderr)

        count = lifecycle.rebuild(progress=progress)
        self.stdout.write(
            _("Indexed %(count)d objects; the alias now points at the new index.")
            % {"count": count}
        )

    def _verify(self, repair, **kwargs):
        report = lifecycle.verify()
        self.stdout.write(
            _(
                "Checked %(checked)d nodes: %(missing)d missing, %(stale)d stale, "
                "%(extra)d left over."
            )
            % {
                "checked": report.checked,
                "missing": len(report.missing),
                "stale": len(report.stale),
                "extra": len(report.extra),
            }
        )
        for label, values in (
            (_("missing"), report.missing),
            (_("stale"), report.stale),
            (_("left over"), report.extra),
        ):
            if values:
                self.stdout.write(f"  {label}: {', '.join(str(v) for v in values[:50])}")
        if report.ok:
            return
        if repair:
            lifecycle.repair(report)
            self.stdout.write(
                _("Queued %(count)d nodes for indexing.")
                % {"count": len(report.missing) + len(report.stale)}
            )
            return
        raise CommandError(_("The index is out of date (run with --repair or rebuild)."))

    def _drain(self, **kwargs):
        result = index.drain()
        self.stdout.write(
            _("Indexed %(indexed)d, removed %(deleted)d; %(remaining)d waiting.")
            % {"indexed": result.indexed, "deleted": result.deleted, "remaining": result.remaining}
        )
        if result.failed:
            raise CommandError(
                _("The search engine refused the update: %(error)s") % {"error": result.error}
            )

    def _status(self, **kwargs):
        self.stdout.write(_("%(count)d index updates waiting.") % {"count": index.pending()})
