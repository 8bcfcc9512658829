"""Media on S3-compatible storage (MEDIA_S3_BUCKET), against a local S3 server the test starts.

The server is moto's (``python -m moto.server``), a separate process speaking the S3 protocol over HTTP on
127.0.0.1, so the portal's storage goes through boto3 and the network exactly as it would to AWS S3 or
MinIO. The test stores a photo through the services, checks that the original and its renditions are
objects in the bucket (and nothing on the local disk), reads them back through the access-checked views,
and removes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase

from submissions import services
from tests.faults import free_port, wait_for_port
from tests.submissions.conftest import jpeg_bytes, make_draft, make_published

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "portal-media-test"
KEYS = {"access_key": "portal-test", "secret_key": "portal-test-secret"}


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_port(port, process, timeout=30):
            pytest.fail("the local S3 server (moto) did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_S3_BUCKET = BUCKET
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "location": "media",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                **KEYS,
            },
        },
    }
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client) -> set[str]:
    return {obj["Key"] for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_photos_live_in_the_bucket_and_are_served_through_the_views(bucket, settings, client, alice, editor):
    item = make_published(alice, editor, title="Ảnh lưu trên kho S3")
    photo = item.photos.get()
    names = {photo.file.name, photo.thumbnail.name, photo.page_image.name}
    assert all(names), "the original and both renditions are stored"
    assert {f"media/{name}" for name in names} <= _keys(bucket)
    assert not Path(settings.MEDIA_ROOT).exists(), "nothing is written to the local disk"

    original = bucket.get_object(Bucket=BUCKET, Key=f"media/{photo.file.name}")["Body"].read()
    client.force_login(alice)
    response = client.get(f"/photos/{photo.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == original

    public = client.get(f"/news/photos/{photo.pk}/page.jpg")
    assert public.status_code == 200
    assert b"".join(public.streaming_content)[:2] == b"\xff\xd8"  # a JPEG made by the portal


@pytest.mark.django_db
def test_removing_a_draft_photo_removes_its_objects(bucket, alice):
    draft = make_draft(alice)
    photo = draft.photos.get()
    key = f"media/{photo.file.name}"
    assert key in _keys(bucket)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.photo_remove(photo=photo, by=alice)
    assert key not in _keys(bucket)


@pytest.mark.django_db
def test_two_uploads_with_one_name_both_stay(bucket):
    first = default_storage.save("photos/anh.jpg", ContentFile(jpeg_bytes(seed=1)))
    second = default_storage.save("photos/anh.jpg", ContentFile(jpeg_bytes(seed=2)))
    assert first != second
    assert {f"media/{first}", f"media/{second}"} <= _keys(bucket)


def test_the_bucket_is_configured_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_SECRET_KEY": "tests-only",
        "MEDIA_S3_BUCKET": "portal-media",
        "MEDIA_S3_ENDPOINT_URL": "http://minio:9000",
        "MEDIA_S3_REGION": "vn-south-1",
        "MEDIA_S3_PREFIX": "soc-trang",
        "MEDIA_S3_ADDRESSING_STYLE": "path",
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.files.storage import default_storage as s\n"
        "print(type(s._wrapped if hasattr(s, '_wrapped') else s).__name__ if s.bucket_name else '',"
        " s.bucket_name, s.endpoint_url, s.region_name, s.location, s.addressing_style, s.default_acl, s.file_overwrite)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [
        "S3Storage",
        "portal-media",
        "http://minio:9000",
        "vn-south-1",
        "soc-trang",
        "path",
        "None",
        "False",
    ]
