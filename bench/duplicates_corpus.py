"""Generated Vietnamese news items and photos for ``bench/duplicates.py`` (no Django).

Items are reports of committee activities on a handful of campaigns: each sentence is built from
pools of subjects, actions, objects, places and figures, and every campaign has its own set
phrases ("Ngày hội Đại đoàn kết toàn dân tộc", "Mặt trận Tổ quốc Việt Nam"), so two reports of the
same campaign share the wording such reports share, and no more. A rewritten copy reorders the
sentences, swaps words for synonyms, may drop the tones, and gets a new title.
"""

from __future__ import annotations

import io
import random
import unicodedata

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

CAMPAIGNS = [
    "Ngày hội Đại đoàn kết toàn dân tộc",
    "cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam",
    "phong trào Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
    "Quỹ Vì người nghèo",
    "cuộc vận động xây dựng nhà Đại đoàn kết",
    "tháng cao điểm Vì người nghèo",
]
SUBJECTS = [
    "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}",
    "Ban công tác Mặt trận ấp {place}",
    "Hội Nông dân {unit}",
    "Hội Liên hiệp Phụ nữ {unit}",
    "Đoàn Thanh niên {unit}",
    "Hội Cựu chiến binh {unit}",
    "Ban Thường trực Ủy ban Mặt trận {unit}",
    "các tổ chức thành viên của Mặt trận {unit}",
    "chi hội Người cao tuổi ấp {place}",
    "Ban Chỉ đạo cuộc vận động {unit}",
]
ACTIONS = [
    "tổ chức",
    "phối hợp tổ chức",
    "triển khai",
    "ra quân",
    "phát động",
    "tiến hành",
    "trao tặng",
    "vận động",
    "khảo sát",
    "sơ kết",
    "tổng kết",
    "biểu dương",
    "hỗ trợ",
    "thăm hỏi",
    "tuyên truyền",
]
OBJECTS = [
    "{n} phần quà cho hộ nghèo",
    "{n} căn nhà Đại đoàn kết",
    "{n} suất học bổng cho học sinh vượt khó",
    "hội nghị sơ kết {campaign}",
    "lễ ra quân {campaign}",
    "buổi tuyên truyền về {campaign}",
    "{n} mét đường giao thông nông thôn",
    "mô hình tự quản về an ninh trật tự",
    "{n} thẻ bảo hiểm y tế",
    "đợt khám bệnh, cấp thuốc miễn phí cho {n} người",
    "{n} điển hình tiên tiến",
    "{n} cây xanh dọc tuyến đường",
    "hệ thống đèn chiếu sáng ở {n} con hẻm",
    "buổi đối thoại với {n} hộ dân",
    "{n} bồn chứa nước sạch",
    "chương trình văn nghệ chào mừng {campaign}",
    "đợt kiểm tra việc thực hiện {campaign}",
]
PLACES = [
    "An Phú",
    "Mỹ Hòa",
    "Phú Lợi",
    "Tân Long",
    "Hòa Đông",
    "Thạnh Mỹ",
    "Long Bình",
    "Đại Hải",
    "Ba Trinh",
    "Xuân Hòa",
    "Kế An",
    "Nhơn Mỹ",
    "Trinh Phú",
    "An Lạc Thôn",
    "Phong Nẫm",
    "Thới An Hội",
    "Đại Tâm",
]
TIMES = [
    "sáng ngày {d} tháng {m}",
    "chiều ngày {d} tháng {m}",
    "trong tháng {m}",
    "từ ngày {d} tháng {m}",
    "nhân dịp kỷ niệm ngày thành lập Mặt trận",
    "trong quý vừa qua",
    "dịp Tết Nguyên đán",
    "tối ngày {d} tháng {m}",
]
TAILS = [
    "với sự tham gia của {n} đại biểu và đông đảo bà con nhân dân",
    "góp phần nâng cao đời sống người dân",
    "được nhân dân đồng tình hưởng ứng",
    "với tổng kinh phí hơn {n} triệu đồng",
    "tại nhà văn hóa ấp {place}",
    "nhằm thực hiện tốt {campaign}",
    "qua đó củng cố khối đại đoàn kết toàn dân tộc ở khu dân cư",
    "do các nhà hảo tâm đóng góp",
    "theo kế hoạch của Ban Thường trực",
    "thu hút hơn {n} lượt người tham gia",
]
TITLES = [
    "{unit} {action} {campaign}",
    "{place}: {action} {object}",
    "Sôi nổi {campaign} ở ấp {place}",
    "{unit} {action} {object}",
    "Hiệu quả từ {campaign} tại {unit}",
]
SYNONYMS = {
    "tổ chức": "tiến hành",
    "nhân dân": "người dân",
    "hộ nghèo": "gia đình nghèo",
    "trao tặng": "trao",
    "hơn": "trên",
    "đông đảo": "rất đông",
    "tham gia": "dự",
    "góp phần": "giúp",
    "phối hợp": "cùng",
    "đóng góp": "ủng hộ",
    "tuyên truyền": "phổ biến",
    "hỗ trợ": "giúp đỡ",
    "đợt": "lần",
}


