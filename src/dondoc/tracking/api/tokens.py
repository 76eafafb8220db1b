"""API tokens: their lifetime (``DONDOC_TOKEN_TTL``), issue and revocation.

Kept apart from the views: DRF imports the authentication class while it defines its own views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = "Mã truy cập đã hết hạn: hãy lấy mã mới tại /api/token/."
    default_code = "token_expired"


def token_ttl() -> dt.timedelta:
    ttl: dt.timedelta = settings.DONDOC_TOKEN_TTL
    return ttl


def is_expired(token: Token, now: dt.datetime | None = None) -> bool:
    created: dt.datetime = token.created
    return created + token_ttl() <= (now or timezone.now())


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with the lifetime above."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise TokenExpired()
        return user, token


def revoke_tokens(user: AbstractBaseUser | None) -> int:
    if user is None or user.pk is None:
        return 0
    deleted, _ = Token.objects.filter(user_id=user.pk).delete()
    return deleted


def issue_token(user: User) -> Token:
    """The user's token if it is still valid, a new one otherwise."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not is_expired(token):
        return token
    if token is not None:
        token.delete()
    return Token.objects.create(user=user)
