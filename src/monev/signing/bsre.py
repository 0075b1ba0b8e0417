"""The client of BSrE's signing API (SPEC §15) — the only place that knows its shapes. Kept
tolerant: errors are read from the HTTP status, the `status_code` and the message's words.
The passphrase goes into one request body and nowhere else: not logged, not in an error."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any
from urllib import error as urlerror
from urllib import request as urlrequest

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from monev.signing.errors import SigningError
from monev.signing.pades import Placement

log = logging.getLogger(__name__)

SIGN = "/api/v2/sign/pdf"
VERIFY = "/api/v2/verify/pdf"
STATUS = "/api/v2/user/check/status"

#: Words of BSrE's error messages (Indonesian and English) → our error.
_WORDS = (
    (("passphrase",), "passphrase"),
    (("tidak terdaftar", "belum terdaftar", "not registered", "not found", "tidak ditemukan"),
     "user"),
    (("kadaluarsa", "kedaluwarsa", "expired", "revoked", "dicabut"), "expired"),
)  # fmt: skip


def classify(status: int, body: Any) -> SigningError:
    """The error for an answer that is not a signed file."""
    if status >= 500 or status in (0, 408, 429):
        return SigningError.unavailable_()
    message = ""
    if isinstance(body, dict):
        message = str(body.get("error") or body.get("message") or body.get("detail") or "")
    lowered = message.lower()
    for words, code in _WORDS:
        if any(w in lowered for w in words):
            return getattr(SigningError, code)()
    if status == 401:
        return SigningError.refused("kredensial aplikasi (client id/secret) ditolak")
    return SigningError.refused(message or f"HTTP {status}")


@dataclass(frozen=True)
class UserStatus:
    registered: bool
    can_sign: bool
    status: str
    message: str


@dataclass(frozen=True)
class Client:
    base: str
    client_id: str
    client_secret: str = ""
    timeout: float = 30.0

    def __repr__(self) -> str:
        return f"bsre.Client({self.base!r})"

    @classmethod
    def from_settings(cls) -> Client:
        return cls(
            base=settings.MONEV_BSRE_URL,
            client_id=settings.MONEV_BSRE_CLIENT_ID,
            client_secret=settings.MONEV_BSRE_CLIENT_SECRET,
            timeout=settings.MONEV_BSRE_TIMEOUT,
        )

    def _auth(self) -> str:
        token = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(token).decode()

    @sensitive_variables("body", "fields")
    def _post(self, path: str, body: bytes, content_type: str) -> tuple[int, Any]:
        if not self.base:
            raise SigningError.unavailable_()
        req = urlrequest.Request(
            self.base + path, data=body, method="POST",
            headers={"Content-Type": content_type, "Authorization": self._auth(),
                     "Accept": "application/json"},
        )  # fmt: skip
        try:
            with urlrequest.urlopen(req, timeout=self.timeout) as answer:
                status, raw = answer.status, answer.read()
        except urlerror.HTTPError as http_error:
            status, raw = http_error.code, http_error.read()
        except (urlerror.URLError, TimeoutError, ConnectionError, OSError):
            log.warning("BSrE %s unreachable", path)
            raise SigningError.unavailable_() from None
        try:
            data = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = {}
        log.info("BSrE %s answered HTTP %s", path, status)
        return status, data

    @sensitive_variables("passphrase", "fields")
    def sign(
        self,
        pdf: bytes,
        *,
        nik: str,
        passphrase: str,
        visible: Placement | None = None,
        image_png: bytes | None = None,
        reason: str = "",
        location: str = "",
    ) -> bytes:
        """The PDF signed by BSrE (visible at `visible` with `image_png`, else invisible)."""
        prop: dict[str, Any] = {"tampilan": "VISIBLE" if visible else "INVISIBLE",
                                "location": location, "reason": reason}  # fmt: skip
        if visible is not None:
            x1, y1, x2, y2 = visible.box
            prop.update(
                page=visible.page + 1, originX=round(x1, 2), originY=round(y1, 2),
                width=round(x2 - x1, 2), height=round(y2 - y1, 2),
                imageBase64=base64.b64encode(image_png or b"").decode(),
            )  # fmt: skip
        fields = {"nik": nik, "passphrase": passphrase, "signatureProperties": json.dumps([prop])}
        body, content_type = multipart(fields, pdf)
        status, data = self._post(SIGN, body, content_type)
        files = data.get("file") if isinstance(data, dict) else None
        if status == 200 and isinstance(files, list) and files:
            try:
                return base64.b64decode(str(files[0]), validate=True)
            except (binascii.Error, ValueError):
                raise SigningError.refused("berkas jawaban tidak terbaca") from None
        raise classify(status, data)

    def verify(self, pdf: bytes) -> dict[str, Any]:
        body, content_type = multipart({}, pdf)
        status, data = self._post(VERIFY, body, content_type)
        if status != 200 or not isinstance(data, dict):
            raise classify(status, data)
        return data

    def user_status(self, nik: str) -> UserStatus:
        """Whether the NIK may sign: `ISSUE` is an issued certificate."""
        status, data = self._post(STATUS, json.dumps({"nik": nik}).encode(), "application/json")
        if status >= 500:
            raise SigningError.unavailable_()
        data = data if isinstance(data, dict) else {}
        value = str(data.get("status", "")).upper()
        return UserStatus(
            registered=status == 200 and value not in ("NOT_REGISTERED", ""),
            can_sign=status == 200 and value == "ISSUE",
            status=value,
            message=str(data.get("message", "")),
        )


def multipart(fields: dict[str, str], pdf: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="dokumen.pdf"'
        "\r\nContent-Type: application/pdf\r\n\r\n".encode()
        + pdf
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
