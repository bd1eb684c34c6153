"""What the page of one step shows: the step, its deadline, and — for 会签 and 传阅 —
who has signed or read, who may act next, and who has not yet."""

from __future__ import annotations

from workflows.models import CirculationTask, CountersignTask
from workflows.services.deadlines import deadline_status


def step_context(task_state, user) -> dict:
    from workflows.services.waiting import can_act_now

    task = task_state.task.specific
    step = getattr(task_state, "step", None)
    context = {
        "task_state": task_state,
        "task": task,
        "due_at": step.due_at if step else None,
        "deadline": deadline_status(step.due_at) if step and task_state.finished_at is None else "",
        "can_act": task_state.status == task_state.STATUS_IN_PROGRESS
        and can_act_now(task_state, user),
        "kind": "",
    }
    if isinstance(task, CountersignTask):
        from workflows.services.countersign import countersign_status

        context.update(kind="countersign", ordered=task.ordered, **countersign_status(task_state))
    elif isinstance(task, CirculationTask):
        from workflows.services.circulation import read_status

        context.update(kind="circulation", **read_status(task_state))
    return context
