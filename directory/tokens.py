"""The one-time links of accounts: an invitation's and a password reset's, never each other's."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Made and checked like a reset token, but signed for invitations only.

    So an invitation's link does not work as a reset link, nor a reset link as an invitation.
    Both are signed over the account's password, so choosing one ends every link sent before,
    and a new invitation ends the older one (services.invite gives it a new unusable password).
    """

    key_salt = "directory.tokens.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()
password_reset_tokens = default_token_generator
