"""The filters of the showcase index and of the network directory, as django-filter FilterSets.

The pages draw the filter forms and the JSON endpoints take the same parameters through the same
classes. A value a filter cannot use (``?task=x``, ``?region=north``) is ignored rather than
refused, and a well-formed value that nothing matches (``?year=2019``) still filters: links
people keep go on meaning what they meant.
"""

import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from learning_city.guide.models import TaskPage
from learning_city.regions.choices import Region
from learning_city.regions.models import NetworkMembership, Province

ALL = _("all")


def _options(read):
    """A select's options, "all" first, read from the database only when the form is drawn, and once:
    the form checks the value chosen and then draws the options."""
    found = []

    def options():
        if not found:
            found.append([("", ALL), *read()])
        return found[0]

    return options


def _provinces():
    return Province.objects.values_list("code", "name")


# Years a date can hold (datetime.MINYEAR to MAXYEAR): a larger one fails in the database, not just finds nothing.
YEARS = (1, 9999)
# Key task numbers, with room to spare: a number past what an integer column holds fails in the database.
TASK_NUMBERS = (0, 9999)


class WholeNumberFilter(django_filters.Filter):
    """A whole number (a task number, a year) within ``bounds``, chosen from a select. One out of its
    bounds is ignored by the pages like any unusable value; the JSON endpoints refuse it (``out_of_range``)."""

    field_class = forms.IntegerField

    def __init__(self, *args, bounds, **kwargs):
        self.bounds = bounds
        super().__init__(*args, min_value=bounds[0], max_value=bounds[1], widget=forms.Select, **kwargs)


class CodeFilter(django_filters.CharFilter):
    """An administrative division code (digits), chosen from a select."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, validators=[RegexValidator(r"\A[0-9]+\Z")], widget=forms.Select, **kwargs)


def within(value, lowest, highest):
    """Whether ``value`` (a URL parameter) is within bounds, or is no whole number at all: a value that is
    not a number is another matter (the filters ignore it)."""
    if not value or not re.fullmatch(r"[0-9]+", value):
        return True
    return lowest <= int(value) <= highest


class FilterForm(forms.Form):
    def add_error(self, field, error):
        # A value a filter cannot use is ignored, not reported: leave it out of cleaned_data only.
        self.cleaned_data.pop(field, None)


class Filters(django_filters.FilterSet):
    class Meta:
        form = FilterForm

    def set_options(self, name, read):
        self.filters[name].extra["widget"] = forms.Select(choices=_options(read))

    def out_of_range(self):
        """``(parameter, (lowest, highest))`` of each whole number given outside its filter's bounds."""
        return [
            (name, item.bounds)
            for name, item in self.filters.items()
            if isinstance(item, WholeNumberFilter)
            and not within(self.data.get(name) if self.data else None, *item.bounds)
        ]

    @property
    def key(self):
        """The values given to these filters, as one string (a key for the drawn form); other
        parameters (a page number) are left out."""
        data = self.data or {}
        return "&".join(f"{name}={data.get(name, '')}" for name in sorted(self.filters))

    @property
    def chosen(self):
        """The filters in use and their values, by URL parameter (the JSON's ``meta.filters``)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}


class ShowcaseFilter(Filters):
    """The showcase index: type, key task, region, province and year.

    ``types`` maps each ``?type=`` value to its page model (``models.SHOWCASE_TYPES``: the pages
    that use this filter live in that module, so it is handed in rather than imported).
    """

    type = django_filters.ChoiceFilter(label=_("type"), empty_label=ALL, method="filter_type")
    task = WholeNumberFilter(label=_("key task"), field_name="tasks__number", bounds=TASK_NUMBERS)
    region = django_filters.ChoiceFilter(
        label=_("region"), field_name="city__province__region", choices=Region.choices, empty_label=ALL
    )
    province = CodeFilter(label=_("province"), field_name="city__province__code")
    year = WholeNumberFilter(label=_("year"), field_name="year", bounds=YEARS)

    def __init__(self, data=None, queryset=None, *, types, request=None):
        super().__init__(data, queryset, request=request)
        self.types = types
        self.filters["type"].extra["choices"] = [(key, model._meta.verbose_name) for key, model in types.items()]
        self.set_options("task", self._tasks)
        self.set_options("province", _provinces)
        self.set_options("year", self._years)

    def filter_type(self, queryset, name, value):
        return queryset.type(self.types[value])

    @staticmethod
    def _tasks():
        return [(task.number, f"（{task.numeral}）{task.title}") for task in TaskPage.objects.live().order_by("number")]

    def _years(self):
        years = self.queryset.order_by("-year").values_list("year", flat=True).distinct()
        return [(year, year) for year in years]


class MemberFilter(Filters):
    """The network directory: region, province, how the city joined and the year it joined."""

    region = django_filters.ChoiceFilter(
        label=_("region"), field_name="city__province__region", choices=Region.choices, empty_label=ALL
    )
    province = CodeFilter(label=_("province"), field_name="city__province__code")
    route = django_filters.ChoiceFilter(
        label=_("route"), field_name="route", choices=NetworkMembership.Route.choices, empty_label=ALL
    )
    year = WholeNumberFilter(label=_("year joined"), field_name="joined_on__year", bounds=YEARS)

    def __init__(self, data=None, queryset=None, *, request=None):
        if queryset is None:
            queryset = NetworkMembership.objects.select_related("city__province").order_by("city__code")
        super().__init__(data, queryset, request=request)
        self.set_options("province", _provinces)
        self.set_options("year", self._years)

    @staticmethod
    def _years():
        return [(day.year, day.year) for day in NetworkMembership.objects.dates("joined_on", "year", order="DESC")]
