"""The labelled Chinese query set of the search benchmark, and the rule that labels it.

Queries are drawn from the records themselves, in the shapes staff type them:

- ``substring``: a run of 2–6 Chinese characters copied from a record (``陪餐人数``);
- ``words``: two or three words from different sentences of one record, separated by
  spaces (``浙江 接待 陪餐``);
- ``quoted``: a 4–8 character run in quotes, an exact phrase (``"公务接待信息化"``);
- ``traditional``: a ``substring`` query typed in Traditional script (``陪餐人數``);
- ``title``: a 3–6 character run copied from a record's title.

**Relevance rule.** A record is relevant to a query when, for every *term* of the query,
its title or its body contains the term, both folded. The terms are what the user
separated: each quoted part is one term, and the unquoted rest splits at whitespace
(an unspaced run such as ``陪餐人数`` is one term: the user typed those characters
together). Folding is what the issue defines as "the same text": Unicode NFKC (full-
and half-width), Traditional → Simplified (OpenCC ``t2s``), lower case, and no
whitespace between two Chinese characters (OCR output). A term must lie inside one
field: a record does not contain 人数规定 because its title ends with 人数 and its body
begins with 规定.

The rule is computed here from the source text with ``str`` containment; it imports
nothing from ``search`` on purpose, so an analysis bug in an engine shows up as lost
recall instead of moving the labels with it. Only queries with 1–10 relevant records
are kept, so recall@10 measures whether *all* relevant records come first — the
known-item search of a phrase someone remembers. The synthetic records reuse a few
hundred corpus sentences, so at benchmark sizes a phrase from one sentence is in far more
than ten records; such a query is narrowed as a user would, by adding a phrase from
another sentence of the same record (at most ``MAX_TERMS`` terms), e.g. ``陪餐人数 信息化``.

Labels are found with one ``str.find`` scan over all records joined into one string
(``_Haystack``) rather than a per-record loop per candidate: 4 s instead of 143 s at
10k records, 11 s at 100k. ``tests/search/test_relevance_labels.py`` checks that it
gives exactly what ``is_relevant`` gives record by record.
"""

from __future__ import annotations

import bisect
import random
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

KINDS = {"substring": 20, "words": 16, "quoted": 8, "traditional": 10, "title": 6}
MAX_RELEVANT = 10

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{_HAN}])\\s+(?=[{_HAN}])")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")


