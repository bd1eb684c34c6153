"""Searching the repository as one user: the site page, the CLI and the admin call this.

Every call turns the user into a ``Visibility`` and hands it to the engine, which
applies it inside the query — results, totals, facets, snippets and suggestions only
ever reflect nodes the user may see.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backend

from repository.document_numbers import STRICT_PATTERN
from repository.document_numbers import normalize_document_number as standard_number
from repository.models import AttachedFile, Department, RepositoryPage
from search import analysis
from search.backends.base import build_query, highlight_terms
from search.limits import check_query, clean_query
from search.snippets import safe_highlight, snippet
from search.visibility import visibility_for

# Facet name -> FilterField of RepositoryPage that it counts.
FACET_FIELDS = {
    "type": "content_type_id",
    "year": "year",
    "department": "department_id",
    "issuing_body": "responsible_party",
}
# Published or draft: counted with two filtered counts (OpenSearch cannot aggregate a
# boolean through modelsearch's facet, which asks for a numeric "missing" value).
STATUS_FACET = "status"
ALL_FACETS = (*FACET_FIELDS, STATUS_FACET)
# Dates are each record's own document date (成文日期, a letter's date, a visit's first
# day…; ``RepositoryPage.get_document_date``), not when its page was published. The id
# breaks ties so that paging through one date never repeats or skips a record.
SORTS = {
    "relevance": (),
    "date": ("-document_date", "-id"),
    "date_asc": ("document_date", "id"),
}
MAX_PAGE_SIZE = 100
# The deepest result an engine will page to: OpenSearch refuses ``from + size`` beyond
# its ``index.max_result_window`` (10,000 by default); pages beyond are the last one.
MAX_RESULT_WINDOW = 10_000
# Record types that carry a 发文字号 (all declare it as a SearchField).
DOCUMENT_NUMBER_MODELS = (
    "repository.OfficialDocumentPage",
    "repository.LetterPage",
    "repository.RegulationPage",
)
SNIPPET_SIZE = 120


@dataclass
class SearchFilters:
    types: list[str] = field(default_factory=list)  # "app_label.model" keys
    date_from: date | None = None  # document dates, inclusive
    date_to: date | None = None
    subtree: int | None = None  # page id
    year: int | None = None
    department: int | None = None
    issuing_body: str | None = None
    status: bool | None = None  # live or not


@dataclass
class FacetValue:
    value: Any
    label: str
    count: int
    param: str = ""  # the value as the search form takes it back


@dataclass
class RecordHit:
    page: Any  # the specific page
    score: float | None
    title_highlight: str
    highlight: str
    files: list[str]

    @property
    def page_id(self) -> int:
        return self.page.pk

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def title_html(self) -> SafeString:
        """The title for the page: its highlight, else the title itself, escaped."""
        return safe_highlight(self.title_highlight or escape(self.title))

    @property
    def snippet_html(self) -> SafeString:
        return safe_highlight(self.highlight)

    @property
    def type(self) -> str:
        return str(self.page._meta.verbose_name)

    @property
    def date(self) -> date | None:
        """The record's document date (what date filters and sorting use)."""
        return self.page.document_date

    @property
    def type_key(self) -> str:
        return self.page._meta.label_lower


@dataclass
class SearchOutcome:
    query: str
    total: int
    took_ms: float
    hits: list[RecordHit]
    facets: dict[str, list[FacetValue]]
    page: int
    page_size: int
    exact_match: Any = None  # the record a typed 发文字号 names, if any

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _backend(backend=None):
    return backend or get_search_backend()


def _base_queryset(live_only: bool) -> QuerySet:
    pages = RepositoryPage.objects.all()
    return pages.filter(live=True) if live_only else pages


def _filter_lookups(filters: SearchFilters) -> dict[str, Any]:
    lookups: dict[str, Any] = {}
    if filters.types:
        ids = []
        for key in filters.types:
            app_label, _dot, model = key.partition(".")
            content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
            ids.append(content_type.pk if content_type else -1)
        lookups["content_type__in"] = ids
    if filters.date_from:
        lookups["document_date__gte"] = filters.date_from
    if filters.date_to:
        lookups["document_date__lte"] = filters.date_to
    if filters.subtree:
        path = RepositoryPage.objects.filter(pk=filters.subtree).values_list("path", flat=True)
        lookups["path__startswith"] = path.first() or "-"  # unknown subtree: nothing
    if filters.year:
        lookups["year"] = filters.year
    if filters.department:
        lookups["department"] = filters.department
    if filters.issuing_body:
        lookups["responsible_party"] = filters.issuing_body
    if filters.status is not None:
        lookups["live"] = filters.status
    return lookups


def looks_like_document_number(text: str) -> str | None:
    """The standard form of ``text`` when it is a 发文字号 typed any way, else None."""
    folded = standard_number(analysis.normalize_text(text or "").strip())
    return folded if STRICT_PATTERN.match(folded) else None


def lookup_document_number(user, text: str, *, live_only: bool = True, backend=None):
    """The one record a typed 发文字号 names, as the user may see it; None otherwise."""
    text = clean_query(text)
    if not looks_like_document_number(text):
        return None
    from django.apps import apps

    engine = _backend(backend)
    visibility = visibility_for(user)
    found = []
    for label in DOCUMENT_NUMBER_MODELS:
        model = apps.get_model(label)
        pages = model.objects.filter(live=True) if live_only else model.objects.all()
        found.extend(engine.lookup_document_number(pages, text, visibility=visibility))
    return found[0] if len(found) == 1 else None


