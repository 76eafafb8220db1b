"""Stored directive documents and their extraction run."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from dondoc.textutil import fold_words

#: The fields a document is found by, without diacritics ("thong bao 45" finds "Thông báo 45/TB-UBND").
SEARCH_FIELDS = ("number", "title", "issuer", "original_name")


class DocumentState(models.TextChoices):
    REVIEW = "cho_duyet", "Chờ duyệt"
    CONFIRMED = "da_duyet", "Đã duyệt"
    WITHDRAWN = "da_thu_hoi", "Đã thu hồi"  # confirmed, then withdrawn by the office (with a reason)


class DocumentSource(models.TextChoices):
    UPLOAD = "upload", "Tải lên"
    CLI = "cli", "Dòng lệnh"
    INBOX = "inbox", "Thư mục nhận"
    API = "api", "API"
    DEMO = "demo", "Dữ liệu mẫu"


class Document(models.Model):
    file = models.FileField("tệp", upload_to="documents/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, unique=True, verbose_name="mã băm SHA-256")
    size = models.PositiveIntegerField("dung lượng (byte)")
    media_type = models.CharField(max_length=100, verbose_name="kiểu tệp")
    source = models.CharField(
        "nguồn", max_length=10, choices=DocumentSource.choices, default=DocumentSource.UPLOAD
    )

    number = models.CharField("số, ký hiệu", max_length=100, blank=True)
    doc_type = models.CharField("loại văn bản", max_length=100, blank=True)
    title = models.TextField("trích yếu", blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_date = models.DateField("ngày ban hành", null=True, blank=True)
    meeting_date = models.DateField("ngày họp", null=True, blank=True)
    signer = models.CharField("người ký", max_length=255, blank=True)
    authority = models.CharField("thẩm quyền ký", max_length=50, blank=True)

    normalized_text = models.TextField("văn bản đã chuẩn hóa", blank=True)
    search_key = models.TextField(
        blank=True, editable=False, verbose_name="khóa tìm kiếm"
    )  # SEARCH_FIELDS folded (fold_words)
    extraction = models.JSONField("kết quả trích xuất", default=dict, blank=True)
    extractor_version = models.CharField(max_length=20, blank=True, verbose_name="phiên bản bộ trích xuất")
    warnings = models.JSONField("cảnh báo", default=list, blank=True)

    state = models.CharField(
        "trạng thái", max_length=10, choices=DocumentState.choices, default=DocumentState.REVIEW
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người nhập",
    )
    created_at = models.DateTimeField("ngày nhập", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người duyệt",
    )
    confirmed_at = models.DateTimeField("ngày duyệt", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thu hồi",
    )
    withdrawn_at = models.DateTimeField("ngày thu hồi", null=True, blank=True)
    withdrawal_reason = models.TextField("lý do thu hồi", blank=True)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "-created_at"])]

    def __str__(self) -> str:
        return self.number or self.original_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold_words(" ".join(str(getattr(self, f) or "") for f in SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)
