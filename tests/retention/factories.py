"""Factories for the archive branch and the people who work in it."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Permission

from repository import models as m
from retention.models import RetentionRule
from tests.factories import DepartmentFactory, PageFactory, UserFactory


class FondsPageFactory(PageFactory):
    class Meta:
        model = m.FondsPage

    title = "档案室"
    fonds_code = factory.Sequence(lambda n: f"Z{109 + n}")


class ArchiveVolumePageFactory(PageFactory):
    class Meta:
        model = m.ArchiveVolumePage

    title = factory.Sequence(lambda n: f"案卷{n}")


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionRule

    name = factory.Sequence(lambda n: f"规则{n}")
    period = m.RetentionPeriod.TEN_YEARS
    basis = "国家档案局第8号令"


def office() -> m.Department:
    """The 办公室 with code BGS, as in the examples of DA/T 22."""
    existing = m.Department.objects.filter(code="BGS").first()
    return existing or DepartmentFactory(name="办公室", code="BGS")


# The archivist's own work; approvals are given to separate people in the tests.
ARCHIVIST_PERMISSIONS = (
    "file_records",
    "correct_filed_records",
    "place_holds",
    "lift_holds",
    "appraise_records",
    "carry_out_destruction",
    "handle_loans",
)


def user_with(*codenames: str, **kwargs):
    user = UserFactory(**kwargs)
    for codename in codenames:
        app_label, _, name = codename.rpartition(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label or "retention", codename=name)
        )
    return user
