"""The browser scenario's .docx notice, built with python-docx from the bundled sample Thông báo 45/TB-UBND:
the NĐ 30/2020 header as a two-column borderless table, then one real paragraph per line of the body."""

from __future__ import annotations

from importlib import resources

from docx_factory import DocxFactory

SAMPLE = "thong-bao-ket-luan-giao-ban.txt"


def notice_docx() -> bytes:
    lines = (resources.files("dondoc") / "samples" / SAMPLE).read_text(encoding="utf-8").splitlines()
    # The first six lines are the header: issuer and số ký hiệu on the left, the national motto and the
    # place and date on the right.
    left, right, body = lines[0:3], lines[3:6], lines[6:]
    f = DocxFactory()
    f.table([[left, right]])
    for line in body:
        if line.strip():
            f.paragraph(line)
    return f.to_bytes()
