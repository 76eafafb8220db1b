"""Restoring the diacritics of a degraded text (OCR without a Vietnamese model): known phrases only,
character for character, so that every offset into the normalized text stays valid."""

from __future__ import annotations

import random

import pytest

from dondoc.extract.restore import _CONFUSABLE, analysis_text, is_degraded, restore_phrases
from dondoc.model import NormalizedDocument, Paragraph
from dondoc.textutil import fold

CASES = [
    # (degraded text, restored text)
    (
        "Giao Phong Tai chinh - Ke hoach chu tri, phoi hop voi cac co quan lien quan.",
        "Giao Phong Tài chính - Kế hoạch chủ trì, phối hợp với các cơ quan liên quan.",
    ),
    # A commune's name is not a phrase of the vocabulary: it is left as written (members.py resolves it).
    ("De nghi UBND cac xa: Huu Lung, Tuan Son bao cao.", "Đề nghị UBND các xã: Huu Lung, Tuan Son báo cáo."),
    (
        "Yeu cau cac dong chi thanh vien To cong tac so 3 thuc hien.",
        "Yêu cầu các đồng chí thành viên Tổ công tác số 3 thực hiện.",
    ),
    # OCR confusions: a digit read for a letter, one wrong letter in a phrase of two words or more.
    (
        "Giao phong Tai chinh chu tri, ph0i hop voi Van phong UBND tinh",
        "Giao phong Tài chính chủ trì, phối hợp với Văn phòng UBND tỉnh",
    ),
    ("cac ddng chi", "các đồng chí"),
    # Capitals are kept where the source has them.
    ("UY BAN NHAN DAN TINH", "ỦY BAN NHÂN DÂN TỈNH"),
    # A lone folded word is ambiguous ("hop": họp, hợp, hộp): not restored.
    ("Ngay 10/3/2025, Chu tich UBND tinh chu tri hop.", "Ngày 10/3/2025, Chủ tịch UBND tỉnh chủ trì hop."),
    # Separators at either end, and nothing to restore.
    ("  (cac so, nganh) ", "  (các sở, ngành) "),
    ("", ""),
    (" ,.", " ,."),
    ("xyz qwv", "xyz qwv"),
]


@pytest.mark.parametrize(("degraded", "restored"), CASES)
def test_known_phrases_get_their_diacritics_back(degraded: str, restored: str) -> None:
    assert restore_phrases(degraded) == restored


def _unconfused(text: str) -> str:
    for char, letter in _CONFUSABLE.items():
        text = text.replace(char, letter)
    return fold(text)


def test_restoring_keeps_offsets_and_words() -> None:
    """On random damage of real sentences: the same length and the same line breaks (offsets stay valid;
    a phrase never spans two paragraphs); undamaged text changes only in diacritics and case (a fuzzy fix
    of one character needs a damaged one)."""
    sentences = [fold(r) for _d, r in CASES if r.strip(" ,.")] + [r for _d, r in CASES if r.strip(" ,.")]
    rnd = random.Random(7)
    for _ in range(400):
        text = list(" ".join(rnd.sample(sentences, 3)))
        damage = rnd.randint(0, 6)
        for _k in range(damage):
            text[rnd.randrange(len(text))] = rnd.choice("abcdo0134&$ ,.:\n")
        damaged = "".join(text)
        out = restore_phrases(damaged)
        assert len(out) == len(damaged)
        assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(damaged) if c == "\n"]
        if not damage:
            assert _unconfused(out) == _unconfused(damaged)


def _document(text: str) -> NormalizedDocument:
    return NormalizedDocument(text=text, paragraphs=[Paragraph(0, 0, len(text), text)])


def test_a_text_with_its_diacritics_is_read_as_it_is() -> None:
    text = "Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các cơ quan liên quan."
    assert not is_degraded(text)
    assert analysis_text(_document(text)) is text


def test_a_degraded_text_is_read_restored() -> None:
    degraded, restored = CASES[0]
    assert is_degraded(degraded)
    assert analysis_text(_document(degraded)) == restored
