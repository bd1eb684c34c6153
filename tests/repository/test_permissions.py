"""Nobody sees a node above their clearance or outside their granted subtrees — not in the
site, the admin explorer, the page chooser, edit/preview/revisions, or file downloads."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from wagtail.models import Page

from repository.models import Classification
from repository.selectors import can_view, visible_pages_for
from repository.services.files import attach_original
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    FolderPageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """Two department branches; in A a classified (机密) record and a classified folder."""
    dept_a, dept_b = DepartmentFactory(), DepartmentFactory()
    branch_a = DepartmentPageFactory(department=dept_a, title="办公室")
    branch_b = DepartmentPageFactory(department=dept_b, title="接待处")
    grant(dept_a.group, branch_a)
    grant(dept_b.group, branch_b)
    internal = OfficialDocumentPageFactory(parent=branch_a, title="内部通知")
    secret = OfficialDocumentPageFactory(
        parent=branch_a, title="机密方案", classification=Classification.SECRET
    )
    secret_folder = FolderPageFactory(
        parent=branch_a, title="机密卷夹", classification=Classification.SECRET
    )
    inside_secret_folder = OfficialDocumentPageFactory(parent=secret_folder, title="夹内内部文件")
    other = OfficialDocumentPageFactory(parent=branch_b, title="接待处文件")
    return dict(
        dept_a=dept_a,
        dept_b=dept_b,
        branch_a=branch_a,
        branch_b=branch_b,
        internal=internal,
        secret=secret,
        secret_folder=secret_folder,
        inside=inside_secret_folder,
        other=other,
    )


def titles(user) -> set[str]:
    return set(visible_pages_for(user).values_list("title", flat=True))


def test_internal_clearance_sees_own_subtree_but_nothing_classified(tree):
    clerk = UserFactory(departments=[tree["dept_a"]], clearance=Classification.INTERNAL)
    seen = titles(clerk)
    assert {"办公室", "内部通知"} <= seen
    assert "机密方案" not in seen
    assert "机密卷夹" not in seen
    # A classified folder hides everything inside it, whatever the child's own level.
    assert "夹内内部文件" not in seen
    assert "接待处文件" not in seen and "接待处" not in seen


def test_secret_clearance_sees_classified_records_of_own_subtree_only(tree):
    chief = UserFactory(departments=[tree["dept_a"]], clearance=Classification.SECRET)
    seen = titles(chief)
    assert {"机密方案", "机密卷夹", "夹内内部文件"} <= seen
    assert "接待处文件" not in seen


def test_superuser_sees_every_subtree_but_is_still_bound_by_clearance(tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    assert "接待处文件" in titles(admin)
    assert "机密方案" not in titles(admin)  # default clearance is 内部
    top = UserFactory(clearance=Classification.TOP_SECRET, is_superuser=True)
    assert "机密方案" in titles(top)


def test_anonymous_and_inactive_users_see_nothing(tree):
    assert not visible_pages_for(AnonymousUser()).exists()
    inactive = UserFactory(
        departments=[tree["dept_a"]], clearance=Classification.TOP_SECRET, is_active=False
    )
    assert not visible_pages_for(inactive).exists()


def test_site_returns_404_for_invisible_pages_and_redirects_anonymous(tree, client):
    clerk = UserFactory(departments=[tree["dept_a"]], clearance=Classification.INTERNAL)
    assert client.get(tree["internal"].url).status_code == 302  # anonymous → sign in
    client.force_login(clerk)
    assert client.get(tree["internal"].url).status_code == 200
    assert client.get(tree["secret"].url).status_code == 404
    assert client.get(tree["inside"].url).status_code == 404
    assert client.get(tree["other"].url).status_code == 404
    home = client.get("/").content.decode()
    assert "办公室" in home and "接待处" not in home


def test_file_download_requires_visibility(tree, client):
    clerk = UserFactory(departments=[tree["dept_a"]], clearance=Classification.INTERNAL)
    public_file = attach_original(tree["internal"], io.BytesIO(b"internal"), "a.txt")
    secret_file = attach_original(tree["secret"], io.BytesIO(b"secret"), "s.txt")
    url = "/files/{}/"
    assert client.get(url.format(public_file.pk)).status_code == 302
    client.force_login(clerk)
    response = client.get(url.format(public_file.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"internal"
    assert client.get(url.format(secret_file.pk)).status_code == 404
    assert client.get(url.format(999999)).status_code == 404


@pytest.fixture
def admin_editor(tree):
    editor = UserFactory(departments=[tree["dept_a"]], clearance=Classification.INTERNAL)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant(tree["dept_a"].group, tree["branch_a"], "add_page", "change_page", "publish_page")
    return editor


def test_admin_edit_preview_and_revisions_refuse_classified_pages(tree, admin_editor, client):
    client.force_login(admin_editor)
    assert client.get(f"/admin/pages/{tree['internal'].pk}/edit/").status_code == 200
    for view in ("edit/", "revisions/", "history/", "delete/", "copy/", "move/"):
        response = client.get(f"/admin/pages/{tree['secret'].pk}/{view}")
        assert response.status_code in (302, 403, 404), view
        assert "机密方案" not in response.content.decode()
    perms = tree["secret"].permissions_for_user(admin_editor)
    assert not perms.can_edit() and not perms.can_view_revisions() and not perms.can_delete()
    assert tree["internal"].permissions_for_user(admin_editor).can_edit()


def test_admin_explorer_and_chooser_hide_classified_children(tree, admin_editor, client):
    client.force_login(admin_editor)
    listing = client.get(f"/admin/pages/{tree['branch_a'].pk}/").content.decode()
    assert "内部通知" in listing and "机密方案" not in listing and "机密卷夹" not in listing
    chooser = client.get(f"/admin/choose-page/{tree['branch_a'].pk}/").json()["html"]
    assert "内部通知" in chooser and "机密方案" not in chooser
    records = client.get("/admin/records/").content.decode()
    assert "内部通知" in records and "机密方案" not in records and "接待处文件" not in records


def test_can_view_matches_the_queryset_rule(tree):
    clerk = UserFactory(departments=[tree["dept_b"]], clearance=Classification.SECRET)
    for page in Page.objects.filter(depth__gt=1):
        assert can_view(clerk, page) == visible_pages_for(clerk).filter(pk=page.pk).exists()


def test_classifying_a_folder_hides_its_existing_content_and_moving_out_reveals_it(tree):
    from repository.services.declassification import declassify

    clerk = UserFactory(departments=[tree["dept_a"]], clearance=Classification.INTERNAL)
    officer = UserFactory(departments=[tree["dept_a"]], clearance=Classification.SECRET)
    officer.user_permissions.add(Permission.objects.get(codename="declassify_records"))
    folder = FolderPageFactory(parent=tree["branch_a"], title="普通卷夹")
    inside = OfficialDocumentPageFactory(parent=folder, title="卷夹内文件")
    assert "卷夹内文件" in titles(clerk)

    folder.classification = Classification.SECRET
    folder.save_revision().publish()
    assert "卷夹内文件" not in titles(clerk)

    # Moving out of the classified folder lowers the record: 解密/降密, the officer's action.
    declassify(inside, user=officer, reason="误放", destination=tree["branch_a"])
    assert "卷夹内文件" in titles(clerk)

    inside.refresh_from_db()
    folder.refresh_from_db()  # treebeard reads the target's child count from the instance
    inside.move(folder, pos="last-child")
    assert "卷夹内文件" not in titles(clerk)

    folder.refresh_from_db()
    folder.classification = Classification.INTERNAL
    folder.save_revision().publish()
    assert "卷夹内文件" in titles(clerk)


def test_an_access_grant_opens_files_the_visibility_rule_would_hide(tree, client):
    from repository import extensions

    outsider = UserFactory(departments=[tree["dept_b"]], clearance=Classification.INTERNAL)
    attachment = attach_original(tree["internal"], io.BytesIO(b"loaned"), "loan.txt")
    client.force_login(outsider)
    assert client.get(f"/files/{attachment.pk}/").status_code == 404

    def grant_for_outsider(user, page):
        return user.pk == outsider.pk and page.pk == tree["internal"].pk

    extensions.register_access_grant(grant_for_outsider)
    try:
        assert client.get(f"/files/{attachment.pk}/").status_code == 200
    finally:
        extensions._access_grants.remove(grant_for_outsider)
    assert client.get(f"/files/{attachment.pk}/").status_code == 404
