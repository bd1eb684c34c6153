"""The OpenSearch engine: modelsearch's ``opensearch2`` backend with Chinese analysis,
highlighting and the Wenshu additions of ``WenshuSearchMixin``.

Analysis (configured as the index's *default* analyser, so every text field modelsearch
maps — the per-field columns, ``_all_text`` and the boosted ``_all_text_boost_*`` — gets
it without touching modelsearch's mapping code):

- char filters: ICU ``nfkc_cf`` (full-width → half-width, case folding) and removal of
  whitespace between Han characters (OCR output);
- ``standard`` tokenizer (one token per Han character), ICU ``Traditional-Simplified``
  transform and ``icu_folding``, then ``cjk_bigram``. A phrase of query bigrams matches
  exactly where the folded query is a substring of the folded text — the semantics of
  the embedded engine — and recall never depends on a dictionary;
- a ``chars`` sub-field on every text field (the same without bigrams) for terms with a
  lone Chinese character (``3号``), which bigrams cannot find inside a longer run, and
  for highlighting;
- a ``words`` sub-field of the catch-all fields analysed by ``smartcn``: whole-word
  matches rank higher.

Index lifecycle is modelsearch's: with ``ATOMIC_REBUILD`` (the default) a rebuild fills a
new index and then moves the alias to it, so searching keeps working meanwhile.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from contextlib import contextmanager
from copy import copy, deepcopy

from django.utils.translation import gettext as _
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
    OpenSearch2SearchResults,
)
from modelsearch.backends.opensearch3 import OpenSearch3Index
from modelsearch.query import MatchAll
from modelsearch.utils import deep_update

from search.analysis import has_lone_cjk_character
from search.backends.base import (
    HighlightingResultsMixin,
    WenshuSearchMixin,
    exact_form,
    highlight_terms,
)
from search.limits import QueryRejected

WORDS_SUBFIELD = "words"
CHARS_SUBFIELD = "chars"
TITLE_FIELDS = {"title"}
# Hash of the rest of the document, stored with it: ``search_index verify`` compares it
# with the hash of what the record would be indexed as now.
MARKER_FIELD = "_wenshu_marker"
SNIPPET_SIZE = 120
EXACT_BOOST = 1000.0
# Values per facet: a terms aggregation returns 10 buckets unless told otherwise, and an
# office has more than ten departments or years of records.
FACET_SIZE = 200

CHINESE_ANALYSIS = {
    "settings": {
        "analysis": {
            "char_filter": {
                "wenshu_nfkc_cf": {"type": "icu_normalizer", "name": "nfkc_cf"},
                "wenshu_join_han": {
                    "type": "pattern_replace",
                    "pattern": r"(?<=\p{IsHan})\s+(?=\p{IsHan})",
                    "replacement": "",
                },
            },
            "filter": {
                "wenshu_t2s": {"type": "icu_transform", "id": "Traditional-Simplified"},
                "wenshu_bigrams": {"type": "cjk_bigram", "output_unigrams": False},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "char_filter": ["wenshu_nfkc_cf", "wenshu_join_han"],
                    "tokenizer": "standard",
                    "filter": ["wenshu_t2s", "icu_folding", "wenshu_bigrams"],
                },
                "wenshu_chars": {
                    "type": "custom",
                    "char_filter": ["wenshu_nfkc_cf", "wenshu_join_han"],
                    "tokenizer": "standard",
                    "filter": ["wenshu_t2s", "icu_folding"],
                },
                "wenshu_words": {
                    "type": "custom",
                    "char_filter": ["wenshu_nfkc_cf", "wenshu_join_han"],
                    "tokenizer": "smartcn_tokenizer",
                    "filter": ["wenshu_t2s", "icu_folding"],
                },
            },
        }
    }
}


class WenshuOpenSearchMapping(OpenSearch2Mapping):
    def get_mapping(self):
        """modelsearch's mapping plus our sub-fields on the text fields it analyses with
        the default (bigram) analyser."""
        mapping = super().get_mapping()
        self._add_subfields(mapping["properties"])
        mapping["properties"][MARKER_FIELD] = {"type": "keyword", "index": False}
        return mapping

    def get_field_column_name(self, field):
        """modelsearch works this out again for every field of every document (walking
        the model's parents each time); it depends only on the field and the model."""
        key = (type(field), field.field_name)
        cache = self.__dict__.setdefault("_column_names", {})
        if key not in cache:
            cache[key] = super().get_field_column_name(field)
        return cache[key]

    def get_document(self, obj):
        document = super().get_document(obj)
        document[MARKER_FIELD] = document_marker(document)
        return document

    def _add_subfields(self, properties: dict) -> None:
        for name, field in properties.items():
            if field.get("type") == "nested":
                self._add_subfields(field["properties"])
            if field.get("type") != "text" or "analyzer" in field:
                continue
            subfields = {CHARS_SUBFIELD: {"type": "text", "analyzer": "wenshu_chars"}}
            if name == "_all_text" or name.startswith("_all_text_boost_"):
                subfields[WORDS_SUBFIELD] = {"type": "text", "analyzer": "wenshu_words"}
            field["fields"] = subfields


def document_marker(document: dict) -> str:
    content = {key: value for key, value in document.items() if key != MARKER_FIELD}
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:32]


