"""``manage.py check_photos`` on generated files (no database needed)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from submissions.management.commands.check_photos import thresholds_from_settings, with_min_long_edge
from submissions.photo_quality import DEFAULT_THRESHOLDS


def photo(path, size=(900, 600), seed=0, dark=False):
    rng = np.random.default_rng(seed)
    w, h = size
    small = rng.integers(0, 256, (h // 20, w // 20, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize(size, Image.Resampling.NEAREST)  # sharp-edged blocks of colour
    if dark:
        img = Image.fromarray((np.asarray(img) // 8).astype(np.uint8))
    img.save(path, "JPEG", quality=92)
    return str(path)


def run(*args) -> str:
    out = io.StringIO()
    call_command("check_photos", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_json_report_per_file_with_translated_messages(tmp_path):
    good = photo(tmp_path / "good.jpg")
    dark = photo(tmp_path / "dark.jpg", dark=True)
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not a photo")
    data = json.loads(run(good, dark, str(junk), "--format", "json", "--min-long-edge", "600"))
    assert [r["file"] for r in data] == [good, dark, str(junk)]
    assert data[0]["verdict"] == "pass", data[0]
    assert data[0]["metrics"]["analysed_width"] == 900
    assert {p["code"] for p in data[1]["problems"] if p["severity"] == "fail"} >= {"too_dark"}
    assert [p["code"] for p in data[2]["problems"]] == ["not_an_image"]
    for result in data:
        assert set(result) >= {"file", "verdict", "problems", "metrics"}
        for problem in result["problems"]:
            assert set(problem) == {"code", "severity", "message"}
            assert problem["message"]
    with translation.override("vi"):
        english = "This file is not a photo we can read: send the photo as a JPEG or PNG file."
        assert data[2]["problems"][0]["message"] == gettext(english)


def test_the_default_size_limit_applies_without_the_option(tmp_path):
    data = json.loads(run(photo(tmp_path / "small.jpg", size=(700, 500)), "--format", "json"))
    assert "too_small" in {p["code"] for p in data[0]["problems"] if p["severity"] == "fail"}


def test_it_prints_readable_text_by_default(tmp_path):
    text = run(photo(tmp_path / "a.jpg"), photo(tmp_path / "b.jpg", dark=True), "--min-long-edge", "600")
    assert "a.jpg: PASS (900x600)" in text
    assert "b.jpg: FAIL" in text and "too_dark" in text


def test_min_long_edge_scales_the_warning_edge():
    th = with_min_long_edge(DEFAULT_THRESHOLDS, 600)
    assert (th.min_long_edge, th.warn_long_edge) == (600, 900)


def test_the_setting_overrides_thresholds(settings):
    settings.PHOTO_QUALITY = {"min_long_edge": 500, "noise_fail_sigma": "12"}
    th = thresholds_from_settings()
    assert th.min_long_edge == 500 and th.noise_fail_sigma == 12.0
    settings.PHOTO_QUALITY = {"no_such_threshold": 1}
    with pytest.raises(ImproperlyConfigured):
        thresholds_from_settings()
