"""The embedded engine: modelsearch's SQLite FTS5 backend, taught Chinese.

FTS5's tokenizer treats a run of Chinese characters as one token, so on its own it finds
陪餐 only where those two characters stand alone. We keep modelsearch's tables, triggers,
ranking (bm25 with title weighting), filters, ordering and facets, and change only the
text on both sides of the FTS table: at index time every field is stored as the tokens
of ``analysis.index_tokens`` (CJK bigrams, folded width/script/case), and at query time
each term becomes an FTS5 phrase of ``analysis.query_tokens``. A phrase of bigrams
matches exactly where the folded query is a substring of the folded text, so recall
never depends on a dictionary, and ``"…"`` phrases are exact.

Query execution is our own (``FtsFirstQueryMixin``): modelsearch's SQL lets SQLite
drive the join from the index-entry table and run the FTS ``MATCH`` once per entry, and
ranks through a correlated subquery that runs the ``MATCH`` again for every matching row
— quadratic in the corpus size. We keep its match expression and its bm25 ranking formula
and only change how the statement is put together, so the full-text match is evaluated
once per query and everything else is primary-key lookups.

Snippets are made in Python from the stored fields (``search.snippets``).

This module needs the default database to be SQLite (modelsearch's index tables differ
per database vendor, and importing its SQLite parts looks up the SQLite-only models);
``search.backends.embedded`` imports it only then.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite.query import (
    BM25,
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search import analysis
from search.backends.base import WenshuSearchMixin, exact_form
from search.backends.highlighting import PythonHighlightingResultsMixin

logger = logging.getLogger(__name__)

# FTS5 needs some expression; a token no analysed text can contain matches nothing.
_MATCH_NOTHING_TOKEN = "wenshu0nothing0"


def _tokenized(text: str) -> str:
    return " ".join(analysis.index_tokens(text)) if text else ""


class ChineseObjectIndexer(ObjectIndexer):
    """modelsearch's indexer, storing analysed tokens instead of raw text.

    modelsearch reads every search field once for each of its three columns; we read
    each once and sort the values into the columns by modelsearch's own rules.
    """

    @cached_property
    def _columns(self) -> dict[str, str]:
        columns: dict[str, list[str]] = {"title": [], "body": [], "autocomplete": []}
        for field in self.search_fields:
            for current_field, value in self.prepare_field(self.obj, field):
                if isinstance(current_field, SearchField):
                    name = "title" if current_field.field_name == "title" else "body"
                    columns[name].append(value)
                if isinstance(current_field, AutocompleteField):
                    columns["autocomplete"].append(value)
        return {name: _tokenized(" ".join(texts)) for name, texts in columns.items()}

    @property
    def title(self):
        return self._columns["title"]

    @property
    def body(self):
        return self._columns["body"]

    @property
    def autocomplete(self):
        return self._columns["autocomplete"]


class EmbeddedIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """Upsert one index entry per object, with analysed text.

        modelsearch's own ``add_items`` hard-wires its indexer class, so this is the one
        place we write ourselves; the FTS table follows through modelsearch's triggers.
        """
        if not model.get_search_fields():
            return
        indexers = {str(obj.pk): ChineseObjectIndexer(obj, self.backend) for obj in objs}
        if not indexers:
            return
        content_type_id = get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_id)
        existing = set(entries.filter(object_id__in=indexers).values_list("object_id", flat=True))
        new_entries = []
        with transaction.atomic(using=self.write_connection.alias):
            for object_id, indexer in indexers.items():
                values = {
                    "title": indexer.title,
                    "body": indexer.body,
                    "autocomplete": indexer.autocomplete,
                }
                if object_id in existing:
                    entries.filter(object_id=object_id).update(**values)
                else:
                    new_entries.append(
                        IndexEntry(content_type_id=content_type_id, object_id=object_id, **values)
                    )
            self._set_title_norms(new_entries)
            self.entries.bulk_create(new_entries)
        self._refresh_title_norms()

    def delete_item(self, item):
        """Remove the entries of the node ``item`` stands for, whatever type wrote them.

        modelsearch deletes only the entries of ``item``'s own content type. A removal
        queued for a node that is already gone (``verify``'s left-overs, through
        ``search.index.enqueue_removals``) knows only the node's id and stands in with
        the record base type, while the entry was written under the node's specific
        type, so modelsearch's delete removed nothing and ``verify`` kept reporting it.
        Every type of a multi-table family (all page types under ``Page``) shares one
        id space, so the id within the family's types names exactly one node.
        """
        model = type(item)._meta.concrete_model
        root = next(
            (parent for parent in model._meta.get_parent_list() if not parent._meta.parents), model
        )
        self.entries.filter(
            content_type_id__in=get_descendants_content_types_pks(root), object_id=str(item.pk)
        )._raw_delete(using=self.write_connection.alias)

    def _set_title_norms(self, new_entries) -> None:
        """Give new entries the ``title_norm`` modelsearch's ``_refresh_title_norms``
        would set right after inserting them (average title length, these included,
        over the entry's own), so that refresh has nothing left to update.

        An update of an entry rewrites its row in the FTS table (modelsearch's trigger),
        so setting the norm after the insert would write every new entry's tokens twice.
        """
        titled = [entry for entry in new_entries if entry.title]
        if not titled:
            return
        stats = (
            self.entries.annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .aggregate(total=Sum("title_length"), count=Count("pk"))
        )
        total = (stats["total"] or 0) + sum(len(entry.title) for entry in titled)
        average = total / ((stats["count"] or 0) + len(titled))
        for entry in titled:
            entry.title_norm = average / len(entry.title)


class ChineseQueryMixin:
    """Compile PlainText and Phrase queries into FTS5 phrases of analysed tokens."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fields:
            # Our index has the FTS columns title and body (or autocomplete): a search
            # restricted to a field searches the column that field is stored in.
            columns = [self._column_for(name) for name in self.fields]
            self.fields = list(dict.fromkeys(columns))

    def _column_for(self, field_name: str) -> str:
        return "title" if field_name == "title" else "body"

    def _phrase(self, text: str, *, prefix: bool = False) -> Lexeme:
        tokens, ends_in_prefix = analysis.query_tokens(text)
        if not tokens:
            return Lexeme(_MATCH_NOTHING_TOKEN)
        return Lexeme(" ".join(tokens), prefix=prefix or ends_in_prefix)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        """One ``bm25()`` for the whole query.

        FTS5's bm25 already scores the whole MATCH expression (it sums over every
        phrase in it, so a record holding a typed chunk as written outranks one holding
        its words apart). modelsearch instead combines one bm25 per sub-query, for And
        as ``(1 + b1)(1 + b2)… - 1``; bm25 is negative (lower is better), so that
        product turns the order of strong matches upside down.
        """
        rank = BM25()
        return rank * boost if boost != 1.0 else rank

    def build_search_query_content(self, query, config=None):
        if isinstance(query, Phrase):
            return SearchQueryExpression(self._phrase(query.query_string))
        if isinstance(query, PlainText):
            terms = analysis.query_terms(query.query_string) or [""]
            phrases = [self._phrase(term) for term in terms[:-1]]
            phrases.append(self._phrase(terms[-1], prefix=self.LAST_TERM_IS_PREFIX))
            every = query.operator.upper() == "AND"
            return SearchQueryExpression(_balanced(phrases, and_=every))
        if isinstance(query, And | Or):
            parts = [self.build_search_query_content(sub, config) for sub in query.subqueries]
            return _balanced(parts, and_=isinstance(query, And))
        return super().build_search_query_content(query, config=config)


def _balanced(parts: list, *, and_: bool):
    """``parts`` joined by AND (or OR) as a balanced tree, not modelsearch's chain.

    A chain nests one level per term: FTS5's query parser overflows its stack at about a
    hundred levels (``fts5: parser stack overflow``) and compiling the expression
    recurses in Python once per level. A balanced tree is as deep as log2 of the terms.
    """
    while len(parts) > 1:
        pairs = zip(parts[0::2], parts[1::2], strict=False)
        joined = [(a & b) if and_ else (a | b) for a, b in pairs]
        parts = joined + parts[len(joined) * 2 :]
    return parts[0]


# Alias of the full-text matches inside the ranking statement.
_MATCHES = "wenshu_matches"
_INTEGER_PKS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class FtsFirstQueryMixin:
    """Statements whose only full-text work is one FTS5 ``MATCH`` per query.

    - ``matches()``: index entries matching the query, as the searched model's primary
      keys (and bm25 scores when asked). The content-type filter is written so SQLite
      cannot use its index (``+ 0``): with an index available the planner loops over
      index entries and runs the ``MATCH`` for each one.
    - ``search()`` (counts, facets, explicit ordering): the caller's queryset filtered
      by ``pk IN (matches)``, a list SQLite builds once.
    - ``ranked()`` (relevance order): the matches, each checked against the caller's
      queryset by primary key, sorted by modelsearch's own bm25 expression.
    """

    def _normalized(self):
        """The query to run ourselves, or None where modelsearch's own path applies
        (match-all and negated queries, which ``find`` never sends)."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not):
            return None
        return normalized

    def _pk_of_entry(self):
        """``object_id`` (text) as the searched model's primary key type."""
        pk = self.queryset.model._meta.pk
        while pk.is_relation:
            pk = pk.target_field
        if pk.get_internal_type() in _INTEGER_PKS:
            return Cast("index_entry__object_id", IntegerField())
        return F("index_entry__object_id")

    def matches(self, config, normalized, *, scored: bool = False):
        search_query = self.build_search_query(normalized, config=config)
        entries = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            )
            .annotate(
                unindexed_content_type=ExpressionWrapper(
                    F("index_entry__content_type_id") + Value(0), output_field=IntegerField()
                ),
                matched_pk=self._pk_of_entry(),
            )
            .filter(
                unindexed_content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )
        )
        if scored:
            rank = self._build_rank_expression(self.get_search_vectors(), config)
            return entries.annotate(score=rank).values("matched_pk", "score")
        return entries.values("matched_pk")

    def search(self, config, start, stop, score_field=None):
        normalized = self._normalized()
        if normalized is None:
            return super().search(config, start, stop, score_field=score_field)
        queryset = self.queryset.filter(pk__in=self.matches(config, normalized))
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def can_rank(self) -> bool:
        return self.order_by_relevance and self._normalized() is not None

    # Number of visible matches, learnt by ``ranked`` (the same statement counts them);
    # None until then. A compiler serves one search and the result sets sliced from it.
    visible_total: int | None = None

    def ranked(self, config, start, stop) -> list[tuple[object, float]]:
        """``(pk, score)`` of the window ``start:stop`` of the visible matches, best
        first (bm25 is negative: lower is better), ties newest first as modelsearch."""
        rows = self._scored(config, start, stop)
        if rows:
            self.visible_total = rows[0][2]
        return [(pk, score) for pk, score, _total in rows]

    def scores_for(self, config, pks) -> dict[object, float]:
        return {pk: score for pk, score, _total in self._scored(config, None, None, only=pks)}

    def _scored(self, config, start, stop, only=None):
        matches = self.matches(config, self._normalized(), scored=True)
        if only is not None:
            matches = matches.filter(index_entry__object_id__in=[str(pk) for pk in only])
        visible = (
            self.queryset.order_by()
            .filter(pk=RawSQL(f'"{_MATCHES}"."matched_pk"', ()))
            .values("pk")
        )
        try:
            match_sql, match_params = matches.query.sql_with_params()
            visible_sql, visible_params = visible.query.sql_with_params()
        except EmptyResultSet:  # e.g. ``queryset.none()``: nothing can be visible
            return []
        # Records holding every chunk as typed first (``exact_form``): a second MATCH,
        # run once as the list of an ``IN``, not per row.
        exact_sql, exact_params = "", []
        exact = exact_form(self.query)
        if exact is not None:
            exact_matches = self.matches(config, normalize(exact))
            inner_sql, exact_params = exact_matches.query.sql_with_params()
            exact_sql = f'"{_MATCHES}"."matched_pk" IN ({inner_sql}) DESC, '
        limit = -1 if stop is None else stop - (start or 0)
        sql = (
            f'SELECT "{_MATCHES}"."matched_pk", "{_MATCHES}"."score", COUNT(*) OVER () '
            f'FROM ({match_sql}) AS "{_MATCHES}" WHERE EXISTS ({visible_sql}) '
            f'ORDER BY {exact_sql}"{_MATCHES}"."score" ASC, "{_MATCHES}"."matched_pk" DESC '
            "LIMIT %s OFFSET %s"
        )
        params = [*match_params, *visible_params, *exact_params, limit, start or 0]
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class EmbeddedSearchQueryCompiler(FtsFirstQueryMixin, ChineseQueryMixin, SQLiteSearchQueryCompiler):
    pass


