from django import forms
from django.utils.translation import gettext_lazy as _


class RegistrationForm(forms.Form):
    """An applicant signs up with an e-mail address, which is also their user name. The password is
    set by the address's owner on the page the e-mailed link opens, never here."""

    email = forms.EmailField(label=_("Email"), max_length=254)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