@dataclass(frozen=True)
class LabelledQuery:
    text: str  # as the user types it
    kind: str
    relevant: frozenset  # record ids


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def fold(text: str) -> str:
    """The label rule's notion of "the same text" (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _converter("t2s").convert(text).lower()
    return _SPACE_BETWEEN_HAN.sub("", text)


def terms_of(query: str) -> list[str]:
    """The folded terms a query consists of: quoted parts whole, the rest split at
    whitespace. Curly quotes count as quotes."""
    query = re.sub("[“”„‟＂「」『』]", '"', query)
    parts = query.split('"')
    terms: list[str] = []
    for position, part in enumerate(parts):
        quoted = position % 2 == 1 and position < len(parts) - 1
        chunks = [part] if quoted else part.split()
        terms.extend(folded for chunk in chunks if (folded := fold(chunk.strip())))
    return terms


def is_relevant(query: str, title: str, body: str) -> bool:
    fields = (fold(title), fold(body))
    return all(any(term in field for field in fields) for term in terms_of(query))


def labelled_queries(
    records: Sequence[tuple[str, str]],
    ids: Sequence[int],
    *,
    seed: int = 9,
    kinds: dict[str, int] | None = None,
) -> list[LabelledQuery]:
    """Queries of each kind (``KINDS`` counts by default) with their relevant ids.

    ``records`` are (title, body) pairs, ``ids`` the record ids in the same order.
    A drawn query found in more than ``MAX_RELEVANT`` records is refined the way a
    user narrows a search, by adding a phrase from another sentence of the same record
    (up to ``MAX_TERMS`` terms): at 100k records built from a few hundred corpus
    sentences, every single phrase is in hundreds of records.
    """
    rng = random.Random(seed)
    haystack = _Haystack([(fold(title), fold(body)) for title, body in records])
    make = {
        "substring": _substring,
        "words": _words,
        "quoted": _quoted,
        "traditional": _traditional,
        "title": _title,
    }
    queries: list[LabelledQuery] = []
    seen: set[str] = set()
    for kind, wanted in (kinds or KINDS).items():
        found = 0
        for _attempt in range(wanted * 200):
            if found == wanted:
                break
            record = rng.choice(records)
            text = make[kind](rng, record)
            relevant = None
            while text and text not in seen:
                relevant = haystack.containing(terms_of(text), MAX_RELEVANT)
                if relevant is not None or kind == "words":
                    break
                text = _refine(rng, record, text, traditional=kind == "traditional")
            if text and relevant and text not in seen:
                seen.add(text)
                queries.append(LabelledQuery(text, kind, frozenset(ids[i] for i in relevant)))
                found += 1
    return queries


class _Haystack:
    """Every record's folded title and body in one string.

    Which records contain a term is then one C-level ``str.find`` scan over the whole
    corpus instead of a Python loop over every record per candidate query — the
    difference between seconds and hours at 100k records. Fields are separated by
    control characters that no folded term contains, so a match never spans two fields
    or two records.
    """

    def __init__(self, folded: list[tuple[str, str]]):
        self.fields = folded
        self.starts: list[int] = []
        parts, position = [], 0
        for title, body in folded:
            self.starts.append(position)
            part = f"{title}\x00{body}\x01"
            parts.append(part)
            position += len(part)
        self.text = "".join(parts)

    def containing(self, terms: list[str], limit: int) -> list[int] | None:
        """Indexes of the records holding every term, or None when more than ``limit``
        do (the scan stops there)."""
        if not terms:
            return None
        anchor = max(terms, key=len)  # the longest term is usually the rarest
        rest = [term for term in terms if term != anchor]
        found: list[int] = []
        position = self.text.find(anchor)
        while position != -1:
            index = bisect.bisect_right(self.starts, position) - 1
            if all(any(term in field for field in self.fields[index]) for term in rest):
                found.append(index)
                if len(found) > limit:
                    return None
            following = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
            position = self.text.find(anchor, following)
        return found


MAX_TERMS = 3


def _refine(rng, record, text: str, *, traditional: bool) -> str | None:
    """``text`` plus a 2–4 character run from a body sentence that holds none of its
    terms; None once the query has ``MAX_TERMS`` terms or no such sentence exists."""
    terms = terms_of(text)
    if len(terms) >= MAX_TERMS:
        return None
    sentences = [
        s
        for s in _SENTENCE_END.split(record[1])
        if _HAN_RUN.search(s) and not any(term in fold(s) for term in terms)
    ]
    if not sentences:
        return None
    extra = _han_run(rng, rng.choice(sentences), (2, 3, 4))
    if not extra:
        return None
    if traditional:
        extra = _converter("s2t").convert(extra)
    return f"{text} {extra}"


def _han_run(rng, text: str, lengths: Sequence[int]) -> str | None:
    length = rng.choice(lengths)
    runs = [m.group(0) for m in _HAN_RUN.finditer(text) if len(m.group(0)) >= length]
    if not runs:
        return None
    run = rng.choice(runs)
    start = rng.randrange(0, len(run) - length + 1)
    return run[start : start + length]


def _substring(rng, record) -> str | None:
    return _han_run(rng, record[1], (2, 3, 4, 6))


def _quoted(rng, record) -> str | None:
    phrase = _han_run(rng, record[1], (4, 5, 6, 8))
    return f'"{phrase}"' if phrase else None


def _traditional(rng, record) -> str | None:
    phrase = _han_run(rng, record[1], (2, 3, 4, 6))
    if not phrase:
        return None
    traditional = _converter("s2t").convert(phrase)
    return traditional if traditional != phrase else None


def _title(rng, record) -> str | None:
    return _han_run(rng, record[0], (3, 4, 6))


def _words(rng, record) -> str | None:
    """Two or three dictionary words (jieba) from different sentences of the record."""
    import jieba

    sentences = [s for s in _SENTENCE_END.split(record[1]) if _HAN_RUN.search(s)]
    count = rng.choice((2, 3))
    if len(sentences) < count:
        return None
    words = []
    for sentence in rng.sample(sentences, count):
        candidates = [w for w in jieba.lcut(sentence) if _HAN_RUN.fullmatch(w) and len(w) >= 2]
        if not candidates:
            return None
        words.append(rng.choice(candidates))
    return " ".join(dict.fromkeys(words)) if len(set(words)) == count else None


@dataclass
class Outcome:
    query: LabelledQuery
    found: list  # ids returned, best first (the top 10 count)

    @property
    def recall(self) -> float:
        top = set(self.found[:10])
        return len(self.query.relevant & top) / min(10, len(self.query.relevant))

    @property
    def reciprocal_rank(self) -> float:
        rank = next(
            (i + 1 for i, pk in enumerate(self.found[:10]) if pk in self.query.relevant), None
        )
        return 1 / rank if rank else 0.0


def evaluate(search: Callable[[str], list], queries: Sequence[LabelledQuery]) -> list[Outcome]:
    """Run every query through ``search`` (text -> ids, best first)."""
    return [Outcome(query, list(search(query.text))) for query in queries]


def recall_at_10(outcomes: Sequence[Outcome]) -> float:
    return statistics.mean(outcome.recall for outcome in outcomes)


def mean_reciprocal_rank(outcomes: Sequence[Outcome]) -> float:
    return statistics.mean(outcome.reciprocal_rank for outcome in outcomes)
