"""The durable index queue and the index lifecycle on real record pages: an engine
outage never fails a save nor loses an update; rebuild swaps the alias while searching
keeps working; verify finds missing and stale nodes."""

from __future__ import annotations

import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from modelsearch.backends import get_search_backend

from repository.models import AttachedFile, RepositoryPage
from repository.services.demo import ensure_home_page
from repository.services.files import attach_derived, attach_original
from search import index as search_index
from search import lifecycle
from search.models import IndexQueueEntry, IndexRebuild, IndexRebuildChange
from search.services import search_records
from tests.conftest import free_port
from tests.factories import (
    DepartmentPageFactory,
    FolderPageFactory,
    LetterPageFactory,
    UserFactory,
    grant,
)
from tests.search.conftest import refresh, use_embedded, use_opensearch

pytestmark = pytest.mark.django_db


def found(user, query) -> set[int]:
    return {hit.page_id for hit in search_records(user, query, live_only=False).hits}


@pytest.fixture
def admin(db):
    return UserFactory(username="root", is_superuser=True, clearance=4)


def test_saves_drain_through_the_queue(settings, admin):
    use_embedded(settings)
    lifecycle.prepare()
    letter = LetterPageFactory(title="关于陪餐标准的函", classification=0)
    assert IndexQueueEntry.objects.count() == 0  # drained inline (immediate task backend)
    assert found(admin, "陪餐标准") == {letter.pk}
    letter.title = "关于住宿安排的函"
    letter.save_revision().publish()
    assert found(admin, "陪餐标准") == set()
    assert found(admin, "住宿安排") == {letter.pk}
    letter.delete()
    assert found(admin, "住宿安排") == set()


def test_classification_change_of_a_folder_reaches_the_index(settings, admin):
    use_embedded(settings)
    lifecycle.prepare()
    clerk = UserFactory(username="clerk2", is_superuser=True, clearance=1)
    folder = FolderPageFactory(title="往来函件", classification=0)
    letter = LetterPageFactory(parent=folder, title="关于陪餐标准的函", classification=0)
    assert found(clerk, "陪餐标准") == {letter.pk}
    folder.classification = 3
    folder.save()
    # The engine's stored copy of the letter follows (OpenSearch filters on it).
    assert (
        get_search_backend().marker_for(type(letter).objects.get(pk=letter.pk))
        == (get_search_backend().index_markers(type(letter))[str(letter.pk)])
    )
    assert found(clerk, "陪餐标准") == set()


@pytest.mark.integration
def test_outage_keeps_updates_and_catches_up(settings, opensearch_url, admin):
    prefix = f"wenshu_outage_{uuid.uuid4().hex[:8]}_"
    use_opensearch(settings, opensearch_url, prefix)
    lifecycle.prepare()
    try:
        # OpenSearch "goes down": the backend points at a closed port.
        use_opensearch(settings, f"http://127.0.0.1:{free_port()}", prefix, timeout=2)
        letter = LetterPageFactory(title="关于陪餐标准的函", classification=0)  # save succeeds
        letter.title = "关于陪餐与住宿标准的函"
        letter.save_revision().publish()
        queued = IndexQueueEntry.objects.get(page_id=letter.pk)
        assert queued.attempts >= 1 and queued.last_error
        with pytest.raises(Exception):  # noqa: B017 - the CLI reports the refusal
            call_command("search_index", "drain", stdout=io.StringIO())
        assert IndexQueueEntry.objects.filter(page_id=letter.pk).exists()

        # Back up: the drain command applies the latest state, nothing is lost.
        use_opensearch(settings, opensearch_url, prefix)
        out = io.StringIO()
        call_command("search_index", "drain", stdout=out)
        assert not IndexQueueEntry.objects.exists()
        refresh()
        assert found(admin, "住宿标准") == {letter.pk}
    finally:
        get_search_backend().es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@pytest.mark.integration
