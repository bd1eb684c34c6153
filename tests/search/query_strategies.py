"""What users type, and what probes type, as hypothesis strategies: Chinese words and
发文字号, FTS5 and Lucene syntax, quotes, wildcards, width and script variants,
characters NFKC expands, surrogates and control characters."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from search.limits import QueryRejected, check_query

# Modest: every example runs a handful of engine calls.
GENERATED = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WORDS = [
    "陪餐",
    "陪餐人数规定",
    "規則",
    "接待办",
    "浙接待函〔2026〕3号",
    "浙接待函［２０２６］５号",
    "电 子 政 务",
    '"',
    '""',
    "“公务接待”",
    "*",
    "^",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "title:",
    "-",
    "+",
    "(",
    ")",
    "{",
    "\\",
    "'",
    "~2",
    "㍿",
    "\ufdfa",
    "ｐｌａｎ",
    "0",
    "\x00",
]
SEPARATORS = [" ", "  ", "\u3000", "\t", "\n", "\r\n", ""]
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and controls too
CHUNK = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet="陪餐人数规定接待办公厅電子政務号文件的", min_size=1, max_size=12),
    st.text(ANY_CHARACTER, min_size=1, max_size=8),
)
TYPED = st.lists(st.tuples(CHUNK, st.sampled_from(SEPARATORS)), max_size=45).map(
    lambda parts: "".join(chunk + separator for chunk, separator in parts)
)
QUERIES = st.one_of(TYPED, st.text(ANY_CHARACTER, max_size=260))


def accepted(query: str) -> bool:
    """Whether ``search.limits`` lets ``query`` through."""
    try:
        check_query(query)
    except QueryRejected:
        return False
    return True
