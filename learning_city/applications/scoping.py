"""Who may see which application: the ministry (and editors holding the view permission) all of
them, a provincial reviewer those of the provinces they review, nobody else any."""

from learning_city.applications.models import CityApplication
from learning_city.applications.models.reviewers import reviewed_province_ids

VIEW_ALL = "applications.view_cityapplication"


def sees_all(user):
    return user.is_active and user.has_perm(VIEW_ALL)


def visible_applications(user):
    applications = CityApplication.objects.select_related("city", "province", "round")
    if not user.is_authenticated or not user.is_active:
        return applications.none()
    if sees_all(user):
        return applications
    return applications.filter(province_id__in=reviewed_province_ids(user))


def can_see(user, application):
    return sees_all(user) or (user.is_active and application.province_id in reviewed_province_ids(user))
