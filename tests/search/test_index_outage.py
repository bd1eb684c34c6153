"""OpenSearch down while records change: every save, move and deletion still succeeds,
its index update waits in the durable queue, and once OpenSearch is back a drain
brings the index exactly to the database's state — nothing lost, nothing stale.

OpenSearch filters on its stored copy of ``path``, ``live`` and
``effective_classification``, so an update lost during the outage would be a leak (a
restricted user finding a record moved out of their subtree or classified above
them) or a ghost (a deleted record still counted). Each scenario below changes the
tree during the outage; the test then checks the queue, drains, and compares what a
restricted user and an admin find, the left index entries and ``verify``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from modelsearch.backends import get_search_backend

from repository.models import RepositoryPage
from repository.services.demo import ensure_home_page
from search import index as search_index
from search import lifecycle
from search.models import IndexQueueEntry
from search.services import search_records
from tests.conftest import closed_port_url
from tests.factories import (
    DepartmentPageFactory,
    FolderPageFactory,
    LetterPageFactory,
    UserFactory,
    grant,
)
from tests.search.conftest import refresh, use_opensearch

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

WORD = "陪餐标准"


@dataclass
class Site:
    """home ── office (granted to the clerk) ─┬─ folder ─┬─ letter
                                              │          └─ reply
                                              └─ memo
    └─ archive (not granted) ── outsider

    Every record is public and its title holds ``WORD``; the clerk (clearance 1) may
    see the office subtree, the admin everything."""

    office: RepositoryPage
    archive: RepositoryPage
    folder: RepositoryPage
    letter: RepositoryPage
    reply: RepositoryPage
    memo: RepositoryPage
    outsider: RepositoryPage
    clerk: object
    admin: object

    @property
    def granted(self) -> set[int]:
        return {self.letter.pk, self.reply.pk, self.memo.pk}

    @property
    def everything(self) -> set[int]:
        return {*self.granted, self.outsider.pk}


@dataclass
class Expected:
    """What the index must answer once the queue is drained."""

    clerk: set[int]
    admin: set[int]
    # Nodes whose update must have waited in the queue, by queued action.
    queued: dict[int, str]
    # Nodes that must have left the index.
    gone: set[int] = field(default_factory=set)


def fresh(page) -> RepositoryPage:
    """The page as stored now (treebeard and Wagtail read tree state from the instance)."""
    return RepositoryPage.objects.get(pk=page.pk).specific


def found(user) -> tuple[set[int], int]:
    # A fresh user each time: clearance is cached on the instance, as per request.
    outcome = search_records(get_user_model().objects.get(pk=user.pk), WORD)
    return {hit.page_id for hit in outcome.hits}, outcome.total


UPDATE = IndexQueueEntry.Action.UPDATE
DELETE = IndexQueueEntry.Action.DELETE


def move_out_of_the_granted_subtree(site: Site) -> Expected:
    fresh(site.letter).move(fresh(site.archive), pos="last-child")
    return Expected(
        clerk=site.granted - {site.letter.pk},
        admin=site.everything,
        queued={site.letter.pk: UPDATE},
    )


def move_into_the_granted_subtree(site: Site) -> Expected:
    fresh(site.outsider).move(fresh(site.folder), pos="last-child")
    return Expected(clerk=site.everything, admin=site.everything, queued={site.outsider.pk: UPDATE})


def delete_a_record(site: Site) -> Expected:
    fresh(site.letter).delete()
    assert not RepositoryPage.objects.filter(pk=site.letter.pk).exists()
    return Expected(
        clerk=site.granted - {site.letter.pk},
        admin=site.everything - {site.letter.pk},
        queued={site.letter.pk: DELETE},
        gone={site.letter.pk},
    )


def unpublish_a_record(site: Site) -> Expected:
    fresh(site.letter).unpublish()
    return Expected(
        clerk=site.granted - {site.letter.pk},
        admin=site.everything - {site.letter.pk},
        queued={site.letter.pk: UPDATE},
    )


def classify_a_folder(site: Site) -> Expected:
    folder = fresh(site.folder)
    folder.classification = 3
    folder.save_revision().publish()
    assert fresh(site.letter).effective_classification == 3
    return Expected(
        clerk={site.memo.pk},
        admin=site.everything,
        queued={pk: UPDATE for pk in (site.folder.pk, site.letter.pk, site.reply.pk)},
    )


def edit_then_delete_a_record(site: Site) -> Expected:
    letter = fresh(site.letter)
    letter.title = f"关于{WORD}的补充函"
    letter.save_revision().publish()
    assert IndexQueueEntry.objects.get(page_id=letter.pk).action == UPDATE
    fresh(letter).delete()
    return Expected(
        clerk=site.granted - {site.letter.pk},
        admin=site.everything - {site.letter.pk},
        queued={site.letter.pk: DELETE},
        gone={site.letter.pk},
    )


def move_a_folder_with_its_records(site: Site) -> Expected:
    fresh(site.folder).move(fresh(site.archive), pos="last-child")
    return Expected(
        clerk={site.memo.pk},
        admin=site.everything,
        queued={pk: UPDATE for pk in (site.folder.pk, site.letter.pk, site.reply.pk)},
    )


def publish_a_new_record(site: Site) -> Expected:
    draft = LetterPageFactory(
        parent=fresh(site.folder), title=f"{WORD}草稿", classification=0, publish=False, live=False
    )
    fresh(draft).save_revision().publish()
    return Expected(
        clerk={*site.granted, draft.pk},
        admin={*site.everything, draft.pk},
        queued={draft.pk: UPDATE},
    )


SCENARIOS = [
    pytest.param(move_out_of_the_granted_subtree, id="move-out"),
    pytest.param(move_into_the_granted_subtree, id="move-in"),
    pytest.param(delete_a_record, id="delete"),
    pytest.param(unpublish_a_record, id="unpublish"),
    pytest.param(classify_a_folder, id="classify-folder"),
    pytest.param(edit_then_delete_a_record, id="edit-then-delete"),
    pytest.param(move_a_folder_with_its_records, id="move-folder"),
    pytest.param(publish_a_new_record, id="publish"),
]


@pytest.fixture
def site(settings, opensearch_url):
    prefix = f"wenshu_outage_{uuid.uuid4().hex[:8]}_"
    use_opensearch(settings, opensearch_url, prefix)
    lifecycle.prepare()
    home = ensure_home_page()
    office = DepartmentPageFactory(parent=home, title="办公厅", classification=0)
    archive = DepartmentPageFactory(parent=home, title="档案室", classification=0)
    folder = FolderPageFactory(parent=office, title="往来函件", classification=0)
    clerk = UserFactory(username="outage-clerk", clearance=1)
    clerk.groups.add(office.department.group)
    grant(office.department.group, office, "view_page")
    site = Site(
        office=office,
        archive=archive,
        folder=folder,
        letter=LetterPageFactory(parent=folder, title=f"关于{WORD}的函", classification=0),
        reply=LetterPageFactory(parent=folder, title=f"关于{WORD}的复函", classification=0),
        memo=LetterPageFactory(parent=office, title=f"{WORD}备忘", classification=0),
        outsider=LetterPageFactory(parent=archive, title=f"{WORD}存档", classification=0),
        clerk=clerk,
        admin=UserFactory(username="outage-admin", is_superuser=True, clearance=4),
    )
    refresh()
    assert lifecycle.verify().ok
    assert found(site.clerk) == (site.granted, 3)
    assert found(site.admin) == (site.everything, 4)
    yield site
    use_opensearch(settings, opensearch_url, prefix)
    get_search_backend().es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@pytest.mark.parametrize("change", SCENARIOS)
def test_changes_during_an_outage_reach_the_index_when_it_is_back(
    settings, opensearch_url, site: Site, change: Callable[[Site], Expected]
):
    prefix = settings.WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"]
    # OpenSearch "goes down": the backend points at a closed port.
    use_opensearch(settings, closed_port_url(), prefix, timeout=2)
    expected = change(site)  # every save, move and deletion succeeded

    # The updates wait in the queue, each marked with the refusal.
    rows = {row.page_id: row for row in IndexQueueEntry.objects.all()}
    assert {pk: rows[pk].action for pk in expected.queued if pk in rows} == expected.queued
    assert all(row.attempts >= 1 and row.last_error for row in rows.values())
    assert search_index.drain().failed == len(rows)  # still down: nothing is lost
    assert IndexQueueEntry.objects.count() == len(rows)

    # Back up: the index still holds the old state until the queue drains.
    use_opensearch(settings, opensearch_url, prefix)
    refresh()
    assert not lifecycle.verify().ok
    result = search_index.drain()
    assert not result.failed and result.remaining == 0
    refresh()

    assert found(site.clerk) == (expected.clerk, len(expected.clerk))
    assert found(site.admin) == (expected.admin, len(expected.admin))
    markers = get_search_backend().index_markers(RepositoryPage)
    assert not expected.gone & {int(pk) for pk in markers}
    report = lifecycle.verify()
    assert report.ok, report
