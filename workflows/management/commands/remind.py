"""``python manage.py remind``: 催办 for overdue and nearly due steps (run it from cron)."""

from django.core.management.base import BaseCommand

from workflows.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind assignees and initiators of overdue and nearly due workflow steps."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders sent: {send_reminders()}")