def _fill(template: str, rng: random.Random, unit: str, campaign: str) -> str:
    return template.format(
        unit=unit, campaign=campaign, place=rng.choice(PLACES), n=rng.choice([2, 3, 5, 10, 12, 15, 20, 30, 50, 100, 120, 200, 350]),
        d=rng.randint(1, 28), m=rng.randint(1, 12), action=rng.choice(ACTIONS),
        object=_fill(rng.choice(OBJECTS), rng, unit, campaign) if "{object}" in template else "",
    )  # fmt: skip


def sentence(rng: random.Random, unit: str, campaign: str) -> str:
    parts = [rng.choice(TIMES), rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(TAILS)]
    text = ", ".join([_fill(parts[0], rng, unit, campaign).capitalize()] + [
        " ".join(_fill(p, rng, unit, campaign) for p in parts[1:4]), _fill(parts[4], rng, unit, campaign)
    ])  # fmt: skip
    return text + "."


def item(rng: random.Random, unit: str, campaign: str | None = None) -> tuple[str, list[str]]:
    """(title, sentences) of one report by ``unit`` on ``campaign`` (drawn when None)."""
    campaign = campaign or rng.choice(CAMPAIGNS)
    title = _fill(rng.choice(TITLES), rng, unit, campaign)
    return title[0].upper() + title[1:], [sentence(rng, unit, campaign) for _ in range(rng.randint(6, 10))]


def strip_tones(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def rewrite(rng: random.Random, sentences: list[str], new_title: str) -> tuple[str, list[str]]:
    """A rewritten copy: sentences reordered, words swapped for synonyms, tones dropped half the
    time, and a new title."""
    order = sentences[:]
    rng.shuffle(order)
    out = []
    for s in order:
        for old, new in SYNONYMS.items():
            if old in s and rng.random() < 0.6:
                s = s.replace(old, new)
        out.append(s)
    if rng.random() < 0.5:
        out = [strip_tones(s) for s in out]
    return new_title, out


# --- photos ----------------------------------------------------------------------------------------


def photo(seed: int, size: tuple[int, int] = (1024, 768)) -> Image.Image:
    """A generated 'event photo': a lit background at a random angle, a few large structures (walls,
    a stage, trees), a banner and people-sized shapes, each placed at random."""
    rng = np.random.default_rng(seed)
    w, h = size
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w]
    ramp = (np.cos(angle) * xx / w + np.sin(angle) * yy / h + 1) / 2
    a, b = rng.integers(40, 230, 3), rng.integers(40, 230, 3)
    pixels = a * (1 - ramp[..., None]) + b * ramp[..., None]
    im = Image.fromarray(pixels.astype("uint8"))
    draw = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(3, 7))):
        x0, y0 = int(rng.integers(-w // 4, w)), int(rng.integers(-h // 4, h))
        x1, y1 = x0 + int(rng.integers(w // 6, w // 2)), y0 + int(rng.integers(h // 6, h // 2))
        draw.rectangle([x0, y0, x1, y1], fill=tuple(int(v) for v in rng.integers(20, 235, 3)))
    top = int(h * rng.uniform(0.02, 0.5))
    draw.rectangle([int(w * rng.uniform(0, 0.4)), top, int(w * rng.uniform(0.6, 1)), top + int(h * 0.1)],
                   fill=(180, 20, 30))  # fmt: skip
    for _ in range(int(rng.integers(25, 60))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        s = int(rng.integers(20, 140))
        colour = tuple(int(v) for v in rng.integers(10, 245, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x, y, x + s, y + int(s * 1.6)], fill=colour)
    return im


def jpeg(im: Image.Image, quality: int = 88) -> bytes:
    buffer = io.BytesIO()
    im.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def transforms(rng: random.Random, im: Image.Image) -> dict[str, bytes]:
    """The changes a reused photo goes through: re-saved, resized, cropped by 10%, brightened."""
    w, h = im.size
    left, top = rng.uniform(0, 0.1), rng.uniform(0, 0.1)
    crop = im.crop((int(w * left), int(h * top), int(w * (left + 0.9)), int(h * (top + 0.9))))
    return {
        "re-saved (quality 55)": jpeg(im, 55),
        "resized to half": jpeg(im.resize((w // 2, h // 2))),
        "cropped by 10%": jpeg(crop),
        "brightened by 30%": jpeg(ImageEnhance.Brightness(im).enhance(1.3)),
    }
