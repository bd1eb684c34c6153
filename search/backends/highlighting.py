"""Snippets made in Python from the objects' own field values, for engines that cannot
highlight by themselves (the embedded engine and the database fallback)."""

from __future__ import annotations

from search.backends.base import HighlightingResultsMixin, highlight_terms
from search.snippets import snippet

# Titles are shown whole; other fields are cut around the first match.
_TITLE_SNIPPET_FIELDS = {"title"}


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
