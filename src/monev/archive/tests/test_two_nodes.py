"""Two stateless app servers on one PostgreSQL and one S3-compatible object store, with the
task worker beside them (README "Produksi", issue #26 item 2): moto's S3 server, two
`gunicorn monev.wsgi --no-control-socket` processes each in a working directory of its own,
one `monev db_worker`. An evidence file uploaded through node A downloads through node B; a
report version rendered by the worker downloads through both; an archive entry sealed on
node B verifies on node A (its page and `monev verify_archive` run from A's directory);
nothing of it lands on either node's own disk; and the sealed object, replaced in the bucket,
is named by `monev verify_archive` and refused as a download."""

from __future__ import annotations

import hashlib
import json
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.test import Client
from django.urls import reverse

from monev.archive.backup import stored_names
from monev.core.tests import topology

pytestmark = [pytest.mark.multinode, pytest.mark.django_db(transaction=True)]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _ports(count: int) -> list[int]:
    """Free ports of this project's range (8150–8159), else any free ones."""
    found = [p for p in range(8150, 8160) if topology.port_free(p)][:count]
    return found if len(found) == count else [0] * count


class Node:
    """HTTP to one app server as one signed-in user (session cookie shared through the DB)."""

    def __init__(self, port: int, session: str) -> None:
        self.base, self.csrf = f"http://127.0.0.1:{port}", secrets.token_hex(16)
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"

    def request(self, path: str, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:  # fmt: skip
        request = urllib.request.Request(self.base + path, data=data, method="POST" if data
                                         is not None else "GET")  # fmt: skip
        request.add_header("Cookie", self.cookie)
        request.add_header("X-CSRFToken", self.csrf)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def upload(self, path: str, fields: dict[str, str], name: str, data: bytes) -> Any:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Requested-With": "fetch",
        })  # fmt: skip


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def cluster(tmp_path: Path, settings: Any) -> Any:
    """The object store, then (after the test's data is in) two app servers and a worker."""
    if connection.vendor != "postgresql":
        pytest.skip("the topology runs on PostgreSQL (one database for every node)")
    s3_port, port_a, port_b = _ports(3)
    if not s3_port:
        s3_port, port_a, port_b = (_free() for _ in range(3))
    started: list[subprocess.Popen[bytes]] = [topology.start_s3(s3_port, tmp_path / "s3")]
    storage_url = topology.create_bucket(s3_port, f"monev-{uuid.uuid4().hex[:8]}")
    local = FileSystemStorage(location=settings.MEDIA_ROOT)
    from monev.core import storage_url as parse

    settings.STORAGES = {**settings.STORAGES, "default": parse.parse(storage_url)}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def start() -> dict[str, int]:
        # What the fixtures wrote on this process's disk (the agency's logo …) moves to the
        # store, as an installation moving to several servers would copy it.
        store = storages["default"]
        for name in stored_names(local):
            with local.open(name, "rb") as handle:
                store.save(name, handle)
        env = {"database_url": _database_url(), "storage_url": storage_url,
               "DEBUG": "true", "SECRET_KEY": settings.SECRET_KEY}  # fmt: skip
        for name, port in (("a", port_a), ("b", port_b)):
            workdir = tmp_path / f"node-{name}"
            started.append(topology.start_app(port, topology.node_env(workdir=workdir, **env),
                                              workdir))  # fmt: skip
        worker_dir = tmp_path / "worker"
        started.append(topology.start_worker(topology.node_env(workdir=worker_dir, **env),
                                             worker_dir))  # fmt: skip
        return {"a": port_a, "b": port_b}

    start.env = lambda workdir: topology.node_env(  # type: ignore[attr-defined]
        workdir=workdir, database_url=_database_url(), storage_url=storage_url, DEBUG="true",
        SECRET_KEY=settings.SECRET_KEY,
    )  # fmt: skip
    try:
        yield start
    finally:
        for process in reversed(started):
            topology.stop(process)
        connection.close()


