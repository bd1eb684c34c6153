"""Admin wiring for ingest: URLs and an "Ingest" submenu (upload, jobs, quarantine)."""

from __future__ import annotations

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from ingest import views


@hooks.register("register_admin_urls")
def register_ingest_admin_urls():
    urls = [
        path("upload/", views.upload, name="upload"),
        path("jobs/", views.job_list, name="jobs"),
        path("jobs/<int:job_id>/", views.job_status, name="job_status"),
        path("jobs/<int:job_id>/retry/", views.job_retry, name="job_retry"),
        path("quarantine/", views.quarantine_list, name="quarantine"),
        path("quarantine/<int:entry_id>/download/", views.quarantine_download, name="download"),
        path("quarantine/<int:entry_id>/reprocess/", views.quarantine_reprocess, name="reprocess"),
    ]
    return [path("ingest/", include((urls, "ingest_admin"), namespace="ingest_admin"))]


class IngestMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_ingest_menu():
    menu = Menu(
        items=[
            IngestMenuItem(
                _("Upload files"), reverse_lazy("ingest_admin:upload"), icon_name="upload"
            ),
            IngestMenuItem(_("Ingest jobs"), reverse_lazy("ingest_admin:jobs"), icon_name="tasks"),
            IngestMenuItem(
                _("Quarantine"), reverse_lazy("ingest_admin:quarantine"), icon_name="warning"
            ),
        ]
    )
    return SubmenuMenuItem(_("Ingest"), menu, icon_name="upload", order=450)
