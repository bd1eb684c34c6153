from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflows")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The editor's "submit for moderation" asks the page for its flow; repository asks
        # the registered resolvers first, so type/direction assignments apply there too.
        from repository.extensions import register_workflow_resolver
        from workflows.services.flows import assigned_workflow

        register_workflow_resolver(assigned_workflow)
