"""The duplicate check: an item's text against every submitted item of its committee (MinHash, looked
up by LSH band keys) and its photos against the committee's photos (perceptual hashes, looked up by
their chunks), so the cost per check does not grow with the archive. The machine only marks; the
editor decides (``duplicate_dismiss`` here, or the "as a duplicate" rows of the workflow table)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from portal import roles
from portal.models import User
from submissions import photo_hash, similarity
from submissions.models import (
    DuplicateMatch,
    DuplicateStatus,
    Photo,
    PhotoHash,
    Submission,
    TextBand,
    TextSignature,
)
from submissions.richtext import body_text
from submissions.services._common import record
from submissions.workflow import DISMISS_DUPLICATE, TransitionNotAllowed

# The most candidates a text lookup scores (those sharing the most band keys come first).
MAX_CANDIDATES = 50


def item_text(submission: Submission) -> str:
    return " ".join((submission.title, submission.summary, body_text(submission.body)))


# --- text ------------------------------------------------------------------------------------------


def index_text(submission: Submission) -> list[int]:
    """Store the item's signature and band keys (replacing older ones); returns the keys."""
    sig = similarity.text_signature(item_text(submission))
    keys = similarity.band_keys(sig)
    TextSignature.objects.update_or_create(submission=submission, defaults={"signature": similarity.to_bytes(sig)})
    TextBand.objects.filter(submission=submission).delete()
    TextBand.objects.bulk_create(
        [TextBand(submission=submission, committee_id=submission.committee_id, key=k) for k in keys]
    )
    return keys


