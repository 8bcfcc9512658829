"""``manage.py make_renditions``: make the renditions (thumbnail, page copy) that existing photos lack,
so that no page ever has to: pages only serve renditions, and stand in the original (signed-in
pages) or nothing (the public site) while one is missing.

    python manage.py make_renditions            # only the photos missing one
    python manage.py make_renditions --rebuild  # every photo again (after changing their sizes)

Idempotent; ``load_demo`` runs it. Each photo is decoded once, at reduced scale.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q

from submissions.models import Photo
from submissions.photos import RENDITION_FIELDS, make_renditions


class Command(BaseCommand):
    help = "Make the missing renditions (thumbnail, page copy) of the stored photos."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Make every photo's renditions again.")

    def handle(self, *args, rebuild: bool = False, **options) -> None:
        photos = Photo.objects.filter(removed=False).exclude(file="").order_by("pk")
        if not rebuild:
            missing = Q()
            for field in RENDITION_FIELDS.values():
                missing |= Q(**{field: ""})
            photos = photos.filter(missing)
        made = failed = 0
        for photo in photos.iterator(chunk_size=100):
            try:
                if rebuild:
                    _forget_renditions(photo)
                made += make_renditions(photo)
            except Exception as exc:  # one unreadable file must not stop the others
                failed += 1
                self.stderr.write(f"photo {photo.pk} ({photo.file.name}): {exc!r}")
        self.stdout.write(f"renditions made for {made} photo(s); {failed} failed")


def _forget_renditions(photo: Photo) -> None:
    """Clear a photo's renditions and delete their files, unless another photo row shares them (the
    demo archive's items share their photos' files)."""
    for field in RENDITION_FIELDS.values():
        name = getattr(photo, field).name
        if not name:
            continue
        Photo.objects.filter(pk=photo.pk).update(**{field: ""})
        setattr(photo, field, "")
        if not Photo.objects.filter(**{field: name}).exists():
            getattr(photo, field).storage.delete(name)
