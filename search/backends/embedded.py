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

The engine needs the default database to be SQLite (modelsearch's index tables differ
per database vendor). On another database without OpenSearch we fall back to
modelsearch's database backend for that vendor, which is weak at Chinese; ``doctor``
should say so.
"""

from __future__ import annotations

import logging
from functools import reduce

from django.db import connection, transaction
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
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
from search.backends.base import HighlightingResultsMixin, WenshuSearchMixin, highlight_terms
from search.snippets import snippet

logger = logging.getLogger(__name__)

# FTS5 needs some expression; a token no analysed text can contain matches nothing.
_MATCH_NOTHING_TOKEN = "wenshu0nothing0"
_TITLE_SNIPPET_FIELDS = {"title"}


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


class PythonHighlightingResultsMixin(HighlightingResultsMixin):
    """Attach snippets made from the objects' own field values."""

    def _do_search(self):
        objects = list(super()._do_search())
        if self._highlight_fields:
            terms = highlight_terms(self.query_compiler.query)
            for obj in objects:
                obj.search_highlights = _highlights(obj, self._highlight_fields, terms)
        return objects


def _highlights(obj, fields, terms) -> dict[str, str]:
    highlights = {}
    for name in fields:
        value = getattr(obj, name, "")
        if callable(value):
            value = value()
        size = None if name in _TITLE_SNIPPET_FIELDS else 120
        marked = snippet(str(value or ""), terms, size=size)
        if marked:
            highlights[name] = marked
    return highlights


class EmbeddedSearchResults(PythonHighlightingResultsMixin, SQLiteSearchResults):
    pass


class EmbeddedSearchBackend(WenshuSearchMixin, SQLiteSearchBackend):
    query_compiler_class = EmbeddedSearchQueryCompiler
    autocomplete_query_compiler_class = EmbeddedAutocompleteQueryCompiler
    index_class = EmbeddedIndex
    results_class = EmbeddedSearchResults


def SearchBackend(params):
    """The embedded engine on SQLite; modelsearch's vendor backend elsewhere."""
    if connection.vendor == "sqlite":
        return EmbeddedSearchBackend(params)
    logger.warning(
        "Embedded search needs SQLite; using the %s database backend, which does not "
        "segment Chinese. Set OPENSEARCH_URL for Chinese search.",
        connection.vendor,
    )
    from modelsearch.backends.database import SearchBackend as vendor_backend

    backend = vendor_backend(params)
    results = type(
        "FallbackSearchResults", (PythonHighlightingResultsMixin, backend.results_class), {}
    )
    backend_class = type(
        "FallbackSearchBackend",
        (WenshuSearchMixin, type(backend)),
        {"results_class": results},
    )
    return backend_class(params)
