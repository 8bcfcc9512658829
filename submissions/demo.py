"""Demo items for the demo installation (called by home.demo_data): a few items in every state of
the workflow, with photos drawn by Pillow and NumPy (nothing from outside the project)."""

from __future__ import annotations

import datetime
import io

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from portal.models import Role, Unit, User
from schedule.models import Topic
from submissions import services
from submissions.models import Submission


def _photo(seed: int, *, blurred: bool = False, gps: bool = False) -> SimpleUploadedFile:
    """A 1600x1200 'scene': a sky gradient, ground, and coloured shapes with sharp edges."""
    rng = np.random.default_rng(seed)
    height, width = 1200, 1600
    sky = np.linspace(210, 120, height // 2)[:, None, None] * np.array([0.75, 0.85, 1.0])
    ground = np.linspace(90, 150, height - height // 2)[:, None, None] * np.array([0.6, 0.9, 0.45])
    pixels = np.concatenate(
        [np.broadcast_to(sky, (height // 2, width, 3)), np.broadcast_to(ground, (height - height // 2, width, 3))]
    )
    im = Image.fromarray(np.clip(pixels, 0, 255).astype("uint8"))
    draw = ImageDraw.Draw(im)
    for i in range(40):
        x, y, s = int(rng.integers(0, width)), int(rng.integers(height // 3, height)), int(rng.integers(60, 260))
        colour = tuple(int(v) for v in rng.integers(20, 240, 3))
        (draw.rectangle if i % 2 else draw.ellipse)([x, y, x + s, y + int(s * 0.8)], fill=colour)
    if blurred:
        im = im.filter(ImageFilter.GaussianBlur(12))
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (9.0, 36.0, 0.0), 3: "E", 4: (105.0, 58.0, 0.0)}
        im.save(buffer, "JPEG", quality=90, exif=exif)
    else:
        im.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


PARAGRAPH = (
    "Thực hiện kế hoạch tuyên truyền năm, Ủy ban MTTQ Việt Nam huyện đã phối hợp với các tổ chức thành viên "
    "tổ chức nhiều hoạt động thiết thực, biểu dương các điển hình tiên tiến, gương người tốt việc tốt trong "
    "phong trào thi đua yêu nước và cuộc vận động xây dựng nông thôn mới, đô thị văn minh."
)


def _body(extra: str) -> str:
    return f"<p>{PARAGRAPH}</p><p>{extra}</p><ul><li>Tuyên truyền tại khu dân cư</li><li>Thăm hỏi hộ khó khăn</li></ul>"


def load_demo_items(committee_code: str = "soc-trang") -> int:
    """Create the demo items once; returns how many were made (0 when they exist already)."""
    committee = Unit.objects.filter(code=committee_code).first()
    if committee is None or Submission.objects.filter(committee=committee).exists():
        return 0
    editor = User.objects.filter(committee=committee, role=Role.EDITOR).first()
    authors = {
        code: User.objects.filter(unit__code=code, role=Role.CORRESPONDENT).first() for code in ("ke-sach", "my-tu")
    }
    if editor is None or not all(authors.values()):
        return 0
    topics = list(Topic.objects.filter(plan__committee=committee)[:4])

    def item(author: User, n: int, *, kind: str = "news", title: str, blurred: bool = False, gps: bool = False):
        draft = services.submission_create(
            by=author,
            kind=kind,
            title=title,
            summary="Tin từ cơ sở gửi Ban Biên tập.",
            body=_body("Nhiều hộ dân đã được hỗ trợ kịp thời, góp phần ổn định cuộc sống.")
            * (3 if kind == "article" else 1),
            topic=topics[n % len(topics)] if topics else None,
            event_date=timezone.localdate() - datetime.timedelta(days=n % 3) if kind == "news" else None,
            event_place="Hội trường Ủy ban MTTQ huyện" if kind == "news" else "",
        )
        services.photo_add(submission=draft, by=author, upload=_photo(n, blurred=blurred, gps=gps),
                           caption="Quang cảnh buổi lễ", credit=str(author))  # fmt: skip
        return draft

    ke_sach, my_tu = authors["ke-sach"], authors["my-tu"]
    published = [
        item(ke_sach, 1, title="Kế Sách biểu dương 50 điển hình tiên tiến trong phong trào thi đua", gps=True),
        item(my_tu, 2, kind="article", title="Mỹ Tú: mô hình “Dân vận khéo” giúp hộ nghèo vươn lên"),
        item(ke_sach, 3, title="Trao 100 phần quà cho hộ khó khăn nhân dịp đầu năm"),
    ]
    for draft in published:
        services.submission_submit(submission=draft, by=draft.author)
        services.submission_transition(submission=draft, by=editor, action="claim")
        services.submission_transition(submission=draft, by=editor, action="approve")
        services.submission_transition(submission=draft, by=editor, action="publish")
    waiting = item(my_tu, 4, title="Ra mắt mô hình camera an ninh tự quản ở ấp Phước Lợi")
    services.submission_submit(submission=waiting, by=my_tu)
    asked = item(ke_sach, 5, title="Hội Nông dân xã Ba Trinh tập huấn kỹ thuật trồng lúa")
    services.submission_submit(submission=asked, by=ke_sach)
    services.submission_transition(
        submission=asked, by=editor, action="request_changes",
        comment="Đề nghị bổ sung số hộ tham gia và tên người phát biểu.",
    )  # fmt: skip
    scheduled = item(my_tu, 6, kind="article", title="Bài: Hành trình xây dựng nông thôn mới nâng cao ở Mỹ Tú")
    services.submission_submit(submission=scheduled, by=my_tu)
    services.submission_transition(submission=scheduled, by=editor, action="approve")
    services.submission_schedule(
        submission=scheduled, by=editor, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    item(ke_sach, 7, title="Bản nháp: ảnh bị mờ cần thay", blurred=True)
    return 7
