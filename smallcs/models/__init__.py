"""peewee models and the database they are bound to."""

from smallcs.models.base import BaseModel, database, execute_write, write_transaction
from smallcs.models.complaints import Category, Complaint, ResolutionStep
from smallcs.models.people import Customer, Staff
from smallcs.models.shop import AuditEvent, Draft, Goal, Setting
from smallcs.models.surveys import Survey, SurveyCard, SurveyResponse

ALL_MODELS = (
    Staff,
    Customer,
    Category,
    Complaint,
    ResolutionStep,
    Survey,
    SurveyCard,
    SurveyResponse,
    Goal,
    Setting,
    Draft,
    AuditEvent,
)

__all__ = [
    "ALL_MODELS",
    "AuditEvent",
    "BaseModel",
    "Category",
    "Complaint",
    "Customer",
    "Draft",
    "Goal",
    "ResolutionStep",
    "Setting",
    "Staff",
    "Survey",
    "SurveyCard",
    "SurveyResponse",
    "database",
    "execute_write",
    "write_transaction",
]
