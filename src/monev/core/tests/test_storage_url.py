"""`STORAGE_URL` names the default storage: empty is the local disk under MEDIA_ROOT, an
`s3://` URL an S3-compatible bucket through django-storages (decision 0024)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monev.core import storage_url


def test_an_s3_url_gives_a_private_bucket_that_never_overwrites() -> None:
    entry = storage_url.parse(
        "s3://monev-berkas/balangan?endpoint_url=https://s3.example.go.id"
        "&region_name=us-east-1&addressing_style=path&verify=false&querystring_expire=60"
    )
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    options = entry["OPTIONS"]
    assert options["bucket_name"] == "monev-berkas" and options["location"] == "balangan"
    assert options["endpoint_url"] == "https://s3.example.go.id"
    assert options["addressing_style"] == "path" and options["verify"] is False
    assert options["querystring_expire"] == 60
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert "access_key" not in options  # from AWS_ACCESS_KEY_ID in the environment
    assert storage_url.describe(entry) == "s3://monev-berkas/balangan (https://s3.example.go.id)"


def test_credentials_in_the_url_are_decoded_and_not_described() -> None:
    entry = storage_url.parse("s3://kunci:rahasia%2Fku@berkas?endpoint_url=http://s3:8333")
    assert entry["OPTIONS"]["access_key"] == "kunci"
    assert entry["OPTIONS"]["secret_key"] == "rahasia/ku"
    assert "rahasia" not in storage_url.describe(entry)


@pytest.mark.parametrize("url", ["file:///srv/berkas", "s3://", "s3:///awalan"])
def test_an_unusable_url_is_refused_with_a_message(url: str) -> None:
    with pytest.raises(storage_url.StorageUrlError, match="STORAGE_URL"):
        storage_url.parse(url)


def test_the_default_is_the_local_disk_under_media_root(settings: Any) -> None:
    from django.core.files.storage import default_storage

    assert settings.STORAGES["default"] == storage_url.LOCAL  # no STORAGE_URL in the tests
    assert default_storage.path("bukti/a.pdf") == str(Path(settings.MEDIA_ROOT, "bukti/a.pdf"))
