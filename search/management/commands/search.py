"""``python manage.py search QUERY``: search the repository as a user, from the shell."""

from __future__ import annotations

import json
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from repository.models import AccessAction
from repository.services.access_log import record_access
from search.services import SORTS, SearchFilters, search_records


class Command(BaseCommand):
    help = _("Search the repository (as a user: only what that user may see).")

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument(
            "--from",
            dest="date_from",
            type=date.fromisoformat,
            help=_("only records dated on or after this day (YYYY-MM-DD, the document date)"),
        )
        parser.add_argument(
            "--to",
            dest="date_to",
            type=date.fromisoformat,
            help=_("only records dated on or before this day (YYYY-MM-DD, the document date)"),
        )
        parser.add_argument(
            "--sort",
            choices=list(SORTS),
            default="relevance",
            help=_("relevance, or by document date: date (newest first), date_asc"),
        )
        parser.add_argument(
            "--as-user",
            dest="username",
            help=_("search as this user (default: the first active superuser)"),
        )

    def handle(self, query, limit, as_json, username, date_from, date_to, sort, **options):
        user = self._user(username)
        outcome = search_records(
            user,
            query,
            filters=SearchFilters(date_from=date_from, date_to=date_to),
            sort=sort,
            page_size=limit,
            live_only=False,
        )
        detail, found = {"query": query, "channel": "cli"}, [hit.page for hit in outcome.hits]
        record_access(None, AccessAction.SEARCH, user=user, records=found, detail=detail)
        hits = [
            {
                "page_id": hit.page_id,
                "title": hit.title,
                "type": hit.type,
                "score": hit.score,
                "files": hit.files,
                "highlight": hit.highlight,
            }
            for hit in outcome.hits
        ]
        if as_json:
            payload = {"total": outcome.total, "took_ms": round(outcome.took_ms, 1), "hits": hits}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            _("%(total)d results (%(ms).0f ms)") % {"total": outcome.total, "ms": outcome.took_ms}
        )
        for hit, record in zip(hits, outcome.hits, strict=True):
            dated = f" {record.date.isoformat()}" if record.date else ""
            self.stdout.write(f"[{hit['page_id']}] {hit['title']} ({hit['type']}{dated})")
            if hit["highlight"]:
                self.stdout.write(f"    {strip_tags(hit['highlight'])}")
            for name in hit["files"]:
                self.stdout.write(f"    📎 {name}")

    def _user(self, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(_("No active user named %(name)s.") % {"name": username})
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError(_("No active superuser; pass --as-user."))
        return user
