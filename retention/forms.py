"""Forms of the retention back office: they parse input into the arguments of a service."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from repository.models import ArchiveVolumePage, Department, FondsPage, RetentionPeriod
from repository.selectors import visible_pages_for
from retention.conf import loan_default_days, loan_max_days
from retention.models import AppraisalDecision, FiledRecord, LoanForm
from retention.services.schedules import rule_for


class FilingTargetForm(forms.Form):
    """Where records are filed: a fonds, optionally one of its volumes, and the period
    (blank: the retention schedule decides, and its basis is kept)."""

    fonds = forms.ModelChoiceField(FondsPage.objects.none(), label=_("fonds (全宗)"))
    volume = forms.ModelChoiceField(
        ArchiveVolumePage.objects.none(), label=_("volume (案卷)"), required=False
    )
    period = forms.ChoiceField(label=_("retention period"), required=False)

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fonds"].queryset = visible_pages_for(user, FondsPage.objects.live())
        self.fields["volume"].queryset = visible_pages_for(user, ArchiveVolumePage.objects.live())
        rule = rule_for(record) if record is not None else None
        default = (
            _("By the retention schedule: %(period)s (%(rule)s)")
            % {"period": rule.get_period_display(), "rule": rule.name}
            if rule
            else _("By the retention schedule")
        )
        self.fields["period"].choices = [("", default), *RetentionPeriod.choices]
        if rule:
            self.fields["period"].help_text = rule.basis

    def target(self) -> dict:
        data = self.cleaned_data
        return {"fonds": data["fonds"], "volume": data["volume"], "period": data["period"] or None}


class FilingForm(FilingTargetForm):
    page_count = forms.IntegerField(label=_("pages"), min_value=1, required=False)
    remarks = forms.CharField(label=_("remarks"), max_length=255, required=False)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**self.target(), "page_count": data["page_count"], "remarks": data["remarks"]}


class CatalogueFilterForm(forms.Form):
    fonds = forms.ModelChoiceField(FondsPage.objects.none(), label=_("fonds"), required=False)
    year = forms.IntegerField(label=_("year"), required=False, min_value=1900, max_value=9999)
    period = forms.ChoiceField(
        label=_("retention period"),
        required=False,
        choices=[("", "—"), *RetentionPeriod.choices],
    )
    department = forms.ModelChoiceField(
        Department.objects.all(), label=_("department"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fonds"].queryset = visible_pages_for(user, FondsPage.objects.all())

    def filter(self, filed_records):
        if not self.is_valid():
            return filed_records.none()
        data = self.cleaned_data
        if data["fonds"]:
            filed_records = filed_records.filter(fonds=data["fonds"])
        if data["year"]:
            filed_records = filed_records.filter(year=data["year"])
        if data["period"]:
            filed_records = filed_records.filter(retention_period=data["period"])
        if data["department"]:
            filed_records = filed_records.filter(department_code=data["department"].code)
        return filed_records


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AppraisalForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=AppraisalDecision.choices)
    new_period = forms.ChoiceField(
        label=_("new retention period"),
        required=False,
        choices=[("", "—"), *RetentionPeriod.choices],
        help_text=_("Only for an extension."),
    )
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DestructionForm(forms.Form):
    supervisors = forms.CharField(
        label=_("supervisors (监销人)"),
        help_text=_("One name per line; at least two."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remarks = forms.CharField(
        label=_("remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def supervisor_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["supervisors"].splitlines()]


class LoanRequestForm(forms.Form):
    records = forms.ModelMultipleChoiceField(
        FiledRecord.objects.none(), label=_("records"), widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(
        label=pgettext_lazy("loan", "purpose"), widget=forms.Textarea(attrs={"rows": 3})
    )
    form = forms.ChoiceField(label=_("form of use"), choices=LoanForm.choices)
    originals = forms.BooleanField(label=_("originals (原件)"), required=False)
    days = forms.IntegerField(label=_("days requested"), min_value=1, required=False)
    unit = forms.CharField(label=_("unit"), max_length=255, required=False)

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = records
        limit_days(self.fields["days"], loan_max_days(), initial=loan_default_days())

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "records": list(data["records"]),
            "purpose": data["purpose"],
            "form": data["form"],
            "originals": data["originals"],
            "unit": data["unit"],
            "days": data["days"],
        }


def limit_days(field: forms.IntegerField, most: int, *, initial: int | None = None) -> None:
    """Bound a days field by ``most`` (checked by the form and shown by the browser)."""
    field.max_value = most
    field.validators.append(MaxValueValidator(most))
    field.widget.attrs["max"] = most
    field.initial = initial
    field.help_text = _("At most %(days)s days.") % {"days": most}


class DaysForm(forms.Form):
    """A loan period in days, at most ``most`` (the approved days at check-out, the
    configured maximum for a renewal); blank means ``initial``."""

    days = forms.IntegerField(label=_("days"), min_value=1, required=False)

    def __init__(self, *args, most: int | None = None, initial_days: int | None = None, **kw):
        super().__init__(*args, **kw)
        most = most or loan_max_days()
        limit_days(
            self.fields["days"], most, initial=initial_days or min(most, loan_default_days())
        )


class ApproveLoanForm(DaysForm):
    allow_classified_original = forms.BooleanField(
        label=_("explicitly allow the physical loan of classified originals"), required=False
    )
    note = forms.CharField(label=_("note"), required=False)

    def __init__(self, *args, loan, **kwargs):
        super().__init__(
            *args, most=loan.requested_days, initial_days=loan.requested_days, **kwargs
        )
        self.fields["days"].label = _("days approved")


class ReturnForm(forms.Form):
    condition = forms.CharField(
        label=_("condition on return"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def correction_form_class(page_model):
    """更正 form for one record type: its correctable fields, filled with the current
    content, and the mandatory reason. Only the fields changed are sent to the service."""
    from retention.services.filing import correctable_fields

    class CorrectionForm(forms.ModelForm):
        reason = forms.CharField(
            label=_("reason for the correction"),
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Required; kept with the new revision in the record's history."),
        )

        class Meta:
            model = page_model
            fields = correctable_fields(page_model)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["title"].help_text = ""  # Wagtail's "title the public sees" misleads here

        def changes(self) -> dict:
            """The fields really changed. The rich-text editor adds block keys to the HTML it
            round-trips; those alone are no change of content."""
            changed = {}
            for name in self.changed_data:
                value = self.cleaned_data.get(name)
                if name == "reason" or (
                    isinstance(value, str)
                    and BLOCK_KEY.sub("", value)
                    == BLOCK_KEY.sub("", str(self.initial.get(name) or ""))
                ):
                    continue
                changed[name] = value
            return changed

    return CorrectionForm
