"""Benchmark: the duplicate check against an archive of 200,000 items and 300,000 photos (PostgreSQL).

    .venv/bin/python bench/duplicates.py      # DATABASE_URL or postgres://postgres@127.0.0.1:5432/bench_duplicates

Drops and re-creates that database (its name must start with 'bench'), migrates it, and fills one
committee with 300 units, 200,000 items and 300,000 photos with COPY:

* Texts: ``TEXT_REAL`` items are generated reports (``bench/duplicates_corpus.py``) whose real
  signatures and band keys are stored. The other items get synthetic signatures, each band copied
  from the same band of a random real item, so their band keys collide with a new item's as often
  as real same-topic reports do (the lookup's cost is realistic) while computing 200,000 real
  signatures would take 8 minutes of a shared CPU.
* Photos: ``PHOTO_REAL`` generated event photos are hashed for real (the whole photo and its nine
  90% crops, as the portal stores them); the other photos get random 64-bit hashes.

Then, interleaved (one plain lookup, then one check, ``RUNS`` times): the time to check one new
item (signature + band-key lookup + scoring, ``services.duplicates.text_matches``) and one photo
(the chunk lookup, ``similar_photo_ids``; and the whole upload-time work with hashing the photo's
variants), against a plain indexed lookup of one item by primary key in the same run.

Accuracy on a labelled set built here: ``LABELLED`` archived items rewritten (sentences reordered,
words swapped, tones removed half the time, new title) and their photos re-saved, resized, cropped
by 10% and brightened must be found (goal >= 95%); ``LABELLED`` new reports on the same campaigns
from other units and new photos must not match anything (goal <= 2% false marks).
"""

from __future__ import annotations

import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_duplicates"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DJANGO_DEBUG"] = "1"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import duplicates_corpus as corpus  # noqa: E402
from benchdb import fresh_database  # noqa: E402

UNITS = 300
ITEMS = 200_000
PHOTOS = 300_000
TEXT_REAL = 30_000
PHOTO_REAL = 1_500
LABELLED = 200
RUNS = 100
if os.environ.get("BENCH_SMOKE"):  # a quick run of the whole script on a small archive
    ITEMS, PHOTOS, TEXT_REAL, PHOTO_REAL, LABELLED, RUNS = 5_000, 7_500, 2_000, 300, 40, 20


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def base_objects():
    from portal.models import Role, Unit, User

    committee = Unit.objects.create(code="bench-committee", name="Ủy ban MTTQ tỉnh (benchmark)", kind="committee")
    committee.committee = committee
    committee.save(update_fields=["committee"])
    Unit.objects.bulk_create(
        Unit(code=f"bench-{i:03d}", name=f"xã {corpus.PLACES[i % len(corpus.PLACES)]} {i:03d}", kind="commune",
             parent=committee, committee=committee)
        for i in range(UNITS)
    )  # fmt: skip
    units = list(Unit.objects.filter(committee=committee).exclude(pk=committee.pk).values_list("pk", "name"))
    author = User.objects.create(username="bench-author", role=Role.CORRESPONDENT, unit_id=units[0][0],
                                 committee=committee)  # fmt: skip
    return committee, units, author


def copy_rows(cursor, table: str, columns: str, rows) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fill_items(committee, units, author, texts: list[tuple[str, list[str]]]) -> list[int]:
    """COPY the items (the first len(texts) with their generated text) and return their ids in order."""
    from django.db import connection

    now = datetime.datetime.now(datetime.UTC)

    def rows():
        for i in range(ITEMS):
            submitted = now - datetime.timedelta(minutes=(ITEMS - i) * 4)
            title, sentences = texts[i] if i < len(texts) else (f"Tin số {i}", ["Nội dung."])
            yield (committee.pk, units[i % len(units)][0], author.pk, "news", title, "", f"<p>{' '.join(sentences)}</p>",
                   "", "published", submitted, submitted, submitted, submitted.date().replace(day=1), submitted,
                   False, 1)  # fmt: skip

    columns = (
        "committee_id, unit_id, author_id, kind, title, summary, body, event_place, state, created_at, updated_at,"
        " first_submitted_at, quota_month, published_at, is_late, version_count, duplicate_status"
    )
    with connection.connection.cursor() as cursor:
        copy_rows(cursor, "submissions_submission", columns, (r + ("",) for r in rows()))
        cursor.execute("SELECT id FROM submissions_submission WHERE committee_id = %s ORDER BY id", [committee.pk])
        ids = [r[0] for r in cursor.fetchall()]
    connection.connection.commit()
    return ids


