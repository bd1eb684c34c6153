"""User accounts the installer needs (the first administrator)."""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from repository.models import Classification, Clearance


@dataclass(frozen=True)
class AdminAccount:
    username: str
    created: bool
    password: str | None  # only when this call set it


@transaction.atomic
def ensure_admin(username: str, password: str | None = None) -> AdminAccount:
    """Create the superuser ``username`` if missing.

    A given password is (re)applied, so changing ``WENSHU_ADMIN_PASSWORD`` takes effect on
    the next ``make run``; without one a random password is generated only on creation —
    an existing account's password is never silently replaced.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, is_staff=True, is_superuser=True)
    if password is None and created:
        password = secrets.token_urlsafe(12)
    if password is not None:
        user.set_password(password)
    user.is_active = True
    user.save()
    # The administrator is trusted with every classification; other users get theirs
    # explicitly from an administrator.
    Clearance.objects.get_or_create(user=user, defaults={"level": Classification.TOP_SECRET})
    return AdminAccount(username=username, created=created, password=password)


def save_credentials(path: Path, username: str, password: str) -> None:
    """Keep a generated password for the next ``make run``, readable by its owner only.

    Why this way: a file written with the default mode and chmod'ed afterwards is
    world-readable (umask 022) until the chmod, and a file written in place inherits the
    mode of an older one. So: a new file opened with mode 600 (``O_EXCL``, ``O_NOFOLLOW``:
    nothing planted there is reused or followed), forced to 600 whatever the umask before
    the first byte, then renamed over the old file in one step.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    fd = os.open(partial, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, f"{username}\n{password}\n".encode())
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        partial.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(partial, path)


def saved_password(path: Path, username: str) -> str | None:
    """The password ``save_credentials`` kept for ``username``, if any; an older file left
    readable by others is made private first."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o600)
    saved_user, _sep, password = path.read_text(encoding="utf-8").partition("\n")
    return password.strip() if saved_user == username else None
