"""A local fake of BSrE's signing API (SPEC §15: the same routes, fields and answers), run in
a thread by the tests; it signs with certificates of a test CA made in the test run."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from monev.signing import pades, testca
from monev.signing.validate import validate


@dataclass
class Account:
    passphrase: str
    pkcs12: bytes
    expired: bool = False


@dataclass
class FakeBsre:
    ca: testca.Authority
    client_id: str = "monev-client"
    client_secret: str = "rahasia-klien"
    accounts: dict[str, Account] = field(default_factory=dict)
    down: bool = False  # answer 503 (the service is down)
    requests: list[dict[str, Any]] = field(default_factory=list)  # route, fields (no pdf)
    server: ThreadingHTTPServer | None = None

    def add_user(self, nik: str, name: str, passphrase: str, *, expired: bool = False) -> None:
        key, cert = testca.issue(self.ca, name, "Badan Siber dan Sandi Negara (uji)",
                                 expired=expired)  # fmt: skip
        self.accounts[nik] = Account(passphrase, testca.pkcs12_of(self.ca, key, cert, None),
                                     expired)  # fmt: skip

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self, port: int = 0) -> FakeBsre:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # --- the API ---------------------------------------------------------------------------
    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length", "0"))
        body = h.rfile.read(length)
        if self.down:
            return self.answer(h, 503, {"error": "Service Unavailable"})
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if h.headers.get("Authorization") != f"Basic {expected}":
            return self.answer(h, 401, {"error": "Unauthorized"})
        if h.path == "/api/v2/user/check/status":
            nik = str(json.loads(body or b"{}").get("nik", ""))
            self.requests.append({"route": h.path, "nik": nik})
            account = self.accounts.get(nik)
            if account is None:
                return self.answer(h, 200, {"status": "NOT_REGISTERED",
                                            "message": "Pengguna tidak terdaftar"})  # fmt: skip
            status = "EXPIRED" if account.expired else "ISSUE"
            return self.answer(h, 200, {"status": status, "message": "Sertifikat " + status})
        fields, pdf = self.parse(h.headers.get("Content-Type", ""), body)
        self.requests.append({"route": h.path, **{k: v for k, v in fields.items()}})
        if h.path == "/api/v2/verify/pdf":
            report = validate(pdf, [testca.asn1(self.ca.cert)])
            return self.answer(h, 200, {
                "jumlah_signature": len(report.signatures),
                "details": [{"signer": s.signer, "valid": s.intact} for s in report.signatures],
            })  # fmt: skip
        if h.path != "/api/v2/sign/pdf":
            return self.answer(h, 404, {"error": "Not Found"})
        account = self.accounts.get(fields.get("nik", ""))
        if account is None:
            return self.answer(h, 400, {"status_code": 2021,
                                        "error": "Pengguna tidak terdaftar"})  # fmt: skip
        if fields.get("passphrase") != account.passphrase:
            return self.answer(h, 400, {"status_code": 2031,
                                        "error": "Passphrase anda salah"})  # fmt: skip
        if account.expired:
            return self.answer(h, 400, {"status_code": 2051,
                                        "error": "Sertifikat sudah kadaluarsa"})  # fmt: skip
        props = json.loads(fields.get("signatureProperties", "[{}]"))[0]
        placement = image = None
        if props.get("tampilan") == "VISIBLE":
            x, y = float(props["originX"]), float(props["originY"])
            placement = pades.Placement(
                int(props["page"]) - 1,
                (x, y, x + float(props["width"]), y + float(props["height"])),
            )
            image = base64.b64decode(props.get("imageBase64", ""))
        count = len(validate(pdf, []).signatures)
        signed = pades.sign(
            pdf, pades.signer_from_pkcs12(account.pkcs12),
            field_name=f"{'Pengesahan' if placement else 'Paraf'}-BSrE-{count + 1}",
            reason=str(props.get("reason", "")), location=str(props.get("location", "")),
            placement=placement, image_png=image,
        )  # fmt: skip
        return self.answer(h, 200, {"file": [base64.b64encode(signed).decode()]})

    @staticmethod
    def parse(content_type: str, body: bytes) -> tuple[dict[str, str], bytes]:
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        fields: dict[str, str] = {}
        pdf = b""
        for part in message.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if name == "file":
                pdf = payload
            elif name:
                fields[name] = payload.decode()
        return fields, pdf

    @staticmethod
    def answer(h: BaseHTTPRequestHandler, status: int, data: dict[str, Any]) -> None:
        raw = json.dumps(data).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(raw)))
        h.end_headers()
        h.wfile.write(raw)
