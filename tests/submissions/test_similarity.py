"""The text normalisation, shingles, MinHash and LSH of ``submissions.similarity``, and the
perceptual hashes of ``submissions.photo_hash``, on their own (plain Python, no database)."""

import ast
import io
import pathlib

import pytest
from PIL import Image, ImageEnhance

from submissions import photo_hash, similarity

from .conftest import scene
from .duplicate_texts import OTHER_TEXT, TEXT, rewrite, strip_tones
from .duplicate_texts import SENTENCES as S


def _jpeg(im: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    im.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đoàn Thanh niên", "doan thanh nien"),
        ("ĐẠI ĐOÀN KẾT!", "dai doan ket"),
        ("Hội nghị, “biểu dương” (2024).", "hoi nghi bieu duong 2024"),
        ("Người dân ấp Phước Hòa", "nguoi dan ap phuoc hoa"),
    ],
)
def test_text_is_folded_for_tones_case_and_punctuation(text, expected):
    assert " ".join(similarity.words(text)) == expected


def test_shingles_are_runs_of_three_words_and_a_short_text_is_one_shingle():
    assert similarity.shingles(["a", "b", "c", "d"]) == {"a b c", "b c d"}
    assert similarity.shingles(["a", "b"]) == {"a b"}
    assert similarity.shingles([]) == set()


def test_the_signature_estimates_the_share_of_shared_shingles():
    a = {f"w{i} x y" for i in range(400)}
    b = {f"w{i} x y" for i in range(200, 600)}  # 200 shared of 600: Jaccard 1/3
    estimate = similarity.similarity(similarity.signature(a), similarity.signature(b))
    assert abs(estimate - 1 / 3) < 0.12
    assert similarity.similarity(similarity.signature(a), similarity.signature(a)) == 1.0


def test_a_text_without_tones_has_the_same_signature():
    assert (similarity.text_signature(TEXT) == similarity.text_signature(strip_tones(TEXT))).all()


def test_a_rewritten_copy_scores_above_the_threshold_and_shares_a_band_key():
    original, copy = similarity.text_signature(TEXT), similarity.text_signature(rewrite(S, tones=True))
    assert similarity.similarity(original, copy) >= similarity.THRESHOLD
    assert set(similarity.band_keys(original)) & set(similarity.band_keys(copy))


def test_a_different_report_of_the_same_campaign_scores_below_the_threshold():
    score = similarity.similarity(similarity.text_signature(TEXT), similarity.text_signature(OTHER_TEXT))
    assert score < similarity.THRESHOLD


def test_band_keys_are_one_per_band_and_fit_a_signed_bigint():
    keys = similarity.band_keys(similarity.text_signature(TEXT))
    assert len(keys) == similarity.BANDS and all(0 <= k < 2**63 for k in keys)


def test_signatures_survive_the_round_trip_through_bytes():
    sig = similarity.text_signature(TEXT)
    assert (similarity.from_bytes(similarity.to_bytes(sig)) == sig).all()


def test_shared_passages_are_marked_and_the_pieces_give_the_text_back():
    text = "Hôm nay, ấp An Phú tổ chức ngày hội lớn. Trời mưa."
    pieces = similarity.shared_words(text, "an phu to chuc ngay hoi")
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, shared in pieces if shared] == ["An Phú tổ chức ngày hội"]


@pytest.mark.parametrize(
    "change",
    [
        lambda im: _jpeg(im, quality=55),
        lambda im: _jpeg(im.resize((640, 480))),
        lambda im: _jpeg(ImageEnhance.Brightness(im).enhance(1.3)),
    ],
    ids=["re-saved", "resized", "brightened"],
)
def test_the_photo_hash_survives_re_saving_resizing_and_brightening(change):
    im = scene(seed=3)
    assert photo_hash.distance(photo_hash.phash(_jpeg(im)), photo_hash.phash(change(im))) <= photo_hash.MAX_DISTANCE


def test_a_photo_cropped_by_ten_percent_matches_one_of_the_stored_crops():
    im = scene(seed=4)
    w, h = im.size
    cropped = photo_hash.phash(_jpeg(im.crop((int(w * 0.07), int(h * 0.02), int(w * 0.97), int(h * 0.92)))))
    stored = photo_hash.crop_variants(photo_hash.open_small(_jpeg(im)))
    assert min(photo_hash.distance(cropped, v) for v in stored) <= photo_hash.MAX_DISTANCE


def test_different_photos_are_far_apart():
    a, b = photo_hash.phash(_jpeg(scene(seed=5))), photo_hash.phash(_jpeg(scene(seed=6)))
    assert photo_hash.distance(a, b) > photo_hash.MAX_DISTANCE


def test_the_chunk_probes_find_every_hash_within_the_guaranteed_distance():
    value = 0x0123_4567_89AB_CDEF
    near = value ^ 0b1011 ^ (0b111 << 20) ^ (0b1 << 40) ^ (0b11 << 60)  # 9 bits away, one chunk 1 bit
    probes = photo_hash.probe_values(value)
    assert any(c in probes[i] for i, c in enumerate(photo_hash.chunks(near)))
    assert photo_hash.to_unsigned(photo_hash.to_signed(2**64 - 1)) == 2**64 - 1


@pytest.mark.parametrize("module", ["similarity.py", "photo_hash.py"])
def test_the_hashing_modules_import_no_django(module):
    tree = ast.parse((pathlib.Path(__file__).parents[2] / "submissions" / module).read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.startswith("django")]
