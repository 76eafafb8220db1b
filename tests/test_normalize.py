"""Normalize: raw lines in → the reference text out (NFC, one paragraph per line, no page furniture).

Every expectation is the text a careful reader would retype from the page: the paragraphs of the
document as written, rejoined across hard wraps and page breaks, without page numbers, footnote
bodies, web-page chrome or digital-signature stamps. The inputs are short invented documents in
the style of real ones (PDF text layers, web copies, converted Word files).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pytest

from dondoc.ingest import ingest_bytes
from dondoc.model import Layout, NormalizedDocument, RawDocument, RawLine
from dondoc.normalize import normalize
from dondoc.textutil import clean_chars, nfc


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def from_text(text: str) -> RawDocument:
    """A plain-text upload: the normalizer decides the layout itself."""
    return ingest_bytes(text.encode("utf-8"), "x.txt")


def from_lines(*lines: str, layout: Layout, page_breaks: tuple[int, ...] = ()) -> RawDocument:
    """Lines as a parser hands them over; ``page_breaks`` are the indexes of lines that open a new page."""
    raw: list[RawLine] = []
    page = 0
    for index, line in enumerate(lines):
        if index in page_breaks:
            page += 1
        raw.append(RawLine(line, page=page))
    return RawDocument(lines=raw, media_type="text/plain", layout=layout)


@dataclass(frozen=True)
class Case:
    id: str
    raw: RawDocument
    expected: str


CASES = [
    # --- characters --------------------------------------------------------------------------
    Case(
        "nfd-to-nfc",
        from_lines(
            nfd("Giao Phòng Tài chính - Kế hoạch chủ trì tham mưu phương án điều chuyển vốn."),
            layout=Layout.PARAGRAPHS,
        ),
        "Giao Phòng Tài chính - Kế hoạch chủ trì tham mưu phương án điều chuyển vốn.",
    ),
    Case(
        "nfd-to-nfc-upper-case-header",
        from_lines(nfd("ỦY BAN NHÂN DÂN"), nfd("HUYỆN ĐÌNH LẬP"), layout=Layout.PARAGRAPHS),
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐÌNH LẬP",
    ),
    Case(
        "eth-for-d-stroke",
        from_lines(
            "\u00d0ẢNG ỦY XÃ TÂN AN",
            "\u00d0ề nghị \u00d0oàn Thanh niên xã phối hợp thực hiện.",
            layout=Layout.PARAGRAPHS,
        ),
        "ĐẢNG ỦY XÃ TÂN AN\nĐề nghị Đoàn Thanh niên xã phối hợp thực hiện.",
    ),
    Case(
        "fi-ligature",
        from_lines(
            "Lắp đặt mạng Wi\ufb01 miễn phí tại bộ phận một cửa; số hóa \ufb01le hồ sơ.",
            layout=Layout.PARAGRAPHS,
        ),
        "Lắp đặt mạng Wifi miễn phí tại bộ phận một cửa; số hóa file hồ sơ.",
    ),
    Case(
        "zero-width-and-bom-removed",
        from_lines(
            "\ufeffSở\u200b Xây dựng chủ\u200c trì, phối hợp với Công an\u200d tỉnh.",
            layout=Layout.PARAGRAPHS,
        ),
        "Sở Xây dựng chủ trì, phối hợp với Công an tỉnh.",
    ),
    Case(
        "no-break-spaces-become-spaces",
        from_lines(
            "Trung\u00a0tâm Phát triển quỹ đất hoàn\u202fthành bàn giao mặt bằng.", layout=Layout.PARAGRAPHS
        ),
        "Trung tâm Phát triển quỹ đất hoàn thành bàn giao mặt bằng.",
    ),
    # --- reflow ------------------------------------------------------------------------------
    Case(
        "pdf-hard-wraps-with-blank-lines",
        from_text(
            "Ngày 12/3/2026, đồng chí Nguyễn Văn Bình, Phó Chủ tịch UBND thành phố chủ trì\n\n"
            "cuộc họp kiểm tra tiến độ giải phóng mặt bằng dự án đường vành đai phía Bắc\n\n"
            "thành phố. Tham dự có lãnh đạo Phòng Tài chính - Kế hoạch, Trung tâm Phát\n\n"
            "triển quỹ đất và UBND các phường có dự án đi qua.\n\n"
            "Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng chí Phó Chủ tịch UBND\n\n"
            "thành phố kết luận như sau:\n\n"
            "1. Giao Trung tâm Phát triển quỹ đất thành phố khẩn trương hoàn thiện hồ sơ\n\n"
            "bồi thường, hỗ trợ đối với 12 hộ dân còn lại, trình phê duyệt trước ngày\n\n"
            "20/3/2026.\n"
        ),
        "Ngày 12/3/2026, đồng chí Nguyễn Văn Bình, Phó Chủ tịch UBND thành phố chủ trì cuộc họp kiểm tra "
        "tiến độ giải phóng mặt bằng dự án đường vành đai phía Bắc thành phố. Tham dự có lãnh đạo Phòng Tài "
        "chính - Kế hoạch, Trung tâm Phát triển quỹ đất và UBND các phường có dự án đi qua.\n"
        "Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng chí Phó Chủ tịch UBND thành phố kết luận "
        "như sau:\n"
        "1. Giao Trung tâm Phát triển quỹ đất thành phố khẩn trương hoàn thiện hồ sơ bồi thường, hỗ trợ "
        "đối với 12 hộ dân còn lại, trình phê duyệt trước ngày 20/3/2026.",
    ),
    Case(
        "pdf-wrapped-nfd-text",
        from_text(
            nfd(
                "2. Phòng Giáo dục và Đào tạo: Chỉ đạo các trường tiểu học, trung học cơ sở\n\n"
                "hoàn thành chương trình học kỳ II đúng kế hoạch; chuẩn bị các điều kiện tổ\n\n"
                "chức tuyển sinh vào lớp 6 và lớp 10 bảo đảm an toàn, đúng quy chế.\n\n"
                "3. Phòng Văn hóa, Khoa học và Thông tin: Tăng cường tuyên truyền về phòng,\n\n"
                "chống đuối nước cho trẻ em trong dịp nghỉ hè; kiểm tra hoạt động kinh doanh\n\n"
                "dịch vụ trò chơi điện tử trên địa bàn.\n\n"
                "4. Phòng Y tế: Hướng dẫn các cơ sở kinh doanh dịch vụ ăn uống bảo đảm an toàn\n\n"
                "thực phẩm trong mùa nắng nóng.\n"
            )
        ),
        "2. Phòng Giáo dục và Đào tạo: Chỉ đạo các trường tiểu học, trung học cơ sở hoàn thành chương trình "
        "học kỳ II đúng kế hoạch; chuẩn bị các điều kiện tổ chức tuyển sinh vào lớp 6 và lớp 10 bảo đảm an "
        "toàn, đúng quy chế.\n"
        "3. Phòng Văn hóa, Khoa học và Thông tin: Tăng cường tuyên truyền về phòng, chống đuối nước cho trẻ "
        "em trong dịp nghỉ hè; kiểm tra hoạt động kinh doanh dịch vụ trò chơi điện tử trên địa bàn.\n"
        "4. Phòng Y tế: Hướng dẫn các cơ sở kinh doanh dịch vụ ăn uống bảo đảm an toàn thực phẩm trong mùa "
        "nắng nóng.",
    ),
    Case(
        "page-break-inside-paragraph",
        from_lines(
            "8.1. Phòng Nông nghiệp và Môi trường, UBND các phường, xã:",
            "Tiếp tục rà soát quỹ đất công trên địa bàn, lập danh sách các thửa đất có thể đấu giá; giao",
            "",
            "phòng Nông nghiệp và Môi trường tổng hợp, báo cáo UBND thành phố trước ngày 15/4/2025.",
            layout=Layout.PARAGRAPHS,
            page_breaks=(3,),
        ),
        "8.1. Phòng Nông nghiệp và Môi trường, UBND các phường, xã:\n"
        "Tiếp tục rà soát quỹ đất công trên địa bàn, lập danh sách các thửa đất có thể đấu giá; giao phòng "
        "Nông nghiệp và Môi trường tổng hợp, báo cáo UBND thành phố trước ngày 15/4/2025.",
    ),
    Case(
        "page-break-with-page-number-between",
        from_text(
            "Yêu cầu các phòng chuyên môn khẩn trương hoàn thiện hồ sơ dự án, trong đó giao\n"
            "\n"
            "- 2 -\n"
            "\n"
            "phòng Quản lý đô thị chủ trì thẩm định thiết kế cơ sở.\n"
        ),
        "Yêu cầu các phòng chuyên môn khẩn trương hoàn thiện hồ sơ dự án, trong đó giao phòng Quản lý đô thị "
        "chủ trì thẩm định thiết kế cơ sở.",
    ),
    Case(
        "numbered-and-dash-items-not-joined",
        from_lines(
            "Chủ tịch UBND xã giao nhiệm vụ cho các bộ phận như sau",
            "1. Công chức Địa chính - Xây dựng rà soát các trường hợp xây dựng trái phép",
            "- Lập biên bản, đình chỉ thi công các công trình vi phạm",
            "- Báo cáo kết quả về UBND xã trước ngày 30/6/2025",
            "a) đối với công trình đã hoàn thành",
            "b) đối với công trình đang thi công",
            "+ tạm dừng cấp điện, nước",
            layout=Layout.PARAGRAPHS,
        ),
        "Chủ tịch UBND xã giao nhiệm vụ cho các bộ phận như sau\n"
        "1. Công chức Địa chính - Xây dựng rà soát các trường hợp xây dựng trái phép\n"
        "- Lập biên bản, đình chỉ thi công các công trình vi phạm\n"
        "- Báo cáo kết quả về UBND xã trước ngày 30/6/2025\n"
        "a) đối với công trình đã hoàn thành\n"
        "b) đối với công trình đang thi công\n"
        "+ tạm dừng cấp điện, nước",
    ),
    Case(
        "wrapped-items-not-joined-after-full-line",
        from_lines(
            "Để triển khai có hiệu quả Kế hoạch, Chủ tịch UBND huyện yêu cầu thủ trưởng các",
            "cơ quan, đơn vị thực hiện tốt các nội dung trọng tâm sau đây, cụ thể là các việc",
            "- Phòng Nội vụ chủ trì rà soát, sắp xếp đội ngũ cán bộ, công chức cấp xã theo",
            "đúng quy định của pháp luật về cán bộ, công chức",
            "2. Phòng Tư pháp hướng dẫn các xã thực hiện chứng thực điện tử, bảo đảm đúng",
            "thời hạn giải quyết thủ tục hành chính cho người dân và doanh nghiệp trên địa",
            "bàn huyện trong năm 2025",
            "a) rà soát, công bố lại danh mục thủ tục hành chính thuộc thẩm quyền của huyện",
            layout=Layout.WRAPPED,
        ),
        "Để triển khai có hiệu quả Kế hoạch, Chủ tịch UBND huyện yêu cầu thủ trưởng các cơ quan, đơn vị "
        "thực hiện tốt các nội dung trọng tâm sau đây, cụ thể là các việc\n"
        "- Phòng Nội vụ chủ trì rà soát, sắp xếp đội ngũ cán bộ, công chức cấp xã theo đúng quy định của "
        "pháp luật về cán bộ, công chức\n"
        "2. Phòng Tư pháp hướng dẫn các xã thực hiện chứng thực điện tử, bảo đảm đúng thời hạn giải quyết "
        "thủ tục hành chính cho người dân và doanh nghiệp trên địa bàn huyện trong năm 2025\n"
        "a) rà soát, công bố lại danh mục thủ tục hành chính thuộc thẩm quyền của huyện",
    ),
    Case(
        "wrapped-heading-without-colon-then-item",
        from_text(
            "2.5. Phòng Văn hóa, Khoa học và Thông tin thành phố; Trung tâm Văn\n\n"
            "hóa - Thể thao thành phố\n\n"
            "Tăng cường công tác tuyên truyền về tác hại của buôn lậu, gian lận thương mại\n\n"
            "và hàng giả trên hệ thống loa truyền thanh cơ sở và trang thông tin điện tử.\n\n"
            "Chủ động tham mưu các nội dung chuẩn bị tổ chức chương trình nghệ thuật chào\n\n"
            "mừng kỷ niệm ngày thành lập thành phố, bảo đảm trang trọng, tiết kiệm, an toàn.\n\n"
            "2.6. Phòng Nội vụ thành phố: Hướng dẫn các phường, xã hoàn thiện hồ sơ sắp xếp\n\n"
            "tổ dân phố, thôn theo đúng lộ trình đã được phê duyệt.\n"
        ),
        "2.5. Phòng Văn hóa, Khoa học và Thông tin thành phố; Trung tâm Văn hóa - Thể thao thành phố\n"
        "Tăng cường công tác tuyên truyền về tác hại của buôn lậu, gian lận thương mại và hàng giả trên hệ "
        "thống loa truyền thanh cơ sở và trang thông tin điện tử.\n"
        "Chủ động tham mưu các nội dung chuẩn bị tổ chức chương trình nghệ thuật chào mừng kỷ niệm ngày thành "
        "lập thành phố, bảo đảm trang trọng, tiết kiệm, an toàn.\n"
        "2.6. Phòng Nội vụ thành phố: Hướng dẫn các phường, xã hoàn thiện hồ sơ sắp xếp tổ dân phố, thôn theo "
        "đúng lộ trình đã được phê duyệt.",
    ),
    Case(
        "short-letter-header-lines-not-joined",
        from_text(
            "UBND TỈNH LẠNG SƠN\n"
            "SỞ XÂY DỰNG\n"
            "Số: 1020/SXD-QLXD\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n"
            "Lạng Sơn, ngày 15 tháng 7 năm 2025\n"
            "V/v tăng cường quản lý trật tự xây dựng\n"
            "Kính gửi: UBND các xã, phường.\n"
            "Sở Xây dựng đề nghị UBND các xã, phường tăng cường kiểm tra, xử lý vi phạm trật tự xây dựng.\n"
            "Nơi nhận:\n"
            "- Như trên;\n"
            "- Lưu: VT.\n"
            "KT. GIÁM ĐỐC\n"
            "PHÓ GIÁM ĐỐC\n"
            "Lý Thị Hằng\n"
        ),
        "UBND TỈNH LẠNG SƠN\n"
        "SỞ XÂY DỰNG\n"
        "Số: 1020/SXD-QLXD\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Lạng Sơn, ngày 15 tháng 7 năm 2025\n"
        "V/v tăng cường quản lý trật tự xây dựng\n"
        "Kính gửi: UBND các xã, phường.\n"
        "Sở Xây dựng đề nghị UBND các xã, phường tăng cường kiểm tra, xử lý vi phạm trật tự xây dựng.\n"
        "Nơi nhận:\n"
        "- Như trên;\n"
        "- Lưu: VT.\n"
        "KT. GIÁM ĐỐC\n"
        "PHÓ GIÁM ĐỐC\n"
        "Lý Thị Hằng",
    ),
    Case(
        "pdf-header-lines-not-joined",
        from_lines(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "THÀNH PHỐ CAO BẰNG Độc lập - Tự do - Hạnh phúc",
            "Số: 118/TB-UBND Cao Bằng, ngày 05 tháng 6 năm 2025",
            "THÔNG BÁO",
            "Kết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban tuần",
            "Ngày 02/6/2025, đồng chí Chủ tịch UBND thành phố chủ trì cuộc họp giao ban",
            "tuần với các phòng, ban chuyên môn và UBND các phường, xã.",
            layout=Layout.WRAPPED,
        ),
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ CAO BẰNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 118/TB-UBND Cao Bằng, ngày 05 tháng 6 năm 2025\n"
        "THÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban tuần\n"
        "Ngày 02/6/2025, đồng chí Chủ tịch UBND thành phố chủ trì cuộc họp giao ban tuần với các phòng, ban "
        "chuyên môn và UBND các phường, xã.",
    ),
    # --- footnotes ---------------------------------------------------------------------------
    Case(
        "footnote-between-paragraphs",
        from_text(
            "3. Phòng Kinh tế thành phố: Chủ trì, phối hợp với Đội Quản lý thị trường số 3\n\n"
            "tăng cường kiểm tra, xử lý các hành vi buôn lậu, gian lận thương mại theo chỉ\n\n"
            "đạo tại Công điện của Thủ tướng Chính phủ1.\n\n"
            "1 Công điện số 47/CĐ-TTg ngày 10/5/2025 của Thủ tướng Chính phủ về tăng cường công tác\n\n"
            "đấu tranh phòng, chống buôn lậu, gian lận thương mại và hàng giả trong tình hình mới.\n\n"
            "4. Phòng Y tế thành phố: Tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn\n\n"
            "tập thể, các cơ sở kinh doanh dịch vụ ăn uống trên địa bàn thành phố trong mùa\n\n"
            "nắng nóng, kịp thời phát hiện và xử lý nghiêm các trường hợp vi phạm quy định.\n\n"
            "5. UBND các phường, xã: Tăng cường tuyên truyền, vận động nhân dân tham gia\n\n"
            "phòng, chống dịch bệnh mùa hè; chủ động phát hiện sớm các ổ dịch trên địa bàn.\n"
        ),
        "3. Phòng Kinh tế thành phố: Chủ trì, phối hợp với Đội Quản lý thị trường số 3 tăng cường kiểm tra, "
        "xử lý các hành vi buôn lậu, gian lận thương mại theo chỉ đạo tại Công điện của Thủ tướng Chính phủ.\n"
        "4. Phòng Y tế thành phố: Tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, các cơ sở "
        "kinh doanh dịch vụ ăn uống trên địa bàn thành phố trong mùa nắng nóng, kịp thời phát hiện và xử lý "
        "nghiêm các trường hợp vi phạm quy định.\n"
        "5. UBND các phường, xã: Tăng cường tuyên truyền, vận động nhân dân tham gia phòng, chống dịch bệnh "
        "mùa hè; chủ động phát hiện sớm các ổ dịch trên địa bàn.",
    ),
    Case(
        "footnote-at-page-foot-inside-paragraph",
        from_text(
            "2. Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các cơ quan liên quan tổ\n\n"
            "chức kiểm tra việc quản lý, sử dụng tài sản công theo Kế hoạch của UBND tỉnh2,\n\n"
            "2 Kế hoạch số 88/KH-UBND ngày 02/4/2025 của UBND tỉnh về kiểm tra việc quản lý,\n\n"
            "sử dụng tài sản công tại các cơ quan, đơn vị thuộc tỉnh trong năm 2025.\n\n"
            "\f"
            "bảo đảm không để xảy ra thất thoát, lãng phí; báo cáo kết quả về UBND thành\n\n"
            "phố trước ngày 30/9/2025 để tổng hợp, báo cáo UBND tỉnh theo quy định hiện hành.\n\n"
            "3. Thanh tra thành phố tiến hành thanh tra công tác quản lý đất đai tại các xã\n\n"
            "có nhiều đơn thư khiếu nại, tố cáo kéo dài, vượt cấp trong thời gian vừa qua.\n"
        ),
        "2. Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các cơ quan liên quan tổ chức kiểm tra việc "
        "quản lý, sử dụng tài sản công theo Kế hoạch của UBND tỉnh, bảo đảm không để xảy ra thất thoát, "
        "lãng phí; báo cáo kết quả về UBND thành phố trước ngày 30/9/2025 để tổng hợp, báo cáo UBND tỉnh "
        "theo quy định hiện hành.\n"
        "3. Thanh tra thành phố tiến hành thanh tra công tác quản lý đất đai tại các xã có nhiều đơn thư "
        "khiếu nại, tố cáo kéo dài, vượt cấp trong thời gian vừa qua.",
    ),
    Case(
        "footnote-that-explains",
        from_text(
            "1. Công ty rà soát hồ sơ thiết kế kho chứa vật liệu nổ công nghiệp theo quy định về tài liệu\n\n"
            "minh chứng1 để được xem xét cấp giấy phép sử dụng vật liệu nổ công nghiệp theo quy định.\n\n"
            "1 Lý do: Kho chứa đã được xây dựng từ lâu, các hồ sơ thiết kế được lập theo các tiêu chuẩn cũ\n\n"
            "trước đây, nay các quy chuẩn kỹ thuật về an toàn đã có nhiều thay đổi căn bản.\n\n"
            "2. Công ty lập báo cáo kết quả kiểm định chất lượng công trình kho chứa gửi Sở Công Thương\n\n"
            "trước ngày 30/6/2026 để được xem xét theo quy định của pháp luật về vật liệu nổ công nghiệp.\n\n"
            "3. Công ty tổ chức huấn luyện kỹ thuật an toàn cho thợ mìn, chỉ huy nổ mìn và thủ kho vật\n\n"
            "liệu nổ công nghiệp, bảo đảm đủ điều kiện trước khi đưa kho chứa vào sử dụng trở lại.\n"
        ),
        "1. Công ty rà soát hồ sơ thiết kế kho chứa vật liệu nổ công nghiệp theo quy định về tài liệu minh "
        "chứng để được xem xét cấp giấy phép sử dụng vật liệu nổ công nghiệp theo quy định.\n"
        "2. Công ty lập báo cáo kết quả kiểm định chất lượng công trình kho chứa gửi Sở Công Thương trước "
        "ngày 30/6/2026 để được xem xét theo quy định của pháp luật về vật liệu nổ công nghiệp.\n"
        "3. Công ty tổ chức huấn luyện kỹ thuật an toàn cho thợ mìn, chỉ huy nổ mìn và thủ kho vật liệu nổ "
        "công nghiệp, bảo đảm đủ điều kiện trước khi đưa kho chứa vào sử dụng trở lại.",
    ),
    # --- page furniture ----------------------------------------------------------------------
    Case(
        "page-numbers-dropped",
        from_lines(
            "1. Sở Tài chính rà soát, tổng hợp nhu cầu vốn của các dự án chuyển tiếp.",
            "- 2 -",
            "2. Sở Xây dựng kiểm tra chất lượng công trình trường học trước năm học mới.",
            "Trang 3",
            "3. Công an tỉnh bảo đảm an ninh, trật tự tại các khu vực giải phóng mặt bằng.",
            "Trang 4/5",
            layout=Layout.PARAGRAPHS,
        ),
        "1. Sở Tài chính rà soát, tổng hợp nhu cầu vốn của các dự án chuyển tiếp.\n"
        "2. Sở Xây dựng kiểm tra chất lượng công trình trường học trước năm học mới.\n"
        "3. Công an tỉnh bảo đảm an ninh, trật tự tại các khu vực giải phóng mặt bằng.",
    ),
    Case(
        "page-number-inside-paragraph-dropped",
        from_lines(
            "Giao Trung tâm Văn hóa, Thể thao và Truyền thanh huyện xây dựng kế hoạch tổ chức",
            "- 3 -",
            "các hoạt động văn hóa, thể thao chào mừng Quốc khánh 2/9.",
            layout=Layout.PARAGRAPHS,
        ),
        "Giao Trung tâm Văn hóa, Thể thao và Truyền thanh huyện xây dựng kế hoạch tổ chức các hoạt động văn "
        "hóa, thể thao chào mừng Quốc khánh 2/9.",
    ),
    # --- web noise and signature stamps ------------------------------------------------------
    Case(
        "web-loading-line-dropped",
        from_lines(
            "Đang tải nội dung, vui lòng chờ giây lát...",
            "THÔNG BÁO",
            "Kết luận của Chủ tịch UBND huyện tại cuộc họp ngày 05/6/2025",
            layout=Layout.PARAGRAPHS,
        ),
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện tại cuộc họp ngày 05/6/2025",
    ),
    Case(
        "related-documents-tail-cut",
        from_lines(
            "UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.",
            "Văn bản cùng lĩnh vực",
            "Kế hoạch 120/KH-UBND năm 2025 về chuyển đổi số của tỉnh",
            "Quyết định 35/2025/QĐ-UBND về phân cấp quản lý tài sản công",
            "Thông báo 77/TB-VPUBND năm 2025 kết luận của Chủ tịch",
            layout=Layout.PARAGRAPHS,
        ),
        "UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.",
    ),
    Case(
        "signature-stamp-dropped",
        from_lines(
            "Ký bởi: Văn phòng Ủy ban nhân dân tỉnh",
            "Thời gian ký: 14.03.2026 10:25:31 +07:00",
            "Số: 45/TB-UBND",
            "Hòa Bình, ngày 14 tháng 3 năm 2026",
            layout=Layout.PARAGRAPHS,
        ),
        "Số: 45/TB-UBND\nHòa Bình, ngày 14 tháng 3 năm 2026",
    ),
    Case(
        "signature-stamp-at-the-end-dropped",
        from_lines(
            "TL. CHỦ TỊCH",
            "CHÁNH VĂN PHÒNG",
            "Lê Thị Thu Hà",
            "Ký bởi: Lê Thị Thu Hà",
            "Thời gian ký: 31/01/2026 16:02:11",
            layout=Layout.PARAGRAPHS,
        ),
        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Thị Thu Hà",
    ),
]


def _check_offsets(doc: NormalizedDocument) -> None:
    assert "\n".join(p.text for p in doc.paragraphs) == doc.text
    for index, p in enumerate(doc.paragraphs):
        assert p.index == index
        assert doc.text[p.start : p.end] == p.text, (index, p.text)
        assert doc.span(p.start, p.end) == p.text


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_normalized_text(case: Case) -> None:
    doc = normalize(case.raw)
    assert doc.text == case.expected
    assert unicodedata.is_normalized("NFC", doc.text)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_paragraph_offsets_slice_the_text(case: Case) -> None:
    _check_offsets(normalize(case.raw))


@pytest.mark.parametrize(
    ("case_id", "dropped"),
    [
        ("footnote-between-paragraphs", "Công điện số 47/CĐ-TTg"),
        ("footnote-at-page-foot-inside-paragraph", "Kế hoạch số 88/KH-UBND"),
        ("footnote-that-explains", "Lý do: Kho chứa"),
        ("signature-stamp-dropped", "Ký bởi"),
        ("web-loading-line-dropped", "Đang tải nội dung"),
        ("related-documents-tail-cut", "Quyết định 35/2025/QĐ-UBND"),
    ],
)
def test_dropped_text_is_recorded(case_id: str, dropped: str) -> None:
    case = next(c for c in CASES if c.id == case_id)
    doc = normalize(case.raw)
    assert dropped not in doc.text
    assert any(dropped in r for r in doc.removed), doc.removed


def test_marked_paragraph_starts_rejoin_a_line_broken_early_by_a_long_token() -> None:
    """PDF lines with paragraph starts marked (indents): "… ngày" / "10/2/2025 của …" is one sentence even
    though the date, too long for the line, left it short; a marked line still opens a paragraph."""
    texts = [
        "Tăng cường kiểm tra việc thực hiện các nhiệm vụ được giao trong kế hoạch của tỉnh,",
        "bảo đảm tiến độ và chất lượng theo đúng yêu cầu đã đề ra tại cuộc họp giao ban.",
        "Tiếp tục thực hiện Kế hoạch số 52/KH-UBND ngày",
        "10/2/2025 của UBND thành phố về đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng",
        "đất, quyền sở hữu tài sản gắn liền với đất trên địa bàn thành phố trong năm 2025.",
        "Giao Phòng Tài chính - Kế hoạch chủ trì rà soát nguồn vốn đầu tư công năm 2025 và",
        "báo cáo UBND thành phố trước ngày 30/6/2025 để xem xét, quyết định theo quy định.",
    ]
    starts = {0, 2, 5}
    lines = [RawLine(t, starts_paragraph=i in starts) for i, t in enumerate(texts)]
    doc = normalize(RawDocument(lines=lines * 2, media_type="application/pdf", layout=Layout.WRAPPED))
    assert [p.text for p in doc.paragraphs][:3] == [
        " ".join(texts[0:2]),
        " ".join(texts[2:5]),
        " ".join(texts[5:7]),
    ]
    _check_offsets(doc)


def test_one_paragraph_per_line_has_no_empty_paragraphs() -> None:
    raw = from_text("Dòng thứ nhất của văn bản.\n\n\n\nDòng thứ hai của văn bản.\n\n")
    doc = normalize(raw)
    assert [p.text for p in doc.paragraphs] == ["Dòng thứ nhất của văn bản.", "Dòng thứ hai của văn bản."]


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Tải ứng dụng Thư Viện Pháp Luật trên Google Play và App Store để đọc văn bản mọi lúc", True),
        ("QUÉT MÃ QR để tải ứng dụng", True),
        (
            "Sở Thông tin và Truyền thông hướng dẫn người dân cài đặt ứng dụng VNeID trước ngày 30/6/2026.",
            False,
        ),
    ],
)
def test_gated_noise_rule_gives_the_same_answer_as_the_full_rule(line: str, dropped: bool) -> None:
    from dondoc import langdata

    full, cheap, gates = langdata.gated("noise", "drop_lines")
    low = line.lower()
    chosen = full if any(g in low for g in gates) else cheap
    assert bool(chosen.match(line)) == bool(full.match(line)) == dropped
    assert (langdata.rule_id(full.match(line).lastgroup) == "web.app_advert") if dropped else True


def test_reference_mark_pattern_is_the_look_behind_pattern() -> None:
    """``_glued_mark`` opens with the digit (fast to search) and means "(?<=letter)digit(?=…)"."""
    import random
    import re

    from dondoc.normalize.footnotes import _glued_mark

    rng = random.Random(1)
    pieces = ["a", "1", "12", "2", " ", ".", ",", ")", "ế", "Đ", "_", "3", "x1", "\n"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for mark in ("1", "12", "2"):
            reference = re.compile(rf"(?<=[^\W\d_]){re.escape(mark)}(?=[\s.,;:)]|$)")
            assert _glued_mark(mark).sub("", text) == reference.sub("", text), (text, mark)


def test_nfc_word_by_word_is_unicode_nfc() -> None:
    """``nfc`` cuts the text at spaces and composes each word: the same as composing the whole text, on
    decomposed Vietnamese, stray marks (after a space, at the start, doubled) and other scripts."""
    rng = random.Random(11)
    pieces = [" ", "  ", "\n", *"aeouyAƠđư", *"\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"]
    pieces += [*"\u0345\u0327\u00a8\u1100\u1161Ω"]  # other marks, a spacing diaeresis, Hangul jamo
    texts = [unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Quảng Ngãi " * 20)]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 400))) for _ in range(3000)]
    for text in texts:
        assert nfc(text) == unicodedata.normalize("NFC", text), repr(text)


def test_clean_chars_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Giao Sở Tài chính chủ trì, phối hợp với Ðoàn kiểm tra. " * 8)
    assert clean_chars(decomposed) == unicodedata.normalize(
        "NFC", "Giao Sở Tài chính chủ trì, phối hợp với Đoàn kiểm tra. " * 8
    )


@pytest.mark.parametrize(
    ("line", "dropped"),
    [("|", True), ("`", True), ("’ |", True), ("\\", True), ("a)", False), ("I.", False), ("[1]", False)],
)
def test_scanner_specks_are_dropped_and_list_marks_kept(line: str, dropped: bool) -> None:
    from dondoc.model import RawLine
    from dondoc.normalize.noise import drop_noise

    kept, removed = drop_noise([RawLine("Sở Y tế kiểm tra."), RawLine(line)])
    assert [x.text for x in kept] == (["Sở Y tế kiểm tra."] if dropped else ["Sở Y tế kiểm tra.", line])
    assert [r.rule for r in removed] == (["scan.speck"] if dropped else [])
