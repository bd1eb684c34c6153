"""Holds (冻结) in the back office: a node's holds with place/lift forms, and the report of
every hold the user may see."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from repository.selectors import visible_pages_for
from retention.errors import RetentionError
from retention.forms import ReasonForm
from retention.models import Hold
from retention.permissions import HOLD_KEEPERS, LIFT_HOLDS, PLACE_HOLDS, VIEW_HOLDS
from retention.services.holds import holds_covering, lift_hold, place_hold
from retention.views.common import render, require_perm, visible_page_or_404

HOLD_PERMISSIONS = HOLD_KEEPERS


def visible_holds(user):
    """Holds on nodes the user may see; holds whose node is gone only for hold keepers."""
    holds = Hold.objects.select_related("page", "placed_by", "lifted_by")
    visible = Q(page__in=visible_pages_for(user).values("pk"))
    if user.has_perm(VIEW_HOLDS):
        visible |= Q(page__isnull=True)
    return holds.filter(visible)


def page_holds(request, page_id: int):
    """The holds on a node and above it; POST places a new one with its reason."""
    page = visible_page_or_404(request.user, page_id)
    require_perm(request.user, *HOLD_PERMISSIONS)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        require_perm(request.user, PLACE_HOLDS)
        if form.is_valid():
            try:
                place_hold(page, reason=form.cleaned_data["reason"], user=request.user)
            except RetentionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Hold placed on “%(title)s”.") % {"title": page.title})
                return redirect("retention_admin:page_holds", page.pk)
    return render(
        request,
        "page_holds.html",
        _("Holds on “%(title)s”") % {"title": page.title},
        page=page,
        form=form,
        holds=page.retention_holds.select_related("placed_by", "lifted_by"),
        covering=holds_covering(page).exclude(page=page).select_related("page", "placed_by"),
        lift_form=ReasonForm(),
    )


def lift(request, hold_id: int):
    """POST: lift an active hold with a reason, then go back where the user came from."""
    require_perm(request.user, LIFT_HOLDS)
    hold = get_object_or_404(visible_holds(request.user), pk=hold_id)
    if request.method != "POST":
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lifting a hold needs a reason."))
    else:
        try:
            lift_hold(hold, user=request.user, reason=form.cleaned_data["reason"])
        except RetentionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Hold lifted."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("retention_admin:holds")


def report(request):
    """Active and lifted holds with who placed and lifted them, and when."""
    require_perm(request.user, *HOLD_PERMISSIONS)
    holds = visible_holds(request.user)
    status = request.GET.get("status", "")
    if status == "active":
        holds = holds.filter(lifted_at__isnull=True)
    elif status == "lifted":
        holds = holds.filter(lifted_at__isnull=False)
    return render(
        request,
        "holds.html",
        _("Holds"),
        holds=Paginator(holds, 50).get_page(request.GET.get("p")),
        status=status,
        query=f"status={status}",
        lift_form=ReasonForm(),
    )
