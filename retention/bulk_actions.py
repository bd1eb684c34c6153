"""The bulk action on Wagtail's page listings: file the selected records (``file_records``),
all or none."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from repository.bulk_actions import VisiblePagesOnlyMixin
from repository.selectors import can_view
from retention.errors import RetentionError
from retention.forms import FilingTargetForm
from retention.services.filing import file_records
from retention.views.filing import may_file


class FileRecordsBulkAction(VisiblePagesOnlyMixin, PageBulkAction):
    display_name = pgettext_lazy("archive action", "File")
    action_type = "file_records"
    aria_label = _("File the selected records in the archive")
    template_name = "retention/admin/bulk_file_records.html"
    action_priority = 80
    form_class = FilingTargetForm

    def check_perm(self, page):
        return can_view(self.request.user, page) and may_file(self.request.user, page)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_execution_context(self):
        return {**super().get_execution_context(), **self.cleaned_form.target()}

    @classmethod
    def execute_action(cls, objects, user=None, **target):
        return len(file_records(objects, user=user, **target)), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RetentionError as error:
            messages.error(self.request, str(error))
            return self.form_invalid(form)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d record has been filed.",
            "%(count)d records have been filed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
