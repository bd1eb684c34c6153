"""How much one search may ask for, checked where typed text enters search.

Why limits at all: every term becomes one more clause for the engine, and each engine
has a ceiling that is not a person's — FTS5's query parser overflows its stack past about
a hundred nested terms, Python recurses once per term while compiling the query, and
OpenSearch refuses a query of more than 1024 clauses. A person types a few words, a
发文字号 or a pasted title; a hundred terms or a page of text is a mistake or a probe,
and answering it with a clear message is better than a 500 or a minute of work.

What counts (the same rule for the site, the admin, the CLI and any API):

- length: characters, of what was typed and of its folded form (NFKC can turn one
  character into several), at most ``WENSHU_SEARCH_MAX_QUERY_CHARS``;
- terms: the whitespace-separated parts of the folded text (a full-width space
  separates too), at most ``WENSHU_SEARCH_MAX_TERMS``. A Chinese part without spaces is
  one term however many words the engine cuts it into; the length limit bounds those.

Text is also cleaned before anything else sees it: characters that are not text (lone
surrogates, which a non-UTF-8 command-line argument decodes to, and control
characters such as NUL) become spaces, so no engine or C library meets them.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from search import analysis

# Lone surrogates and C0/C1 control characters (tab, newline and CR are whitespace and
# become plain spaces too).
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class QueryRejected(ValidationError):
    """A search the engines are not asked to run; ``messages`` says why, translated.

    A ``ValidationError`` so that a form field can raise it as it is, and a view that
    must not import this app (the record listing in ``repository``) can still catch it.
    """

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)

    @property
    def text(self) -> str:
        return " ".join(self.messages)


def max_query_chars() -> int:
    return settings.WENSHU_SEARCH_MAX_QUERY_CHARS


def max_terms() -> int:
    return settings.WENSHU_SEARCH_MAX_TERMS


def clean_query(text: str) -> str:
    """``text`` with everything that is not text replaced by a space."""
    return _NOT_TEXT.sub(" ", text or "")


def count_terms(text: str) -> int:
    """The whitespace-separated parts of the folded ``text``."""
    return len(analysis.normalize_text(clean_query(text)).split())


def check_query(text: str) -> str:
    """``text`` cleaned, or ``QueryRejected`` when it is too long or has too many terms."""
    cleaned = clean_query(text)
    length = len(cleaned)
    folded = analysis.normalize_text(cleaned) if length <= max_query_chars() else ""
    length = max(length, len(folded))
    if length > max_query_chars():
        raise QueryRejected(
            _(
                "The search is too long: %(length)d characters, at most %(limit)d. "
                "Shorten it to the words that matter."
            )
            % {"length": length, "limit": max_query_chars()},
            code="too_long",
        )
    terms = len(folded.split())
    if terms > max_terms():
        raise QueryRejected(
            _(
                "The search has too many terms: %(count)d, at most %(limit)d "
                "(terms are separated by spaces)."
            )
            % {"count": terms, "limit": max_terms()},
            code="too_many_terms",
        )
    return cleaned
