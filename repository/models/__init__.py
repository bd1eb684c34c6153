"""Page types and records of the tree, one module per record family."""

from repository.models.access_log import AccessAction, AccessLogEntry, AppendOnlyError
from repository.models.archive import ArchiveItemPage, ArchiveVolumePage, FondsPage, RetentionPeriod
from repository.models.base import Classification, RepositoryPage
from repository.models.bulletin import BulletinPage
from repository.models.containers import DepartmentPage, FolderPage, HomePage, InboxPage
from repository.models.declassification import ClassificationChange
from repository.models.files import AttachedFile, ImmutableFileError, StoredFile
from repository.models.generic import GenericDocumentPage
from repository.models.letter import LetterPage
from repository.models.notice import NoticePage, NoticeReceipt
from repository.models.official_document import DocumentKind, OfficialDocumentPage, Urgency
from repository.models.organisation import Clearance, Department
from repository.models.reception import (
    ActualCost,
    BudgetLine,
    Guest,
    ItineraryItem,
    Meal,
    ReceptionClass,
    ReceptionPlanPage,
)
from repository.models.regulation import RegulationPage

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "ActualCost",
    "AppendOnlyError",
    "ArchiveItemPage",
    "ArchiveVolumePage",
    "AttachedFile",
    "BudgetLine",
    "BulletinPage",
    "Classification",
    "ClassificationChange",
    "Clearance",
    "Department",
    "DepartmentPage",
    "DocumentKind",
    "FolderPage",
    "FondsPage",
    "GenericDocumentPage",
    "Guest",
    "HomePage",
    "ImmutableFileError",
    "InboxPage",
    "ItineraryItem",
    "LetterPage",
    "Meal",
    "NoticePage",
    "NoticeReceipt",
    "OfficialDocumentPage",
    "ReceptionClass",
    "ReceptionPlanPage",
    "RegulationPage",
    "RepositoryPage",
    "RetentionPeriod",
    "StoredFile",
    "Urgency",
]