def fill_signatures(committee, item_ids: list[int], real: list) -> None:
    """Store real signatures for the first len(real) items, band-shuffled synthetic ones for the rest."""
    import numpy as np
    from django.db import connection

    from submissions import similarity

    rng = np.random.default_rng(7)
    sources = np.stack(real)  # (TEXT_REAL, NUM_PERM)

    def signatures():
        for i, pk in enumerate(item_ids):
            if i < len(real):
                yield pk, real[i]
            else:
                picks = rng.integers(0, len(real), similarity.BANDS)
                rows = sources[picks].reshape(similarity.BANDS, similarity.BANDS, similarity.ROWS)
                yield pk, rows[np.arange(similarity.BANDS), np.arange(similarity.BANDS)].reshape(-1)

    with connection.connection.cursor() as cursor:
        # The rows are consistent by construction: skip the foreign-key triggers while copying
        # millions of them (a bench database of our own; the session setting ends with it).
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DROP INDEX duplicate_band_key")
        bands = io.StringIO()
        now = datetime.datetime.now(datetime.UTC)
        with cursor.copy("COPY submissions_textsignature (submission_id, signature, computed_at) FROM STDIN") as sigs:
            for pk, sig in signatures():
                sigs.write_row((pk, similarity.to_bytes(sig), now))
                bands.write("".join(f"{pk}\t{committee.pk}\t{k}\n" for k in similarity.band_keys(sig)))
        with cursor.copy("COPY submissions_textband (submission_id, committee_id, key) FROM STDIN") as copy:
            copy.write(bands.getvalue())
        cursor.execute("CREATE INDEX duplicate_band_key ON submissions_textband (committee_id, key)")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE submissions_textsignature; ANALYZE submissions_textband")
    connection.connection.commit()