class EmbeddedAutocompleteQueryCompiler(
    FtsFirstQueryMixin, ChineseQueryMixin, SQLiteAutocompleteQueryCompiler
):
    def _column_for(self, field_name: str) -> str:
        return "autocomplete"


class RankedResultsMixin:
    """Fetch a page of results through ``FtsFirstQueryMixin``: one statement for the
    ranked primary keys and the total, one for the objects; no query per row."""

    def _do_count(self):
        total = self.query_compiler.visible_total
        if total is None:
            return super()._do_count()
        end = total if self.stop is None else min(total, self.stop)
        return max(0, end - self.start)

    def _do_search(self):
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        if compiler.can_rank():
            ranked = compiler.ranked(config, self.start, self.stop)
            by_pk = compiler.queryset.order_by().in_bulk([pk for pk, _score in ranked])
            objects = []
            for pk, score in ranked:
                obj = by_pk.get(pk)
                if obj is not None:
                    if self._score_field:
                        setattr(obj, self._score_field, score)
                    objects.append(obj)
            return objects
        if compiler._normalized() is None:
            return list(
                compiler.search(config, self.start, self.stop, score_field=self._score_field)
            )
        objects = list(compiler.search(config, self.start, self.stop))
        if self._score_field and objects:
            scores = compiler.scores_for(config, [obj.pk for obj in objects])
            for obj in objects:
                setattr(obj, self._score_field, scores.get(obj.pk))
        return objects


