"""``python manage.py setup_workflows``: create the four standard flows (idempotent)."""

from django.core.management.base import BaseCommand

from workflows.services.flows import ensure_standard_workflows


class Command(BaseCommand):
    help = "Create the standard flows (收文办理, 发文办理, 接待方案审批, 简报/通知发布)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--issuer-code", default="", help="机关代字 for the numbering step, e.g. 示接待发"
        )

    def handle(self, *args, issuer_code="", **options):
        workflows = ensure_standard_workflows(issuer_code=issuer_code)
        for name, workflow in workflows.items():
            self.stdout.write(f"{name}: {workflow.tasks.count()}")
