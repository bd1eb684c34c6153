"""The embedded engine: modelsearch's SQLite FTS5 backend, taught Chinese.

FTS5's tokenizer treats a run of Chinese characters as one token, so on its own it finds
陪餐 only where those two characters stand alone. We keep modelsearch's tables, triggers,
ranking (bm25 with title weighting), filters, ordering and facets, and change only the
text on both sides of the FTS table: at index time every field is stored as the tokens
of ``analysis.index_tokens`` (CJK bigrams, folded width/script/case), and at query time
each term becomes an FTS5 phrase of ``analysis.query_tokens``. A phrase of bigrams
matches exactly where the folded query is a substring of the folded text, so recall
never depends on a dictionary, and ``"…"`` phrases are exact.

Snippets are made in Python from the stored fields (``search.snippets``).

This module needs the default database to be SQLite (modelsearch's index tables differ
per database vendor, and importing its SQLite parts looks up the SQLite-only models);
``search.backends.embedded`` imports it only then.
"""

from __future__ import annotations

import hashlib
import logging
from functools import reduce

from django.db import transaction
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite.query import BM25, Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from search import analysis
from search.backends.base import WenshuSearchMixin
from search.backends.highlighting import PythonHighlightingResultsMixin

logger = logging.getLogger(__name__)

# FTS5 needs some expression; a token no analysed text can contain matches nothing.
_MATCH_NOTHING_TOKEN = "wenshu0nothing0"


def _tokenized(text: str) -> str:
    return " ".join(analysis.index_tokens(text)) if text else ""


class ChineseObjectIndexer(ObjectIndexer):
    """modelsearch's indexer, storing analysed tokens instead of raw text."""

    @cached_property
    def title(self):
        return _tokenized(super().title)

    @cached_property
    def body(self):
        return _tokenized(super().body)

    @cached_property
    def autocomplete(self):
        return _tokenized(super().autocomplete)


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
            self.entries.bulk_create(new_entries)
        self._refresh_title_norms()


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
            if query.operator.upper() == "AND":
                combined = reduce(lambda a, b: a & b, phrases)
            else:
                combined = reduce(lambda a, b: a | b, phrases)
            return SearchQueryExpression(combined)
        return super().build_search_query_content(query, config=config)


class EmbeddedSearchQueryCompiler(ChineseQueryMixin, SQLiteSearchQueryCompiler):
    pass


class EmbeddedAutocompleteQueryCompiler(ChineseQueryMixin, SQLiteAutocompleteQueryCompiler):
    def _column_for(self, field_name: str) -> str:
        return "autocomplete"


class EmbeddedSearchResults(PythonHighlightingResultsMixin, SQLiteSearchResults):
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
