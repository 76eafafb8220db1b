"""API tokens: issued by ``POST /api/token/`` (throttled), valid for ``DONDOC_TOKEN_TTL``, revoked by
``POST /api/logout/``, by a sign-out of the web application and by any change of the password.

A token older than the lifetime is refused (401, ``token_expired``) and deleted; the next
``POST /api/token/`` issues a new one. Failed ``POST /api/token/`` calls count towards the login
lockout like failed sign-ins on the web (``dondoc.web.throttle``).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dondoc.tracking.api import serializers as s
from dondoc.tracking.api.tokens import issue_token, revoke_tokens, token_ttl
from dondoc.tracking.api.views import ApiMixin
from dondoc.web.throttle import lockout_message

ERROR = OpenApiResponse(s.ErrorSerializer, description="Thông báo lỗi (tiếng Việt) trong `detail`.")


class TokenView(ApiMixin, APIView):
    """``POST username, password`` → ``{"token": …, "expires": …}``."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        summary="Lấy mã truy cập (token)",
        description=(
            'Gửi `username` và `password`; nhận `{"token": …, "expires": …}`. Dùng mã trong tiêu đề '
            "`Authorization: Token <mã>` của các yêu cầu khác. Mã còn hạn thì cùng một tài khoản nhận "
            "lại cùng một mã; mã hết hạn sau thời gian cấu hình (`DONDOC_TOKEN_HOURS`, mặc định 24 giờ), "
            "bị thu hồi khi đăng xuất (`POST /api/logout/`) hoặc khi đổi mật khẩu. Đăng nhập sai nhiều lần "
            "liên tiếp (theo tài khoản hoặc theo địa chỉ máy) thì bị tạm khóa: trả `429`."
        ),
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={
            200: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
            ),
            400: ERROR,
            429: OpenApiResponse(s.ErrorSerializer, description="Tạm khóa do đăng nhập sai quá nhiều lần."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        ser = AuthTokenSerializer(data=request.data, context={"request": request})
        valid = ser.is_valid()
        # django-axes marks the request it saw (this DRF request) when the account or the address is
        # locked out: then even the right password is refused.
        if getattr(request, "axes_locked_out", False):
            response = Response(
                {"detail": lockout_message(), "code": "locked_out"}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
            response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
            return response
        if not valid:
            return Response(
                {"detail": "Tên đăng nhập hoặc mật khẩu không đúng.", "code": "invalid_credentials"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        user = ser.validated_data["user"]
        # A successful sign-in: django-axes clears the account's failures (as after a web sign-in).
        AxesProxyHandler.user_logged_in(type(user), request, user)
        token = issue_token(user)
        return Response({"token": token.key, "expires": token.created + token_ttl()})


class LogoutView(ApiMixin, APIView):
    """``POST`` with the token: the token is revoked (deleted)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Đăng xuất (thu hồi mã truy cập)",
        description="Thu hồi mã truy cập của tài khoản; các yêu cầu sau với mã này bị từ chối (`401`).",
        request=None,
        responses={204: OpenApiResponse(description="Đã thu hồi mã truy cập."), 401: ERROR},
    )
    def post(self, request: Request) -> Response:
        revoke_tokens(request.user if isinstance(request.user, User) else None)
        return Response(status=status.HTTP_204_NO_CONTENT)
