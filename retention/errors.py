"""Errors the retention services raise; messages are English msgids translated to Chinese,
so a user reads them in the language of their interface."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class RetentionError(Exception):
    """Base of every refusal by a retention rule; ``str()`` gives the translated message."""

    default_message = _("The archive refused this action.")

    def __init__(self, message=None, **params):
        self.message = message or self.default_message
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class NotFileableError(RetentionError):
    default_message = _("This node cannot be filed.")


class AlreadyFiledError(RetentionError):
    default_message = _("This record has already been filed.")


class NoRetentionRuleError(RetentionError):
    default_message = _("No retention rule applies to this record; choose a period.")


class NumberingExhaustedError(RetentionError):
    default_message = _("This archival code group has used all 9999 item numbers.")


class FrozenRecordError(RetentionError):
    default_message = _("This record is filed; correct it with a reason instead of editing it.")


class RecordOnHoldError(RetentionError):
    default_message = _("This record is on hold and cannot be destroyed or deleted.")


class DispositionError(RetentionError):
    default_message = _("This disposition step is not allowed.")


class LendingError(RetentionError):
    default_message = _("This loan step is not allowed.")


class NotPermittedError(RetentionError):
    default_message = _("You may not do this in the archive.")
