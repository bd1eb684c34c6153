"""The visibility rule of ``repository.selectors`` as data an engine can filter on.

Engines know nothing of users or groups; they receive a ``Visibility`` (a clearance
ceiling and the tree paths of the granted subtrees) and apply it inside the query, so
totals, facets, snippets and suggestions never count what the user may not see.
"""

from __future__ import annotations

from repository.selectors import NO_CLEARANCE, clearance_of, granted_paths
from search.backends.base import Visibility

# The stored, inherited classification: a classified folder hides what is inside it.
CLASSIFICATION_FIELD = "effective_classification"
PATH_FIELD = "path"
NOTHING = Visibility(
    max_classification=NO_CLEARANCE,
    path_prefixes=(),
    classification_field=CLASSIFICATION_FIELD,
    path_field=PATH_FIELD,
)


def visibility_for(user) -> Visibility:
    """What ``user`` may find; anonymous, inactive and ungranted users find nothing."""
    level = clearance_of(user)
    if level == NO_CLEARANCE:
        return NOTHING
    paths = granted_paths(user)
    # Superusers have every subtree (an empty prefix matches every path), but never a
    # higher clearance than their own.
    prefixes = ("",) if paths is None else tuple(paths)
    return Visibility(
        max_classification=level,
        path_prefixes=prefixes,
        classification_field=CLASSIFICATION_FIELD,
        path_field=PATH_FIELD,
    )
