import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a superuser for local development and print its password (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on.")
        password_file = settings.DATA_DIR / "dev-admin-password.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email=f"{username}@localhost", password=password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
        else:
            self.stdout.write(
                f"Admin user '{username}' exists; set a password with: manage.py changepassword {username}"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  user: {username}  password: {password}"
            )
        )
