"""Small files that tests attach to reports."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile


def result_file(name: str = "ket-qua.txt") -> SimpleUploadedFile:
    """A completion report's result file (a completion report needs one by default)."""
    return SimpleUploadedFile(
        name, "Biên bản kiểm tra kết quả thực hiện.".encode(), content_type="text/plain"
    )
