"""The production topology started for real on loopback ports (README "Produksi"): an
S3-compatible object store (moto's server mode, a real S3 API over HTTP), app servers
(`gunicorn monev.wsgi --no-control-socket`, each in a working directory of its own) and the
task worker (`monev db_worker`), all on one database. Used by the two-node test and by
`bench/load --app-servers 2`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

#: moto accepts any credentials; the app reads them from the environment like a real store's.
S3_KEYS = {"AWS_ACCESS_KEY_ID": "monev-uji", "AWS_SECRET_ACCESS_KEY": "rahasia-uji"}
SRC = Path(__file__).resolve().parents[3]  # the directory holding the `monev` package


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{url} stopped:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.15)
    raise RuntimeError(f"{url} did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


def _start(
    command: list[str], env: Mapping[str, str], cwd: Path, log: Path
) -> subprocess.Popen[bytes]:
    cwd.mkdir(parents=True, exist_ok=True)
    out = log.open("wb")
    try:
        return subprocess.Popen(
            command, env=dict(env), cwd=cwd, stdout=out, stderr=out, start_new_session=True
        )
    finally:
        out.close()  # the child keeps its own descriptor


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started here and its children (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def start_s3(port: int, folder: Path) -> subprocess.Popen[bytes]:
    """moto's S3 server on `port` (in memory)."""
    log = folder / "s3.log"
    process = _start(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        {**os.environ, **S3_KEYS}, folder, log,
    )  # fmt: skip
    _wait(f"http://127.0.0.1:{port}/moto-api/", process, log)
    time.sleep(0.2)
    if process.poll() is not None:  # the port was taken by another server meanwhile
        raise RuntimeError(f"S3 server on port {port} stopped:\n{log.read_text()[-2000:]}")
    return process


def create_bucket(port: int, bucket: str) -> str:
    """Create `bucket` on the store of `port`; return the STORAGE_URL naming it (with the
    credentials in it, for this process too)."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
        aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    )  # fmt: skip
    client.create_bucket(Bucket=bucket)
    keys = f"{S3_KEYS['AWS_ACCESS_KEY_ID']}:{S3_KEYS['AWS_SECRET_ACCESS_KEY']}"
    return (
        f"s3://{keys}@{bucket}?endpoint_url=http://127.0.0.1:{port}&region_name=us-east-1"
        "&addressing_style=path"
    )


def node_env(*, database_url: str, storage_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of one app server or worker: the shared database and store, a
    working directory (var/, media/) of its own that nothing else reads."""
    env = dict(os.environ)
    env.update(
        S3_KEYS,
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="monev.settings",
        DATABASE_URL=database_url,
        STORAGE_URL=storage_url,
        MONEV_VAR_DIR=str(workdir / "var"),
        MEDIA_ROOT=str(workdir / "var" / "media"),
        MONEV_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        TWO_FACTOR_REQUIRED_ROLES="",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
    )
    env.pop("MONEV_TEST_REPORT", None)
    env.update(extra)
    return env


def start_app(
    port: int, env: Mapping[str, str], workdir: Path, workers: int = 1
) -> subprocess.Popen[bytes]:
    """`gunicorn monev.wsgi` on `port`, run from `workdir`; waits until it answers."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    log = workdir / "gunicorn.log"
    process = _start(
        [gunicorn, "monev.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--no-control-socket", "--log-level", "warning"],
        env, workdir, log,
    )  # fmt: skip
    _wait(f"http://127.0.0.1:{port}/accounts/login/", process, log)
    return process


def start_worker(
    env: Mapping[str, str], workdir: Path, interval: float = 0.2
) -> subprocess.Popen[bytes]:
    """The task worker of README (`monev db_worker`), polling the shared database."""
    return _start(
        [sys.executable, "-m", "monev.cli", "db_worker", "--interval", str(interval),
         "--no-startup-delay", "--no-reload"],
        env, workdir, workdir / "worker.log",
    )  # fmt: skip
