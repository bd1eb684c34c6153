"""Reading configuration from environment variables.

Every setting that differs between a laptop and an office server comes from the
environment; an unset variable means the embedded default (SQLite, built-in search and
extraction), so ``make run`` needs no servers at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int | None) -> int | None:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from exc


def data_dir(base_dir: Path) -> Path:
    """Where every file the app writes lives (``WENSHU_DATA_DIR``, default ``./var``).

    Relative paths are taken from the project root, not the current directory, so
    ``manage.py`` behaves the same wherever it is started from.
    """
    raw = env_str("WENSHU_DATA_DIR")
    path = Path(raw) if raw else base_dir / "var"
    if not path.is_absolute():
        path = base_dir / path
    return path.resolve()