class EmbeddedSearchResults(
    PythonHighlightingResultsMixin, RankedResultsMixin, SQLiteSearchResults
):
    pass


def _marker(title: str, body: str, autocomplete: str) -> str:
    return hashlib.sha256("\x00".join((title, body, autocomplete)).encode()).hexdigest()[:32]


class EmbeddedSearchBackend(WenshuSearchMixin, SQLiteSearchBackend):
    query_compiler_class = EmbeddedSearchQueryCompiler
    autocomplete_query_compiler_class = EmbeddedAutocompleteQueryCompiler
    index_class = EmbeddedIndex
    results_class = EmbeddedSearchResults

    def marker_for(self, obj) -> str:
        """Hash of the analysed text ``obj`` would be stored with now."""
        indexer = ChineseObjectIndexer(obj, self)
        return _marker(indexer.title, indexer.body, indexer.autocomplete)

    def index_markers(self, model) -> dict[str, str]:
        """object id -> hash of the stored entry, for ``model`` and its subclasses."""
        from django.contrib.contenttypes.models import ContentType

        content_types = [
            ct.pk
            for ct in ContentType.objects.all()
            if ct.model_class() and issubclass(ct.model_class(), model)
        ]
        rows = IndexEntry.objects.filter(content_type_id__in=content_types).values_list(
            "object_id", "title", "body", "autocomplete"
        )
        return {object_id: _marker(t, b, a) for object_id, t, b, a in rows}
