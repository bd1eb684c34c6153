"""Extension points other apps plug rules into, so that repository never imports them.

- Deletion guards: called, inside the deleting transaction and before anything is
  changed, for every node about to be deleted by ``RepositoryPage.delete()``; a guard
  raises to refuse (retention refuses nodes under a hold). A guard is responsible for
  the node's whole subtree, since deleting a node deletes everything below it.
- Change guards: asked before any write to a node other than creating it — attaching
  files, unpublishing, moving, editing, lowering its classification — with the node and
  the kind of change; a guard answers with the reason for refusing (shown to the user) or
  None. Retention refuses every change to a filed (归档) or held (冻结) record except
  its own correction path.
- Classification listeners: told when a node's effective classification rises (a draft,
  a folder raised above it, a move), so that copies kept elsewhere follow — retention
  raises the filing and archive item of a filed record.
- Access grants: extra reasons a user may open a node's files although the visibility
  rule alone would not let them (retention's electronic loans, until they expire).
- Workflow resolvers: which approval flow a node takes, asked before Wagtail's own
  subtree-based choice (workflows assigns flows per record type and direction).
"""

from __future__ import annotations

from collections.abc import Callable

DeletionGuard = Callable[[object], None]
AccessGrant = Callable[[object, object], bool]
ChangeGuard = Callable[[object, str], "str | None"]

# The kinds of change a guard is asked about.
ATTACH_FILES = "files"
UNPUBLISH = "unpublish"
MOVE = "move"
EDIT = "edit"
DECLASSIFY = "declassify"


class ChangeRefused(Exception):
    """A change guard refused; ``str()`` is the message for the user."""


_deletion_guards: list[DeletionGuard] = []
_access_grants: list[AccessGrant] = []
_change_guards: list[ChangeGuard] = []
_classification_listeners: list[Callable[[object, int], None]] = []
_workflow_resolvers: list[Callable[[object], object]] = []


def register_deletion_guard(guard: DeletionGuard) -> DeletionGuard:
    if guard not in _deletion_guards:
        _deletion_guards.append(guard)
    return guard


def check_deletion_allowed(page) -> None:
    for guard in _deletion_guards:
        guard(page)


def register_change_guard(guard: ChangeGuard) -> ChangeGuard:
    if guard not in _change_guards:
        _change_guards.append(guard)
    return guard


def change_refusal(page, action: str) -> str | None:
    """Why ``action`` may not be done to ``page`` now, or None when no guard objects."""
    for guard in _change_guards:
        reason = guard(page, action)
        if reason:
            return str(reason)
    return None


def check_change_allowed(page, action: str) -> None:
    """Raise ``ChangeRefused`` when a guard objects to ``action`` on ``page``."""
    reason = change_refusal(page, action)
    if reason:
        raise ChangeRefused(reason)


def register_classification_listener(listener: Callable[[object, int], None]):
    if listener not in _classification_listeners:
        _classification_listeners.append(listener)
    return listener


def classification_raised(page, level: int) -> None:
    for listener in _classification_listeners:
        listener(page, level)


def register_access_grant(grant: AccessGrant) -> AccessGrant:
    if grant not in _access_grants:
        _access_grants.append(grant)
    return grant


def has_granted_access(user, page) -> bool:
    return any(grant(user, page) for grant in _access_grants)


def register_workflow_resolver(resolver: Callable[[object], object]) -> Callable[[object], object]:
    if resolver not in _workflow_resolvers:
        _workflow_resolvers.append(resolver)
    return resolver


def resolve_workflow(page):
    """The first flow a registered resolver names for ``page``; None leaves it to Wagtail."""
    for resolver in _workflow_resolvers:
        workflow = resolver(page)
        if workflow is not None:
            return workflow
    return None
