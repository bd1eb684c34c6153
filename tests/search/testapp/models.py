"""The indexed page the contract suite searches (test settings only)."""

from django.db import models
from wagtail.models import Page
from wagtail.search import index


class ContractRecordPage(Page):
    """Mirrors what a record page declares for search: body text, 发文字号, facets and
    the two permission fields (``classification`` here, ``path`` from Page)."""

    body = models.TextField(blank=True)
    document_number = models.CharField(max_length=100, blank=True)
    doc_type = models.CharField(max_length=50, blank=True)
    department = models.CharField(max_length=100, blank=True)
    year = models.IntegerField(null=True, blank=True)
    classification = models.PositiveSmallIntegerField(default=0)

    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("document_number", boost=3),
        index.FilterField("doc_type"),
        index.FilterField("department"),
        index.FilterField("year"),
        index.FilterField("classification"),
    ]
