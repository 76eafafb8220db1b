"""A kế hoạch of 60 tasks (plain text), for the review screen at the size of a real plan: each item
names its lead unit (a department of the fictional Hòa Lâm province) and its deadline."""

from __future__ import annotations

LEADS = (
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
)
WORKS = (
    "rà soát, đánh giá kết quả thực hiện các dự án đầu tư công trên địa bàn",
    "hướng dẫn các xã, phường hoàn thiện hồ sơ thủ tục hành chính trực tuyến",
    "kiểm tra việc chấp hành quy định về an toàn lao động tại các công trình",
    "tổng hợp số liệu, báo cáo tình hình thực hiện nhiệm vụ được giao",
)


def plan_text(items: int = 60) -> str:
    lines = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH HÒA LÂM",
        "Số: 88/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hòa Lâm, ngày 02 tháng 3 năm 2026",
        "",
        "KẾ HOẠCH",
        "Thực hiện các nhiệm vụ trọng tâm năm 2026",
        "",
        "I. NHIỆM VỤ CỤ THỂ",
    ]
    for n in range(1, items + 1):
        lead = LEADS[n % len(LEADS)]
        work = WORKS[n % len(WORKS)]
        month = 1 + n % 12
        lines.append(f"{n}. {lead} chủ trì {work} (đợt {n}), hoàn thành trước ngày 28/{month}/2027.")
    lines += [
        "",
        "Nơi nhận:",
        "- Các sở, ngành;",
        "- Lưu: VT.",
        "",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
    ]
    return "\n".join(lines) + "\n"
