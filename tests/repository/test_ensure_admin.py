"""``ensure_admin``: a generated password is kept in a file readable by its owner only —
from its first byte, whatever the umask — and a password from the environment is never
printed."""

from __future__ import annotations

import io
import os
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path, settings, monkeypatch):
    settings.WENSHU_DATA_DIR = tmp_path
    monkeypatch.delenv("WENSHU_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("WENSHU_ADMIN_USER", "chief")
    return tmp_path


@pytest.fixture
def open_umask():
    """The most permissive umask: files get exactly the mode they are created with."""
    old = os.umask(0)
    yield
    os.umask(old)


def ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_password_from_the_environment_is_never_printed(data_dir, monkeypatch):
    monkeypatch.setenv("WENSHU_ADMIN_PASSWORD", "Wenshu-2026!")
    for _ in range(2):  # creating, then re-applying
        output = ensure_admin()
        assert "chief" in output and "Wenshu-2026!" not in output
    assert get_user_model().objects.get(username="chief").check_password("Wenshu-2026!")
    assert not (data_dir / "admin-credentials.txt").exists()


def test_a_generated_password_is_private_from_the_first_byte(data_dir, open_umask, monkeypatch):
    modes_while_writing = []
    real_write = os.write

    def spying_write(fd, data):
        if "admin-credentials" in os.readlink(f"/proc/self/fd/{fd}"):
            modes_while_writing.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spying_write)
    output = ensure_admin()
    note = data_dir / "admin-credentials.txt"
    user, password = note.read_text(encoding="utf-8").split()
    assert user == "chief" and password in output
    assert modes_while_writing and set(modes_while_writing) == {0o600}
    assert mode(note) == 0o600
    assert ensure_admin() == output  # the next run prints it again
    assert [p.name for p in data_dir.iterdir()] == ["admin-credentials.txt"]


def test_an_older_readable_file_is_replaced_or_made_private(data_dir, open_umask):
    note = data_dir / "admin-credentials.txt"
    note.write_text("chief\nold-password\n", encoding="utf-8")
    note.chmod(0o644)
    ensure_admin()  # creates the account: a new password, a new private file
    assert mode(note) == 0o600 and "old-password" not in note.read_text(encoding="utf-8")
    note.chmod(0o644)
    ensure_admin()  # the account exists: the saved password is read, the file fixed
    assert mode(note) == 0o600


def test_a_link_planted_at_the_file_name_is_not_followed(data_dir, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "target.txt"
    elsewhere.write_text("untouched", encoding="utf-8")
    (data_dir / "admin-credentials.txt").symlink_to(elsewhere)
    ensure_admin()
    assert elsewhere.read_text(encoding="utf-8") == "untouched"
    assert not (data_dir / "admin-credentials.txt").is_symlink()
