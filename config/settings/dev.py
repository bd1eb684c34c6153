"""Development and ``make run``: debug on, a throwaway key if none is given."""

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY

DEBUG = True
# A fixed, obviously non-secret key keeps sessions valid across restarts of ``make run``.
SECRET_KEY = SECRET_KEY or "wenshu-dev-only-not-secret"
