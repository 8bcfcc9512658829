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
from submissions.models import Submission, search_text_refresh


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


# Each demo item tells its own story, so the duplicate check does not take them for copies of one
# another (the archive below shares one text on purpose: it only fills the year's matrix).
DEMO_STORIES = {
    1: "Hội nghị tuyên dương 50 tập thể, cá nhân tiêu biểu; trong đó có 12 hộ nông dân sản xuất giỏi, "
    "8 tổ tự quản giữ gìn an ninh trật tự và nhiều thầy cô giáo tận tụy với học sinh vùng sâu.",
    2: "Tổ dân vận ấp Phước Hòa đến từng nhà lắng nghe bà con, giúp 23 hộ vay vốn nuôi bò, trồng màu "
    "và học nghề may; sau hai năm đã có 15 hộ thoát nghèo, tự nguyện xin ra khỏi danh sách hộ nghèo.",
    3: "Mỗi phần quà gồm gạo, dầu ăn, nước mắm và 300 nghìn đồng tiền mặt, do doanh nghiệp và các nhà "
    "hảo tâm trong huyện đóng góp; người cao tuổi neo đơn được cán bộ mang quà đến tận nhà.",
    4: "Mười hai camera được gắn ở các ngã ba, cây cầu và trường học của ấp, hình ảnh truyền về điện thoại "
    "của tổ trưởng tự quản; kinh phí hơn 40 triệu đồng do người dân trong ấp góp.",
    5: "Kỹ sư của Trạm Khuyến nông hướng dẫn hơn 80 hội viên cách gieo sạ thưa, bón phân cân đối và "
    "quản lý rầy nâu theo phương pháp ba giảm ba tăng trước vụ lúa Đông Xuân.",
    6: "Từ một xã thuần nông, Mỹ Tú nay có đường nhựa đến tận ấp, trạm y tế đạt chuẩn và chợ nông thôn "
    "khang trang; người dân hiến đất, góp công làm hơn 30 cây số đường giao thông.",
    7: "Đoàn Thanh niên xã ra quân dọn vệ sinh kênh rạch, thu gom rác thải nhựa dọc bờ sông Hậu; "
    "ảnh chụp vội lúc trời chiều nên bị mờ, cần thay trước khi gửi.",
}


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
            body=f"<p>{DEMO_STORIES[n]}</p>" * (4 if kind == "article" else 1),
            topic=topics[n % len(topics)] if topics else None,
            # The day of loading: every demo item reaches the board on time (rule 4), whatever the weekday.
            event_date=timezone.localdate() if kind == "news" else None,
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


ARCHIVE_TITLES = {
    "news": [
        "{unit}: ra quân hưởng ứng phong trào “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”",
        "{unit} trao quà cho hộ nghèo, hộ cận nghèo tháng {month}",
        "{unit} tổ chức hội nghị giám sát, phản biện xã hội tháng {month}",
        "{unit}: khu dân cư ra mắt mô hình tự quản về an ninh trật tự",
        "{unit} biểu dương gương người tốt, việc tốt tháng {month}",
    ],
    "article": [
        "Bài: {unit} lan tỏa mô hình “Dân vận khéo” trong tháng {month}",
        "Bài: Hiệu quả từ cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” ở {unit}",
        "Bài: {unit} chung tay vì người nghèo, không để ai bị bỏ lại phía sau",
    ],
}


