"""What every node of the tree shares: classification, department, year.

``RepositoryPage`` is a concrete page model (multi-table inheritance from Wagtail's
``Page``) so permission and listing queries can filter every record type in one table
without knowing the specific types.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from repository.forms import RecordPageForm

# Instance attribute holding ``attached_text`` read in bulk (see
# ``repository.services.files.prefetched_attached_text``).
PREFETCHED_ATTACHED_TEXT = "_prefetched_attached_text"


class Classification(models.IntegerChoices):
    """密级, ordered: a user with clearance N sees nodes classified N or lower."""

    PUBLIC = 0, _("public (公开)")
    INTERNAL = 1, _("internal (内部)")
    CONFIDENTIAL = 2, _("confidential (秘密)")
    SECRET = 3, _("secret (机密)")
    TOP_SECRET = 4, _("top secret (绝密)")


class RepositoryPage(Page):
    """Base of every Wenshu node; never created on its own."""

    classification = models.PositiveSmallIntegerField(
        _("classification"),
        choices=Classification.choices,
        default=Classification.INTERNAL,
        db_index=True,
    )
    secrecy_period = models.CharField(
        _("secrecy period"),
        max_length=32,
        blank=True,
        help_text=_("保密期限, e.g. 5年; only for classified records"),
    )
    # The strictest classification of this node and its ancestors: a classified folder
    # classifies everything in it. Kept up to date by
    # repository.services.classification; every permission filter (site, admin, search)
    # reads this one field.
    effective_classification = models.PositiveSmallIntegerField(
        _("effective classification"),
        choices=Classification.choices,
        default=Classification.INTERNAL,
        editable=False,
        db_index=True,
    )
    department = models.ForeignKey(
        "repository.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    responsible_party = models.CharField(
        _("responsible party"), max_length=255, blank=True, help_text=_("责任者")
    )
    keywords = models.CharField(_("subject keywords"), max_length=255, blank=True)
    # The date the record itself bears (成文日期, a letter's date, a visit's first day…),
    # stored so that search can filter and sort every record type on one field. Kept
    # up to date by ``save`` from ``get_document_date``.
    document_date = models.DateField(
        _("document date"), null=True, blank=True, editable=False, db_index=True
    )

    is_creatable = False
    # Classification may stay or rise in the edit form, never fall (解密/降密 is its own
    # action: repository.services.declassification).
    base_form_class = RecordPageForm
    # The type's own date field behind ``document_date``; None: first publication.
    document_date_field: str | None = None

    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("classification"),
                FieldPanel("secrecy_period"),
                FieldPanel("department"),
                FieldPanel("year"),
                FieldPanel("responsible_party"),
                FieldPanel("keywords"),
            ],
            heading=_("Record metadata"),
        )
    ]
    content_panels = [*Page.content_panels, *classification_panels]

    search_fields = [
        *Page.search_fields,
        index.SearchField("keywords"),
        index.SearchField("responsible_party"),
        # 责任者 doubles as the "issuing body" facet across record types.
        index.FilterField("responsible_party"),
        index.FilterField("classification"),
        index.FilterField("effective_classification"),
        index.SearchField("attached_text"),
        index.FilterField("department"),
        index.FilterField("year"),
        index.FilterField("document_date"),
        index.FilterField("path"),
    ]

    class Meta:
        verbose_name = _("repository node")
        verbose_name_plural = _("repository nodes")

    def attached_text(self) -> str:
        """Text of the node's files (extracted or OCR'd), as ingest stored it, for search.

        Search indexing reads it for a whole batch at once (``prefetched_attached_text``);
        otherwise it is read now.
        """
        from repository.services.files import read_attached_text

        prefetched = getattr(self, PREFETCHED_ATTACHED_TEXT, None)
        return read_attached_text(self) if prefetched is None else prefetched

    def get_document_date(self):
        """The date this record bears: its type's own date field when filled in, else
        the day it was first published (a bulletin or notice is issued by publishing
        it). None for a record that has neither yet."""
        if self.pk and self.specific_class and type(self) is not self.specific_class:
            # A base-class instance does not know its type's date field; ask the type.
            return self.specific.get_document_date()
        own = getattr(self, self.document_date_field, None) if self.document_date_field else None
        if own:
            return own
        if self.first_published_at:
            return timezone.localtime(self.first_published_at).date()
        return None

    def save(self, *args, **kwargs):
        from repository.extensions import classification_raised
        from repository.services.classification import effective_on_save, refresh_subtree

        update_fields = kwargs.get("update_fields")
        previous, self.effective_classification = effective_on_save(self, update_fields)
        # A draft that bears no date yet keeps the day it was first saved, so that date
        # filters and sorting place it somewhere stable until it is dated or published.
        self.document_date = self.get_document_date() or self.document_date or timezone.localdate()
        if update_fields is not None:
            # Saving a revision writes only Wagtail's bookkeeping columns; the effective
            # classification goes with them because a draft may have raised it.
            extra = ["document_date", "effective_classification"]
            kwargs["update_fields"] = list(dict.fromkeys([*update_fields, *extra]))
        result = super().save(*args, **kwargs)
        changed = previous is not None and previous != self.effective_classification
        if changed and self.effective_classification > previous:
            classification_raised(self, self.effective_classification)
        if changed and not self.is_leaf():
            refresh_subtree(self)
        return result

    def get_workflow(self):
        from repository.extensions import resolve_workflow

        return resolve_workflow(self) or super().get_workflow()

    def delete(self, *args, **kwargs):
        # Guards run before Wagtail or treebeard change anything (counts, logs), and the
        # whole deletion is one transaction: a refusal leaves the tree exactly as it was.
        from repository.extensions import check_deletion_allowed

        with transaction.atomic():
            check_deletion_allowed(self)
            return super().delete(*args, **kwargs)

    def unpublish(self, *args, **kwargs):
        # Last line for code paths; the admin refuses earlier with a message.
        from repository.extensions import UNPUBLISH, check_change_allowed

        check_change_allowed(self, UNPUBLISH)
        return super().unpublish(*args, **kwargs)

    def move(self, target, pos=None, user=None):
        # A frozen node stays put, and a move never lowers a node's effective
        # classification: that is 解密/降密, done by repository.services.declassification.
        from repository.extensions import MOVE, check_change_allowed
        from repository.services.classification import ensure_move_does_not_lower

        check_change_allowed(self, MOVE)
        ensure_move_does_not_lower(self, target, pos)
        return super().move(target, pos=pos, user=user)

    def copy(self, *args, **kwargs):
        from repository.services.classification import ensure_copy_does_not_lower

        ensure_copy_does_not_lower(self, kwargs.get("to"))
        return super().copy(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # What the reader may see below and attached to this node (repository/selectors.py).
        from repository.selectors import visible_children, visible_files

        context = super().get_context(request, *args, **kwargs)
        context["children"] = visible_children(request.user, self)
        context["files"] = visible_files(request.user, self)
        return context

    def serve_preview(self, request, mode_name):
        # Every admin view that renders a revision or draft (revisions/<id>/view/,
        # view_draft/, the edit preview, a workflow task's preview) comes through here with
        # the revision's own values: refuse one classified above the reader's clearance,
        # whatever the published row says.
        from repository.selectors import clearance_of
        from repository.services.classification import inherited_classification

        level = max(self.classification, inherited_classification(self))
        if level > clearance_of(request.user):
            raise PermissionDenied
        return super().serve_preview(request, mode_name)

    def permissions_for_user(self, user):
        # Late import: the rule reads these models. See repository/permissions.py.
        from repository.permissions import ClearanceAwarePermissionTester

        return ClearanceAwarePermissionTester(user, self)


RECORD_TYPES = [
    "repository.OfficialDocumentPage",
    "repository.LetterPage",
    "repository.ReceptionPlanPage",
    "repository.BulletinPage",
    "repository.NoticePage",
    "repository.RegulationPage",
    "repository.GenericDocumentPage",
]
CONTAINER_TYPES = ["repository.DepartmentPage", "repository.FolderPage"]
