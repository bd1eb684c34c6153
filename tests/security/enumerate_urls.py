"""Every URL the project serves, filled with ids from the leak matrix's world.

The patterns come from walking ``get_resolver()`` — nothing is listed by hand, so a URL
added tomorrow is requested tomorrow. Each keyword is filled by a small resolver keyed on
its name (``page_id``, ``revision_id``, ``job_id`` …) or, for a bare ``pk``, on the model
the view serves; patterns it cannot fill are reported, never silently skipped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from wagtail.documents import get_document_model
from wagtail.models import Page, Task, Workflow

MAX_COMBINATIONS = 8


@dataclass
class Endpoint:
    key: str  # the namespaced URL name, or the route when it has none
    route: str
    pattern: URLPattern
    prefix: list  # the resolvers above it, outermost first
    params: list[str]  # keyword names, or "_0", "_1" … for positional groups


def walk(resolver=None, prefix=None, namespaces=None):
    resolver = resolver or get_resolver()
    prefix = prefix or []
    namespaces = namespaces or []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            spaces = [*namespaces, entry.namespace] if entry.namespace else namespaces
            yield from walk(entry, [*prefix, entry], spaces)
            continue
        route = "".join(str(p.pattern) for p in prefix) + str(entry.pattern)
        name = ":".join([*namespaces, entry.name]) if entry.name else ""
        yield Endpoint(name or route, route, entry, prefix, _params([*prefix, entry]))


def _params(chain) -> list[str]:
    names = []
    for part in chain:
        pattern = part.pattern
        if isinstance(pattern, RoutePattern):
            names += list(pattern.converters)
        else:
            regex = re.compile(str(pattern.regex.pattern))
            if regex.groupindex:
                names += list(regex.groupindex)
            else:
                names += [f"_{i}" for i in range(regex.groups)]
    return names


def view_model(endpoint: Endpoint):
    """The model a class-based view (or viewset view) serves, if it says."""
    callback = endpoint.pattern.callback
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model")
    if model is None:
        view_class = getattr(callback, "view_class", None)
        model = getattr(view_class, "model", None)
    return model if isinstance(model, type) else None


class Filler:
    """Candidate values for each URL keyword, for one role, from the world."""

    def __init__(self, world, role: str):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Collection, Workflow

        from ingest.models import IngestJob, QuarantineEntry
        from repository.models import AttachedFile
        from retention.models import Appraisal, FiledRecord, Hold, LoanRequest
        from workflows.models import Reminder

        self.world, self.role = world, role
        self.pages = world.hidden_pages(role)
        self.all_pages = world.hidden_pages(role, most=len(world.pages))
        self.page_ids = [p.pk for p in self.all_pages]
        self.by_name = {
            "job_id": IngestJob,
            "entry_id": QuarantineEntry,
            "filed_id": FiledRecord,
            "hold_id": Hold,
            "appraisal_id": Appraisal,
            "loan_id": LoanRequest,
            "reminder_id": Reminder,
        }
        self.by_name.update(
            {
                "document_id": get_document_model(),
                "doc_id": get_document_model(),
                "image_id": get_image_model(),
                "redirect_id": Redirect,
                "collection_id": Collection,
                "workflow_pk": Workflow,
            }
        )
        # Values that name no row of ours: Wagtail answers 404 or a form, as it would.
        self.constants = {
            "uidb64": "MQ",
            "token": "set-password",
            "filter_spec": "original",
            "restriction_id": 1,
            "page_view_restriction_id": 1,
            "uploaded_file_id": 1,
        }
        self.by_route = {"files/<int:pk>/": AttachedFile}
        self.history_kinds = {
            "filedrecord": FiledRecord,
            "hold": Hold,
            "loan": LoanRequest,
            "appraisal": Appraisal,
        }

    @staticmethod
    def rows(model, limit=6):
        return list(model._default_manager.order_by("-pk").values_list("pk", flat=True)[:limit])

    def values(self, endpoint: Endpoint, name: str, filled: dict):
        """Candidates for ``name`` given the keywords already chosen; None if unknown."""
        world, page = self.world, filled.get("_page")
        if name in {"page_id", "parent_page_id", "page_to_move_id", "page_pk", "pk"} and (
            name != "pk" or self._is_page_pk(endpoint)
        ):
            return [(p.pk, {"_page": p}) for p in self.pages]
        if name == "destination_id":
            return [(p.pk, {}) for p in self.pages[:2]]
        if name == "object_id":
            return [(str(p.pk), {"_page": p}) for p in self.pages]
        if name == "revision_id":
            return [(r, {}) for r in self._revisions(page)]
        if name == "revision_id_a":
            return [("earliest", {}), *[(r, {}) for r in self._revisions(page)[:1]]]
        if name == "revision_id_b":
            return [("latest", {})]
        if name == "task_state_id":
            return [(s.pk, {}) for s in self._states(world.task_states, page)]
        if name == "workflow_state_id":
            return [(s.pk, {}) for s in self._states(world.workflow_states, page)]
        if name == "task_id":
            states = self._states(world.task_states, page)
            return [(s.task_id, {}) for s in states] or [(t, {}) for t in self.rows(Task)]
        if name == "action_name":
            return [("approve", {}), ("reject", {})]
        if name in ("app_label", "content_type_app_name", "app_name"):
            return self._labels(endpoint)
        if name in ("model_name", "content_type_model_name"):
            return [(filled["_model_name"], {})]
        if name == "action":
            return self._bulk_actions(filled)
        if name in self.by_name:
            return [(pk, {}) for pk in self.rows(self.by_name[name])]
        if name in self.constants:
            return [(self.constants[name], {})]
        if name == "kind":
            return [(k, {"_model": m}) for k, m in self.history_kinds.items()]
        if name == "pk":
            model = filled.get("_model") or self.by_route.get(endpoint.route)
            model = model or view_model(endpoint) or self._workflow_model(endpoint)
            return [(pk, {}) for pk in self.rows(model)] if model else None
        if name == "fmt":
            return [("csv", {}), ("xlsx", {})]
        if name == "step":
            return [("approve", {})]
        if name == "session_id":
            from wagtail.admin.models import EditingSession

            return [(pk, {}) for pk in self.rows(EditingSession)] or [(1, {})]
        if endpoint.key == "wagtail_serve" and name == "_0":
            return [(p.url_path.split("/", 2)[-1], {}) for p in self.pages]
        if endpoint.key == "wagtaildocs_serve":
            documents = get_document_model().objects.all()
            return [(d.pk, {"_1": d.filename}) for d in documents] if name == "_0" else None
        return None

    @staticmethod
    def _workflow_model(endpoint):
        """Views that do not say their model: Wagtail's workflow views (functions; a task
        or a workflow), the admin API's and the document chooser's (by namespace)."""
        from wagtail.images import get_image_model

        key = endpoint.key
        if key.startswith("wagtailadmin_workflows:"):
            return Task if "task" in key else Workflow
        if key.startswith(("wagtailadmin_api:documents", "wagtaildocs_chooser")):
            return get_document_model()
        if key.startswith("wagtailadmin_api:images"):
            return get_image_model()
        return None

    def _is_page_pk(self, endpoint) -> bool:
        model = view_model(endpoint)
        if endpoint.key in (
            "wagtailadmin_pages:revisions_compare",
            "wagtailadmin_api:pages:action",
        ):
            return True
        return endpoint.key.startswith("wagtailadmin_api:pages") or (
            model is not None and issubclass(model, Page)
        )

    def _revisions(self, page):
        world = self.world
        if page is None:
            return [r.pk for r in world.revisions.values()]
        from wagtail.models import Revision

        return list(
            Revision.page_revisions.filter(object_id=str(page.pk))
            .order_by("-pk")
            .values_list("pk", flat=True)
        )

    def _states(self, states: dict, page):
        pages = self.world.pages
        return [s for n, s in states.items() if page is None or pages[n].pk == page.pk]

    def _labels(self, endpoint):
        if endpoint.key == "wagtail_bulk_action":
            from wagtail.admin.views.bulk_action.registry import bulk_action_registry

            bulk_action_registry._scan_for_bulk_actions()
            return [
                (app, {"_model_name": model})
                for app, models in bulk_action_registry.actions.items()
                for model in models
            ]
        if "add_task" in endpoint.key:
            from wagtail.workflows import get_task_types

            return [
                (m._meta.app_label, {"_model_name": m._meta.model_name}) for m in get_task_types()
            ]
        if "settings" in endpoint.key:
            from wagtail.contrib.settings.registry import registry

            return [(m._meta.app_label, {"_model_name": m._meta.model_name}) for m in registry]
        return [
            ("repository", {"_model_name": "officialdocumentpage"}),
            ("wagtailcore", {"_model_name": "page"}),
        ]

    @staticmethod
    def _bulk_actions(filled):
        from wagtail.admin.views.bulk_action.registry import bulk_action_registry

        actions = bulk_action_registry.actions
        app = filled["app_label"]
        return [(a, {}) for a in actions.get(app, {}).get(filled["_model_name"], {})]

    def fill(self, endpoint: Endpoint):
        """Concrete keyword sets for the endpoint, or None when a keyword is unknown."""
        combos = [{}]
        for name in endpoint.params:
            grown = []
            for filled in combos:
                if name in filled:  # chosen together with an earlier keyword
                    grown.append(filled)
                    continue
                values = self.values(endpoint, name, filled)
                if values is None:
                    return None
                grown += [{**filled, name: v, **extra} for v, extra in values]
            combos = grown[:MAX_COMBINATIONS]
        return combos


def build_url(endpoint: Endpoint, values: dict) -> str:
    """Reverse ``values`` through the endpoint's route text, outermost part first."""
    if endpoint.key == "wagtail_serve":
        return "/" + values["_0"]
    url = "/"
    for part in [*endpoint.prefix, endpoint.pattern]:
        pattern = part.pattern
        text = str(pattern)
        if isinstance(pattern, RoutePattern):
            for name in pattern.converters:
                text = re.sub(r"<(?:\w+:)?" + name + ">", str(values[name]), text)
        else:
            text = _fill_regex(text, values)
        url += text
    return url


