"""The forms reviewers fill in the workflow action dialogs. Their cleaned data reaches ``Task.on_action``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learning_city.regions.models import NetworkMembership


class RecommendForm(forms.Form):
    opinion = forms.CharField(
        label=_("Provincial opinion (part 6 of the application form)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
    )
    confirmed_route = forms.ChoiceField(
        label=_("Join route"),
        choices=NetworkMembership.Route.choices,
        help_text=_("Confirm the route the city claimed, or correct it."),
    )


class ChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What the city must change (the applicant reads this)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant reads this)"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Internal note (reviewers only)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class FieldVisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    visitors = forms.CharField(label=_("Visitors"), max_length=200)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
