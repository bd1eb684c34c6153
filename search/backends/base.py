"""What every Wenshu search engine offers beyond modelsearch's interface.

modelsearch (Wagtail's search layer) already gives us indexing, ``search()`` with
filters on ``index.FilterField``, ordering, pagination by slicing, counts and facets.
It has no highlighting and knows nothing of permissions. Each engine in this package
subclasses a modelsearch backend and mixes in ``WenshuSearchMixin``, which adds one
call that returns a whole page of results — hits with snippets, total and facet counts
— with the caller's ``Visibility`` applied *inside* the query, plus title suggestions
and exact 发文字号 lookup under the same visibility.

Permissions are plain data so that a backend needs no knowledge of users or page
types: a maximum classification level and the tree paths (treebeard materialised
paths) of the subtrees the user may see. Both become queryset filters, which
modelsearch translates into engine filters, so results, counts, facets, snippets and
suggestions all come from the same filtered query.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet
from modelsearch.query import And, Or, Phrase, PlainText, SearchQuery

from search import analysis
from search.limits import check_query, clean_query, max_query_chars

__all__ = [
    "HighlightingResultsMixin",
    "SearchHit",
    "SearchPage",
    "Visibility",
    "WenshuSearchMixin",
    "build_query",
    "highlight_terms",
]

# How many candidates an exact 发文字号 lookup checks; numbers are nearly unique.
DOCUMENT_NUMBER_CANDIDATES = 50


@dataclass(frozen=True)
class Visibility:
    """What one user may see, as data: classification ceiling and allowed subtrees.

    ``path_prefixes`` are ``Page.path`` values; a page is visible when its path starts
    with one of them and its classification is at most ``max_classification``. No
    prefixes means nothing is visible: a forgotten grant fails closed.
    """

    max_classification: int
    path_prefixes: tuple[str, ...]
    classification_field: str = "classification"
    path_field: str = "path"

    def __post_init__(self):
        # Accept any iterable of prefixes but keep the dataclass hashable and immutable.
        object.__setattr__(self, "path_prefixes", tuple(self.path_prefixes))

    def apply(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` narrowed to the visible rows (both fields must be FilterFields)."""
        if not self.path_prefixes:
            return queryset.none()
        in_subtree = reduce(
            operator.or_,
            (Q(**{f"{self.path_field}__startswith": prefix}) for prefix in self.path_prefixes),
        )
        return queryset.filter(
            in_subtree, **{f"{self.classification_field}__lte": self.max_classification}
        )


@dataclass
class SearchHit:
    object: Any
    score: float | None
    # Field name -> HTML-escaped text with matches wrapped in <mark></mark>.
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass
class SearchPage:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[Any, int]]
    offset: int
    limit: int


def build_query(text: str) -> SearchQuery | None:
    """Turn what a user typed into a modelsearch query that every engine runs alike.

    What must match:

    - a quoted part ("…" or “…”) is an exact phrase;
    - every whitespace-separated chunk of the rest must occur. A chunk of Chinese is
      cut into words (``analysis.query_terms``: 陪餐人数规定 → 陪餐 人数 规定) and each
      word must occur, as a contiguous phrase of the bigram field, but the words need
      not be adjacent: staff type what they remember of a sentence, not its wording.

    How it ranks: a chunk cut into several words becomes ``Or(And(words), Phrase(chunk))``.
    Every document containing the chunk also contains its words, so this finds exactly
    what ``And(words)`` finds; the phrase only adds score where the words stand
    together as typed, which puts those records first in both engines (OpenSearch sums
    the matching ``should`` clauses, FTS5's bm25 sums over the matching phrases).

    Returns ``None`` when nothing searchable is left. Unlike modelsearch's
    ``parse_query_string`` there is no ``key:value`` filter syntax: a colon is ordinary
    punctuation in Chinese text.
    """
    normalized = analysis.normalize_text(text)
    parts = normalized.split('"')
    queries: list[SearchQuery] = []
    for position, part in enumerate(parts):
        is_quoted = position % 2 == 1 and position < len(parts) - 1
        if is_quoted:
            phrase = analysis.join_cjk_spacing(part.strip())
            if analysis.query_tokens(phrase)[0]:
                queries.append(Phrase(phrase))
            continue
        for chunk in part.split():
            words = analysis.query_terms(chunk)
            if len(words) > 1:
                together = And([Phrase(word) for word in words])
                queries.append(Or([together, Phrase(analysis.join_cjk_spacing(chunk))]))
            elif words:
                queries.append(Phrase(words[0]))
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else And(queries)


def exact_form(query: SearchQuery) -> SearchQuery | None:
    """``query`` with every chunk required as typed, or None if it already is.

    ``build_query`` finds a chunk cut into words wherever its words occur
    (``Or(And(words), Phrase(chunk))``); relevance then puts the records that hold every
    chunk as typed before all others. Scoring alone does not: bm25 rewards short
    records repeating the words apart over a long record holding the phrase once. Each
    engine ranks the records matching this form first.
    """
    if isinstance(query, Or) and len(query.subqueries) == 2:
        together, phrase = query.subqueries
        if isinstance(together, And) and isinstance(phrase, Phrase):
            return phrase
    if isinstance(query, And):
        parts = [exact_form(sub) for sub in query.subqueries]
        if any(part is not None for part in parts):
            return And([part or sub for part, sub in zip(parts, query.subqueries, strict=True)])
    return None