def search_records(
    user,
    query: str,
    *,
    filters: SearchFilters | None = None,
    facets: tuple[str, ...] = ALL_FACETS,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    live_only: bool = True,
    backend=None,
) -> SearchOutcome:
    """One page of records matching ``query`` that ``user`` may see.

    Raises ``search.limits.QueryRejected`` (with a message for the user) when the
    query is too long or has too many terms.
    """
    started = time.perf_counter()
    query = check_query(query)
    engine = _backend(backend)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, min(page, MAX_RESULT_WINDOW // page_size))
    filters = filters or SearchFilters()
    exact = lookup_document_number(user, query, live_only=live_only, backend=engine)
    visibility = visibility_for(user)
    lookups = _filter_lookups(filters)
    result = engine.find(
        _base_queryset(live_only),
        query,
        visibility=visibility,
        filters=lookups,
        facets=[FACET_FIELDS[name] for name in facets if name in FACET_FIELDS],
        order_by=SORTS.get(sort, ()),
        offset=(page - 1) * page_size,
        limit=page_size,
        highlight=("title", "attached_text"),
    )
    parsed = build_query(query)
    terms = highlight_terms(parsed) if parsed is not None else []
    specific = [hit.object.specific for hit in result.hits]
    files = _original_file_names([obj.pk for obj in specific])
    hits = [
        RecordHit(
            page=obj,
            score=hit.score,
            title_highlight=hit.highlights.get("title") or snippet(obj.title, terms, size=None),
            highlight=_body_snippet(obj, terms, hit.highlights.get("attached_text", "")),
            files=files.get(obj.pk, []),
        )
        for hit, obj in zip(result.hits, specific, strict=True)
    ]
    return SearchOutcome(
        query=query,
        total=result.total,
        took_ms=(time.perf_counter() - started) * 1000,
        hits=hits,
        facets={
            name: _facet_values(
                name,
                _status_counts(engine, query, visibility, lookups, live_only, result.total)
                if name == STATUS_FACET
                else result.facets.get(FACET_FIELDS[name], {}),
            )
            for name in facets
        },
        page=page,
        page_size=page_size,
        exact_match=exact,
    )


def _status_counts(engine, query, visibility, lookups, live_only, total) -> dict[bool, int]:
    if live_only or "live" in lookups:
        return {lookups.get("live", True): total}
    counts = {}
    for live in (True, False):
        page = engine.find(
            _base_queryset(False),
            query,
            visibility=visibility,
            filters={**lookups, "live": live},
            limit=0,
            highlight=(),
        )
        counts[live] = page.total
    return counts


def suggest_titles(user, text: str, *, limit: int = 8, backend=None) -> list[str]:
    """Titles of visible, published records containing what was typed so far."""
    return _backend(backend).suggest(
        _base_queryset(True), text, visibility=visibility_for(user), limit=limit
    )


def _original_file_names(page_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = AttachedFile.objects.filter(page_id__in=page_ids, role=AttachedFile.Role.ORIGINAL)
    for page_id, filename in rows.order_by("added_at", "pk").values_list("page_id", "filename"):
        names.setdefault(page_id, []).append(filename)
    return names


def record_text(page) -> str:
    """The record's own searchable text (not its title or files), tags stripped."""
    parts = []
    for search_field in page.get_searchable_search_fields():
        name = search_field.field_name
        if name in ("title", "attached_text"):
            continue
        value = getattr(page, name, None)
        if isinstance(value, str) and value:
            # Rich text: its words, with entities turned back into the characters they
            # stand for (the snippet escapes them once, for the page).
            parts.append(html.unescape(strip_tags(value)))
    return "\n".join(parts)


def _body_snippet(page, terms: list[str], engine_attached: str) -> str:
    """A snippet from the record's own text, else from its files' text."""
    own = snippet(record_text(page), terms, size=SNIPPET_SIZE)
    if own:
        return own
    if engine_attached:
        return engine_attached
    return snippet(page.attached_text(), terms, size=SNIPPET_SIZE)


def _facet_values(name: str, counts: dict) -> list[FacetValue]:
    labels = _facet_labels(name, list(counts))
    values = [
        FacetValue(
            value=value,
            label=labels.get(value, str(value)),
            count=count,
            param=_facet_param(name, value),
        )
        for value, count in counts.items()
        if count and value not in (None, "")
    ]
    return sorted(values, key=lambda v: (-v.count, str(v.label)))


def _facet_labels(name: str, values: list) -> dict:
    if name == "type":
        labels = {}
        for content_type in ContentType.objects.filter(pk__in=values):
            model = content_type.model_class()
            key = content_type.pk
            labels[key] = str(model._meta.verbose_name) if model else content_type.model
        return labels
    if name == "department":
        return dict(Department.objects.filter(pk__in=values).values_list("pk", "name"))
    if name == "status":
        return {True: _("published"), False: _("draft")}
    return {value: str(value) for value in values}


def _facet_param(name: str, value) -> str:
    if name == "type":
        content_type = ContentType.objects.get_for_id(value)
        return f"{content_type.app_label}.{content_type.model}"
    if name == "status":
        return "true" if value else "false"
    return str(value)