class WenshuOpenSearchIndex(OpenSearch3Index):
    """opensearch2's index with keyword-only client calls.

    Our pinned client is opensearch-py 3.x (it talks to 2.x nodes), whose methods take
    keyword arguments only; opensearch2's index passes some positionally, and
    modelsearch's opensearch3 index is exactly opensearch2's with those calls fixed.
    """


class CharsPhraseMixin:
    def _compile_phrase_query(self, query, fields):
        """Terms with a lone Chinese character go to the ``chars`` sub-fields."""
        if has_lone_cjk_character(query.query_string):
            fields = [Field(f"{f.field_name}.{CHARS_SUBFIELD}", f.boost) for f in fields]
        return super()._compile_phrase_query(query, fields)


class WenshuOpenSearchQueryCompiler(CharsPhraseMixin, OpenSearch2SearchQueryCompiler):
    mapping_class = WenshuOpenSearchMapping

    def get_inner_query(self):
        """Bigram matching decides what is found; whole-word matches rank higher."""
        inner = super().get_inner_query()
        if self.fields or isinstance(self.query, MatchAll):
            return inner
        text = " ".join(highlight_terms(self.query))
        if not text:
            return inner
        should = [{"match": {f"_all_text.{WORDS_SUBFIELD}": {"query": text}}}]
        exact = exact_form(self.query)
        if exact is not None:
            # Records holding every chunk as typed first: a constant far above what
            # bm25 differences reach (see ``exact_form``).
            as_typed = copy(self)
            as_typed.query = exact
            exact_query = super(WenshuOpenSearchQueryCompiler, as_typed).get_inner_query()
            should.append({"constant_score": {"filter": exact_query, "boost": EXACT_BOOST}})
        return {"bool": {"must": [inner], "should": should}}


class WenshuOpenSearchAutocompleteQueryCompiler(
    CharsPhraseMixin, OpenSearch2AutocompleteQueryCompiler
):
    mapping_class = WenshuOpenSearchMapping


_CLAUSE_LIMIT_SIGNS = ("maxClauseCount", "too many nested clauses", "too_many_nested_clauses")


@contextmanager
def _refusing_oversized_queries():
    """OpenSearch refuses a query of more than ``indices.query.bool.max_clause_count``
    (1024) clauses with a 400/500; each typed chunk becomes several clauses over several
    fields, so a long query within our own limits can still reach it. That is the
    user's query being too big, not a broken engine: refuse it with a message."""
    from opensearchpy.exceptions import TransportError

    try:
        yield
    except TransportError as exc:
        if any(sign in str(exc) for sign in _CLAUSE_LIMIT_SIGNS):
            raise QueryRejected(
                _("The search is too complex for the search engine: use fewer or shorter terms."),
                code="too_complex",
            ) from exc
        raise