def highlight_terms(query: SearchQuery) -> list[str]:
    """The folded strings a snippet should mark for ``query``."""
    if isinstance(query, Phrase):
        return [analysis.join_cjk_spacing(analysis.normalize_text(query.query_string))]
    if isinstance(query, PlainText):
        return analysis.query_terms(query.query_string)
    if isinstance(query, And | Or):
        return [term for sub in query.subqueries for term in highlight_terms(sub)]
    return []


class HighlightingResultsMixin:
    """Adds ``highlight(fields)`` to a modelsearch results class.

    Each result object then carries ``search_highlights``: field name -> snippet. The
    engine decides how snippets are made (OpenSearch's highlighter, or Python over the
    stored text for the embedded engine).
    """

    _highlight_fields: tuple[str, ...] = ()

    def highlight(self, fields: Iterable[str]):
        clone = self._clone()
        clone._highlight_fields = tuple(fields)
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._highlight_fields = self._highlight_fields
        return clone


class WenshuSearchMixin:
    """The calls our views, commands and admin use; mixed into each engine backend."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        """modelsearch's one way in for ``search()`` and ``autocomplete()``: typed text
        from any caller (Wagtail's listings, choosers, API) is held to
        ``search.limits`` here, and ``QueryRejected`` raised before any work."""
        if isinstance(query, str):
            query = check_query(query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def add_bulk(self, model, obj_list):
        """Index a batch, reading the batch's attached file text with one query rather
        than one per record while its documents are built."""
        from repository.services.files import prefetched_attached_text

        obj_list = list(obj_list)
        with prefetched_attached_text(obj_list):
            return super().add_bulk(model, obj_list)

    def find(
        self,
        queryset: QuerySet,
        query: str,
        *,
        visibility: Visibility,
        filters: dict[str, Any] | None = None,
        facets: Sequence[str] = (),
        order_by: Sequence[str] = (),
        offset: int = 0,
        limit: int = 20,
        highlight: Sequence[str] = ("title",),
    ) -> SearchPage:
        """One page of results for ``query`` within what ``visibility`` allows.

        ``filters`` are Django lookups on FilterFields (``{"year": 2024}``,
        ``{"issued_on__gte": date}``); ``order_by`` empty means by relevance, otherwise
        FilterField names such as ``("-issued_on",)``; ``facets`` names FilterFields to
        count values of; ``highlight`` names SearchFields to make snippets from.
        """
        parsed = build_query(check_query(query))
        if parsed is None:
            return SearchPage(0, [], {name: {} for name in facets}, offset, limit)
        scoped = visibility.apply(queryset)
        if filters:
            scoped = scoped.filter(**filters)
        if order_by:
            scoped = scoped.order_by(*order_by)
        results = (
            self.search(parsed, scoped, operator="and", order_by_relevance=not order_by)
            .annotate_score("search_score")
            .highlight(highlight)
        )
        objects, total, facet_counts = self.fetch_page(results, offset, limit, facets)
        hits = [
            SearchHit(
                object=obj,
                score=getattr(obj, "search_score", None),
                highlights=getattr(obj, "search_highlights", {}),
            )
            for obj in objects
        ]
        return SearchPage(total=total, hits=hits, facets=facet_counts, offset=offset, limit=limit)

    def fetch_page(self, results, offset: int, limit: int, facets: Sequence[str]):
        """(objects of one page, total, {facet: {value: count}}) of ``results``.

        modelsearch's results answer each of these with its own query; an engine that
        can answer them with one request overrides this.
        """
        objects = list(results[offset : offset + limit])
        return objects, results.count(), {name: dict(results.facet(name)) for name in facets}

    def suggest(
        self,
        queryset: QuerySet,
        text: str,
        *,
        visibility: Visibility,
        field: str = "title",
        limit: int = 10,
    ) -> list[str]:
        """Values of ``field`` (titles) containing what was typed so far, best first."""
        # What was typed so far, never refused: a longer text only narrows the phrase.
        typed = clean_query(text)[: max_query_chars()]
        folded = analysis.join_cjk_spacing(analysis.normalize_text(typed).strip())
        if not analysis.query_tokens(folded)[0]:
            return []
        results = self.search(Phrase(folded), visibility.apply(queryset), fields=[field])
        suggestions: list[str] = []
        for obj in results[: limit * 2]:
            value = getattr(obj, field)
            if value not in suggestions:
                suggestions.append(value)
        return suggestions[:limit]

    def lookup_document_number(
        self,
        queryset: QuerySet,
        number: str,
        *,
        visibility: Visibility,
        field: str = "document_number",
    ) -> list[Any]:
        """Records whose 发文字号 equals ``number`` up to bracket style, width, script
        and spacing. ``field`` must be a SearchField; the engine narrows the candidates,
        the comparison of normalised numbers decides."""
        key = analysis.normalize_document_number(clean_query(number)[: max_query_chars()])
        if not analysis.query_tokens(key)[0]:
            return []
        candidates = self.search(Phrase(key), visibility.apply(queryset), fields=[field])
        return [
            obj
            for obj in candidates[:DOCUMENT_NUMBER_CANDIDATES]
            if analysis.normalize_document_number(getattr(obj, field) or "") == key
        ]
