"""Vietnamese reports for the duplicate tests: a report, a rewritten copy of it (sentences reordered,
words swapped, tones removed, a new title), and a different report of the same campaign."""

from __future__ import annotations

import random
import unicodedata

TITLE = "Huyện Kế Sách ra quân Ngày hội Đại đoàn kết toàn dân tộc năm 2024"
SENTENCES = [
    "Sáng ngày 12 tháng 11, Ủy ban Mặt trận Tổ quốc Việt Nam huyện Kế Sách tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại ấp An Phú, xã An Mỹ.",
    "Đến dự có đồng chí Trần Văn Hùng, Phó Bí thư Thường trực Huyện ủy, cùng đông đảo bà con nhân dân trong ấp.",
    "Năm qua, ấp An Phú vận động nhân dân hiến hơn hai nghìn mét vuông đất để làm mới bốn tuyến đường giao thông nông thôn.",
    "Chi hội Phụ nữ ấp duy trì mô hình tiết kiệm giúp nhau, hỗ trợ mười hai hộ vay vốn nuôi heo và trồng rau sạch.",
    "Ban công tác Mặt trận ấp đã trao tặng ba căn nhà Đại đoàn kết cho các hộ nghèo có hoàn cảnh đặc biệt khó khăn.",
    "Dịp này, Ủy ban Mặt trận huyện trao hai mươi phần quà, mỗi phần trị giá năm trăm nghìn đồng, cho các hộ cận nghèo.",
    "Bà con cùng tham gia các trò chơi dân gian như kéo co, nhảy bao bố và văn nghệ do thanh niên ấp biểu diễn.",
    "Phát biểu tại buổi lễ, đồng chí Phó Bí thư ghi nhận những nỗ lực của cán bộ và nhân dân ấp trong xây dựng nông thôn mới.",
]
TEXT = " ".join(SENTENCES)

OTHER_TITLE = "Thị trấn Mỹ Xuyên tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khóm 3"
OTHER_SENTENCES = [
    "Chiều ngày 15 tháng 11, Ban công tác Mặt trận khóm 3, thị trấn Mỹ Xuyên long trọng tổ chức Ngày hội Đại đoàn kết toàn dân tộc.",
    "Khóm có hơn năm trăm hộ dân, trong đó đồng bào Khmer chiếm gần một nửa, cùng sinh sống hòa thuận và giúp đỡ nhau phát triển kinh tế.",
    "Trong năm, bà con đã đóng góp hơn một trăm triệu đồng để lắp đặt hệ thống đèn chiếu sáng dọc các con hẻm.",
    "Tổ hòa giải của khóm giải quyết thành công chín vụ mâu thuẫn nhỏ, không để xảy ra khiếu kiện đông người.",
    "Ủy ban Mặt trận thị trấn biểu dương năm gia đình văn hóa tiêu biểu và tặng quà cho các em học sinh vượt khó học giỏi.",
    "Buổi chiều, chùa Khmer trong khóm tổ chức giao lưu văn nghệ với các tiết mục múa Rô băm và hát dân ca ba miền.",
    "Lãnh đạo thị trấn đề nghị các hội đoàn thể tiếp tục vận động nhân dân giữ gìn vệ sinh môi trường và an ninh trật tự.",
]
OTHER_TEXT = " ".join(OTHER_SENTENCES)

_SWAPS = {"tổ chức": "tiến hành", "nhân dân": "người dân", "hộ nghèo": "gia đình nghèo", "trao": "tặng", "hơn": "trên"}


def strip_tones(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def rewrite(sentences: list[str], *, seed: int = 1, tones: bool = False) -> str:
    """The same report rewritten: sentences reordered, a few words swapped, optionally no tones."""
    rng = random.Random(seed)
    order = sentences[:]
    rng.shuffle(order)
    text = " ".join(order)
    for old, new in _SWAPS.items():
        text = text.replace(old, new, 1)
    return strip_tones(text) if tones else text
