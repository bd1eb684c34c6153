"""Which ingest jobs and quarantined files a user may see: the repository's visibility
rule applied to where the file was going.

A job shows a file name, often a title, and leads to the original bytes (its quarantined
copy). So it is visible only to
  * whoever uploaded it, and
  * those who may see its target folder (``can_view`` on the job's parent; a job without
    a parent goes to the 收件箱, so those who may see the inbox).
Everyone else gets a 404 from every job and quarantine view, and listings leave the job
out. The record a job created (or found as a duplicate) is named only to those who may
see that record: a duplicate can point anywhere in the tree.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.models import Page

from ingest.models import IngestJob, QuarantineEntry
from repository.models import InboxPage
from repository.selectors import visible_pages_for


def visible_jobs(user, jobs: QuerySet | None = None) -> QuerySet:
    """Narrow ``jobs`` (default: all) to those ``user`` may see."""
    jobs = IngestJob.objects.all() if jobs is None else jobs
    if not user or not user.is_authenticated or not user.is_active:
        return jobs.none()
    rule = Q(created_by=user) | Q(parent__in=visible_pages_for(user).values("pk"))
    inbox = InboxPage.objects.first()  # where parentless jobs go (records.ensure_inbox)
    if inbox is not None and visible_pages_for(user, Page.objects.filter(pk=inbox.pk)).exists():
        rule |= Q(parent__isnull=True)
    return jobs.filter(rule)


def visible_quarantine(user, entries: QuerySet | None = None) -> QuerySet:
    """Quarantined files of the jobs ``user`` may see."""
    entries = QuarantineEntry.objects.all() if entries is None else entries
    return entries.filter(job__in=visible_jobs(user).values("pk"))


def shown_pages(user, jobs) -> set[int]:
    """Ids of the records among ``jobs``' pages that may be named to ``user``."""
    page_ids = {job.page_id for job in jobs if job.page_id}
    if not page_ids:
        return set()
    pages = visible_pages_for(user, Page.objects.filter(pk__in=page_ids))
    return set(pages.values_list("pk", flat=True))
