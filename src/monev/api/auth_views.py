"""API sign-in and sign-out: tokens that expire (django-rest-knox), limited failures."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.accounts import selectors, services, signin
from monev.accounts.models import ApiToken

#: The one refusal of the token endpoint, whatever was wrong.
SIGN_IN_REFUSED = gettext_noop(
    "Nama pengguna, kata sandi, atau kode verifikasi dua langkah (bila dipakai) salah."
)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="Kode verifikasi dua langkah (wajib bila pengguna memakainya).",
    )


class TokenView(APIView):
    """Exchange a username and password (and the two-factor code, when the user has one) for
    an API token; shown once, it ends when idle, at its maximum age, and on logout."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer(
            "TokenResponse",
            {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
        ),
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        wait = signin.wait_seconds(request, username)
        if wait:
            raise Throttled(wait=wait, detail=_("Terlalu banyak percobaan masuk yang gagal."))
        user = authenticate(
            request._request, username=username, password=data.validated_data["password"]
        )
        # One answer for every failure: a two-factor user sent without (or with a wrong) code
        # must not learn that the password was right (issue 21, item 11).
        if user is None or (
            selectors.has_two_factor(user)
            and services.two_factor_verify(user=user, code=data.validated_data.get("otp", ""))
            is None
        ):
            signin.failed(request, username)
            raise ValidationError({"non_field_errors": [_(SIGN_IN_REFUSED)]})
        signin.succeeded(request, username)
        token, text = services.token_create(
            user=user,
            name=_("API (masuk dengan kata sandi)"),
        )
        return Response({"token": text, "expiry": token.expiry})


class LogoutView(APIView):
    """End the token this request is signed with (204)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.token_revoke(
                actor=request.auth.user,
                token=request.auth,
                note=_("Keluar dari API: token dicabut."),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