def test_rebuild_swaps_the_alias_while_searching(settings, opensearch_url, admin):
    prefix = f"wenshu_swap_{uuid.uuid4().hex[:8]}_"
    use_opensearch(settings, opensearch_url, prefix)
    lifecycle.prepare()
    backend = get_search_backend()
    try:
        letter = LetterPageFactory(title="关于陪餐标准的函", classification=0)
        lifecycle.rebuild()  # the first rebuild turns the index into an alias
        refresh()
        from wagtail.models import Page

        alias = backend.get_index_for_model(Page)
        assert alias.is_alias()
        before = [i.name for i in alias.aliased_indices()]
        answers: list[set[int]] = []

        def while_filled(new_index):
            # The new index is full but not yet behind the alias: searches keep
            # answering from the old one, and the new one already holds the record.
            if not new_index.name.startswith(alias.name):
                return  # the images and documents indexes
            assert new_index.name not in before
            for _ in range(5):
                answers.append(found(admin, "陪餐标准"))
            new_index.refresh()
            assert backend.es.count(index=new_index.name)["count"] >= 1

        lifecycle.rebuild(on_filled=while_filled)
        after = [i.name for i in alias.aliased_indices()]
        assert after != before
        assert answers and all(answer == {letter.pk} for answer in answers)
        refresh()
        assert found(admin, "陪餐标准") == {letter.pk}
    finally:
        backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


def _verify_finds_missing_and_stale(admin):
    letter = LetterPageFactory(title="关于陪餐标准的函", classification=0)
    other = LetterPageFactory(title="关于住宿的函", classification=0)
    refresh()
    assert lifecycle.verify().ok
    backend = get_search_backend()
    backend.delete(other)
    # A change that bypasses the queue (a bulk update) leaves the index stale.
    type(letter).objects.filter(pk=letter.pk).update(title="关于用车的函")
    refresh()
    report = lifecycle.verify()
    assert report.missing == [other.pk] and report.stale == [letter.pk]
    call_command("search_index", "verify", "--repair", stdout=io.StringIO())
    refresh()
    assert lifecycle.verify().ok
    assert found(admin, "用车") == {letter.pk}


def test_verify_embedded(settings, admin):
    use_embedded(settings)
    lifecycle.prepare()
    _verify_finds_missing_and_stale(admin)


@pytest.mark.integration
def test_verify_opensearch(settings, opensearch_url, admin):
    prefix = f"wenshu_verify_{uuid.uuid4().hex[:8]}_"
    use_opensearch(settings, opensearch_url, prefix)
    lifecycle.prepare()
    try:
        _verify_finds_missing_and_stale(admin)
    finally:
        get_search_backend().es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


def test_enqueue_is_the_door_for_ingest(settings, admin):
    use_embedded(settings)
    lifecycle.prepare()
    letter = LetterPageFactory(title="关于陪餐标准的函", classification=0)
    search_index.enqueue(letter)
    assert not IndexQueueEntry.objects.exists()


@pytest.mark.integration
def test_changes_without_a_revision_during_a_rebuild_reach_the_new_index(
    settings, opensearch_url, admin
):
    """A move, an unpublish and a deletion while the new index fills: after the swap the
    new index must not hold the old state (a stale path or live flag is a leak)."""
    prefix = f"wenshu_rebuild_changes_{uuid.uuid4().hex[:8]}_"
    use_opensearch(settings, opensearch_url, prefix)
    lifecycle.prepare()
    backend = get_search_backend()
    try:
        office = FolderPageFactory(title="办公厅", classification=0)
        archive = FolderPageFactory(title="档案室", classification=0)
        moved = LetterPageFactory(parent=office, title="关于陪餐标准的函", classification=0)
        hidden = LetterPageFactory(parent=office, title="关于陪餐补助的函", classification=0)
        gone = LetterPageFactory(parent=office, title="关于陪餐人数的函", classification=0)
        lifecycle.rebuild()
        refresh()

        def while_filled(new_index):
            if not new_index.name.startswith(backend.get_index_for_model(type(moved)).name):
                return
            moved.move(archive, pos="last-child")
            hidden.refresh_from_db()
            hidden.unpublish()
            gone.delete()

        lifecycle.rebuild(on_filled=while_filled)
        call_command("search_index", "drain", stdout=io.StringIO())
        refresh()
        report = lifecycle.verify()
        assert report.ok, report
        outcome = search_records(admin, "陪餐")
        assert {hit.page_id for hit in outcome.hits} == {moved.pk}
        assert outcome.total == 1
    finally:
        backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