def fill_photos(committee, item_ids: list[int], real_hashes: list[list[int]]) -> list[int]:
    """One photo per item, then a second on every other item up to PHOTOS; hashes real for the
    first len(real_hashes) photos, random for the rest. Returns the photo ids in order."""
    from django.db import connection

    from submissions import photo_hash

    rng = random.Random(11)
    with connection.connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO submissions_photo (submission_id, file, original_name, caption, credit, width, height,
                size, sha256, quality_report, verdict, problem_codes, sort_order, created_at, removed,
                acceptance_reason, thumbnail, page_image)
            SELECT id, 'photos/' || id || '/x.jpg', 'x.jpg', 'Ảnh', 'CTV', 1024, 768, 300000, '', '{}'::jsonb,
                'pass', '', n, created_at, false, '', '', ''
            FROM submissions_submission s, generate_series(1, 2) n
            WHERE committee_id = %s AND (n = 1 OR s.id %% 2 = 0)
            ORDER BY n, id LIMIT %s
            """,
            [committee.pk, PHOTOS],
        )
        cursor.execute("SELECT id FROM submissions_photo ORDER BY id")
        photo_ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SET session_replication_role = replica")  # as for the band keys
        for i in range(4):
            cursor.execute(f"DROP INDEX duplicate_photo_c{i}")

        def rows():
            for i, pk in enumerate(photo_ids):
                hashes = real_hashes[i] if i < len(real_hashes) else [rng.getrandbits(64) for _ in range(10)]
                for variant, value in enumerate(hashes):
                    yield (pk, committee.pk, variant, photo_hash.to_signed(value), *photo_hash.chunks(value))

        copy_rows(cursor, "submissions_photohash", "photo_id, committee_id, variant, value, c0, c1, c2, c3", rows())
        for i in range(4):
            cursor.execute(f"CREATE INDEX duplicate_photo_c{i} ON submissions_photohash (committee_id, c{i})")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE submissions_photo; ANALYZE submissions_photohash")
    connection.connection.commit()
    return photo_ids


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p95_ms(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1] * 1000


def main() -> None:
    began = time.perf_counter()
    fresh_database(os.environ["DATABASE_URL"])
    setup_django()
    from submissions import photo_hash, similarity
    from submissions.models import Submission
    from submissions.services import duplicates

    committee, units, author = base_objects()
    rng = random.Random(2024)
    log(f"generating {TEXT_REAL:,} reports and their signatures")
    texts = [corpus.item(rng, units[i % len(units)][1]) for i in range(TEXT_REAL)]
    real_sigs = [similarity.text_signature(t, " ".join(s)) for t, s in texts]
    log(f"generating and hashing {PHOTO_REAL:,} photos")
    images = [corpus.photo(seed) for seed in range(PHOTO_REAL)]
    real_hashes = [photo_hash.crop_variants(photo_hash.open_small(corpus.jpeg(im))) for im in images]
    log(f"copying {ITEMS:,} items, their signatures and {ITEMS * similarity.BANDS:,} band keys")
    item_ids = fill_items(committee, units, author, texts)
    fill_signatures(committee, item_ids, real_sigs)
    log(f"copying {PHOTOS:,} photos and {PHOTOS * 10:,} hashes (10 per photo)")
    photo_ids = fill_photos(committee, item_ids, real_hashes)
    log(f"archive ready in {time.perf_counter() - began:.0f} s")

    # --- labelled set ---------------------------------------------------------------------------
    lab = random.Random(99)
    originals = lab.sample(range(TEXT_REAL), LABELLED)
    copies = [corpus.rewrite(lab, texts[i][1], corpus.item(lab, "xã Mới")[0]) for i in originals]
    other_units = [f"phường {p} mới" for p in corpus.PLACES]
    distinct = [corpus.item(lab, lab.choice(other_units)) for _ in range(LABELLED)]
    photo_originals = lab.sample(range(PHOTO_REAL), LABELLED)
    photo_queries = [(i, name, content) for i in photo_originals for name, content in
                     corpus.transforms(lab, images[i]).items()]  # fmt: skip
    new_photos = [corpus.jpeg(corpus.photo(seed)) for seed in range(10_000, 10_000 + LABELLED)]

    def as_item(title: str, sentences: list[str]) -> Submission:
        return Submission(committee_id=committee.pk, title=title, body=f"<p>{' '.join(sentences)}</p>")

    # --- speed, interleaved ---------------------------------------------------------------------
    probe = random.Random(5)
    plain, text_check, photo_lookup, photo_upload = [], [], [], []
    for run in range(RUNS):
        t = time.perf_counter()
        Submission.objects.filter(pk=probe.choice(item_ids)).values_list("title", flat=True).first()
        plain.append(time.perf_counter() - t)

        title, sentences = copies[run % LABELLED] if run % 2 else distinct[run % LABELLED]
        t = time.perf_counter()
        duplicates.text_matches(as_item(title, sentences))
        text_check.append(time.perf_counter() - t)

        _i, _name, content = photo_queries[run * 7 % len(photo_queries)]
        value = photo_hash.phash(content)
        t = time.perf_counter()
        duplicates.similar_photo_ids(value, committee.pk)
        photo_lookup.append(time.perf_counter() - t)

        t = time.perf_counter()
        hashes = duplicates.photo_variants(content)
        duplicates.similar_photo_ids(hashes[0], committee.pk)
        photo_upload.append(time.perf_counter() - t)

    # --- accuracy -------------------------------------------------------------------------------
    found = sum(
        item_ids[i] in {pk for pk, _ in duplicates.text_matches(as_item(*copy))}
        for i, copy in zip(originals, copies, strict=True)
    )
    false_text = sum(bool(duplicates.text_matches(as_item(*d))) for d in distinct)
    by_change: dict[str, list[bool]] = {}
    for i, name, content in photo_queries:
        hit = photo_ids[i] in duplicates.similar_photo_ids(photo_hash.phash(content), committee.pk)
        by_change.setdefault(name, []).append(hit)
    false_photo = sum(bool(duplicates.similar_photo_ids(photo_hash.phash(c), committee.pk)) for c in new_photos)
    copy_scores = [
        similarity.similarity(real_sigs[i], similarity.text_signature(t, " ".join(s)))
        for i, (t, s) in zip(originals, copies, strict=True)
    ]
    distinct_best = []
    threshold, similarity.THRESHOLD = similarity.THRESHOLD, 0.0  # the best candidate, however low
    for d in distinct:
        matches = duplicates.text_matches(as_item(*d))
        distinct_best.append(matches[0][1] if matches else 0.0)
    similarity.THRESHOLD = threshold

    # --- report ---------------------------------------------------------------------------------
    base = median_ms(plain)
    print()
    print(f"Archive: {ITEMS:,} items ({TEXT_REAL:,} real texts), {PHOTOS:,} photos ({PHOTO_REAL:,} real), "
          f"{RUNS} interleaved runs")  # fmt: skip
    print("| measure | median ms | p95 ms | ratio to plain lookup |")
    print("| --- | ---: | ---: | ---: |")
    for label, values in (
        ("plain indexed lookup of one item", plain),
        ("check one new item's text", text_check),
        ("look up one photo hash", photo_lookup),
        ("hash one photo (10 variants) and look it up", photo_upload),
    ):
        print(f"| {label} | {median_ms(values):.2f} | {p95_ms(values):.2f} | {median_ms(values) / base:.1f} |")
    print()
    print("| labelled case | found / total | rate |")
    print("| --- | ---: | ---: |")
    print(f"| rewritten copies found | {found} / {LABELLED} | {found / LABELLED:.1%} |")
    for name, hits in by_change.items():
        print(f"| photos {name} found | {sum(hits)} / {len(hits)} | {sum(hits) / len(hits):.1%} |")
    print(
        f"| distinct same-campaign reports marked (false) | {false_text} / {LABELLED} | {false_text / LABELLED:.1%} |"
    )
    print(f"| new photos marked (false) | {false_photo} / {LABELLED} | {false_photo / LABELLED:.1%} |")
    print()
    print(f"Rewritten copies' scores: min {min(copy_scores):.2f}, median {statistics.median(copy_scores):.2f}; "
          f"distinct reports' best match: median {statistics.median(distinct_best):.2f}, max {max(distinct_best):.2f} "
          f"(threshold {similarity.THRESHOLD})")  # fmt: skip
    print(f"Total time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
