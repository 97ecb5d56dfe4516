from django import forms
from django.utils.translation import gettext_lazy as _

from learning_city.regions.models import City


def grouped_city_choices():
    groups = {}
    for city in City.objects.select_related("province").order_by("code"):
        groups.setdefault(city.province.name, []).append((city.code, city.name))
    return [("", _("Choose a province and city"))] + list(groups.items())


class CityChoiceField(forms.ChoiceField):
    """One select of every prefecture-level city grouped by province: it works without script, and
    ``static/js/forms.js`` turns it into a province chooser, a filter by name and the province's cities."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Select(attrs={"data-city-chooser": ""}))
        super().__init__(choices=grouped_city_choices, **kwargs)

    def clean(self, value):
        code = super().clean(value)
        return City.objects.select_related("province").get(code=code) if code else None
