"""Admin wiring: the visibility rule on every page path, listings with filters, and the
snippets for departments and clearances."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageListingMixin
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from repository import (  # noqa: F401 (modules that register hooks)
    access_log_admin,
    admin_declassification,
    admin_views,
    wagtail_file_store,
)
from repository.access_audit import AuditedSearchMixin
from repository.admin_revisions import RecordPageViewSet
from repository.admin_search import RefusedSearchMixin
from repository.bulk_actions import VISIBLE_PAGE_BULK_ACTIONS
from repository.dashboard import narrow_homepage_panels, narrow_summary_items
from repository.extensions import EDIT, MOVE, UNPUBLISH, change_refusal
from repository.models import Classification, Clearance, Department, HomePage, RepositoryPage
from repository.selectors import can_view, visible_pages_for
from repository.services.classification import (
    copy_lowering_message,
    lowering_message,
    move_lowers,
)


@hooks.register("register_admin_urls")
def register_repository_admin_urls():
    urls = [
        path("pages/<int:page_id>/files/", admin_views.page_files, name="page_files"),
        path("history/", admin_views.change_history, name="change_history"),
        path(
            "pages/<int:page_id>/classification/",
            admin_declassification.declassify_page,
            name="declassify",
        ),
        path(
            "declassifications/",
            admin_declassification.classification_changes,
            name="classification_changes",
        ),
    ]
    return [path("repository/", include((urls, "repository_admin"), namespace="repository_admin"))]


class PageFilesButton(PageMenuItem):
    label = _("Files")
    icon_name = "doc-full"
    url_name = "repository_admin:page_files"

    def is_shown(self, user):
        return can_view(user, self.page)


@hooks.register("register_page_listing_more_buttons")
def page_files_listing_button(page, user, next_url=None):
    yield PageFilesButton(page=page, priority=45)


@hooks.register("register_page_header_buttons")
def page_files_header_button(page, user, view_name, next_url=None):
    yield PageFilesButton(page=page, priority=62)


class DeclassifyButton(PageMenuItem):
    """The node's 解密/降密 log and, for the classification officer, the form."""

    label = _("Classification log")
    icon_name = "lock-open"
    url_name = "repository_admin:declassify"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, RepositoryPage) and can_view(user, self.page)


@hooks.register("register_page_header_buttons")
def declassify_header_button(page, user, view_name, next_url=None):
    yield DeclassifyButton(page=page, priority=66)


class DeclassificationsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_declassification.may_read_log(request.user)


@hooks.register("register_reports_menu_item")
def register_declassifications_report():
    return DeclassificationsMenuItem(
        _("Declassifications"),
        reverse("repository_admin:classification_changes"),
        icon_name="lock-open",
        order=905,
    )


class DeclassifiedAction(LogFormatter):
    label = _("Declassify")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("Classification lowered from %(from)s to %(to)s") % {
            "from": Classification(data.get("from", 0)).label,
            "to": Classification(data.get("to", 0)).label,
        }

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_declassify_log_action(actions):
    actions.register_action("repository.declassify")(DeclassifiedAction)


class ChangeHistoryMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_change_history_report():
    return ChangeHistoryMenuItem(
        _("Change history"),
        reverse("repository_admin:change_history"),
        icon_name="history",
        order=900,
    )


@hooks.register("construct_main_menu")
def hide_unused_libraries(request, menu_items):
    # Files belong to nodes (repository.AttachedFile, served through the checked view);
    # Wagtail's separate document and image libraries would be a second, unguarded home.
    menu_items[:] = [item for item in menu_items if item.name not in ("documents", "images")]


# After Wagtail adds its items: its page count knows nothing of classification.
hooks.register("construct_homepage_summary_items", narrow_summary_items, order=100)


@hooks.register("construct_reports_menu")
def hide_removed_reports(request, menu_items):
    # Taken out of the URLconf too (repository/admin_guards.py): it counts and names
    # pages across the whole tree.
    menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# After Wagtail's own (order 0): the registry keeps the last class per action type.
for _action in VISIBLE_PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)

hooks.register("construct_homepage_panels", narrow_homepage_panels, order=100)


@hooks.register("before_serve_page")
def refuse_invisible_pages(page, request, serve_args, serve_kwargs):
    # The home page is the front door: it renders for everyone, listing only what the
    # visitor may see (nothing, until they sign in).
    if isinstance(page, HomePage) or can_view(request.user, page):
        return None
    if not request.user.is_authenticated:
        return redirect(f"/admin/login/?next={request.path}")
    raise Http404


