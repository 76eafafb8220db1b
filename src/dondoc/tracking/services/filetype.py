"""A file's name must not lie about its content: a text file named ``.docx``, a Word file named
``.pdf``… is refused with a clear Vietnamese message instead of being imported as whatever the
content happens to be (the extraction core reads by content and would accept it silently)."""

from __future__ import annotations

from pathlib import PurePath

from dondoc.errors import DondocError
from dondoc.ingest import sniff as s


class TypeMismatchError(DondocError):
    code = "type_mismatch"
    default_message = "Nội dung tệp không khớp với đuôi tên tệp."


# The contents each claimed extension may hold. A broken or encrypted Office file, or bytes of no
# known format, keep their own, more precise message from the extraction core ("bị hỏng", "không nhận
# dạng được"); .doc and the other extensions are the core's business.
ACCEPTED: dict[str, frozenset[str]] = {
    ".docx": frozenset({s.DOCX, s.ENCRYPTED_OFFICE, s.ZIP, s.DOC, s.BINARY}),
    ".pdf": frozenset({s.PDF, s.BINARY}),
    ".txt": frozenset({s.TEXT, s.BINARY}),
    ".md": frozenset({s.TEXT, s.BINARY}),
}
NAMES = {
    s.PDF: "tệp PDF",
    s.DOCX: "tệp Word (.docx)",
    s.DOC: "tệp Word cũ (.doc)",
    s.ENCRYPTED_OFFICE: "tệp Office có mật khẩu",
    s.ZIP: "tệp nén zip",
    s.TEXT: "văn bản thuần (chữ không định dạng)",
    s.IMAGE: "ảnh",
    s.RTF: "tệp RTF",
    s.BINARY: "dữ liệu nhị phân không rõ loại",
}
CLAIMED = {".docx": "tệp Word", ".pdf": "tệp PDF", ".txt": "văn bản thuần", ".md": "văn bản Markdown"}


def check_claimed_type(data: bytes, filename: str) -> None:
    """Raise ``TypeMismatchError`` when ``filename``'s extension says one format and ``data`` is
    another; an empty file or an extension not listed is left to the extraction core."""
    ext = PurePath(filename).suffix.lower()
    accepted = ACCEPTED.get(ext)
    if accepted is None or not data:
        return
    actual = s.sniff(data, filename)
    if actual in accepted:
        return
    raise TypeMismatchError(
        f"Tệp «{filename}» có đuôi {ext} ({CLAIMED[ext]}) nhưng nội dung là "
        f"{NAMES.get(actual, actual)}: tệp không được nhập. Hãy kiểm tra lại tệp (có thể tệp bị đổi tên "
        "hoặc lưu sai định dạng), rồi nhập lại tệp đúng."
    )
