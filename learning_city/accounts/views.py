from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from learning_city import throttle
from learning_city.accounts import registration
from learning_city.accounts.forms import RegistrationForm
from learning_city.accounts.models import PendingRegistration
from learning_city.accounts.tokens import confirmation_token_generator, link_days
from learning_city.forms import entries as journey
from learning_city.forms.models import FormEntry


def safe_next(request, url):
    """``url`` when it is a page of this site (a form the applicant came from), else ""."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


@require_http_methods(["GET", "POST"])
def register(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:applications")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = throttle.hit("register", ip=throttle.client_ip(request), email=email)
        if wait:
            return throttle.too_many(request, wait)
        with transaction.atomic():
            registration.register(email, next_url)
        # The same page whether the address is new, unconfirmed or has an account.
        return render(request, "accounts/register_done.html", {"email": email, "link_days": link_days()})
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


class ConfirmView(auth_views.PasswordResetConfirmView):
    """The e-mailed link: a GET only shows the page (after moving the token out of the URL, as
    Django's reset does); the owner confirms the address by setting the password there (a POST),
    which activates the account and signs them in. Only a pending registration is confirmed."""

    template_name = "accounts/verify.html"
    token_generator = confirmation_token_generator
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    next_url = ""  # read from the pending registration when the password is set

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.is_active or not PendingRegistration.objects.filter(user=user).exists():
            return None
        return user

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            return render(self.request, "accounts/verify_failed.html", {"link_days": link_days()}, status=400)
        return super().render_to_response(context, **kwargs)

    def get_success_url(self):
        return safe_next(self.request, self.next_url) or reverse("accounts:applications")

    def form_valid(self, form):
        pending = PendingRegistration.objects.filter(user=form.user).first()
        self.next_url = pending.next_url if pending else ""
        with transaction.atomic():
            form.user.is_active = True  # saved with the new password by the form
            response = super().form_valid(form)
            PendingRegistration.objects.filter(user=form.user).delete()
        messages.success(self.request, _("Your e-mail address is confirmed and your password is set."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset (the same page whether or not the address has an account), limited per address
    typed and per client address: each request sends an e-mail."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        wait = throttle.hit("password_reset", ip=throttle.client_ip(self.request), email=email)
        if wait:
            return throttle.too_many(self.request, wait)
        return super().form_valid(form)


@login_required
def applications(request):
    """The account's drafts and submissions; a submission shows where it stands, told by its
    form's purpose (e.g. the review of a city application), or else its plain status."""
    entries = list(
        FormEntry.objects.filter(user=request.user).select_related("page").order_by("status", "-last_saved_at")
    )
    progress = journey.progress_of(entries)
    rows = [(entry, progress.get(entry.pk)) for entry in entries]
    return render(request, "accounts/applications.html", {"rows": rows})
