"""``python manage.py loans remind``: close expired electronic access and remind borrowers
of overdue loans (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from retention.services.lending import expire_electronic_access, remind_overdue


class Command(BaseCommand):
    help = "Loan tasks: `remind` expires electronic access and mails overdue borrowers."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("remind", help="overdue reminders (催还)")

    def handle(self, *args, action, **options):
        expired = expire_electronic_access()
        reminded = remind_overdue()
        self.stdout.write(f"expired electronic access: {expired}; reminded: {reminded}")