def test_a_rebuild_catches_up_on_exactly_what_changed_while_it_filled(
    search_engine, admin, monkeypatch
):
    """Changes while the new index fills — a move out of the clerk's subtree, a folder
    classified without a revision, a deletion, a new record and new file text from
    ingest — are queued again after the swap, and only they: no second pass over every
    record (``verify`` is not called), and the records nobody touched are not requeued."""
    home = ensure_home_page()
    office = DepartmentPageFactory(parent=home, title="办公厅", classification=0)
    archive = DepartmentPageFactory(parent=home, title="档案室", classification=0)
    folder = FolderPageFactory(parent=office, title="往来函件", classification=0)
    filed = LetterPageFactory(parent=folder, title="关于陪餐标准的函", classification=0)
    moved = LetterPageFactory(parent=office, title="关于陪餐补助的函", classification=0)
    gone = LetterPageFactory(parent=office, title="关于陪餐人数的函", classification=0)
    scanned = LetterPageFactory(parent=office, title="关于陪餐地点的函", classification=0)
    untouched = {
        LetterPageFactory(parent=office, title=f"关于陪餐事项的函{n}", classification=0).pk
        for n in range(3)
    }
    clerk = UserFactory(username="rebuild-clerk", clearance=1)
    clerk.groups.add(office.department.group)
    grant(office.department.group, office, "view_page")
    lifecycle.rebuild()
    refresh()
    backend = get_search_backend()
    record_index = getattr(backend.get_index_for_model(RepositoryPage), "name", None)
    created = []

    def while_filled(new_index):
        if created or (record_index and not new_index.name.startswith(record_index)):
            return  # once, and only while the records' new index waits for its swap
        RepositoryPage.objects.get(pk=moved.pk).move(archive, pos="last-child")
        classified = RepositoryPage.objects.get(pk=folder.pk).specific
        classified.classification = 3
        classified.save()  # no revision: its records follow by classification refresh
        RepositoryPage.objects.get(pk=gone.pk).delete()
        created.append(LetterPageFactory(parent=office, title="关于陪餐安排的函", classification=0))
        original = attach_original(scanned, io.BytesIO(b"PK scan"), "接待方案.docx")
        attach_derived(
            original, io.BytesIO("青鸟接待方案".encode()), "接待方案.txt", AttachedFile.Role.TEXT
        )
        search_index.enqueue(scanned)  # what ingest does after attaching text

    requeued: list[int] = []

    def spy(page_ids):
        requeued.extend(page_ids)
        real_requeue(page_ids)

    real_requeue = lifecycle.requeue
    with monkeypatch.context() as patch:
        patch.setattr(lifecycle, "requeue", spy)
        patch.setattr(lifecycle, "verify", lambda *a, **k: pytest.fail("a full verify pass"))
        lifecycle.rebuild(on_filled=while_filled)

    new = created[0]
    assert set(requeued) == {moved.pk, folder.pk, filed.pk, gone.pk, new.pk, scanned.pk}
    assert not IndexRebuild.objects.exists() and not IndexRebuildChange.objects.exists()
    assert not IndexQueueEntry.objects.exists()  # drained inline
    refresh()
    report = lifecycle.verify()
    assert report.ok, report
    fresh_clerk = get_user_model().objects.get(pk=clerk.pk)
    assert found(fresh_clerk, "陪餐") == {*untouched, scanned.pk, new.pk}
    assert found(admin, "陪餐") == {*untouched, scanned.pk, new.pk, moved.pk, filed.pk}
    assert found(fresh_clerk, "青鸟接待") == {scanned.pk}
    assert AttachedFile.objects.filter(page=scanned).count() == 2
