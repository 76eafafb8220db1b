"""Safety checks for ZIP-based formats (docx now, xlsx later) before anything is decompressed.

``open_archive`` inspects only the central directory (no decompression) and rejects:

* archives that are not ZIP files, or are damaged → ``CorruptFileError``;
* password-protected (ZipCrypto/AES) members → ``EncryptedFileError``;
* zip bombs → ``ArchiveBombError``: too many members, too large a total uncompressed size, a large
  member with an extreme compression ratio, overlapping members (the "non-recursive" bomb, where many
  entries share one compressed kernel), duplicate names, and too many or too large nested archives.

``read_member`` then decompresses one member with a hard size cap, so a member whose header lies about
its size still cannot exhaust memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from dondoc.errors import ArchiveBombError, CorruptFileError, EncryptedFileError

__all__ = ["DEFAULT_LIMITS", "ZipLimits", "check_archive", "open_archive", "read_member"]

_MB = 1024 * 1024

# Size of the fixed part of a ZIP local file header; the name and extra field follow it.
_LOCAL_HEADER_SIZE = 30
_NESTED_ARCHIVE_SUFFIXES = (
    ".zip", ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
    ".jar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".cab",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Thresholds for ``check_archive``; the defaults suit office documents."""

    max_total_size: int = 200 * _MB  # sum of the declared uncompressed sizes
    max_members: int = 10_000
    max_ratio: float = 100.0  # a member above this ratio is a bomb when it is also large:
    ratio_min_size: int = 10 * _MB  # …when its uncompressed size exceeds this
    max_nested_archives: int = 100  # embedded archives (xlsx charts in a docx are normal)
    max_nested_size: int = 50 * _MB  # uncompressed size of any one embedded archive


DEFAULT_LIMITS = ZipLimits()

_BOMB_TOTAL = "Tổng dung lượng giải nén vượt quá giới hạn cho phép."
_BOMB_RATIO = "Tỉ lệ nén của một thành phần trong tệp cao bất thường."
_BOMB_MEMBERS = "Tệp nén chứa quá nhiều thành phần."
_BOMB_OVERLAP = "Các thành phần trong tệp nén chồng lấn lên nhau (kỹ thuật zip bomb)."
_BOMB_NESTED = "Tệp chứa quá nhiều hoặc quá lớn các tệp nén lồng nhau."


def _bomb(reason: str, detail: str) -> ArchiveBombError:
    return ArchiveBombError(f"{ArchiveBombError.default_message} {reason}", detail=detail)


def open_archive(data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP archive and run ``check_archive`` on it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        IndexError,
        NotImplementedError,  # a header that claims a ZIP version (or a method) zipfile cannot read
    ) as exc:
        raise CorruptFileError(detail=f"zip: {exc}") from exc
    try:
        check_archive(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_archive(archive: zipfile.ZipFile, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Reject a bomb, an encrypted or a malformed archive from its central directory alone."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _bomb(_BOMB_MEMBERS, f"{len(infos)} members > {limits.max_members}")
    total = 0
    nested = 0
    names: set[str] = set()
    for info in infos:
        if info.file_size < 0 or info.compress_size < 0:
            raise CorruptFileError(detail=f"zip: negative size for {info.filename!r}")
        if info.flag_bits & 0x1:
            raise EncryptedFileError(detail=f"zip member {info.filename!r} is encrypted")
        if info.filename in names:
            raise _bomb(_BOMB_OVERLAP, f"duplicate member {info.filename!r}")
        names.add(info.filename)
        total += info.file_size
        if total > limits.max_total_size:
            raise _bomb(_BOMB_TOTAL, f"total uncompressed size > {limits.max_total_size} bytes")
        if info.file_size > limits.ratio_min_size:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _bomb(_BOMB_RATIO, f"{info.filename!r}: ratio {ratio:.0f} > {limits.max_ratio:.0f}")
        if info.filename.lower().endswith(_NESTED_ARCHIVE_SUFFIXES):
            nested += 1
            if nested > limits.max_nested_archives or info.file_size > limits.max_nested_size:
                raise _bomb(_BOMB_NESTED, f"nested archive {info.filename!r}")
    _check_overlap(infos, archive)


def _check_overlap(infos: list[zipfile.ZipInfo], archive: zipfile.ZipFile) -> None:
    """Each member's data must end before the next member's local header starts."""
    spans = sorted((info.header_offset, info.compress_size, info.filename) for info in infos)
    end_of_data: int | None = getattr(archive, "start_dir", None)
    for index, (offset, compressed, name) in enumerate(spans):
        # The local header holds at least 30 bytes before the data, so this is a lower bound of the end.
        data_end = offset + _LOCAL_HEADER_SIZE + compressed
        limit = spans[index + 1][0] if index + 1 < len(spans) else end_of_data
        if limit is not None and data_end > limit:
            if index + 1 < len(spans):
                raise _bomb(_BOMB_OVERLAP, f"member {name!r} overlaps the next member")
            raise CorruptFileError(detail=f"zip: member {name!r} runs into the central directory")


def read_member(archive: zipfile.ZipFile, name: str, max_size: int | None = None) -> bytes:
    """Decompress one member, never producing more than ``max_size`` bytes (default: its declared size).

    Raises ``KeyError`` when the member is missing, ``ArchiveBombError`` when it inflates beyond the cap
    and ``CorruptFileError`` when its data is damaged (bad CRC, truncated stream…).
    """
    info = archive.getinfo(name)
    cap = info.file_size if max_size is None else min(max_size, info.file_size)
    if max_size is not None and info.file_size > max_size:
        raise _bomb(_BOMB_TOTAL, f"{name!r}: {info.file_size} bytes > {max_size}")
    try:
        with archive.open(info) as stream:
            # zipfile stops at the declared size and checks the CRC when it reaches the end.
            data = stream.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError) as exc:
        raise CorruptFileError(detail=f"zip member {name!r}: {exc}") from exc
    except RuntimeError as exc:  # raised by zipfile for encrypted members
        raise EncryptedFileError(detail=f"zip member {name!r}: {exc}") from exc
    if len(data) > cap:
        raise _bomb(_BOMB_TOTAL, f"{name!r} inflates beyond {cap} bytes")
    return data
