"""Read receipts for notices (通知): who has read, who has said “我知道了”, who has not."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from repository.models import NoticePage, NoticeReceipt
from repository.selectors import can_view, visible_pages_for


def notice_audience(notice: NoticePage) -> QuerySet:
    """Named people plus members of named departments; nobody named means everyone active.

    Only people who may see the notice count: a classified notice is never "unread" for
    someone who cannot open it.
    """
    User = get_user_model()
    users = User.objects.filter(is_active=True)
    # Parental relations may be in-memory (a revision), so read them as lists.
    named_users = [user.pk for user in notice.audience_users.all()]
    departments = [department.pk for department in notice.audience_departments.all()]
    if named_users or departments:
        users = users.filter(
            Q(pk__in=named_users) | Q(groups__department__in=departments)
        ).distinct()
    return User.objects.filter(pk__in=[u.pk for u in users if can_view(u, notice)])


def mark_notice_read(notice: NoticePage, user) -> NoticeReceipt | None:
    if not user.is_authenticated:
        return None
    receipt, _created = NoticeReceipt.objects.get_or_create(
        notice=notice, user=user, defaults={"read_at": timezone.now()}
    )
    return receipt


def acknowledge_notice(notice: NoticePage, user) -> NoticeReceipt:
    """“我知道了”: the reader confirms; the first confirmation time is kept."""
    receipt = mark_notice_read(notice, user)
    if receipt.acknowledged_at is None:
        receipt.acknowledged_at = timezone.now()
        receipt.save(update_fields=["acknowledged_at"])
    return receipt


@dataclass
class ReadStatus:
    acknowledged: list
    read: list  # opened but not acknowledged
    unread: list


def notice_read_status(notice: NoticePage) -> ReadStatus:
    receipts = {r.user_id: r for r in notice.receipts.all()}
    status = ReadStatus([], [], [])
    for user in notice_audience(notice).order_by("username"):
        receipt = receipts.get(user.pk)
        if receipt is None:
            status.unread.append(user)
        elif receipt.acknowledged_at:
            status.acknowledged.append(user)
        else:
            status.read.append(user)
    return status


def unread_notices_for(user) -> QuerySet:
    """Live notices addressed to ``user`` that they may see and have not opened yet."""
    if not user.is_authenticated:
        return NoticePage.objects.none()
    addressed = NoticePage.objects.live().filter(
        Q(audience_users=user)
        | Q(audience_departments__group__user=user)
        | (Q(audience_users__isnull=True) & Q(audience_departments__isnull=True))
    )
    unread = addressed.exclude(receipts__user=user).distinct()
    return visible_pages_for(user, unread).order_by("-first_published_at")
