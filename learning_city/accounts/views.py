from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from learning_city.accounts.forms import RegistrationForm
from learning_city.accounts.tasks import send_verification_email
from learning_city.forms import entries as journey
from learning_city.forms.models import FormEntry


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:applications")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            transaction.on_commit(lambda: send_verification_email.delay(user.pk))
        return render(request, "accounts/register_done.html", {"email": user.email})
    return render(request, "accounts/register.html", {"form": form})


def verify(request, uidb64, token):
    User = get_user_model()
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (User.DoesNotExist, ValueError, UnicodeDecodeError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("accounts:applications")


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
