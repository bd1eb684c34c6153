"""A party on a step: a group (any member, or a member's delegate, acts for it) or a
named user, at a position.

Three tables list parties: the countersign parties an administrator keeps on a step
(``CountersignParty``), and, each time a step runs, the signatures
(``CountersignSignature``) and read marks (``CirculationReadMark``) opened for them. They
share the columns and what "the party" of a row is; each keeps its own link (to the step
or to the task state, with its own ``related_name``), its own ordering and constraints.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def position_field(**options) -> models.PositiveSmallIntegerField:
    """The party's place in the list; ``options`` add to the shared definition."""
    return models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), **options)


def group_field(**options) -> models.ForeignKey:
    """The group a row names (or none); ``options`` add to the shared definition."""
    return models.ForeignKey(
        "auth.Group",
        verbose_name=_("group"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        **options,
    )


def user_field(**options) -> models.ForeignKey:
    """The user a row names (or none); ``options`` add to the shared definition."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        **options,
    )


class StepParty(models.Model):
    """A group or a user at a position. A subclass whose rows are edited in a form
    redeclares a field with the factories above to add form options (``blank``,
    ``default``, ``help_text``): the column stays the same."""

    position = position_field()
    group = group_field()
    user = user_field()

    class Meta:
        abstract = True

    @property
    def party(self):
        """The group or the user, whichever the row names."""
        return self.group or self.user