def text_matches(submission: Submission, *, keys: list[int] | None = None) -> list[tuple[int, float]]:
    """(earlier item id, score) of the submitted items of the committee whose text is at least
    ``similarity.THRESHOLD`` alike, best first. Only items sharing a band key are looked at."""
    sig = similarity.text_signature(item_text(submission))
    keys = keys if keys is not None else similarity.band_keys(sig)
    candidates = (
        TextBand.objects.filter(committee_id=submission.committee_id, key__in=keys)
        .exclude(submission_id=submission.pk)
        .values("submission_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("submission_id", flat=True)[:MAX_CANDIDATES]
    )
    signatures = TextSignature.objects.filter(submission_id__in=list(candidates)).values_list(
        "submission_id", "signature"
    )
    scored = [(pk, similarity.similarity(sig, similarity.from_bytes(raw))) for pk, raw in signatures]
    return sorted(((pk, s) for pk, s in scored if s >= similarity.THRESHOLD), key=lambda m: -m[1])


# --- photos ----------------------------------------------------------------------------------------


def photo_variants(content: bytes) -> list[int]:
    """The hash of the whole photo, then of the nine 90% crops of the grid."""
    return photo_hash.crop_variants(photo_hash.open_small(content))


def hash_rows(photo_id: int, committee_id: int, hashes: list[int]) -> list[PhotoHash]:
    rows = []
    for variant, value in enumerate(hashes):
        c0, c1, c2, c3 = photo_hash.chunks(value)
        rows.append(
            PhotoHash(
                photo_id=photo_id,
                committee_id=committee_id,
                variant=variant,
                value=photo_hash.to_signed(value),
                c0=c0,
                c1=c1,
                c2=c2,
                c3=c3,
            )
        )
    return rows


def index_photo(photo: Photo, content: bytes | None = None) -> int:
    """Store the photo's hashes (replacing older ones); returns the hash of the whole photo."""
    if content is None:
        with photo.file.open("rb") as fh:
            content = fh.read()
    hashes = photo_variants(content)
    PhotoHash.objects.filter(photo=photo).delete()
    PhotoHash.objects.bulk_create(hash_rows(photo.pk, photo.submission.committee_id, hashes))
    return hashes[0]


def similar_photo_ids(value: int, committee_id: int, *, exclude_photo: int | None = None) -> dict[int, int]:
    """{photo id: differing bits} of the committee's photos within ``photo_hash.MAX_DISTANCE`` bits of
    ``value`` (in any of their stored variants)."""
    probes = photo_hash.probe_values(value)
    where = Q()
    for i, values in enumerate(probes):
        where |= Q(**{f"c{i}__in": values})
    rows = PhotoHash.objects.filter(where, committee_id=committee_id)
    if exclude_photo is not None:
        rows = rows.exclude(photo_id=exclude_photo)
    found: dict[int, int] = {}
    for photo_id, stored in rows.values_list("photo_id", "value"):
        d = photo_hash.distance(value, photo_hash.to_unsigned(stored))
        if d <= photo_hash.MAX_DISTANCE and d < found.get(photo_id, 65):
            found[photo_id] = d
    return found


@dataclass(frozen=True)
class PhotoMatch:
    earlier_photo: Photo
    distance: int

    @property
    def score(self) -> float:
        return 1 - self.distance / 64


def photo_matches(photo: Photo, value: int | None = None) -> list[PhotoMatch]:
    """The photos of the committee's other submitted items that ``photo`` repeats, closest first."""
    if value is None:
        stored = PhotoHash.objects.filter(photo=photo, variant=0).values_list("value", flat=True).first()
        if stored is None:
            return []
        value = photo_hash.to_unsigned(stored)
    committee_id = photo.submission.committee_id
    found = similar_photo_ids(value, committee_id, exclude_photo=photo.pk)
    earlier = (
        Photo.objects.filter(pk__in=found, removed=False, submission__first_submitted_at__isnull=False)
        .exclude(submission_id=photo.submission_id)
        .select_related("submission__unit")
    )
    return sorted((PhotoMatch(p, found[p.pk]) for p in earlier), key=lambda m: (m.distance, m.earlier_photo.pk))


@transaction.atomic
def photo_check_on_upload(*, photo: Photo, content: bytes) -> list[PhotoMatch]:
    """Index a photo just uploaded and return the earlier photos it repeats (for the upload's verdict)."""
    value = index_photo(photo, content)
    return photo_matches(photo, value)


# --- the item --------------------------------------------------------------------------------------


@transaction.atomic
def check_submission(*, submission_id: int) -> Submission | None:
    """Index a submitted item's text and compare it and its photos with the committee's archive;
    keep the matches and mark the item when there are any. Idempotent: run again after each
    submission. An editor's decision ("not a duplicate", "duplicate") is kept."""
    submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
    if submission is None or submission.first_submitted_at is None:
        return None
    matches = [
        DuplicateMatch(submission=submission, earlier_id=pk, kind=DuplicateMatch.Kind.TEXT, score=score)
        for pk, score in text_matches(submission, keys=index_text(submission))
    ]
    for photo in submission.photos.filter(removed=False):
        if not PhotoHash.objects.filter(photo=photo).exists():
            index_photo(photo)
        matches += [
            DuplicateMatch(
                submission=submission,
                earlier_id=m.earlier_photo.submission_id,
                kind=DuplicateMatch.Kind.PHOTO,
                score=m.score,
                photo=photo,
                earlier_photo=m.earlier_photo,
            )
            for m in photo_matches(photo)
        ]
    DuplicateMatch.objects.filter(submission=submission).delete()
    DuplicateMatch.objects.bulk_create(matches)
    status = submission.duplicate_status
    if matches and status == DuplicateStatus.NONE:
        status = DuplicateStatus.SUSPECTED
    elif not matches and status == DuplicateStatus.SUSPECTED:
        status = DuplicateStatus.NONE
    if status != submission.duplicate_status:
        submission.duplicate_status = status
        submission.save(update_fields=["duplicate_status"])
    return submission


@transaction.atomic
def duplicate_dismiss(*, submission: Submission, by: User, reason: str) -> Submission:
    """An editor decides the marked item is not a duplicate: the mark is cleared and the reason
    recorded in the item's history."""
    if not roles.in_group(by, roles.EDITORIAL):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise TransitionNotAllowed(_("Say why this item is not a duplicate."))
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.duplicate_status != DuplicateStatus.SUSPECTED:
        raise TransitionNotAllowed(_("This item is not marked as a possible duplicate."))
    submission.duplicate_status = DuplicateStatus.CLEARED
    submission.save(update_fields=["duplicate_status"])
    record(submission, by, DISMISS_DUPLICATE, submission.state, submission.state, reason)
    return submission
