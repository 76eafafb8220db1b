"""Tasks: small whole documents through the pipeline, each checking one rule of spec/extraction.md
("What a task is"): where the lead comes from, which units are support, what is not a task, the
Kế hoạch parts, the Báo cáo, and the evidence every value must carry.

The documents are short invented ones in the NĐ 30/2020 form. Tasks are found by an anchor phrase
of their paragraph, as the scorer does; unit names are compared as the scorer compares them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest

from dondoc.model import ExtractionResult
from dondoc.pipeline import extract_bytes
from scoring_rules import unit_key

# --- comparison helpers (the scorer's rules) -------------------------------------------------


def names(units: list[Any]) -> set[str]:
    return {unit_key(u["name"] if isinstance(u, dict) else str(u)) for u in units}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# --- documents -------------------------------------------------------------------------------

HEADER_TB = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CAO BẰNG\nSố: 210/TB-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Cao Bằng, ngày 11 tháng 6 năm 2025\n\n"
    "THÔNG BÁO\nKết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban tuần\n\n"
    "Ngày 09/6/2025, đồng chí Chủ tịch UBND thành phố chủ trì cuộc họp giao ban tuần với lãnh đạo các "
    "phòng, ban chuyên môn và UBND các phường, xã. Sau khi nghe các đơn vị báo cáo, đồng chí Chủ tịch "
    "UBND thành phố kết luận như sau:\n"
)
CLOSING_TB = (
    "UBND thành phố thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nNguyễn Thị Mai Anh\n"
)


def thong_bao(body: str) -> str:
    return HEADER_TB + body + CLOSING_TB


def cong_van(kinh_gui: str, body: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 812/UBND-KT\nV/v tăng cường công tác phòng, chống dịch bệnh\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Cao Bằng, ngày 20 tháng 6 năm 2025\n\n" + kinh_gui + "\n" + body + "\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐinh Văn Lộc\n"
    )


@dataclass(frozen=True)
class Want:
    anchor: str
    lead: tuple[str, ...]
    support: tuple[str, ...] = ()
    deadlines: tuple[str, ...] = ()
    section: str | None = None


@dataclass(frozen=True)
class Doc:
    id: str
    text: str
    tasks: list[Want]
    not_tasks: tuple[str, ...] = ()
    exact: bool = True  # the document has no other task


DOCS = [
    Doc(
        "lead-from-giao",
        thong_bao(
            "1. Giao Trung tâm Phát triển quỹ đất thành phố hoàn thiện phương án bồi thường, hỗ trợ dự án "
            "Khu dân cư Nà Cạn, trình phê duyệt trước ngày 20/6/2025.\n"
        ),
        [
            Want(
                "hoàn thiện phương án bồi thường, hỗ trợ dự án Khu dân cư Nà Cạn",
                ("Trung tâm Phát triển quỹ đất thành phố",),
                deadlines=("2025-06-20",),
                section="1",
            )
        ],
    ),
    Doc(
        "request-ends-the-lead-in",
        cong_van(
            "Kính gửi: Các trường học trên địa bàn tỉnh",
            "Do mưa lớn kéo dài, Sở Giáo dục và Đào tạo yêu cầu:\n"
            "1. Cho học sinh nghỉ học đến khi có thông báo mới.\n"
            "2. Bố trí cán bộ trực tại trường trong những ngày mưa lớn.\n",
        ),
        [
            Want("Cho học sinh nghỉ học", ("Các trường học trên địa bàn tỉnh",), section="1"),
            Want("Bố trí cán bộ trực tại trường", ("Các trường học trên địa bàn tỉnh",), section="2"),
        ],
    ),
    Doc(
        "aims-heading-yeu-cau-is-no-request",
        cong_van(
            "Kính gửi: Các trường học trên địa bàn tỉnh",
            "Sở Giáo dục và Đào tạo ban hành kế hoạch phòng chống thiên tai như sau:\n"
            "I. Mục đích, yêu cầu\n"
            "1. Yêu cầu:\n"
            "- Công tác phòng chống thiên tai phải chủ động, kịp thời.\n"
            "II. Nhiệm vụ\n"
            "1. Các trường học rà soát phương án phòng chống thiên tai trước ngày 30/6/2025.\n",
        ),
        [
            Want(
                "rà soát phương án phòng chống thiên tai",
                ("Các trường học trên địa bàn tỉnh",),
                deadlines=("2025-06-30",),
            )
        ],
        not_tasks=("phải chủ động, kịp thời",),
        exact=False,
    ),
    Doc(
        "lead-from-yeu-cau",
        thong_bao(
            "1. Yêu cầu phòng Quản lý đô thị kiểm tra, xử lý dứt điểm các trường hợp lấn chiếm vỉa hè trên "
            "các tuyến phố chính.\n"
        ),
        [Want("xử lý dứt điểm các trường hợp lấn chiếm vỉa hè", ("Phòng Quản lý đô thị",), section="1")],
    ),
    Doc(
        "lead-from-group-subject",
        thong_bao(
            "1. UBND các phường, xã tăng cường tuyên truyền, vận động nhân dân tham gia vệ sinh môi trường, "
            "phòng, chống dịch sốt xuất huyết.\n"
        ),
        [Want("vận động nhân dân tham gia vệ sinh môi trường", ("UBND các phường, xã",), section="1")],
    ),
    Doc(
        "lead-from-decimal-heading",
        thong_bao(
            "2. Nhiệm vụ trong thời gian tới\n"
            "2.4. Phòng Y tế thành phố:\n"
            "- Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể trong tháng 6/2025.\n"
            "- Hướng dẫn các cơ sở khám, chữa bệnh tư nhân thực hiện đúng quy định về giá dịch vụ.\n"
        ),
        [
            Want(
                "Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể",
                ("Phòng Y tế thành phố",),
                deadlines=("2025-06-30",),
                section="2.4",
            ),
            Want(
                "Hướng dẫn các cơ sở khám, chữa bệnh tư nhân",
                ("Phòng Y tế thành phố",),
                section="2.4",
            ),
        ],
    ),
    Doc(
        "lead-from-dash-heading",
        thong_bao(
            "3. Về lĩnh vực tài nguyên, môi trường\n"
            "- Phòng Nông nghiệp và Môi trường:\n"
            "+ Tham mưu phương án đấu giá quyền sử dụng đất các khu dân cư mới, báo cáo UBND thành phố "
            "trong quý III/2025.\n"
            "+ Hướng dẫn lập hồ sơ cấp giấy chứng nhận lần đầu cho các hộ gia đình.\n"
        ),
        [
            Want(
                "Tham mưu phương án đấu giá quyền sử dụng đất",
                ("Phòng Nông nghiệp và Môi trường",),
                deadlines=("2025-09-30",),
                section="3",
            ),
            Want(
                "lập hồ sơ cấp giấy chứng nhận lần đầu",
                ("Phòng Nông nghiệp và Môi trường",),
                section="3",
            ),
        ],
    ),
    Doc(
        "lead-from-heading-naming-two-units",
        thong_bao(
            "8. Về công tác quản lý đất đai\n"
            "8.1. Phòng Nông nghiệp và Môi trường, UBND các phường, xã:\n"
            "- Rà soát quỹ đất công chưa sử dụng, lập danh sách báo cáo UBND thành phố.\n"
        ),
        [
            Want(
                "Rà soát quỹ đất công chưa sử dụng",
                ("Phòng Nông nghiệp và Môi trường", "UBND các phường, xã"),
                section="8.1",
            )
        ],
    ),
    Doc(
        "lead-from-heading-with-inline-content",
        thong_bao(
            "2. Phòng Giáo dục và Đào tạo: Chỉ đạo các trường chuẩn bị tốt các điều kiện tổ chức kỳ tuyển "
            "sinh vào lớp 10 năm học 2025 - 2026.\n"
        ),
        [
            Want(
                "chuẩn bị tốt các điều kiện tổ chức kỳ tuyển sinh",
                ("Phòng Giáo dục và Đào tạo",),
                section="2",
            )
        ],
    ),
    Doc(
        "support-after-phoi-hop-voi",
        thong_bao(
            "1. Phòng Kinh tế thành phố: Chủ trì, phối hợp với Công an thành phố và Đội Quản lý thị trường "
            "số 2 kiểm tra, xử lý các cơ sở kinh doanh hàng giả, hàng kém chất lượng.\n"
        ),
        [
            Want(
                "xử lý các cơ sở kinh doanh hàng giả",
                ("Phòng Kinh tế thành phố",),
                ("Công an thành phố", "Đội Quản lý thị trường số 2"),
                section="1",
            )
        ],
    ),
    Doc(
        "objects-of-chi-dao-don-doc-are-not-support",
        thong_bao(
            "2. Phòng Văn hóa, Khoa học và Thông tin: Chỉ đạo Trung tâm Văn hóa - Thể thao thành phố tổ "
            "chức các hoạt động chào mừng Ngày Gia đình Việt Nam; đôn đốc UBND các phường, xã treo cờ, "
            "khẩu hiệu tuyên truyền.\n"
        ),
        [
            Want(
                "tổ chức các hoạt động chào mừng Ngày Gia đình Việt Nam",
                ("Phòng Văn hóa, Khoa học và Thông tin",),
                (),
                section="2",
            )
        ],
    ),
    Doc(
        "chi-dao-list-of-objects-under-a-unit-heading",
        thong_bao(
            "2. Nhiệm vụ trong thời gian tới\n"
            "2.4. Phòng Kinh tế thành phố:\n"
            "Tiếp tục tham mưu chỉ đạo Đội Quản lý thị trường số 2; UBND các phường, xã đẩy mạnh đấu tranh "
            "chống buôn lậu, gian lận thương mại và hàng giả trên địa bàn.\n"
        ),
        [
            Want(
                "đẩy mạnh đấu tranh chống buôn lậu, gian lận thương mại",
                ("Phòng Kinh tế thành phố",),
                (),
                section="2.4",
            )
        ],
    ),
    Doc(
        "lead-from-de-nghi",
        thong_bao(
            "1. Đề nghị Công an thành phố tăng cường tuần tra, kiểm soát, xử lý nghiêm các trường hợp vi "
            "phạm trật tự an toàn giao thông trong dịp nghỉ lễ.\n"
        ),
        [Want("tăng cường tuần tra, kiểm soát", ("Công an thành phố",), section="1")],
    ),
    Doc(
        "two-sentences-two-leads",
        thong_bao(
            "3. Giao Phòng Tài chính - Kế hoạch rà soát, tham mưu bố trí vốn cho các dự án chuyển tiếp. "
            "Giao Ban Quản lý dự án đầu tư xây dựng thành phố khẩn trương lập hồ sơ mời thầu dự án cải "
            "tạo đường Hoàng Đình Giong trong tháng 7/2025.\n"
        ),
        [
            Want(
                "tham mưu bố trí vốn cho các dự án chuyển tiếp",
                ("Phòng Tài chính - Kế hoạch",),
                deadlines=("2025-07-31",),
                section="3",
            ),
            Want(
                "lập hồ sơ mời thầu dự án cải tạo đường Hoàng Đình Giong",
                ("Ban Quản lý dự án đầu tư xây dựng thành phố",),
                deadlines=("2025-07-31",),
                section="3",
            ),
        ],
    ),
    Doc(
        "review-of-past-work-is-not-a-task",
        thong_bao(
            "1. Đánh giá chung\n"
            "Trong tuần, UBND thành phố đã tập trung chỉ đạo giải phóng mặt bằng các dự án trọng điểm; "
            "Phòng Tài chính - Kế hoạch đã hoàn thành tổng hợp dự toán; tình hình an ninh, trật tự được "
            "giữ vững.\n"
            "2. Nhiệm vụ tuần tới\n"
            "Giao Phòng Tài chính - Kế hoạch tham mưu điều chuyển vốn của các dự án chậm giải ngân.\n"
        ),
        [Want("tham mưu điều chuyển vốn của các dự án chậm giải ngân", ("Phòng Tài chính - Kế hoạch",))],
        not_tasks=("UBND thành phố đã tập trung chỉ đạo giải phóng mặt bằng",),
    ),
    Doc(
        "approval-alone-is-not-a-task",
        thong_bao(
            "1. Về dự thảo Báo cáo kinh tế - xã hội\n"
            "Lãnh đạo UBND thành phố cơ bản nhất trí với dự thảo Báo cáo tình hình kinh tế - xã hội 6 "
            "tháng đầu năm 2025 do Phòng Tài chính - Kế hoạch trình.\n"
            "2. Về công tác phòng, chống thiên tai\n"
            "Giao UBND các phường, xã rà soát các hộ dân sống ở vùng có nguy cơ sạt lở đất.\n"
        ),
        [Want("rà soát các hộ dân sống ở vùng có nguy cơ sạt lở đất", ("UBND các phường, xã",), section="2")],
        not_tasks=("cơ bản nhất trí với dự thảo Báo cáo tình hình kinh tế",),
    ),
    Doc(
        "approval-ending-with-giao-is-a-task",
        thong_bao(
            "1. Về dự thảo Đề án sắp xếp tổ dân phố\n"
            "Cơ bản nhất trí với dự thảo Đề án sắp xếp tổ dân phố do Phòng Nội vụ trình; giao phòng Nội vụ "
            "tiếp tục tiếp thu ý kiến các đại biểu, hoàn thiện dự thảo, trình UBND thành phố trước ngày "
            "25/6/2025.\n"
        ),
        [
            Want(
                "giao phòng Nội vụ tiếp tục tiếp thu ý kiến các đại biểu",
                ("Phòng Nội vụ",),
                deadlines=("2025-06-25",),
                section="1",
            )
        ],
    ),
    Doc(
        "closing-formula-is-not-a-task",
        thong_bao(
            "1. Giao Thanh tra thành phố kiểm tra việc quản lý, sử dụng quỹ đất công ích tại các xã.\n"
        ),
        [Want("kiểm tra việc quản lý, sử dụng quỹ đất công ích", ("Thanh tra thành phố",), section="1")],
        not_tasks=("thông báo để các cơ quan, đơn vị liên quan biết",),
    ),
    Doc(
        "lead-from-single-addressee",
        cong_van(
            "Kính gửi: Sở Y tế.",
            "Thời gian qua, dịch sốt xuất huyết có chiều hướng gia tăng tại một số địa phương. Để chủ động "
            "phòng, chống dịch, Chủ tịch UBND tỉnh có ý kiến như sau:\n"
            "1. Khẩn trương tổ chức phun hóa chất diệt muỗi tại các ổ dịch, hoàn thành trong ngày 25/6/2025.\n"
            "2. Chuẩn bị đủ thuốc, vật tư y tế, không để bị động khi dịch bùng phát.\n",
        ),
        [
            Want(
                "phun hóa chất diệt muỗi tại các ổ dịch", ("Sở Y tế",), deadlines=("2025-06-25",), section="1"
            ),
            Want("Chuẩn bị đủ thuốc, vật tư y tế", ("Sở Y tế",), section="2"),
        ],
        not_tasks=("dịch sốt xuất huyết có chiều hướng gia tăng",),
    ),
    Doc(
        "lead-from-single-addressee-with-title",
        cong_van(
            "Kính gửi: Giám đốc Sở Y tế.",
            "Chủ tịch UBND tỉnh có ý kiến như sau:\n"
            "1. Khẩn trương tổ chức phun hóa chất diệt muỗi tại các ổ dịch.\n",
        ),
        [Want("phun hóa chất diệt muỗi tại các ổ dịch", ("Sở Y tế",), section="1")],
    ),
    Doc(
        "two-addressees-leave-the-lead-empty",
        cong_van(
            "Kính gửi:\n- Sở Y tế;\n- Sở Giáo dục và Đào tạo.",
            "Chủ tịch UBND tỉnh có ý kiến như sau:\n"
            "1. Khẩn trương tổ chức phun hóa chất diệt muỗi tại các khu vực trường học.\n",
        ),
        [Want("phun hóa chất diệt muỗi tại các khu vực trường học", (), section="1")],
    ),
    # --- lead-ins (spec: a lead-in ending with ":" gives its lead to every item under it) ---
    Doc(
        "lead-in-paragraph-before-lettered-items",
        thong_bao(
            "1. Về công tác văn thư\n"
            "Giao Văn phòng UBND thành phố chủ trì, phối hợp với các cơ quan, đơn vị liên quan:\n"
            "a) Rà soát quy trình tiếp nhận văn bản đến.\n"
            "b) Hướng dẫn việc lưu trữ hồ sơ điện tử.\n"
            "2. Về công tác cán bộ\n"
            "Giao phòng Nội vụ:\n"
            "a) Tham mưu kiện toàn bộ máy các phòng chuyên môn.\n"
            "b) Tổng hợp nhu cầu đào tạo công chức trong quý III/2025.\n"
        ),
        [
            Want("Rà soát quy trình tiếp nhận văn bản đến", ("Văn phòng UBND thành phố",)),
            Want("lưu trữ hồ sơ điện tử", ("Văn phòng UBND thành phố",)),
            Want("kiện toàn bộ máy các phòng chuyên môn", ("Phòng Nội vụ",)),
            Want("nhu cầu đào tạo công chức", ("Phòng Nội vụ",), deadlines=("2025-09-30",)),
        ],
        not_tasks=("chủ trì, phối hợp với các cơ quan, đơn vị liên quan:",),
    ),
    Doc(
        "lead-in-reaches-nested-items",
        thong_bao(
            "Giao phòng Kinh tế triển khai thực hiện các công việc sau:\n"
            "1. Kiểm tra các cơ sở kinh doanh xăng dầu.\n"
            "- Lập danh sách cơ sở vi phạm.\n"
            "- Đề xuất hình thức xử lý.\n"
        ),
        [
            Want("Kiểm tra các cơ sở kinh doanh xăng dầu", ("Phòng Kinh tế",)),
            Want("Lập danh sách cơ sở vi phạm", ("Phòng Kinh tế",)),
            Want("Đề xuất hình thức xử lý", ("Phòng Kinh tế",)),
        ],
    ),
    Doc(
        "lead-in-with-its-own-action-is-a-task-too",
        thong_bao(
            "Giao phòng Tài chính - Kế hoạch rà soát các khoản chi thường xuyên năm 2025, cụ thể như sau:\n"
            "- Đối chiếu số liệu với Kho bạc.\n"
            "- Báo cáo các khoản chi vượt dự toán.\n"
        ),
        [
            Want("rà soát các khoản chi thường xuyên", ("Phòng Tài chính - Kế hoạch",)),
            Want("Đối chiếu số liệu với Kho bạc", ("Phòng Tài chính - Kế hoạch",)),
            Want("các khoản chi vượt dự toán", ("Phòng Tài chính - Kế hoạch",)),
        ],
    ),
    Doc(
        "lead-in-lead-is-in-its-last-sentence",
        cong_van(
            "Kính gửi: Công ty cổ phần Thành An.",
            "Sở Xây dựng nhận được văn bản của Công ty, trong đó Công ty đề nghị Sở Xây dựng hướng dẫn thủ "
            "tục. Sau khi xem xét, Sở Xây dựng có ý kiến như sau:\n"
            "1. Bổ sung bản vẽ hoàn công của công trình.\n",
        ),
        [Want("Bổ sung bản vẽ hoàn công", ("Công ty cổ phần Thành An",), section="1")],
    ),
    # --- the single addressee (spec: its lead when a paragraph names no other doer) ---
    Doc(
        "single-addressee-company-as-written",
        cong_van(
            "Kính gửi: Công ty cổ phần Đầu tư xây dựng hạ tầng Bắc Sơn (để thực hiện).",
            "Sở Xây dựng đề nghị Công ty thực hiện các nội dung sau:\n"
            "1. Lập hồ sơ hoàn công công trình kho chứa.\n"
            "2. Gửi báo cáo kết quả kiểm định về Sở Xây dựng trước ngày 15/7/2025.\n",
        ),
        [
            Want("Lập hồ sơ hoàn công", ("Công ty cổ phần Đầu tư xây dựng hạ tầng Bắc Sơn",), section="1"),
            Want(
                "báo cáo kết quả kiểm định",
                ("Công ty cổ phần Đầu tư xây dựng hạ tầng Bắc Sơn",),
                deadlines=("2025-07-15",),
                section="2",
            ),
        ],
    ),
    Doc(
        "single-addressee-group-of-non-state-doers",
        cong_van(
            "Kính gửi: Các tổ chức, cá nhân kinh doanh khí dầu mỏ hóa lỏng trên địa bàn tỉnh",
            "Sở Công Thương yêu cầu các tổ chức, cá nhân thực hiện nghiêm một số nội dung sau:\n"
            "1. Niêm yết giá bán tại cửa hàng.\n",
        ),
        [
            Want(
                "Niêm yết giá bán tại cửa hàng",
                ("Các tổ chức, cá nhân kinh doanh khí dầu mỏ hóa lỏng trên địa bàn tỉnh",),
                section="1",
            )
        ],
    ),
    Doc(
        "one-addressee-line-listing-two-units-is-no-single-addressee",
        cong_van(
            "Kính gửi: Sở Tài chính, Sở Xây dựng.",
            "Chủ tịch UBND tỉnh có ý kiến như sau:\n1. Khẩn trương rà soát đơn giá vật liệu xây dựng.\n",
        ),
        [Want("rà soát đơn giá vật liệu xây dựng", (), section="1")],
    ),
    Doc(
        "heading-yeu-cau-doi-voi-holds-tasks",
        cong_van(
            "Kính gửi: Công ty TNHH Minh Phát.",
            "1. Kết quả kiểm tra\nCông trình đã được nghiệm thu đúng quy định.\n"
            "2. Yêu cầu đối với chủ đầu tư\n"
            "a) Lưu trữ hồ sơ công trình theo quy định.\n"
            "b) Vận hành công trình đúng công năng thiết kế.\n",
        ),
        [
            Want("Lưu trữ hồ sơ công trình", ("Công ty TNHH Minh Phát",)),
            Want("Vận hành công trình đúng công năng", ("Công ty TNHH Minh Phát",)),
        ],
        not_tasks=("Công trình đã được nghiệm thu",),
    ),
    Doc(
        "bien-ban-participants-and-opinions-are-a-record",
        "UBND TỈNH HÀ NAM\nSỞ XÂY DỰNG\nSố: 15/BB-SXD\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nam, ngày 12 tháng 5 năm 2026\n\nBIÊN BẢN LÀM VIỆC\nVề việc di dời cụm công nghiệp\n"
        "Hôm nay, ngày 12/5/2026, tại Sở Xây dựng, chúng tôi tiến hành làm việc.\n"
        "I. Thành phần tham gia\n1. Sở Xây dựng\nÔng: Trần Văn Bình - Phó Giám đốc.\n"
        "II. Nội dung làm việc\n1. Ý kiến của các cơ quan tham dự\n"
        "1.1. Ý kiến của Sở Tài chính\nSở Tài chính thống nhất với phương án di dời.\n"
        "III. Các ý kiến thống nhất\n"
        "Một là, giao Sở Xây dựng chủ trì dự thảo Đề án di dời trước ngày 30/6/2026.\n",
        [Want("dự thảo Đề án di dời", ("Sở Xây dựng",), deadlines=("2026-06-30",))],
        not_tasks=("Trần Văn Bình", "thống nhất với phương án di dời"),
    ),
    # --- what is not a task: bare requests to carry out, replies' closings, notes in parentheses ---
    Doc(
        "bare-requests-and-notes-are-no-tasks",
        cong_van(
            "Kính gửi: Công ty TNHH Hòa Bình.",
            "Sở Công Thương đề nghị Công ty thực hiện các nội dung sau:\n"
            "1. Bổ sung hồ sơ thiết kế kho chứa.\n"
            "Lưu ý: đây là nội dung quan trọng, đề nghị Công ty nghiêm túc thực hiện.\n"
            "(Hồ sơ mẫu gửi kèm theo, đề nghị Công ty nghiên cứu)\n"
            "Sở Công Thương yêu cầu Công ty TNHH Hòa Bình nghiêm túc thực hiện; trong quá trình thực hiện "
            "nếu có vướng mắc, phản ánh về Sở Công Thương để được hướng dẫn./.\n",
        ),
        [Want("Bổ sung hồ sơ thiết kế kho chứa", ("Công ty TNHH Hòa Bình",), section="1")],
    ),
    Doc(
        "reply-closing-is-no-task",
        cong_van(
            "Kính gửi: Công ty cổ phần Sông Đà 9.",
            "1. Lập phương án nổ mìn theo quy định.\n"
            "Sở Công Thương phúc đáp để Công ty cổ phần Sông Đà 9 biết, thực hiện./.\n",
        ),
        [Want("Lập phương án nổ mìn", ("Công ty cổ phần Sông Đà 9",), section="1")],
    ),
    Doc(
        "branch-of-a-company-addressee-and-requests-without-a-unit",
        cong_van(
            "Kính gửi: Chi nhánh số 2 - Công ty cổ phần Vận tải Hồng Hà.",
            "1. Đối với hồ sơ vận chuyển khí Clo\n"
            "- Đơn đề nghị ghi sai biển số xe, đề nghị rà soát và ghi lại cho thống nhất.\n"
            "- Sơ đồ tuyến đường đã đầy đủ theo quy định.\n",
        ),
        [Want("rà soát và ghi lại cho thống nhất", ("Chi nhánh số 2 - Công ty cổ phần Vận tải Hồng Hà",))],
        not_tasks=("Sơ đồ tuyến đường",),
    ),
    Doc(
        "items-citing-legal-documents-are-no-tasks",
        cong_van(
            "Kính gửi: Các doanh nghiệp kinh doanh xăng dầu trên địa bàn tỉnh",
            "1. Đề nghị các doanh nghiệp nghiên cứu các văn bản sau:\n"
            "- Nghị định số 80/2026/NĐ-CP ngày 10/3/2026 của Chính phủ về kinh doanh xăng dầu.\n"
            "- Thông tư số 12/2026/TT-BCT ngày 20/3/2026 của Bộ Công Thương.\n"
            "2. Niêm yết giá bán lẻ tại cửa hàng.\n",
        ),
        [
            Want("Niêm yết giá bán lẻ", ("Các doanh nghiệp kinh doanh xăng dầu trên địa bàn tỉnh",), section="2"),
        ],
        not_tasks=("Nghị định số 80/2026", "Thông tư số 12/2026"),
        exact=False,
    ),
    Doc(
        "appendix-after-the-signature-with-unit-headings",
        cong_van(
            "Kính gửi: Sở Xây dựng.",
            "Sở Công Thương tổ chức họp về tiến độ cụm công nghiệp.\n",
        )
        + "Phụ lục: NỘI DUNG YÊU CẦU BÁO CÁO\n(Kèm theo Công văn số 812/UBND-KT)\n"
        "Hoàn thiện hạng mục kho chứa theo thiết kế được duyệt.\n"
        "1. Ủy ban nhân dân xã Tân Phong\n- Báo cáo hiện trạng giải phóng mặt bằng.\n"
        "2. Công ty cổ phần Hạ tầng Tây Nguyên\n- Báo cáo tiến độ đầu tư hạ tầng.\n",
        [
            Want("hiện trạng giải phóng mặt bằng", ("UBND xã Tân Phong",)),
            Want("tiến độ đầu tư hạ tầng", ("Công ty cổ phần Hạ tầng Tây Nguyên",)),
        ],
        not_tasks=("Hoàn thiện hạng mục kho chứa",),
        exact=False,
    ),
    Doc(
        "a-request-after-a-review-paragraph-is-a-task",
        cong_van(
            "Kính gửi: Ủy ban nhân dân các huyện, thị xã.",
            "Ngày 10/3/2025, UBND tỉnh đã có văn bản đề nghị báo cáo tình hình giải ngân.\n"
            "Tuy nhiên, đến nay nhiều địa phương chưa gửi báo cáo.\n"
            "Do vậy, UBND tỉnh đề nghị Ủy ban nhân dân các huyện, thị xã khẩn trương gửi báo cáo trước ngày "
            "30/3/2025.\n",
        ),
        [Want("khẩn trương gửi báo cáo", ("UBND các huyện, thị xã",), deadlines=("2025-03-30",))],
        not_tasks=("nhiều địa phương chưa gửi báo cáo",),
    ),
    Doc(
        "items-requested-by-a-lead-in-without-a-named-doer",
        cong_van(
            "Kính gửi: Các trường học trên địa bàn huyện.",
            "Phòng Giáo dục và Đào tạo đề nghị Thủ trưởng các đơn vị thực hiện:\n"
            "1. Các trường học báo cáo số học sinh nghỉ học trước ngày 5/2/2025.\n",
        ),
        [Want("báo cáo số học sinh nghỉ học", ("Các trường học trên địa bàn huyện",), deadlines=("2025-02-05",))],
        exact=False,
    ),
    Doc(
        "lead-in-gives-its-support-and-deadline-to-its-items",
        thong_bao(
            "Giao phòng Quản lý đô thị chủ trì, phối hợp với Công an thành phố hoàn thành trước ngày "
            "30/9/2025 các nội dung sau:\n"
            "a) Rà soát các điểm trông giữ xe tự phát.\n"
            "b) Lắp đặt biển báo cấm đỗ xe trong tháng 8/2025.\n"
        ),
        [
            Want("điểm trông giữ xe tự phát", ("Phòng Quản lý đô thị",), ("Công an thành phố",), ("2025-09-30",)),
            Want("biển báo cấm đỗ xe", ("Phòng Quản lý đô thị",), ("Công an thành phố",), ("2025-08-31",)),
        ],
    ),
    Doc(
        "a-note-dates-the-items-it-names",
        thong_bao(
            "Giao phòng Văn hóa và Thông tin:\n"
            "a) Xây dựng kế hoạch tuyên truyền về chuyển đổi số.\n"
            "b) Tổ chức hội thi tìm hiểu pháp luật.\n"
            "c) Rà soát các thiết chế văn hóa cơ sở trong năm 2025.\n"
            "(Nội dung a, b hoàn thành trước ngày 15/7/2025)\n"
        ),
        [
            Want("kế hoạch tuyên truyền", ("Phòng Văn hóa và Thông tin",), deadlines=("2025-07-15",)),
            Want("hội thi tìm hiểu pháp luật", ("Phòng Văn hóa và Thông tin",), deadlines=("2025-07-15",)),
            Want("thiết chế văn hóa cơ sở", ("Phòng Văn hóa và Thông tin",), deadlines=("2025-12-31",)),
        ],
        not_tasks=("Nội dung a, b hoàn thành",),
    ),
    Doc(
        "subject-after-a-long-grounds-clause-and-explanations-under-a-lead-in",
        cong_van(
            "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.",
            "Để sắp xếp các hội nghề nghiệp sau khi hợp nhất, Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh, "
            "thành phố thực hiện như sau:\n"
            "1. Đối với việc hợp nhất các hội nghề nghiệp\n"
            "Căn cứ quy định của Luật Về hội năm 2024 và Điều lệ mẫu ban hành kèm theo Quyết định số 12/QĐ-BNV "
            "ngày 10/3/2024 của Bộ trưởng Bộ Nội vụ, Ủy ban nhân dân tỉnh, thành phố chỉ đạo các hội xây dựng "
            "Đề án hợp nhất.\n"
            "Việc hợp nhất các hội thực hiện theo Hướng dẫn số 5/HD-BNV của Bộ Nội vụ.\n",
        ),
        [Want("chỉ đạo các hội xây dựng Đề án hợp nhất", ("UBND tỉnh, thành phố",))],
        not_tasks=("Việc hợp nhất các hội thực hiện theo Hướng dẫn",),
    ),
    Doc(
        "a-topic-and-its-work-is-no-review",
        cong_van(
            "Kính gửi: Các doanh nghiệp kinh doanh khí dầu mỏ hóa lỏng trên địa bàn tỉnh",
            "Sở Công Thương đề nghị các cơ sở thực hiện các nội dung sau:\n"
            "- Công tác phòng cháy: Tổ chức diễn tập phương án chữa cháy tại cơ sở.\n",
        ),
        [
            Want(
                "Tổ chức diễn tập phương án chữa cháy",
                ("Các doanh nghiệp kinh doanh khí dầu mỏ hóa lỏng trên địa bàn tỉnh",),
            )
        ],
    ),
    Doc(
        "an-invitation-fields-closing-and-cited-titles",
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 215/GM-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Nam, ngày 12 tháng 5 năm 2026\n\nGIẤY MỜI\n"
        "Họp về tiến độ các cụm công nghiệp\n\n"
        "Căn cứ Quyết định số 35/QĐ-UBND ngày 02/3/2026 về việc giao Sở Công Thương quản lý các cụm công "
        "nghiệp, Ủy ban nhân dân tỉnh tổ chức họp về tiến độ các cụm công nghiệp, cụ thể như sau:\n"
        "1. Chủ trì: Lãnh đạo UBND tỉnh.\n"
        "2. Thời gian: 08 giờ 00 ngày 20/5/2026.\n"
        "3. Địa điểm: Phòng họp số 2, trụ sở UBND tỉnh.\n"
        "4. Giao Sở Công Thương chuẩn bị báo cáo tình hình triển khai các cụm công nghiệp.\n"
        "Đề nghị các cơ quan, đơn vị bố trí thời gian tham dự đầy đủ, đúng giờ./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nTrần Văn Nam\n",
        [Want("chuẩn bị báo cáo tình hình triển khai", ("Sở Công Thương",), section="4")],
        not_tasks=("Lãnh đạo UBND tỉnh", "08 giờ 00", "Phòng họp số 2", "quản lý các cụm công nghiệp", "bố trí thời gian"),
    ),
    Doc(
        "statements-of-law-and-topic-phrases-are-no-tasks",
        cong_van(
            "Kính gửi: Các doanh nghiệp khai thác cát trên địa bàn tỉnh",
            "Sở Nông nghiệp và Môi trường đề nghị các doanh nghiệp thực hiện các nội dung sau:\n"
            "1. Về báo cáo định kỳ\n"
            "- Hồ sơ báo cáo bao gồm bản đồ hiện trạng và sổ theo dõi sản lượng.\n"
            "- Thời hạn báo cáo được quy định tại Điều 12 Thông tư số 36/2025/TT-BNNMT.\n"
            "- Theo quy định tại Điều 59 Nghị định số 193/2025/NĐ-CP, thời hạn báo cáo là ngày 15/02 hằng năm.\n"
            "- Đối với công tác bảo vệ khoáng sản chưa khai thác.\n"
            "- Lưu giữ sổ sách, chứng từ về sản lượng khai thác.\n"
            "- Chỉ được phép khai thác trong phạm vi ranh giới được cấp phép.\n",
        ),
        [
            Want("Lưu giữ sổ sách, chứng từ", ("Các doanh nghiệp khai thác cát trên địa bàn tỉnh",), section="1"),
            Want("Chỉ được phép khai thác trong phạm vi", ("Các doanh nghiệp khai thác cát trên địa bàn tỉnh",), section="1"),
        ],
        not_tasks=("Hồ sơ báo cáo bao gồm", "Thời hạn báo cáo được quy định", "Theo quy định tại Điều 59", "Đối với công tác bảo vệ"),
    ),
    Doc(
        "ordinal-enumerators-before-a-subject",
        thong_bao(
            "Một là, Phòng Kinh tế có ý kiến tham gia bằng văn bản về dự thảo quy hoạch.\n"
            "Hai là, Phòng Nội vụ có văn bản hướng dẫn các xã kiện toàn bộ máy.\n"
        ),
        [
            Want("ý kiến tham gia bằng văn bản về dự thảo quy hoạch", ("Phòng Kinh tế",)),
            Want("hướng dẫn các xã kiện toàn bộ máy", ("Phòng Nội vụ",)),
        ],
    ),
    Doc(
        "items-of-a-quoted-provision-are-no-tasks",
        cong_van(
            "Kính gửi: Các doanh nghiệp khai thác đá trên địa bàn tỉnh",
            "Sở Nông nghiệp và Môi trường đề nghị các doanh nghiệp thực hiện các nội dung sau:\n"
            "1. Về sổ sách khai thác\n"
            "Khoản 2 Điều 40 Nghị định số 10/2025/NĐ-CP quy định: doanh nghiệp phải lập sổ theo dõi sản lượng.\n"
            "a) Sổ theo dõi khối lượng đá nguyên khai.\n"
            "b) Sổ theo dõi khối lượng đá thành phẩm.\n"
            "2. Nộp đầy đủ các nghĩa vụ tài chính theo quy định: tiền cấp quyền khai thác, phí bảo vệ môi trường.\n"
            "a) Kê khai thuế tài nguyên hằng tháng.\n",
        ),
        [
            Want("phải lập sổ theo dõi sản lượng", ("Các doanh nghiệp khai thác đá trên địa bàn tỉnh",), section="1"),
            Want("Nộp đầy đủ các nghĩa vụ tài chính", ("Các doanh nghiệp khai thác đá trên địa bàn tỉnh",), section="2"),
            Want("Kê khai thuế tài nguyên", ("Các doanh nghiệp khai thác đá trên địa bàn tỉnh",), section="2"),
        ],
        not_tasks=("Sổ theo dõi khối lượng đá nguyên khai", "Sổ theo dõi khối lượng đá thành phẩm"),
    ),
    Doc(
        "a-proper-name-before-a-colon-and-its-work",
        thong_bao(
            "3. Công tác chuẩn bị\n"
            "- Điện lực Cao Bằng: chủ trì bảo đảm cấp điện liên tục trong thời gian diễn ra hội nghị.\n"
            "- Thời gian: chuẩn bị trước 07 giờ 30.\n"
            "UBND thành phố kính mời các đại biểu đến dự họp đúng thành phần, thời gian./.\n"
        ),
        [Want("bảo đảm cấp điện liên tục", ("Điện lực Cao Bằng",), section="3")],
        not_tasks=("chuẩn bị trước 07 giờ 30", "kính mời các đại biểu"),
    ),
    Doc(
        "topic-headings-with-a-period-and-lines-that-only-list-units",
        cong_van(
            "Kính gửi: Các doanh nghiệp khai thác cát trên địa bàn tỉnh",
            "1. Yêu cầu đối với các doanh nghiệp khai thác cát.\n"
            "1.1. Về việc báo cáo định kỳ.\n"
            "- Gửi báo cáo định kỳ về các cơ quan sau:\n"
            "- Sở Nông nghiệp và Môi trường, Sở Xây dựng;\n"
            "- Lắp đặt trạm cân tại mỏ.\n",
        ),
        [
            Want("Gửi báo cáo định kỳ về các cơ quan sau", ("Các doanh nghiệp khai thác cát trên địa bàn tỉnh",)),
            Want("Lắp đặt trạm cân tại mỏ", ("Các doanh nghiệp khai thác cát trên địa bàn tỉnh",)),
        ],
        not_tasks=("Yêu cầu đối với các doanh nghiệp", "Về việc báo cáo định kỳ", "Sở Nông nghiệp và Môi trường, Sở Xây dựng"),
    ),
    Doc(
        "a-body-published-without-its-header",
        "Phòng Giáo dục và Đào tạo đề nghị Hiệu trưởng thực hiện:\n"
        "1. Báo cáo số học sinh nghỉ học về Phòng trước ngày 10/4/2023.\n"
        "2. Tổ chức tổng vệ sinh trường lớp.\n",
        [
            Want("Báo cáo số học sinh nghỉ học", (), deadlines=("2023-04-10",), section="1"),
            Want("Tổ chức tổng vệ sinh trường lớp", (), section="2"),
        ],
    ),
    Doc(
        "units-named-above-are-the-enterprises-the-letter-names",
        thong_bao(
            "1. Kết quả kiểm tra\n"
            "- Đoàn đã kiểm tra kho vật liệu nổ của các đơn vị: Công ty cổ phần Xây dựng Hòa Bình, Công ty TNHH "
            "Minh Anh.\n"
            "2. Kiến nghị\n"
            "Sở Công Thương yêu cầu đơn vị nêu trên thực hiện một số nội dung sau:\n"
            "- Bổ sung biển báo, nội quy kho.\n"
        ),
        [Want("Bổ sung biển báo, nội quy kho", ("Công ty cổ phần Xây dựng Hòa Bình", "Công ty TNHH Minh Anh"))],
        exact=False,
    ),
    Doc(
        "a-list-of-heads-for-their-bodies",
        thong_bao(
            "3. Giao Giám đốc Sở Y tế, Giám đốc Công ty TNHH Minh Long, Chủ tịch UBND huyện Hòa An phối hợp "
            "tổ chức tiêm chủng mở rộng.\n"
        ),
        [Want("tổ chức tiêm chủng mở rộng", ("Sở Y tế", "Công ty TNHH Minh Long", "UBND huyện Hòa An"), section="3")],
    ),
    Doc(
        "a-sentence-that-opens-with-the-request",
        cong_van(
            "Kính gửi: Sở Công Thương tỉnh Hà Nam.",
            "Hiện nay, việc sắp xếp đơn vị hành chính đã hoàn thành. Vì vậy, đề nghị địa phương căn cứ địa giới "
            "mới để rà soát quy hoạch cụm công nghiệp.\n"
            "Đề nghị Quý Sở chấp hành nghiêm túc./.\n",
        ),
        [Want("căn cứ địa giới mới để rà soát quy hoạch", ("Sở Công Thương tỉnh Hà Nam",))],
    ),
    Doc(
        "a-lead-in-whose-sentences-give-work-to-two-leads",
        thong_bao(
            "Đề nghị phòng Văn hóa và Thông tin phối hợp tuyên truyền các quy định mới. Yêu cầu các doanh nghiệp hoạt "
            "động karaoke chủ động nghiên cứu, áp dụng các quy định sau:\n"
            "- Bảo đảm lối thoát nạn thông thoáng.\n"
        ),
        [
            Want("phối hợp tuyên truyền các quy định mới", ("Phòng Văn hóa và Thông tin",)),
            Want("chủ động nghiên cứu, áp dụng các quy định", ("Các doanh nghiệp hoạt động karaoke",)),
            Want("lối thoát nạn thông thoáng", ("Các doanh nghiệp hoạt động karaoke",)),
        ],
    ),
    Doc(
        "an-item-dated-by-its-own-time-field",
        thong_bao(
            "II. NHIỆM VỤ\n"
            "1. Phòng Nội vụ:\n"
            "a) Rà soát vị trí việc làm của các phòng chuyên môn.\n"
            "- Thời gian hoàn thành: Quý III/2025.\n"
        ),
        [Want("Rà soát vị trí việc làm", ("Phòng Nội vụ",), deadlines=("2025-09-30",))],
        not_tasks=("Thời gian hoàn thành",),
    ),
    Doc(
        "item-naming-its-unit-beats-the-addressee",
        cong_van(
            "Kính gửi: Sở Y tế.",
            "Chủ tịch UBND tỉnh có ý kiến như sau:\n"
            "1. Giao Sở Tài chính bố trí kinh phí mua hóa chất phòng, chống dịch.\n",
        ),
        [Want("bố trí kinh phí mua hóa chất", ("Sở Tài chính",), section="1")],
    ),
]


KE_HOACH = """ỦY BAN NHÂN DÂN
XÃ TÂN AN
Số: 27/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân An, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Triển khai chuyển đổi số trên địa bàn xã năm 2026

