"""``manage.py index_duplicates``: give the existing archive (the demo data too) its text signatures
and photo hashes, so the duplicate check compares new items with it.

    python manage.py index_duplicates            # only what has no signature or hash yet
    python manage.py index_duplicates --rebuild  # everything again (after changing the hashing)
    python manage.py index_duplicates --check    # and run the check on items waiting for review

Idempotent. Indexing does not mark archived items: they were decided already. ``--check`` runs the
check on the items still waiting for the editorial board (submitted, in review, approved).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from submissions.models import Photo, PhotoHash, Submission, TextSignature
from submissions.services import duplicates


class Command(BaseCommand):
    help = "Compute the text signatures and photo hashes of the archive for the duplicate check."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Recompute signatures and hashes that exist.")
        parser.add_argument("--check", action="store_true", help="Check the items waiting for review.")

    def handle(self, *args, rebuild: bool = False, check: bool = False, **options) -> None:
        items = Submission.objects.filter(first_submitted_at__isnull=False).order_by("pk")
        if not rebuild:
            items = items.exclude(pk__in=TextSignature.objects.values("submission_id"))
        texts = 0
        for submission in items.iterator(chunk_size=500):
            duplicates.index_text(submission)
            texts += 1
        photos = Photo.objects.filter(removed=False).select_related("submission").order_by("pk")
        if not rebuild:
            photos = photos.exclude(pk__in=PhotoHash.objects.values("photo_id"))
        hashed = missing = 0
        for photo in photos.iterator(chunk_size=200):
            try:
                duplicates.index_photo(photo)
            except OSError:
                missing += 1  # the file is gone or unreadable: nothing to compare
                continue
            hashed += 1
        checked = 0
        if check:
            waiting = Submission.objects.filter(state__in=("submitted", "in_review", "approved"))
            for pk in waiting.values_list("pk", flat=True):
                duplicates.check_submission(submission_id=pk)
                checked += 1
        self.stdout.write(
            f"Indexed {texts} item texts and {hashed} photos ({missing} unreadable); checked {checked} items."
        )