class WenshuOpenSearchResults(HighlightingResultsMixin, OpenSearch2SearchResults):
    def _backend_do_search(self, body, **kwargs):
        with _refusing_oversized_queries():
            return super()._backend_do_search(body, **kwargs)

    def _do_count(self):
        with _refusing_oversized_queries():
            return super()._do_count()

    """Adds OpenSearch's highlighter to the search request when asked for snippets."""

    def _highlight_columns(self) -> dict[str, str]:
        compiler = self.query_compiler
        searchable = {f.field_name: f for f in compiler.get_searchable_fields()}
        # Highlight the character sub-field: its phrases mark any matched substring.
        return {
            f"{compiler.mapping.get_field_column_name(searchable[name])}.{CHARS_SUBFIELD}": name
            for name in self._highlight_fields
            if name in searchable
        }

    def _get_es_body(self, for_count=False):
        body = super()._get_es_body(for_count=for_count)
        columns = self._highlight_columns() if self._highlight_fields else {}
        terms = highlight_terms(self.query_compiler.query)
        if for_count or not columns or not terms:
            return body
        body["highlight"] = {
            "type": "unified",
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                column: (
                    {"number_of_fragments": 0}
                    if name in TITLE_FIELDS
                    else {"fragment_size": SNIPPET_SIZE, "number_of_fragments": 1}
                )
                for column, name in columns.items()
            },
            "highlight_query": {
                "bool": {
                    "should": [
                        {"match_phrase": {column: term}} for column in columns for term in terms
                    ]
                }
            },
        }
        return body

    def _get_results_from_hits(self, hits):
        columns = self._highlight_columns() if self._highlight_fields else {}
        highlights = {
            str(hit["fields"]["pk"][0]): {
                columns[column]: "".join(fragments)
                for column, fragments in hit.get("highlight", {}).items()
                if column in columns
            }
            for hit in hits
        }
        for obj in super()._get_results_from_hits(hits):
            if self._highlight_fields:
                obj.search_highlights = highlights.get(str(obj.pk), {})
            yield obj

    def fetch_page(self, offset: int, limit: int, facets: Sequence[str]):
        """One page of hits, the exact total and the facet counts in ONE request.

        modelsearch asks for the hits, then ``_count``, then once more per facet, each
        running the whole query again; on a 100k index that multiplies the latency of
        the search page by the number of round trips.
        """
        body = self._get_es_body()
        body["track_total_hits"] = True
        columns = {}
        for name in facets:
            field = self.query_compiler._get_filterable_field(name)
            if field is None:
                self.facet(name)  # raises modelsearch's FilterFieldError
            columns[name] = self.query_compiler.mapping.get_field_column_name(field)
        if columns:
            body["aggregations"] = {
                name: {"terms": {"field": column, "missing": 0, "size": FACET_SIZE}}
                for name, column in columns.items()
            }
        response = self._backend_do_search(
            body,
            index=self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            _source=False,
            stored_fields="pk",
            from_=offset,
            size=limit,
        )
        objects = list(self._get_results_from_hits(response["hits"]["hits"]))
        counts = {
            name: {
                bucket["key"] if bucket["key"] != 0 else None: bucket["doc_count"]
                for bucket in response["aggregations"][name]["buckets"]
            }
            for name in columns
        }
        return objects, response["hits"]["total"]["value"], counts


class OpenSearchBackend(WenshuSearchMixin, OpenSearch2SearchBackend):
    mapping_class = WenshuOpenSearchMapping
    index_class = WenshuOpenSearchIndex
    query_compiler_class = WenshuOpenSearchQueryCompiler
    autocomplete_query_compiler_class = WenshuOpenSearchAutocompleteQueryCompiler
    results_class = WenshuOpenSearchResults
    # modelsearch merges the INDEX_SETTINGS option into these, per instance.
    settings = deep_update(deepcopy(OpenSearch2SearchBackend.settings), CHINESE_ANALYSIS)

    def fetch_page(self, results, offset, limit, facets):
        return results.fetch_page(offset, limit, facets)

    def marker_for(self, obj) -> str:
        """The marker ``obj`` would be indexed with now."""
        return self.mapping_class(type(obj)).get_document(obj)[MARKER_FIELD]

    def index_markers(self, model) -> dict[str, str]:
        """pk -> stored marker of every document in ``model``'s index."""
        index = self.get_index_for_model(model)
        index.refresh()
        markers: dict[str, str] = {}
        body = {"query": {"match_all": {}}, "_source": ["pk", MARKER_FIELD], "size": 2000}
        response = self.es.search(index=index.name, body=body, params={"scroll": "2m"})
        scroll_id = response.get("_scroll_id")
        try:
            while response["hits"]["hits"]:
                for hit in response["hits"]["hits"]:
                    source = hit.get("_source", {})
                    markers[str(source.get("pk", hit["_id"]))] = source.get(MARKER_FIELD, "")
                response = self.es.scroll(body={"scroll_id": scroll_id, "scroll": "2m"})
                scroll_id = response.get("_scroll_id", scroll_id)
        finally:
            if scroll_id:
                self.es.clear_scroll(body={"scroll_id": scroll_id})
        return markers


SearchBackend = OpenSearchBackend