def load_demo_archive(*, year: int, committee_code: str = "soc-trang", seed: int = 2023) -> int:
    """A year of published items from every quota unit of the committee's ``year`` plan, written in
    bulk (a few hundred items, with their version, history and a shared generated photo), so the
    demo's year matrix, ranking and public site have something to show. Idempotent."""
    import random

    from django.db.models import F

    from schedule.models import Plan
    from submissions.models import Photo, ReviewAction, SubmissionVersion
    from submissions.photos import make_rendition

    plan = Plan.objects.committee_own().filter(committee__code=committee_code, year=year).first()
    if plan is None or Submission.objects.filter(unit__committee=plan.committee, quota_month__year=year).exists():
        return 0
    editor = User.objects.filter(committee=plan.committee, role=Role.EDITOR).first()
    authors = {u.unit_id: u for u in User.objects.filter(unit__in=plan.quota_units.all(), role=Role.CORRESPONDENT)}
    if editor is None or not authors:
        return 0
    rng = random.Random(seed)
    topics = list(plan.topics.all())
    tz = timezone.get_current_timezone()
    # Each unit has its own habit, so the ranking has a spread: some meet every month, some rarely.
    units = [u for u in plan.quota_units.order_by("sort_order") if u.pk in authors]
    diligence = {u.pk: 0.45 + 0.5 * (i % 4) / 3 for i, u in enumerate(units)}
    items: list[Submission] = []
    for unit in units:
        for month in range(1, 13):
            good = rng.random() < diligence[unit.pk]
            for kind, count in (
                ("news", 2 if good else rng.choice([0, 1, 1, 2])),
                ("article", 1 if good else rng.choice([0, 0, 1])),
            ):
                for n in range(count):
                    day = rng.randint(1, 26 if month == 2 else 28)
                    submitted = datetime.datetime(year, month, day, rng.randint(7, 16), rng.randint(0, 59), tzinfo=tz)
                    titles = ARCHIVE_TITLES[kind]
                    title = titles[(month + n + rng.randint(0, 1)) % len(titles)].format(
                        unit=unit.short_name or unit.name, month=month
                    )
                    items.append(
                        Submission(
                            committee=plan.committee,
                            unit=unit,
                            author=authors[unit.pk],
                            kind=kind,
                            title=title,
                            summary="Tin, bài lưu trữ của kế hoạch năm " + str(year) + ".",
                            body=_body("Nội dung được Ban Biên tập duyệt, đăng tải trên Trang Thông tin điện tử."),
                            topic=rng.choice(topics) if topics else None,
                            state=Submission.State.PUBLISHED,
                            first_submitted_at=submitted,
                            quota_month=datetime.date(year, month, 1),
                            published_at=submitted + datetime.timedelta(days=rng.choice([0, 1, 1, 2, 3])),
                            version_count=1,
                            reviewed_version=1,
                        )
                    )
    Submission.objects.bulk_create(items, batch_size=500)
    archive = Submission.objects.filter(unit__committee=plan.committee, quota_month__year=year)
    # Timestamps as they would have been: created when first submitted.
    archive.update(created_at=F("first_submitted_at"), updated_at=F("published_at"))
    # bulk_create goes around Submission.save: fill the search columns in one pass.
    search_text_refresh(archive)
    items = list(archive.select_related("author", "topic"))

    # The demo's generated photos (and their renditions) are shared by the archive items, checked once.
    templates = list(Photo.objects.filter(submission__committee=plan.committee, removed=False, verdict="pass"))
    versions, actions, photos = [], [], []
    for item in items:
        versions.append(
            SubmissionVersion(
                submission=item, number=1, reason=SubmissionVersion.Reason.SUBMIT, created_by=item.author,
                kind=item.kind, title=item.title, summary=item.summary, body=item.body,
                topic_name=item.topic.name if item.topic else "",
            )
        )  # fmt: skip
        for action, before, after, at, actor in (
            ("submit", "draft", "submitted", item.first_submitted_at, item.author),
            ("approve", "submitted", "approved", item.published_at, editor),
            ("publish", "approved", "published", item.published_at, editor),
        ):
            actions.append(
                ReviewAction(submission=item, actor=actor, action=action, from_state=before, to_state=after,
                             version_number=1, created_at=at)
            )  # fmt: skip
        if templates:
            template = templates[len(photos) % len(templates)]
            photos.append(
                Photo(
                    submission=item, file=template.file.name, caption="Ảnh minh họa", credit=str(item.author),
                    width=template.width, height=template.height, size=template.size, sha256=template.sha256,
                    quality_report=template.quality_report, verdict=template.verdict,
                    problem_codes=template.problem_codes, uploaded_by=item.author,
                    deep_checked_at=template.deep_checked_at,
                )
            )  # fmt: skip
    SubmissionVersion.objects.bulk_create(versions, batch_size=500)
    ReviewAction.objects.bulk_create(actions, batch_size=500)
    for template in templates:
        make_rendition(template, "thumb")
        make_rendition(template, "page")
        template.refresh_from_db()
    renditions = {t.file.name: (t.thumbnail.name, t.page_image.name, t.page_bytes) for t in templates}
    for photo in photos:
        photo.thumbnail, photo.page_image, photo.page_bytes = renditions[photo.file.name]
    Photo.objects.bulk_create(photos, batch_size=500)
    return len(items)