Căn cứ Kế hoạch của UBND tỉnh về chuyển đổi số năm 2026, UBND xã ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng phục vụ người dân và doanh nghiệp trên môi trường số.
2. Yêu cầu
- Các bộ phận chủ động triển khai, bảo đảm đúng tiến độ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực, hoàn thành trong quý III/2026.
2. Đẩy mạnh tuyên truyền, hướng dẫn người dân cài đặt ứng dụng định danh điện tử.
3. Văn phòng HĐND và UBND xã chủ trì, phối hợp với Công an xã làm sạch dữ liệu hộ tịch trước ngày 30/6/2026.
III. KINH PHÍ
Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách xã năm 2026 và các nguồn hợp pháp khác.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội:
- Tổ chức kích hoạt tài khoản định danh điện tử mức độ 2 cho người dân, hoàn thành trong tháng 4/2026.
2. Phòng Kinh tế: Tham mưu bố trí kinh phí thực hiện Kế hoạch trước ngày 31/3/2026.
Trên đây là Kế hoạch triển khai chuyển đổi số trên địa bàn xã năm 2026./.

Nơi nhận:
- UBND huyện;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Phạm Quốc Việt
"""

DOCS.append(
    Doc(
        "ke-hoach-parts",
        KE_HOACH,
        [
            Want("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", (), deadlines=("2026-09-30",)),
            Want("hướng dẫn người dân cài đặt ứng dụng định danh điện tử", ()),
            Want(
                "làm sạch dữ liệu hộ tịch",
                ("Văn phòng HĐND và UBND xã",),
                ("Công an xã",),
                ("2026-06-30",),
            ),
            Want(
                "kích hoạt tài khoản định danh điện tử mức độ 2",
                ("Phòng Văn hóa - Xã hội",),
                deadlines=("2026-04-30",),
            ),
            Want(
                "Tham mưu bố trí kinh phí thực hiện Kế hoạch", ("Phòng Kinh tế",), deadlines=("2026-03-31",)
            ),
        ],
        not_tasks=(
            "Nâng cao chất lượng phục vụ người dân",
            "Các bộ phận chủ động triển khai",
            "được bố trí từ nguồn ngân sách xã",
            "Trên đây là Kế hoạch",
        ),
    )
)


# Under a unit heading, an item that opens with "Căn cứ …, <verb>" is work; the closing formula "Trong quá
# trình thực hiện, nếu có khó khăn, vướng mắc, … báo cáo …" that follows it is not.
KE_HOACH_GROUNDS = KE_HOACH.replace(
    "Trên đây là Kế hoạch triển khai chuyển đổi số trên địa bàn xã năm 2026./.",
    "3. Công an xã\n"
    "Căn cứ Kế hoạch này, xây dựng kế hoạch bảo đảm an toàn, an ninh mạng; thời hạn: 30/4/2026.\n"
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận, thôn, tổ dân phố báo cáo UBND xã "
    "(qua Văn phòng HĐND và UBND xã) để xem xét, chỉ đạo./.",
)
DOCS.append(
    Doc(
        "ke-hoach-grounds-item-and-closing",
        KE_HOACH_GROUNDS,
        [Want("xây dựng kế hoạch bảo đảm an toàn, an ninh mạng", ("Công an xã",), deadlines=("2026-04-30",))],
        not_tasks=("nếu có khó khăn, vướng mắc",),
        exact=False,
    )
)


DOCS.append(
    Doc(
        "subject-then-adverbial-then-verb",
        cong_van(
            "Kính gửi:\n- Sở Tài chính;\n- Sở Xây dựng.",
            "Sở Tài chính, Sở Xây dựng theo chức năng, nhiệm vụ được giao hướng dẫn UBND các xã thực hiện "
            "thanh quyết toán vốn theo quy định trước ngày 30/9/2025.",
        ),
        [
            Want(
                "hướng dẫn UBND các xã thực hiện thanh quyết toán",
                ("Sở Tài chính", "Sở Xây dựng"),
                (),
                ("2025-09-30",),
            )
        ],
    )
)


DOCS.append(
    Doc(
        "topic-colon-then-subject",
        thong_bao(
            "1. Về công tác tôn giáo: Phòng Văn hóa - Xã hội phối hợp với Công an thành phố nắm chắc tình hình, "
            "kịp thời tham mưu xử lý các vụ việc phát sinh.\n"
        ),
        [Want("nắm chắc tình hình", ("Phòng Văn hóa - Xã hội",), ("Công an thành phố",), section="1")],
    )
)


DOCS.append(
    Doc(
        "supports-named-before-phoi-hop",
        thong_bao(
            "1. Giao Phòng Kinh tế chủ trì, Công an thành phố và UBND các phường, xã phối hợp kiểm tra, xử lý "
            "nghiêm các trường hợp lấn chiếm vỉa hè; báo cáo kết quả trước ngày 30/7/2025.\n"
        ),
        [
            Want(
                "xử lý nghiêm các trường hợp lấn chiếm vỉa hè",
                ("Phòng Kinh tế",),
                ("Công an thành phố", "UBND các phường, xã"),
                ("2025-07-30",),
            )
        ],
    )
)


DOCS.append(
    Doc(
        "subject-with-any-directive-verb",
        thong_bao(
            "4. Trung tâm Y tế thành phố chuẩn bị đủ thuốc, vật tư phòng, chống dịch trong mùa mưa bão.\n"
        ),
        [Want("chuẩn bị đủ thuốc, vật tư", ("Trung tâm Y tế thành phố",), section="4")],
    )
)


DOCS.append(
    Doc(
        "giao-cac-co-quan-colon-list",
        thong_bao(
            "1. Giao các cơ quan: Phòng Kinh tế, Phòng Tư pháp, Công an thành phố rà soát các điểm kinh doanh "
            "có điều kiện; báo cáo UBND thành phố trước ngày 15/7/2025.\n"
        ),
        [
            Want(
                "rà soát các điểm kinh doanh có điều kiện",
                ("Phòng Kinh tế", "Phòng Tư pháp", "Công an thành phố"),
                deadlines=("2025-07-15",),
            )
        ],
    )
)


# Kế hoạch written without a table: each item lists its lead, supports and deadline on labelled lines.
KE_HOACH_FIELDS = KE_HOACH.replace(
    "Trên đây là Kế hoạch triển khai chuyển đổi số trên địa bàn xã năm 2026./.",
    "V. NHIỆM VỤ CỤ THỂ\n"
    "1. Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh của xã.\n"
    "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.\n"
    "- Cơ quan phối hợp: Công an xã.\n"
    "- Thời gian hoàn thành: Quý II/2026.\n"
    "2. Làm sạch dữ liệu dân cư trên địa bàn.\n"
    "- Đơn vị chủ trì: Công an xã.\n"
    "- Thời hạn: 30/6/2026.",
)
DOCS.append(
    Doc(
        "ke-hoach-labelled-fields",
        KE_HOACH_FIELDS,
        [
            Want(
                "Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh",
                ("Phòng Văn hóa - Xã hội",),
                ("Công an xã",),
                ("2026-06-30",),
                section="1",
            ),
            Want("Làm sạch dữ liệu dân cư trên địa bàn", ("Công an xã",), (), ("2026-06-30",), section="2"),
        ],
        not_tasks=("Cơ quan chủ trì:", "Cơ quan phối hợp:", "Thời gian hoàn thành:", "Thời hạn: 30/6/2026"),
        exact=False,
    )
)

# A giấy mời or a kế hoạch kiểm tra: the fields of the meeting or inspection (who chairs, who attends,
# where, what is checked) describe the event; only a sentence in them that asks a named unit for work
# is a task.
DOCS.append(
    Doc(
        "meeting-and-inspection-fields",
        cong_van(
            "Kính gửi: Công ty TNHH Xây dựng Phú An",
            "UBND tỉnh tổ chức kiểm tra công trình nhà xưởng của Công ty, cụ thể như sau:\n"
            "1. Thời gian, hình thức làm việc: 8 giờ ngày 12/7/2025, trực tiếp tại công trình.\n"
            "2. Địa điểm, thành phần:\n"
            "2.1. Tại điểm cầu Hội trường tầng 2 trụ sở Sở Xây dựng\n"
            "Chủ trì cuộc họp:\n"
            "- Kính mời đồng chí Giám đốc Sở Xây dựng.\n"
            "Thành phần:\n"
            "- Chủ tịch Ủy ban nhân dân các xã: Tân Lập, Đồng Tâm.\n"
            "3. Thành phần tham gia kiểm tra:\n"
            "- Chủ trì: Sở Xây dựng\n"
            "- Thành phần tham dự: Công ty TNHH Xây dựng Phú An. Đề nghị Công ty mời đơn vị tư vấn giám sát "
            "cùng tham dự.\n"
            "4. Nội dung kiểm tra:\n"
            "- Kiểm tra hồ sơ quản lý chất lượng công trình.\n"
            "- Kiểm tra hiện trường thi công.\n"
            "5. Công tác chuẩn bị:\n"
            "- Giao Công ty TNHH Xây dựng Phú An chuẩn bị hồ sơ hoàn công trước ngày 10/7/2025.\n",
        ),
        [
            Want("mời đơn vị tư vấn giám sát cùng tham dự", ("Công ty TNHH Xây dựng Phú An",), section="3"),
            Want(
                "chuẩn bị hồ sơ hoàn công",
                ("Công ty TNHH Xây dựng Phú An",),
                deadlines=("2025-07-10",),
                section="5",
            ),
        ],
        not_tasks=("Tại điểm cầu Hội trường", "Tân Lập, Đồng Tâm", "Kiểm tra hồ sơ quản lý chất lượng"),
    )
)

# A closing request to carry out the letter ("… đề nghị các Sở, ngành; UBND các xã nghiên cứu, triển
# khai thực hiện theo đúng quy định. Trong quá trình thực hiện, nếu có vướng mắc …") is no task, even
# when the paragraph is long.
DOCS.append(
    Doc(
        "closing-request-to-follow-the-law",
        cong_van(
            "Kính gửi: Các Sở, ban, ngành tỉnh",
            "1. Đề nghị Sở Tư pháp rà soát các thủ tục hành chính về chứng thực trong tháng 7/2025.\n"
            "UBND tỉnh đề nghị các Sở, ban, ngành tỉnh; UBND các xã, phường và các doanh nghiệp trên địa bàn "
            "tỉnh nghiên cứu, triển khai thực hiện theo đúng quy định. Trong quá trình triển khai thực hiện, "
            "nếu có khó khăn, vướng mắc hoặc vấn đề phát sinh vượt thẩm quyền, đề nghị các đơn vị phản ánh "
            "kịp thời về Văn phòng UBND tỉnh để tổng hợp, báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo giải "
            "quyết theo quy định của pháp luật hiện hành./.\n",
        ),
        [Want("rà soát các thủ tục hành chính về chứng thực", ("Sở Tư pháp",), deadlines=("2025-07-31",))],
        not_tasks=("nghiên cứu, triển khai thực hiện theo đúng quy định",),
    )
)

# Who answers for the truth of what they submitted is a liability, not work to track.
DOCS.append(
    Doc(
        "liability-is-not-work",
        cong_van(
            "Kính gửi: Công ty TNHH Xây dựng Phú An",
            "1. Công ty TNHH Xây dựng Phú An lưu trữ hồ sơ hoàn công theo quy định.\n"
            "2. Chủ đầu tư và nhà thầu thi công chịu trách nhiệm về tính chính xác, trung thực của số liệu "
            "trong hồ sơ đề nghị nghiệm thu.\n"
            "3. Đề nghị Công ty TNHH Xây dựng Phú An thực hiện các nội dung sau:\n"
            "- Dừng thi công hạng mục kho chứa để khắc phục tồn tại.\n"
            "- Trường hợp các tổ chức, cá nhân thi công không dừng thi công để khắc phục thì phải chịu trách "
            "nhiệm trước pháp luật và sẽ bị xử lý theo quy định.\n",
        ),
        [
            Want("lưu trữ hồ sơ hoàn công", ("Công ty TNHH Xây dựng Phú An",), section="1"),
            Want("Dừng thi công hạng mục kho chứa", ("Công ty TNHH Xây dựng Phú An",), section="3"),
        ],
        not_tasks=("chịu trách nhiệm về tính chính xác", "không hoàn thành việc khắc phục"),
    )
)

# A setting clause ("Sau khi …") before a request: the request is the work; "đề nghị của Sở X" (the
# noun) in a preamble is none.
DOCS.append(
    Doc(
        "request-after-setting-clause",
        cong_van(
            "Kính gửi: Công ty TNHH Khoáng sản Bình Minh",
            "Xét đề nghị của Công ty TNHH Khoáng sản Bình Minh tại Văn bản số 15/BM ngày 02/6/2025, UBND tỉnh "
            "có ý kiến như sau:\n"
            "- Sau khi hoàn thành thi công đề nghị đơn vị bàn giao mặt bằng và hoàn trả đường giao thông "
            "nông thôn.\n",
        ),
        [Want("bàn giao mặt bằng và hoàn trả đường giao thông", ("Công ty TNHH Khoáng sản Bình Minh",))],
        not_tasks=("Xét đề nghị của Công ty",),
    )
)

# A purpose clause whose doer works to a date of its own ("… để Sở X tổng hợp, báo cáo trước ngày …")
# is that doer's task; without a date of its own it stays part of the first task.
DOCS.append(
    Doc(
        "purpose-clause-with-its-own-date",
        thong_bao(
            "1. Các phòng, ban chuyên môn gửi ý kiến góp ý bằng văn bản về Phòng Tư pháp trong 05 ngày làm "
            "việc để Phòng Tư pháp tổng hợp, trình UBND thành phố trước ngày 30/6/2025.\n"
            "2. Phòng Nội vụ rà soát biên chế các đơn vị sự nghiệp để Phòng Tài chính - Kế hoạch tổng hợp, "
            "cân đối kinh phí.\n"
        ),
        [
            Want("gửi ý kiến góp ý bằng văn bản về Phòng Tư pháp", ("Các phòng, ban chuyên môn",), section="1"),
            Want("tổng hợp, trình UBND thành phố", ("Phòng Tư pháp",), deadlines=("2025-06-30",), section="1"),
            Want("rà soát biên chế các đơn vị sự nghiệp", ("Phòng Nội vụ",), section="2"),
        ],
    )
)

# Several letters filed in one file: a letter after the first one's signature ("Số: …", "Kính gửi: …",
# its body up to "Nơi nhận:") gives the tasks its sentences name a doer for; "đề nghị X quan tâm
# hướng dẫn." alone is a courtesy, not work.
DOCS.append(
    Doc(
        "bundled-second-letter",
        cong_van(
            "Kính gửi: Sở Tư pháp",
            "Đề nghị Sở Tư pháp rà soát danh sách tổ chức hành nghề công chứng trên địa bàn.\n"
            "UBND tỉnh đề nghị Sở Tư pháp quan tâm chỉ đạo thực hiện.\n",
        )
        + "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: /UBND-NC\nV/v hướng dẫn hợp nhất\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nCao Bằng, ngày tháng 6 năm 2025\n"
        "Kính gửi: Hội Luật gia tỉnh\n"
        "Để thuận lợi cho việc hợp nhất, UBND tỉnh đề nghị Hội Luật gia tỉnh có văn bản hướng dẫn các chi hội "
        "thực hiện hợp nhất.\n"
        "UBND tỉnh đề nghị Hội Luật gia tỉnh quan tâm hướng dẫn.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐinh Văn Lộc\n",
        [
            Want("rà soát danh sách tổ chức hành nghề công chứng", ("Sở Tư pháp",)),
            Want("có văn bản hướng dẫn các chi hội thực hiện hợp nhất", ("Hội Luật gia tỉnh",), section=None),
        ],
        not_tasks=("quan tâm chỉ đạo thực hiện", "quan tâm hướng dẫn."),
    )
)

# How a record is drawn up or where it is filed details a task stated before it; it is no task of its
# own even when it opens with "Báo cáo".
DOCS.append(
    Doc(
        "report-form-and-filing-details",
        cong_van(
            "Kính gửi: Các doanh nghiệp khai thác cát trên địa bàn tỉnh",
            "1. Các doanh nghiệp khai thác cát lập báo cáo định kỳ kết quả khai thác trước ngày 15/01/2026.\n"
            "- Báo cáo định kỳ khai thác cát lòng sông được lập theo Mẫu số 03 của Phụ lục II;\n"
            "- Báo cáo định kỳ được nộp cho các cơ quan sau đây:\n"
            "a) Đối với giấy phép do Bộ cấp: Cục Khoáng sản;\n"
            "b) Đối với giấy phép do tỉnh cấp: Sở Nông nghiệp và Môi trường.\n",
        ),
        [
            Want(
                "lập báo cáo định kỳ kết quả khai thác",
                ("Các doanh nghiệp khai thác cát trên địa bàn tỉnh",),
                deadlines=("2026-01-15",),
                section="1",
            )
        ],
        not_tasks=("được lập theo Mẫu số 03", "Đối với giấy phép do Bộ cấp", "được nộp cho các cơ quan"),
    )
)

# A finding ("Theo hồ sơ Công ty gửi kèm cho thấy …: (i) …; (ii) …", "Qua kiểm tra, …") reviews; the
# unit it mentions is no heading over the text after its colon.
DOCS.append(
    Doc(
        "finding-is-not-work",
        cong_van(
            "Kính gửi: Công ty cổ phần Thép Nam Sơn",
            "Theo hồ sơ Công ty gửi kèm cho thấy nhà xưởng nêu trên có đặc điểm sau: (i) Là công trình cấp III; "
            "(ii) được xây dựng từ năm 2010.\n"
            "Qua kiểm tra, hệ thống phòng cháy của nhà xưởng đã xuống cấp.\n"
            "1. Thực hiện kiểm định chất lượng nhà xưởng trước ngày 30/9/2025.\n",
        ),
        [
            Want(
                "Thực hiện kiểm định chất lượng nhà xưởng",
                ("Công ty cổ phần Thép Nam Sơn",),
                deadlines=("2025-09-30",),
                section="1",
            )
        ],
        not_tasks=("Là công trình cấp III", "hệ thống phòng cháy của nhà xưởng đã xuống cấp"),
    )
)


# A heading that names a doer with what it is of ("1. Nhà đầu tư của dự án …:") gives its items their lead;
# a date that says when a planned event happens names a thing ("các đoạn mà dự kiến khởi công trước …").
DOCS.append(
    Doc(
        "doer-of-what-heading",
        thong_bao(
            "1. Nhà đầu tư của dự án đường vành đai Bắc – Nam:\n"
            "a) Khẩn trương huy động máy móc, nhân lực thi công.\n"
            "b) Nộp hồ sơ thiết kế kỹ thuật trước ngày 20/7/2025.\n"
            "2. UBND Phường 3 Hòa Bình:\n"
            "- Chủ trì giải phóng mặt bằng các đoạn tuyến mà dự kiến khởi công trước ngày 30/7/2025.\n"
        ),
        [
            Want("Khẩn trương huy động máy móc", ("Nhà đầu tư",)),
            Want("Nộp hồ sơ thiết kế kỹ thuật", ("Nhà đầu tư",), deadlines=("2025-07-20",)),
            Want("giải phóng mặt bằng các đoạn tuyến", ("UBND phường 3 Hòa Bình",)),
        ],
    )
)


# A chỉ thị directs its addressees: "UBND tỉnh chỉ thị X, Y …:" gives them the items, as "yêu cầu" does.
DOCS.append(
    Doc(
        "chi-thi-assigns",
        cong_van(
            "Kính gửi: Các cơ quan, đơn vị",
            "UBND tỉnh chỉ thị các sở, ban ngành, UBND các huyện, thành phố thực hiện các nhiệm vụ sau:\n"
            "1. Rà soát thủ tục đầu tư, cắt giảm thời gian giải quyết hồ sơ.\n",
        ),
        [Want("Rà soát thủ tục đầu tư", ("Các sở, ban ngành", "UBND các huyện, thành phố"))],
    )
)


# A numbered lead-in with items of its own gives them its lead; the numbered items after it are its
# peers and do not inherit it.
DOCS.append(
    Doc(
        "lead-in-item-keeps-its-lead",
        thong_bao(
            "1. Các phòng, ban chuyên môn triển khai các nội dung sau:\n"
            "- Rà soát hồ sơ đất đai tồn đọng.\n"
            "- Kiểm tra việc cấp phép xây dựng.\n"
            "2. Tăng cường ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính.\n"
        ),
        [
            Want("Rà soát hồ sơ đất đai tồn đọng", ("Các phòng, ban chuyên môn",)),
            Want("Kiểm tra việc cấp phép xây dựng", ("Các phòng, ban chuyên môn",)),
            Want("Tăng cường ứng dụng công nghệ thông tin", ()),
        ],
        exact=False,
    )
)


_results: dict[str, tuple[ExtractionResult, dict[str, Any]]] = {}


def run(doc: Doc) -> tuple[ExtractionResult, dict[str, Any]]:
    if doc.id not in _results:
        result = extract_bytes(doc.text.encode("utf-8"), f"{doc.id}.txt")
        _results[doc.id] = (result, result.to_contract())
    return _results[doc.id]


def describe(task: dict[str, Any]) -> str:
    return (
        f"lead={sorted(u['name'] for u in task['lead'])} support={sorted(u['name'] for u in task['support'])} "
        f"deadlines={task['deadlines']} section={task.get('section')!r} content={task['content'][:70]!r}"
    )


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_tasks(doc: Doc) -> None:
    _, data = run(doc)
    tasks = data["tasks"]
    assert tasks is not None
    errors: list[str] = []
    used: set[int] = set()
    for want in doc.tasks:
        # Prefer the candidate with the right lead: two tasks may share one paragraph.
        candidates = [
            i for i, t in enumerate(tasks) if i not in used and fold(want.anchor) in fold(t["content"])
        ]
        if not candidates:
            errors.append(f"missing task {want.anchor!r}")
            continue
        index = next(
            (i for i in candidates if names(tasks[i]["lead"]) == names(list(want.lead))), candidates[0]
        )
        used.add(index)
        got = tasks[index]
        problems = []
        if names(got["lead"]) != names(list(want.lead)):
            problems.append(f"lead expected {list(want.lead)}")
        if names(got["support"]) != names(list(want.support)):
            problems.append(f"support expected {list(want.support)}")
        if got["deadlines"] != sorted(want.deadlines):
            problems.append(f"deadlines expected {list(want.deadlines)}")
        if want.section is not None and got["section"] != want.section:
            problems.append(f"section expected {want.section!r}")
        if problems:
            errors.append(f"{want.anchor!r}: {'; '.join(problems)}; got {describe(got)}")
    if doc.exact:
        errors += [f"unexpected task: {describe(t)}" for i, t in enumerate(tasks) if i not in used]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("doc", [d for d in DOCS if d.not_tasks], ids=[d.id for d in DOCS if d.not_tasks])
def test_not_tasks(doc: Doc) -> None:
    _, data = run(doc)
    found = [p for p in doc.not_tasks for t in data["tasks"] or [] if fold(p) in fold(t["content"])]
    assert not found, f"not tasks, but extracted: {found}"


def test_two_leads_share_the_same_content() -> None:
    doc = next(d for d in DOCS if d.id == "two-sentences-two-leads")
    _, data = run(doc)
    tasks = data["tasks"]
    assert len(tasks) == 2
    assert tasks[0]["content"] == tasks[1]["content"]
    assert tasks[0]["content"].startswith("Giao Phòng Tài chính - Kế hoạch rà soát")
    assert tasks[0]["content"].endswith("trong tháng 7/2025.")


def test_content_is_the_whole_paragraph_rejoined() -> None:
    """A task split by a page break (and a page number) is one paragraph again."""
    text = thong_bao(
        "1. Về công tác quản lý đất đai\n"
        "Tiếp tục rà soát quỹ đất công trên địa bàn, lập danh sách các thửa đất có thể đấu giá; giao\n"
        "\n- 2 -\n\n"
        "phòng Nông nghiệp và Môi trường tổng hợp, báo cáo UBND thành phố trước ngày 15/7/2025.\n"
    )
    data = extract_bytes(text.encode("utf-8"), "x.txt").to_contract()
    tasks = data["tasks"]
    assert len(tasks) == 1, [describe(t) for t in tasks]
    task = tasks[0]
    assert task["content"] == (
        "Tiếp tục rà soát quỹ đất công trên địa bàn, lập danh sách các thửa đất có thể đấu giá; giao phòng "
        "Nông nghiệp và Môi trường tổng hợp, báo cáo UBND thành phố trước ngày 15/7/2025."
    )
    assert names(task["lead"]) == names(["Phòng Nông nghiệp và Môi trường"])
    assert task["deadlines"] == ["2025-07-15"]
    assert "trước ngày 15/7/2025" in (task["deadline_text"] or "")


def test_trong_ngay_resolves_to_the_meeting_date() -> None:
    text = thong_bao(
        "1. UBND các phường, xã rà soát số hộ bị thiệt hại do mưa lũ, báo cáo UBND thành phố ngay trong ngày.\n"
    )
    data = extract_bytes(text.encode("utf-8"), "x.txt").to_contract()
    assert data["document"]["meeting_date"] == "2025-06-09"
    (task,) = data["tasks"]
    assert task["deadlines"] == ["2025-06-09"]


def test_relative_deadline_keeps_its_text() -> None:
    text = thong_bao(
        "1. Giao Phòng Quản lý đô thị thẩm định hồ sơ cấp phép xây dựng trong 10 ngày làm việc kể từ ngày "
        "nhận đủ hồ sơ hợp lệ.\n"
    )
    data = extract_bytes(text.encode("utf-8"), "x.txt").to_contract()
    (task,) = data["tasks"]
    assert task["deadlines"] == []
    assert "10 ngày làm việc" in (task["deadline_text"] or "")


def test_bao_cao_has_no_tasks() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CAO BẰNG\nSố: 330/BC-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Cao Bằng, ngày 30 tháng 11 năm 2025\n\n"
        "BÁO CÁO\nTình hình kinh tế - xã hội tháng 11, nhiệm vụ trọng tâm tháng 12 năm 2025\n\n"
        "I. KẾT QUẢ THỰC HIỆN\n"
        "Trong tháng, thu ngân sách trên địa bàn đạt 92% dự toán; giải ngân vốn đầu tư công đạt 71%.\n"
        "II. NHIỆM VỤ TRỌNG TÂM THÁNG 12\n"
        "1. Phòng Tài chính - Kế hoạch tập trung đôn đốc thu ngân sách, hoàn thành dự toán năm 2025.\n"
        "2. Giao UBND các phường, xã đẩy nhanh tiến độ giải phóng mặt bằng.\n\n"
        "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNông Văn Phúc\n"
    )
    data = extract_bytes(text.encode("utf-8"), "x.txt").to_contract()
    assert data["document"]["doc_type"] == "Báo cáo"
    assert data["tasks"] is None
    assert data["document"]["signer"] == "Nông Văn Phúc"
    assert data["document"]["issued_date"] == "2025-11-30"


# --- evidence --------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_task_evidence_is_its_paragraph_span(doc: Doc) -> None:
    """A task's evidence: a rule, and a span of the normalized text whose slice is the evidence text
    and is the task's content."""
    result, _ = run(doc)
    text = result.normalized.text
    assert result.tasks, "the document has tasks"
    problems: list[str] = []
    for task in result.tasks:
        ev = task.evidence
        if not ev.rule or ev.start is None or ev.end is None:
            problems.append(f"task without a rule or span: {ev}")
            continue
        span = text[ev.start : ev.end]
        if span != ev.text:
            problems.append(f"slice {span!r} != evidence text {ev.text!r}")
        if span != task.content:
            problems.append(f"slice {span!r} != content {task.content!r}")
        if not task.lead_rule:
            problems.append(f"no lead rule: {task.content[:60]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_unit_and_deadline_evidence_slices_the_text(doc: Doc) -> None:
    result, _ = run(doc)
    text = result.normalized.text
    assert result.tasks, "the document has tasks"
    problems: list[str] = []
    checked = 0
    for task in result.tasks:
        for unit in [*task.lead, *task.support]:
            uev = unit.evidence
            checked += 1
            if not uev.rule or uev.start is None or uev.end is None:
                problems.append(f"unit {unit.name!r} without a rule or span")
            elif text[uev.start : uev.end] != uev.text or uev.text != unit.mention:
                problems.append(f"unit {unit.name!r}: span {text[uev.start : uev.end]!r} != {uev.text!r}")
        for d in task.deadlines:
            dev = d.evidence
            checked += 1
            if not dev.rule or dev.start is None or dev.end is None:
                problems.append(f"deadline {d.text!r} without a rule or span")
            elif text[dev.start : dev.end] != dev.text:
                problems.append(f"deadline {d.text!r}: span {text[dev.start : dev.end]!r} != {dev.text!r}")
    assert not problems, "\n".join(problems)
    if any(w.lead or w.support or w.deadlines for w in doc.tasks):
        assert checked, "units or deadlines were expected"
