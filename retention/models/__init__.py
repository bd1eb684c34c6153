"""Retention records, one module per concern: filing, schedules, holds, disposition, lending."""

from retention.models.disposition import (
    Appraisal,
    AppraisalDecision,
    DestructionApproval,
    DestructionRegisterEntry,
)
from retention.models.filing import ArchivalCodeCounter, Correction, FiledRecord
from retention.models.holds import Hold
from retention.models.lending import LoanForm, LoanItem, LoanRequest
from retention.models.schedules import RetentionRule

__all__ = [
    "Appraisal",
    "AppraisalDecision",
    "ArchivalCodeCounter",
    "Correction",
    "DestructionApproval",
    "DestructionRegisterEntry",
    "FiledRecord",
    "Hold",
    "LoanForm",
    "LoanItem",
    "LoanRequest",
    "RetentionRule",
]