def _fill_regex(text: str, values: dict) -> str:
    text = text.lstrip("^").rstrip("$")
    named = re.compile(r"\(\?P<(\w+)>[^)]*\)")
    text = named.sub(lambda m: str(values[m.group(1)]), text)
    positional = iter(values.get(f"_{i}") for i in itertools.count())
    text = re.sub(r"\((?!\?)[^)]*\)", lambda m: str(next(positional)), text)
    text = text.replace(r"\.", ".").replace("\\", "")
    text = re.sub(r"\(\?:[^)]*\)[*+?]?", "", text)
    return text.replace(".*", "no-such-page")


def requests_for(endpoint: Endpoint, filler: Filler):
    """URLs to GET for one endpoint and role (bulk actions also with the hidden pages'
    ids); None when a keyword cannot be filled."""
    combos = filler.fill(endpoint)
    if combos is None:
        return None
    urls = [build_url(endpoint, values) for values in combos]
    extra = []
    if endpoint.key == "wagtail_bulk_action":
        ids = [("id", pk) for pk in filler.page_ids]
        parents = {p.get_parent().pk for p in filler.all_pages}
        for url in urls:
            extra.append(f"{url}?{urlencode(ids)}")
            extra += [f"{url}?{urlencode({'id': 'all', 'childOf': c})}" for c in sorted(parents)]
    return urls + extra


def searched(url: str, words) -> list[str]:
    """The URL again with each search word as ``?q=`` (for listings that offer a search)."""
    joiner = "&" if "?" in url else "?"
    return [f"{url}{joiner}{urlencode({'q': word})}" for word in words]
