from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "repository"
    verbose_name = _("Repository")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Moves happen through Wagtail's move action from the admin, the API or code;
        # its signal is the one place all of them pass.
        from wagtail.signals import post_page_move

        from repository.permissions import register_page_permission_policy
        from repository.services.classification import refresh_after_move

        register_page_permission_policy()

        def on_page_moved(sender, instance, **kwargs):
            refresh_after_move(instance)

        post_page_move.connect(
            on_page_moved, weak=False, dispatch_uid="wenshu_refresh_classification_after_move"
        )
