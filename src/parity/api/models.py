"""API tokens: a secret tied to a user, whose role decides what the token may do.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is created
(``parity create-api-token USER``). A revoked token stays listed, so the audit says whose it was.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "parity_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so that a user can tell their tokens apart without the secret.
    hint = models.CharField(max_length=16, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "API token"
        ordering = ["user", "-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…, {self.user})"

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``: the row, and the secret (shown once, never stored)."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, token_hash=hash_token(secret), hint=secret[:12]
        )
        return token, secret
