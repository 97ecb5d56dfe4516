from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from django.utils import translation

from learning_city.applications.demo import DemoError, load_demo

# Demo mail (confirmations, review notices to @example.cn addresses) is written here, never sent.
MAIL_FOLDER_NAME = "demo-mail"


class Command(BaseCommand):
    help = (
        "Create demo accounts for every review role and demo city applications in different review states, "
        "through the real form and workflow (local development only; never in production)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_reviews only runs with DEBUG on.")
        mail_folder = settings.DATA_DIR / MAIL_FOLDER_NAME
        # The on-commit mail of the submits and review steps is sent inside this block.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_folder)
        ):
            try:
                result = load_demo(settings.DATA_DIR)
            except DemoError as error:
                raise CommandError(f"Demo reviews not loaded: {error}") from error
        with translation.override(settings.LANGUAGE_CODE):
            self.report(result, mail_folder)

    def report(self, result, mail_folder):
        base_url = settings.WAGTAILADMIN_BASE_URL
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Demo accounts (one dev-only password for all: {result.password}, kept in {result.password_file}):"
            )
        )
        if result.password_created and result.created_accounts < len(result.accounts):
            write("  (the password file was missing: existing demo accounts were given the new password)")
        for user, spec in result.accounts:
            write(f"  {user.username:<26} {user.email:<38} {spec['role']}")
        write("Demo applications:")
        for application, spec in result.applications:
            status = application.public_status()
            write(
                f"  {application.city.name:<5} {application.reference:<20} {status.value:<18} "
                f"{status.label}  (by {spec['applicant']})"
            )
        for message in result.skipped:
            self.stderr.write(self.style.WARNING(f"  not created: {message}"))
        write(
            f"Created {result.created_accounts} account(s) and {result.created_applications} application(s). "
            f"Sign in at {base_url}/admin/ (reviewers, editor, moderator) or {base_url}/accounts/login/ "
            f"(applicants); the demo's e-mails are in {mail_folder}."
        )
