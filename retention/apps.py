from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Retention")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from repository.extensions import (
            register_access_grant,
            register_change_guard,
            register_classification_listener,
            register_deletion_guard,
        )
        from retention import guards  # connects the last-resort hold guard
        from retention.services.filing import ensure_not_filed, follow_raised_classification
        from retention.services.holds import ensure_subtree_not_on_hold
        from retention.services.lending import has_electronic_access

        # Holds refuse deletion before anything changes; electronic loans open files.
        register_deletion_guard(ensure_subtree_not_on_hold)
        register_deletion_guard(ensure_not_filed)
        register_access_grant(has_electronic_access)
        # Filed and held records are frozen: no files, unpublishing, moving or editing.
        register_change_guard(guards.refuse_changing_frozen)
        # A filed record raised later (its folder classified) raises its filing and item.
        register_classification_listener(follow_raised_classification)
