"""Errors the pipeline reports to users.

Every error carries a stable ``code`` (for programs and tests) and a Vietnamese
``message`` (for people). Nothing else in the pipeline raises to the caller:
``dondoc.pipeline`` turns any unexpected exception into ``InternalError`` so that
a batch goes on.
"""

from __future__ import annotations


class DondocError(Exception):
    """Base class: a problem with one input document, explained in Vietnamese."""

    code = "error"
    default_message = "Không xử lý được tài liệu."

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message if not self.detail else f"{self.message} ({self.detail})"


class EmptyFileError(DondocError):
    code = "empty_file"
    default_message = "Tệp rỗng (0 byte): không có nội dung để đọc."


class UnsupportedFormatError(DondocError):
    code = "unsupported_format"
    default_message = (
        "Không nhận dạng được định dạng tệp. "
        "Hỗ trợ: .docx, .doc, .rtf, .odt, .xlsx, .pdf có lớp chữ, .txt, .md."
    )


class CorruptFileError(DondocError):
    code = "corrupt_file"
    default_message = "Tệp bị hỏng hoặc không đúng định dạng, không đọc được."


class EncryptedFileError(DondocError):
    code = "encrypted"
    default_message = "Tệp được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi tải lên lại."


class ArchiveBombError(DondocError):
    code = "zip_bomb"
    default_message = (
        "Tệp nén có dung lượng giải nén bất thường (nghi ngờ zip bomb): đã từ chối để bảo vệ hệ thống."
    )


class NeedsOcrError(DondocError):
    code = "needs_ocr"
    default_message = (
        "Tài liệu là bản quét, cần OCR: tệp không có lớp chữ để đọc. "
        "Chức năng nhận dạng ký tự (OCR) sẽ có trong phiên bản sau."
    )


class LegacyFormatError(DondocError):
    code = "legacy_format"
    default_message = (
        "Định dạng cũ chưa được hỗ trợ (Word .doc hoặc phông TCVN3/VNI): "
        "hãy lưu lại thành .docx (Unicode) rồi tải lên lại."
    )


class ConversionError(DondocError):
    code = "conversion_failed"
    default_message = "Không chuyển đổi được tệp sang .docx để đọc; hãy lưu tệp thành .docx rồi tải lên lại."


class TextDecodingError(DondocError):
    code = "bad_encoding"
    default_message = "Không xác định được bảng mã của tệp văn bản (cần UTF-8, UTF-16 hoặc Windows-1258)."


class NoTextError(DondocError):
    code = "no_text"
    default_message = "Tài liệu không có nội dung chữ nào để trích xuất."


class TooComplexError(DondocError):
    code = "too_complex"
    default_message = (
        "Văn bản quá dài hoặc quá phức tạp để trích xuất trong giới hạn cho phép; "
        "hãy tách thành nhiều tệp nhỏ hơn rồi tải lên lại."
    )


class InternalError(DondocError):
    code = "internal"
    default_message = "Lỗi nội bộ khi xử lý tài liệu; tài liệu khác trong lô vẫn được xử lý tiếp."


class OcrLimitError(DondocError):
    code = "ocr_page_limit"
    default_message = (
        "Bản quét có quá nhiều trang để nhận dạng ký tự (OCR) trong một lần: "
        "hãy tách tệp thành nhiều phần nhỏ hơn rồi tải lên lại."
    )


class OcrTimeoutError(DondocError):
    code = "ocr_timeout"
    default_message = (
        "Nhận dạng ký tự (OCR) bản quét vượt quá thời gian cho phép (thiết lập DONDOC_OCR_TIMEOUT): "
        "hãy tách tệp thành nhiều phần nhỏ hơn hoặc quét lại rõ hơn rồi tải lên lại."
    )


class OcrUnavailableError(DondocError):
    code = "ocr_unavailable"
    default_message = (
        "Máy chủ chưa cài được chương trình nhận dạng ký tự (Tesseract với dữ liệu tiếng Việt), "
        "nên chưa đọc được bản quét: hãy báo quản trị hệ thống."
    )


class NoTextInImageError(NoTextError):
    code = "no_text_in_image"
    default_message = (
        "Không nhận dạng được chữ nào trong ảnh/bản quét (ảnh trống, quá mờ hoặc không phải văn bản): "
        "hãy quét hoặc chụp lại rõ hơn rồi tải lên lại."
    )