@hooks.register("construct_explorer_page_queryset")
def hide_invisible_in_explorer(parent_page, pages, request):
    return visible_pages_for(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def hide_invisible_in_chooser(pages, request):
    return visible_pages_for(request.user, pages)


def _refuse_unless_visible(request, page, *args, **kwargs):
    if not can_view(request.user, page):
        raise Http404


for _hook in ("before_edit_page", "before_delete_page", "before_copy_page", "before_move_page"):
    hooks.register(_hook, _refuse_unless_visible)


@hooks.register("before_create_page")
def refuse_creating_under_invisible(request, parent_page, page_class):
    _refuse_unless_visible(request, parent_page)


def _back_to(page):
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent and parent.depth > 1 else page.pk)


@hooks.register("before_move_page")
def refuse_frozen_or_lowering_moves(request, page, destination):
    """A frozen node stays put; a move that would lower the classification of the node
    (and its subtree) is 解密/降密, its own action with its own permission."""
    refusal = change_refusal(page, MOVE)
    lowered = None if refusal else move_lowers(page, destination)
    if lowered:
        refusal = lowering_message(page, *lowered)
    if refusal:
        messages.error(request, refusal)
        return _back_to(page)
    return None


@hooks.register("before_copy_page")
def refuse_lowering_copies(request, page):
    """A copy placed somewhere less classified would declassify the original's content."""
    if request.method != "POST" or not request.POST.get("new_parent_page"):
        return None
    target = Page.objects.filter(pk=request.POST["new_parent_page"]).first()
    lowered = move_lowers(page, target) if target is not None else None
    if lowered:
        messages.error(request, copy_lowering_message(page, *lowered))
        return _back_to(page)
    return None


@hooks.register("before_unpublish_page")
def refuse_unpublishing_frozen(request, page):
    pages = [page]
    if request.method == "POST" and request.POST.get("include_descendants"):
        pages += list(page.get_descendants().live().specific())
    for node in pages:
        if refusal := change_refusal(node, UNPUBLISH):
            messages.error(request, refusal)
            return _back_to(page)
    return None


@hooks.register("before_edit_page", order=100)  # after retention's own redirect of filed records
def refuse_editing_frozen(request, page):
    if refusal := change_refusal(page, EDIT):
        messages.error(request, refusal)
        return _back_to(page)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_frozen(request, action_type, objects, action_class_instance):
    if action_type not in ("unpublish", "move"):
        return None
    action = UNPUBLISH if action_type == "unpublish" else MOVE
    refusals = [r for page in objects if (r := change_refusal(page, action))]
    if action_type == "move" and not refusals:
        form = getattr(action_class_instance, "cleaned_form", None)
        destination = form.cleaned_data.get("chooser") if form is not None else None
        if destination is not None:
            for page in objects:
                if lowered := move_lowers(page, destination):
                    refusals.append(lowering_message(page, *lowered))
    if refusals:
        for refusal in refusals:
            messages.error(request, refusal)
        return _back_to(objects[0])
    return None


class RecordFilterSet(GenericPageFilterSet):
    """Wagtail's page filters (type, date updated, owner, …) plus the archivist's own."""

    year = django_filters.NumberFilter(label=_("year"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("department")
    )
    classification = django_filters.ChoiceFilter(
        choices=Classification.choices, label=_("classification")
    )
    live = django_filters.BooleanFilter(label=_("published"))

    class Meta:
        model = RepositoryPage
        fields = []


class VisibleRecordIndexView(RefusedSearchMixin, AuditedSearchMixin, PageIndexView):
    results_template_name = "repository/admin/record_index_results.html"
    # Unlike a single-type listing, this one mixes types: show the type, and what archivists
    # filter by.
    base_columns = [
        *PageListingMixin.base_columns,
        Column("department", label=_("department"), width="10%"),
        Column("year", label=_("year"), sort_key="year", width="7%"),
        Column("get_classification_display", label=_("classification"), width="8%"),
    ]

    def get_base_queryset(self):
        return visible_pages_for(self.request.user, super().get_base_queryset())


class RecordListingViewSet(PageListingViewSet):
    """记录一览 — every node in one flat list, filtered by type, year, department,
    classification and status, showing only what the user may see."""

    model = RepositoryPage
    index_view_class = VisibleRecordIndexView
    icon = "list-ul"
    menu_label = _("Records")
    add_to_admin_menu = True
    filterset_class = RecordFilterSet


@hooks.register("register_admin_viewset")
def register_record_page_views():
    return RecordPageViewSet()


@hooks.register("register_admin_viewset")
def register_record_listing():
    return RecordListingViewSet("records")


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "code", "group"]
    menu_label = _("Departments")


class ClearanceViewSet(SnippetViewSet):
    model = Clearance
    icon = "lock"
    list_display = ["user", "level"]
    list_filter = ["level"]
    menu_label = _("Clearances")


register_snippet(DepartmentViewSet)
register_snippet(ClearanceViewSet)
