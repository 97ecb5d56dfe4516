"""The e-mailed link that confirms a registration: a token of its own, never a password-reset token.

Django's reset tokens and these are HMACs with different salts, so neither works for the other.
The hash covers the password, the last sign-in and whether the account is active, so a link stops
working once the owner has set a password and signed in.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "learning_city.accounts.tokens.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


confirmation_token_generator = ConfirmationTokenGenerator()


def link_days():
    """How long an e-mailed link works, in whole days (Django's PASSWORD_RESET_TIMEOUT, 3 by default)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