def _free() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _session(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def _on_disk(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "media" in p.parts]


def test_two_app_servers_share_the_database_and_the_object_store(
    cluster: Any, small_plan: Any, sop_cycle: Any, personas: Any, tmp_path: Path
) -> None:
    from monev.archive.models import ArchiveEntry
    from monev.archive.tests.conftest import ratify
    from monev.collection.models import Evidence, Submission
    from monev.planning.models import Indicator
    from monev.reports import services as reports
    from monev.reports.choices import JobStatus
    from monev.reports.models import RenderJob
    from monev.sop import services as sop_services
    from monev.sop.testing import run_of

    started = time.monotonic()
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    submission = Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")
    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    ports = cluster()
    operator = _session(personas["operator.koperasi"])
    kasubag = _session(personas["kasubag"])

    # 1. Evidence uploaded through A, downloaded through B.
    data = b"%PDF-1.4 daftar hadir pemeriksaan koperasi " + secrets.token_bytes(64)
    status, body, _ = Node(ports["a"], operator).upload(
        reverse("collection:evidence_upload", args=[submission.pk]),
        {"indicator": str(indicator.pk)},
        "hadir.pdf",
        data,
    )
    assert status == 200, body[:500]
    answer = json.loads(body)
    assert answer["ok"], answer
    evidence = Evidence.objects.get()
    status, served, headers = Node(ports["b"], _session(personas["kadis"])).request(answer["url"])
    assert status == 200 and served == data and headers["Content-Type"] == "application/pdf"

    # 2. A version rendered by the worker, downloaded through both nodes.
    report = reports.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    job = reports.generate_request(actor=personas["kasubag"], cycle=sop_cycle)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (JobStatus.SELESAI, JobStatus.GAGAL):
            break
        time.sleep(0.2)
    assert job.status == JobStatus.SELESAI, (job.status, job.error)
    version = RenderJob.objects.get(pk=job.pk).version
    assert version is not None
    for node in ("a", "b"):
        status, pdf, _ = Node(ports[node], kasubag).request(f"/laporan/versi/{version.pk}/pdf/")
        assert status == 200 and hashlib.sha256(pdf).hexdigest() == version.sha256, node

    # 3. The report ratified, its archive entry sealed on B; verified on A.
    ratify(report, ratifier=personas["kadis"])
    status, _, headers = Node(ports["b"], kasubag).request(
        f"/arsip/siklus/{sop_cycle.pk}/arsipkan/", b"", FORM
    )
    assert status == 302, status
    entry = ArchiveEntry.objects.get()
    assert headers["Location"].endswith(f"/arsip/{entry.code}/")
    status, page, _ = Node(ports["a"], kasubag).request(f"/arsip/{entry.code}/periksa/", b"", FORM)
    assert status == 200 and "Utuh: berkas yang tersimpan sama persis" in page.decode()
    status, pdf, _ = Node(ports["a"], kasubag).request(f"/arsip/{entry.code}/unduh/")
    assert status == 200 and hashlib.sha256(pdf).hexdigest() == entry.sha256
    node_a = tmp_path / "node-a"
    check = subprocess.run(
        [sys.executable, "-m", "monev.cli", "verify_archive"], cwd=node_a,
        env=cluster.env(node_a), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert check.returncode == 0 and "1 archive entries match" in check.stdout, check.stderr

    # Nothing of it on either node's own disk: every file is in the object store.
    store = storages["default"]
    names = set(stored_names(store))
    assert {evidence.file.name, version.pdf.name, entry.file.name} <= names
    for node in ("node-a", "node-b", "worker"):
        assert _on_disk(tmp_path / node) == [], node
    assert time.monotonic() - started < 60

    # The integrity check holds on the store: the sealed object replaced in the bucket by
    # someone with its keys is named by `monev verify_archive` and refused as a download.
    from django.core.files.base import ContentFile

    store.delete(entry.file.name)
    assert store.save(entry.file.name, ContentFile(b"%PDF-1.7 diganti")) == entry.file.name
    node_b = tmp_path / "node-b"
    check = subprocess.run(
        [sys.executable, "-m", "monev.cli", "verify_archive"], cwd=node_b,
        env=cluster.env(node_b), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert check.returncode != 0 and "changed (SHA-256 differs)" in check.stderr, check.stderr
    status, _, _ = Node(ports["a"], kasubag).request(f"/arsip/{entry.code}/unduh/")
    assert status == 409
