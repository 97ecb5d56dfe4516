"""City applications to join the network, their review records and the workflow tasks that review them."""

from learning_city.applications.models.application import ApplicationRound, CityApplication
from learning_city.applications.models.documents import ApplicationFormPdf, StampedScan
from learning_city.applications.models.records import (
    DeadlineReminder,
    Decision,
    FieldVisit,
    Notification,
    ProvincialOpinion,
    ProvincialRecommendation,
    RecommendationItem,
)
from learning_city.applications.models.reviewers import ProvinceReviewer
from learning_city.applications.models.tasks import (
    MembershipConfirmationTask,
    MinistryReviewTask,
    ProvinceReviewTask,
)

__all__ = [
    "ApplicationFormPdf",
    "ApplicationRound",
    "CityApplication",
    "DeadlineReminder",
    "Decision",
    "FieldVisit",
    "MembershipConfirmationTask",
    "MinistryReviewTask",
    "Notification",
    "ProvinceReviewTask",
    "ProvinceReviewer",
    "ProvincialOpinion",
    "ProvincialRecommendation",
    "RecommendationItem",
    "StampedScan",
]
