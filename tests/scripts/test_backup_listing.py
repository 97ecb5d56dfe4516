"""`make backup` on object storage lists the bucket (key, size, ETag): the objects stay in the bucket."""

import importlib.util
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto import mock_aws

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "backup.py"


def backup_script():
    spec = importlib.util.spec_from_file_location("backup_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bucket(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="lc-backup-test")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "lc-backup-test"}},
            "private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": "lc-backup-test", "location": "private"},
            },
        }
        yield


def test_each_storage_on_object_storage_is_listed_not_copied(bucket):
    storages["default"].save("original_images/photo.jpg", ContentFile(b"jpeg bytes"))
    storages["private"].save("forms/1/2/evidence.pdf", ContentFile(b"%PDF-1.4 evidence"))
    script = backup_script()

    found = {alias: root for alias, _storage, root in script.file_storages()}
    assert found == {"default": None, "private": None}  # nothing on local disk to archive

    listing = script.bucket_listing(storages["private"])
    assert [(item["key"], item["size"]) for item in listing] == [("private/forms/1/2/evidence.pdf", 17)]
    assert len(listing[0]["etag"]) == 32
    everything = script.bucket_listing(storages["default"])
    assert {item["key"] for item in everything} == {"original_images/photo.jpg", "private/forms/1/2/evidence.pdf"}
