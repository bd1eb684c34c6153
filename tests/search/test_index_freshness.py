"""Every change to a record reaches the index, on both engines (OpenSearch filters on its
stored copy of ``live``, ``path`` and ``effective_classification``, so a missed update
is a leak or a lost record there): publish, unpublish, edit, move — with the moved
page's descendants — delete, and permission or classification change.

After each event the index must also match the database exactly (``verify``), so a test
cannot pass merely because the embedded engine joins the live tables at query time.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from modelsearch.backends import get_search_backend
from wagtail.models import GroupPagePermission

from repository.models import Clearance
from repository.services.declassification import declassify
from repository.services.demo import ensure_home_page
from search import lifecycle
from search.models import IndexQueueEntry
from search.services import search_records
from tests.factories import (
    DepartmentPageFactory,
    FolderPageFactory,
    LetterPageFactory,
    UserFactory,
    grant,
)
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db

WORD = "陪餐标准"


def found(user, query=WORD, *, live_only=True) -> set[int]:
    # A fresh user each time: clearance is cached on the instance, as per request.
    fresh = get_user_model().objects.get(pk=user.pk)
    return {hit.page_id for hit in search_records(fresh, query, live_only=live_only).hits}


def settled() -> None:
    """Make the last change searchable and check the index equals the database."""
    refresh()
    report = lifecycle.verify()
    assert report.ok, report


@pytest.fixture
def units(search_engine):
    """home ── office (granted to clerk) ── folder ── letter
    └─ archive (not granted)"""
    home = ensure_home_page()
    office = DepartmentPageFactory(parent=home, title="办公厅", classification=0)
    archive = DepartmentPageFactory(parent=home, title="档案室", classification=0)
    folder = FolderPageFactory(parent=office, title="往来函件", classification=0)
    letter = LetterPageFactory(parent=folder, title=f"关于{WORD}的函", classification=0)
    clerk = UserFactory(username="fresh-clerk", clearance=1)
    clerk.groups.add(office.department.group)
    grant(office.department.group, office, "view_page")
    settled()
    assert found(clerk) == {letter.pk}
    return home, office, archive, folder, letter, clerk


def test_publish_and_unpublish(units):
    _home, _office, _archive, folder, letter, clerk = units
    # As the admin creates one: a new page is live unless told otherwise.
    draft = LetterPageFactory(
        parent=folder, title=f"{WORD}草稿", classification=0, publish=False, live=False
    )
    settled()
    assert found(clerk) == {letter.pk}
    assert draft.pk in found(clerk, live_only=False)
    draft.save_revision().publish()
    settled()
    assert found(clerk) == {letter.pk, draft.pk}
    draft.refresh_from_db()
    draft.unpublish()
    settled()
    assert found(clerk) == {letter.pk}


def test_edit(units):
    *_rest, letter, clerk = units
    letter.title = "关于住宿安排的函"
    letter.save_revision().publish()
    settled()
    assert found(clerk) == set()
    assert found(clerk, "住宿安排") == {letter.pk}


def test_move_out_of_and_back_into_a_granted_subtree(units):
    _home, _office, archive, folder, letter, clerk = units
    letter.move(archive, pos="last-child")
    settled()
    assert found(clerk) == set()
    letter.refresh_from_db()
    folder.refresh_from_db()  # treebeard reads the target's child count from the instance
    letter.move(folder, pos="last-child")
    settled()
    assert found(clerk) == {letter.pk}


def test_moving_a_folder_takes_its_descendants_along(units):
    _home, _office, archive, folder, letter, clerk = units
    folder.move(archive, pos="last-child")
    settled()
    assert found(clerk) == set()
    archivist = UserFactory(username="fresh-archivist", clearance=1)
    archivist.groups.add(archive.department.group)
    grant(archive.department.group, archive, "view_page")
    assert found(archivist) == {letter.pk}


def test_moving_a_folder_into_a_classified_one_classifies_its_descendants(units):
    _home, office, _archive, folder, letter, clerk = units
    vault = FolderPageFactory(parent=office, title="机要件", classification=3)
    folder.move(vault, pos="last-child")
    settled()
    letter.refresh_from_db()
    assert letter.effective_classification == 3
    assert found(clerk) == set()
    # And out again — 解密/降密, the classification officer's action: public once more.
    officer = UserFactory(username="fresh-officer", clearance=4, is_superuser=True)
    declassify(folder, user=officer, reason="误放", destination=office)
    settled()
    assert found(clerk) == {letter.pk}


def test_delete_a_record_and_a_folder_with_its_records(units):
    _home, office, _archive, folder, letter, clerk = units
    other = LetterPageFactory(parent=office, title=f"{WORD}补充", classification=0)
    settled()
    assert found(clerk) == {letter.pk, other.pk}
    other.delete()
    settled()
    assert found(clerk) == {letter.pk}
    folder.delete()
    settled()
    assert found(clerk) == set()


def test_classification_change_of_a_record_and_of_its_folder(units):
    _home, _office, _archive, folder, letter, clerk = units
    letter.classification = 2
    letter.save_revision().publish()
    settled()
    assert found(clerk) == set()
    letter.refresh_from_db()
    letter.classification = 0
    letter.save_revision().publish()
    settled()
    assert found(clerk) == {letter.pk}
    folder.classification = 3
    folder.save()
    settled()
    assert found(clerk) == set()


def test_permission_changes_apply_at_once(units):
    _home, office, archive, _folder, letter, clerk = units
    outside = LetterPageFactory(parent=archive, title=f"{WORD}存档", classification=2)
    settled()
    assert found(clerk) == {letter.pk}
    grant(office.department.group, archive, "view_page")
    assert found(clerk) == {letter.pk}  # granted, but classified above the clerk
    Clearance.objects.filter(user=clerk).update(level=2)
    assert found(clerk) == {letter.pk, outside.pk}
    GroupPagePermission.objects.filter(group=office.department.group, page=office).delete()
    assert found(clerk) == {outside.pk}


def _entry_rows(page_id: int) -> tuple[int, int]:
    """The embedded engine's index entries and FTS rows for ``page_id``."""
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    entries = IndexEntry.objects.filter(object_id=str(page_id))
    fts = SQLiteFTSIndexEntry.objects.filter(index_entry__in=entries.values("pk"))
    return entries.count(), fts.count()


def test_repair_removes_the_entry_of_a_node_that_is_gone(units, search_engine):
    """An entry left behind by a node that no longer exists (written after its deletion,
    or behind search's back) is reported by ``verify`` and removed by its repair.

    The queued removal knows only the node's id, not its type; the embedded engine must
    still find the entry, which it wrote under the node's specific type.
    """
    *_rest, letter, clerk = units
    ghost = type(letter).objects.get(pk=letter.pk)
    letter.delete()
    settled()
    get_search_backend().add(ghost)  # a late write for the deleted record
    refresh()
    report = lifecycle.verify()
    assert report.extra == [str(ghost.pk)] and not report.missing and not report.stale
    if search_engine == "embedded":
        assert _entry_rows(ghost.pk) == (1, 1)
    lifecycle.repair(report)
    assert not IndexQueueEntry.objects.exists()
    settled()
    assert str(ghost.pk) not in get_search_backend().index_markers(type(ghost))
    if search_engine == "embedded":
        assert _entry_rows(ghost.pk) == (0, 0)
    assert found(clerk, live_only=False) == set()
