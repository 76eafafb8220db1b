"""The unit registry: agencies, offices and communes, with validity periods, successors and aliases."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from dondoc.textutil import fold_words


class UnitKind(models.TextChoices):
    UBND = "ubnd", "Ủy ban nhân dân"
    SO = "so", "Sở, ban, ngành"
    PHONG = "phong", "Phòng, ban chuyên môn"
    VAN_PHONG = "van_phong", "Văn phòng"
    TRUNG_TAM = "trung_tam", "Trung tâm, đơn vị sự nghiệp"
    BO = "bo", "Bộ, cơ quan trung ương"
    DOAN_THE = "doan_the", "Đoàn thể, tổ chức"
    KHAC = "khac", "Khác"


class UnitQuerySet(models.QuerySet["Unit"]):
    def active_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Unit(models.Model):
    name = models.CharField("tên đầy đủ", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    name_key = models.CharField(max_length=255, db_index=True, editable=False, verbose_name="khóa tên")
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices, default=UnitKind.KHAC)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField("thư điện tử", blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name="đơn vị kế thừa", symmetrical=False, blank=True, related_name="predecessors"
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = fold_words(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class UnitAlias(models.Model):
    """Another way a unit is written ("Sở TN&MT", a mention linked during review)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="đơn vị")
    alias = models.CharField("tên gọi khác", max_length=255)
    alias_key = models.CharField(max_length=255, unique=True, editable=False, verbose_name="khóa tên")

    class Meta:
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args: object, **kwargs: object) -> None:
        self.alias_key = fold_words(self.alias)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class UnitGroup(models.Model):
    """A group as documents write it ("UBND các xã, phường", "các sở, ngành") and its member units."""

    name = models.CharField("tên nhóm", max_length=255)
    name_key = models.CharField(max_length=255, unique=True, editable=False, verbose_name="khóa tên")
    members = models.ManyToManyField(Unit, verbose_name="thành viên", related_name="groups", blank=True)

    class Meta:
        verbose_name = "nhóm đơn vị"
        verbose_name_plural = "nhóm đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = fold_words(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
