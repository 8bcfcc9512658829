"""``manage.py check_photos PATH [PATH ...]``: run the photo-quality checker on files.

    python manage.py check_photos a.jpg b.jpg --format json --min-long-edge 600

Prints, per file, the verdict ("pass", "warn", "fail"), the problems with their messages in
Vietnamese (or ``--language``), and the measured metrics. Thresholds come from the checker's
defaults, overridden by the ``PHOTO_QUALITY`` setting (a dict of ``Thresholds`` field names), then
by ``--min-long-edge``.
"""

from __future__ import annotations

import dataclasses
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from submissions import photo_quality


def thresholds_from_settings() -> photo_quality.Thresholds:
    """The checker's thresholds with the fields named in ``settings.PHOTO_QUALITY`` overridden."""
    overrides = getattr(settings, "PHOTO_QUALITY", None) or {}
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured("PHOTO_QUALITY must be a dict of photo_quality.Thresholds field names.")
    types = {f.name: f.type for f in dataclasses.fields(photo_quality.Thresholds)}
    unknown = sorted(set(overrides) - set(types))
    if unknown:
        raise ImproperlyConfigured(f"PHOTO_QUALITY has unknown fields: {', '.join(unknown)}")
    cleaned = {}
    for name, value in overrides.items():
        try:
            cleaned[name] = int(value) if types[name] in (int, "int") else float(value)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"PHOTO_QUALITY[{name!r}] must be a number, not {value!r}.") from None
    return dataclasses.replace(photo_quality.DEFAULT_THRESHOLDS, **cleaned)


def with_min_long_edge(thresholds: photo_quality.Thresholds, pixels: int) -> photo_quality.Thresholds:
    """Lower or raise the size limit; the warning edge keeps its default ratio (1200/800 = 1.5x)."""
    ratio = thresholds.warn_long_edge / max(1, thresholds.min_long_edge)
    return dataclasses.replace(thresholds, min_long_edge=pixels, warn_long_edge=max(pixels, round(pixels * ratio)))


class Command(BaseCommand):
    help = "Check photos for size, sharpness, exposure, contrast, noise, compression and framing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="photo files to check")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
        parser.add_argument(
            "--min-long-edge",
            type=int,
            metavar="PIXELS",
            help="smallest acceptable long edge (the warning limit scales with it)",
        )
        parser.add_argument("--language", default="vi", help="language of the messages (default: vi)")
        parser.add_argument(
            "--deep", action="store_true", help="decode every pixel (slower; measures blocking of large JPEGs too)"
        )

    def handle(self, *args, **options):
        thresholds = thresholds_from_settings()
        if options["min_long_edge"] is not None:
            if options["min_long_edge"] < 1:
                raise CommandError("--min-long-edge must be a positive number of pixels.")
            thresholds = with_min_long_edge(thresholds, options["min_long_edge"])
        check = photo_quality.deep_check_photo if options["deep"] else photo_quality.check_photo
        results = []
        with translation.override(options["language"]):
            for path in options["paths"]:
                report = check(path, thresholds=thresholds)
                results.append(
                    {
                        "file": path,
                        "verdict": report.verdict,
                        "problems": [
                            {"code": p.code, "severity": p.severity, "message": gettext(p.message)}
                            for p in report.problems
                        ],
                        "metrics": report.metrics,
                        "width": report.width,
                        "height": report.height,
                    }
                )
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for result in results:
            size = f"{result['width']}x{result['height']}" if result["width"] else "?"
            self.stdout.write(f"{result['file']}: {result['verdict'].upper()} ({size})")
            for problem in result["problems"]:
                self.stdout.write(f"  [{problem['severity']}] {problem['code']}: {problem['message']}")
