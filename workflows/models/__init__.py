"""Models of the workflows app: task types, step records, parties, sequences, standards,
delegation."""

from workflows.models.delegation import Delegation
from workflows.models.numbering import IssuedNumber, NumberSequence
from workflows.models.parties import StepParty
from workflows.models.reception import ReceptionStandard
from workflows.models.steps import (
    CirculationReadMark,
    CountersignSignature,
    Reminder,
    StepRecord,
    TaskAction,
    WorkflowAssignment,
)
from workflows.models.tasks import (
    ApprovalTask,
    AssignedTask,
    CirculationTask,
    CountersignParty,
    CountersignTask,
    FinalCopyTask,
    NumberingTask,
    OfficeTask,
    RuleCheckTask,
)

__all__ = [
    "ApprovalTask",
    "AssignedTask",
    "CirculationReadMark",
    "CirculationTask",
    "CountersignParty",
    "CountersignSignature",
    "CountersignTask",
    "Delegation",
    "FinalCopyTask",
    "IssuedNumber",
    "NumberSequence",
    "NumberingTask",
    "OfficeTask",
    "ReceptionStandard",
    "Reminder",
    "RuleCheckTask",
    "StepParty",
    "StepRecord",
    "TaskAction",
    "WorkflowAssignment",
]
