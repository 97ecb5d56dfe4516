from django import forms
from django.core.exceptions import ValidationError
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
        """The chosen City (its province loaded), or None. The choices are every city: the one chosen is
        looked up alone rather than the whole list read to find it there, with the same errors."""
        code = self.to_python(value)
        forms.Field.validate(self, code)  # required
        city = City.objects.select_related("province").filter(code=code).first() if code else None
        if code and city is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code})
        self.run_validators(code)
        return city
