"""Filed and held records are frozen: every write path — the Files page, unpublish (single
and bulk), move (single and bulk), edit and revision revert — is refused with a clear
message (issue 14, point 10)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from repository.extensions import ChangeRefused
from repository.models import AttachedFile
from repository.services.files import attach_original
from retention.services.filing import file_record
from retention.services.holds import place_hold
from tests.factories import FolderPageFactory, OfficialDocumentPageFactory, grant
from tests.retention.admin_support import messages_of, staff

pytestmark = pytest.mark.django_db

EDITOR_PERMISSIONS = ("view_page", "add_page", "change_page", "publish_page")


@pytest.fixture
def editor(branch, fonds):
    user = staff(pages=[branch, fonds])
    for codename in EDITOR_PERMISSIONS:
        grant(user.groups.first(), branch, codename)
    return user


@pytest.fixture(params=["filed", "held"])
def frozen(request, make_record, fonds, archivist):
    record = make_record(title="冻结的记录")
    if request.param == "filed":
        file_record(record, fonds=fonds, period="Y", user=archivist)
    else:
        place_hold(record, reason="审计取证", user=archivist)
    return record


def refusal_in(response) -> bool:
    texts = " ".join(messages_of(response, "error"))
    return "冻结的记录" in texts and ("归档" in texts or "冻结" in texts)


def test_files_page_refuses_attaching_to_a_frozen_record(frozen, editor, client):
    client.force_login(editor)
    url = f"/admin/repository/pages/{frozen.pk}/files/"
    page = client.get(url).content.decode()
    assert 'type="file"' not in page
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(url, {"files": upload})
    assert response.status_code == 302
    assert refusal_in(response)
    assert not AttachedFile.objects.filter(page=frozen).exists()


def test_attaching_from_code_is_refused(frozen):
    with pytest.raises(ChangeRefused):
        attach_original(frozen, io.BytesIO(b"x"), "x.txt")


def test_unpublish_is_refused(frozen, editor, client):
    client.force_login(editor)
    response = client.post(f"/admin/pages/{frozen.pk}/unpublish/")
    frozen.refresh_from_db()
    assert frozen.live
    assert response.status_code in (302, 403)
    with pytest.raises(ChangeRefused):
        frozen.specific.unpublish()


def test_unpublishing_a_folder_with_descendants_spares_the_frozen_record(
    archivist, branch, editor, client
):
    folder = FolderPageFactory(parent=branch, title="卷夹")
    record = OfficialDocumentPageFactory(parent=folder, title="冻结的记录")
    place_hold(record, reason="审计取证", user=archivist)
    client.force_login(editor)
    response = client.post(f"/admin/pages/{folder.pk}/unpublish/", {"include_descendants": "on"})
    assert refusal_in(response)
    record.refresh_from_db()
    assert record.live


def test_bulk_unpublish_is_refused(frozen, editor, client, branch):
    client.force_login(editor)
    client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={frozen.pk}&next=/admin/",
        {"include_descendants": ""},
    )
    frozen.refresh_from_db()
    assert frozen.live


def test_move_is_refused(frozen, editor, client, branch):
    target = FolderPageFactory(parent=branch, title="新卷夹")
    client.force_login(editor)
    response = client.post(f"/admin/pages/{frozen.pk}/move/{target.pk}/confirm/")
    frozen.refresh_from_db()
    assert frozen.get_parent().pk == branch.pk
    assert response.status_code in (302, 403)
    with pytest.raises(ChangeRefused):
        frozen.specific.move(target, pos="last-child")


def test_bulk_move_is_refused(frozen, editor, client, branch):
    target = FolderPageFactory(parent=branch, title="新卷夹")
    client.force_login(editor)
    client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={frozen.pk}&next=/admin/",
        {"chooser": target.pk},
    )
    frozen.refresh_from_db()
    assert frozen.get_parent().pk == branch.pk


def test_edit_and_revision_revert_are_refused(frozen, editor, client):
    first = frozen.latest_revision
    draft = frozen.get_latest_revision_as_object()
    draft.title = "冻结的记录"
    draft.save_revision()
    client.force_login(editor)
    for url in (
        f"/admin/pages/{frozen.pk}/edit/",
        f"/admin/pages/{frozen.pk}/revisions/{first.pk}/revert/",
    ):
        response = client.post(url, {"title": "改过的标题", "slug": frozen.slug})
        assert response.status_code == 302, url
    frozen.refresh_from_db()
    assert frozen.title == "冻结的记录"
    assert "改过的标题" not in frozen.get_latest_revision().object_str
