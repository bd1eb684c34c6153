"""接待方案 — a reception plan answering a visiting unit's 公函, and after the visit its
接待清单 (what was actually spent). Guests, itinerary, meals, budget and costs are inline
rows of the page, so every revision of the plan keeps them together."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable
from wagtail.search import index

from repository.models.base import RepositoryPage


class ReceptionClass(models.TextChoices):
    """Provincial rules grade visits by the visitor's rank; standards are per class."""

    A = "A", _("class A")
    B = "B", _("class B")
    C = "C", _("class C")


class ReceptionPlanPage(RepositoryPage):
    letter = models.ForeignKey(
        "repository.LetterPage",
        verbose_name=_("official letter (公函)"),
        on_delete=models.PROTECT,
        related_name="reception_plans",
        help_text=_("No letter, no reception: the visiting unit's letter this plan answers."),
    )
    visiting_unit = models.CharField(_("visiting unit"), max_length=255)
    purpose = models.TextField(_("purpose"))
    reception_class = models.CharField(
        _("reception class"), max_length=1, choices=ReceptionClass.choices, default=ReceptionClass.C
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    accommodation = models.TextField(_("accommodation"), blank=True)
    vehicles = models.TextField(_("vehicles"), blank=True)
    # 接待清单, after the visit
    list_signed_by = models.CharField(_("reception list signed by"), max_length=64, blank=True)
    list_signed_on = models.DateField(_("signed on"), null=True, blank=True)

    content_panels = [
        *RepositoryPage.content_panels,
        PageChooserPanel("letter", "repository.LetterPage"),
        FieldRowPanel([FieldPanel("visiting_unit"), FieldPanel("reception_class")]),
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        InlinePanel("guests", heading=_("Guests"), label=_("guest")),
        InlinePanel("itinerary", heading=_("Itinerary"), label=_("item")),
        InlinePanel("meals", heading=_("Meals"), label=_("meal")),
        FieldPanel("accommodation"),
        FieldPanel("vehicles"),
        InlinePanel("budget_lines", heading=_("Budget"), label=_("budget line")),
        MultiFieldPanel(
            [
                InlinePanel("actual_costs", label=_("cost")),
                FieldRowPanel([FieldPanel("list_signed_by"), FieldPanel("list_signed_on")]),
            ],
            heading=_("Reception list (接待清单)"),
        ),
    ]
    parent_page_types = [
        "repository.DepartmentPage",
        "repository.FolderPage",
        "repository.InboxPage",
    ]
    subpage_types: list[str] = []
    template = "repository/reception_plan_page.html"

    document_date_field = "start_date"  # the visit's first day

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("visiting_unit", boost=2),
        index.SearchField("purpose"),
        index.SearchField("accommodation"),
        index.SearchField("vehicles"),
        index.SearchField("list_signed_by"),
        index.FilterField("reception_class"),
        index.FilterField("visiting_unit"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.RelatedFields(
            "guests",
            [index.SearchField("name"), index.SearchField("position"), index.SearchField("rank")],
        ),
        index.RelatedFields(
            "itinerary",
            [
                index.SearchField("activity"),
                index.SearchField("place"),
                index.SearchField("accompanying"),
            ],
        ),
    ]

    class Meta:
        verbose_name = _("reception plan")
        verbose_name_plural = _("reception plans")


class Guest(Orderable):
    plan = ParentalKey(ReceptionPlanPage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=64)
    position = models.CharField(_("position"), max_length=128, blank=True)
    rank = models.CharField(_("rank"), max_length=64, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("guest")


class ItineraryItem(Orderable):
    plan = ParentalKey(ReceptionPlanPage, on_delete=models.CASCADE, related_name="itinerary")
    day = models.DateField(_("day"))
    time = models.CharField(_("time"), max_length=32, blank=True)
    activity = models.CharField(_("activity"), max_length=255)
    place = models.CharField(_("place"), max_length=255, blank=True)
    accompanying = models.CharField(_("accompanying officials"), max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("itinerary item")


class Meal(Orderable):
    class Kind(models.TextChoices):
        WORKING = "工作餐", _("working meal (工作餐)")
        BUFFET = "自助餐", _("buffet (自助餐)")

    plan = ParentalKey(ReceptionPlanPage, on_delete=models.CASCADE, related_name="meals")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORKING)
    guest_count = models.PositiveSmallIntegerField(_("guests"))
    companion_count = models.PositiveSmallIntegerField(_("companions (陪餐)"), default=0)
    standard_per_head = models.DecimalField(
        _("standard per head (yuan)"), max_digits=8, decimal_places=2
    )

    class Meta(Orderable.Meta):
        verbose_name = _("meal")


class BudgetLine(Orderable):
    plan = ParentalKey(ReceptionPlanPage, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=128)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)

    class Meta(Orderable.Meta):
        verbose_name = _("budget line")


class ActualCost(Orderable):
    plan = ParentalKey(ReceptionPlanPage, on_delete=models.CASCADE, related_name="actual_costs")
    item = models.CharField(_("item"), max_length=128)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    invoice = models.CharField(_("invoice number"), max_length=64, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("actual cost")
