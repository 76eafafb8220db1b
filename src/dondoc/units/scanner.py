"""Recognize unit mentions in text and give each its full canonical name.

A mention is one of:
- a unit noun and its name: ``Phòng TN&MT thành phố`` → ``Phòng Tài nguyên và Môi trường thành phố``;
- a people's committee with its level and place: ``UBND tỉnh Bạc Liêu``, ``UBND xã Hữu Lũng``;
- a group as written: ``UBND các phường, xã``, ``Các Bộ, cơ quan ngang Bộ``;
- a list under one noun: ``các Bộ: Tài chính, Tư pháp`` → ``Bộ Tài chính``, ``Bộ Tư pháp``.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, compress

from dondoc import langdata
from dondoc.caseless import Caseless
from dondoc.textutil import WordCache, fold, fold_word, tone_key
from dondoc.units.lexicon import Lexicon, Noun, lexicon, words_of

# A slash joins the parts of a word ("71/TB-VP", "tỉnh/thành") but not two units ("Sở Tài chính/Sở Xây
# dựng"): after a letter and before a capital it is a token of its own.
_TOKEN = re.compile(
    r"[^\W_]+(?:(?:[&.']|/(?!(?<=[^\W\d_]/)[A-ZĐỦ]))[^\W_]+|-(?=[^\W\d_]*[A-ZĐ&])[^\W_]+)*&?|[^\w\s]"
)
_DASHES = str.maketrans({"–": "-", "—": "-"})
_DASH = re.compile(r"\s+-\s+|\s*-\s*")
_BODY_KINDS = frozenset({"ubnd", "so", "bo", "ban", "tongcuc", "cuc"})  # bodies a group may belong to
_QUALIFIERS: dict[str, tuple[tuple[str, ...], ...]] = {}  # first word → qualifiers, in the data file's order
for _words in (
    tuple(tone_key(w) for w in phrase.split()) for phrase in langdata.string_list("units", "group_qualifiers")
):
    _QUALIFIERS[_words[0]] = (*_QUALIFIERS.get(_words[0], ()), _words)


def _is_word(word: str) -> bool:
    return word[0].isalnum()


def _capital(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _title_word(word: str) -> bool:
    """A capitalised word of letters ("Thái"), not an abbreviation ("UBND") nor a lower-case word."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:] == word[1:].lower())


def _abbrev(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(slots=True)
class UnitMatch:
    name: str  # canonical
    start: int
    end: int
    kind: str
    rule: str
    is_group: bool = False
    members: tuple[str, ...] = ()  # a group whose members are listed ("các xã: A, B")
    group_key: str = ""  # the folded group noun ("xa") for "các xã"


# word as written → its comparison key (case, tone placement and dash kind ignored)
_KEYS = WordCache(lambda word: tone_key(word.translate(_DASHES)), limit=200_000)
# A token and the spaces (and underscores: no token holds one) before it; every other character is in a token.
_GAP_TOKEN = re.compile(rf"([\s_]*)({_TOKEN.pattern})")


class Tokens:
    """The tokens of a text as parallel sequences: ``words[i]`` as written, ``keys[i]`` its comparison
    key (case and tone placement ignored), ``start(i)``/``end(i)`` its offsets.

    A token never spans white space, so the text is cut at white space first (``str.split``, in C) and
    only the chunks that hold more than letters and digits ("tỉnh,", "TN&MT", "(Sở") go through the
    token regex. The tokens are those of ``_GAP_TOKEN`` over the whole text, at a fraction of its cost:
    most chunks are plain words."""

    __slots__ = ("_starts", "keys", "words")

    def __init__(self, text: str, offset: int = 0) -> None:
        chunks = text.split()
        plain = list(map(str.isalnum, chunks))
        lengths = list(map(len, chunks))
        if len(text) == sum(lengths) + len(chunks) - 1:  # one white-space character between chunks
            offsets = list(accumulate(map((1).__add__, lengths), initial=offset))
        else:
            offsets = _chunk_offsets(text, chunks, offset)
        words: list[str] = []
        starts: list[int] = []
        done = 0  # chunks before this one are in words/starts
        for i in compress(range(len(chunks)), map(operator.not_, plain)):
            words += chunks[done:i]
            starts += offsets[done:i]
            chunk = chunks[i]
            start = offsets[i]
            head = chunk[:-1]
            if head.isalnum() and chunk[-1] not in "&_":  # "tỉnh," "định." "sau:": a word, then a mark
                words += (head, chunk[-1])
                starts += (start, start + len(head))
                done = i + 1
                continue
            for gap, token in _GAP_TOKEN.findall(chunk):
                start += len(gap)
                words.append(token)
                starts.append(start)
                start += len(token)
            done = i + 1
        words += chunks[done:]
        starts += offsets[done : len(chunks)]
        self.words: tuple[str, ...] = tuple(words)
        self._starts: list[int] = starts
        self.keys: list[str] = list(map(_KEYS.__getitem__, words))

    def __len__(self) -> int:
        return len(self.words)

    def start(self, i: int) -> int:
        return self._starts[i]

    def end(self, i: int) -> int:
        return self._starts[i] + len(self.words[i])

    def starts(self) -> list[int]:
        """Indices of the tokens a mention may start with, in order: a unit noun's first word, các/mọi,
        or a word with the key of an abbreviation. The last is a superset (the key of "ubnd" is that of
        "UBND"): the scanner finds no mention at a token that is not one of the first two nor the
        abbreviation itself. Keys are shared strings, so their hashes are already known."""
        return list(compress(range(len(self.keys)), map(_start_or_abbr_keys().__contains__, self.keys)))


def _chunk_offsets(text: str, chunks: list[str], offset: int) -> list[int]:
    out = []
    pos = 0
    for chunk in chunks:
        pos = text.index(chunk, pos)
        out.append(offset + pos)
        pos += len(chunk)
    return out


def tokenize(text: str, offset: int = 0) -> Tokens:
    return Tokens(text, offset)


def _match_words(keys: list[str], i: int, words: tuple[str, ...]) -> bool:
    n = len(words)
    if n == 1:
        return i < len(keys) and keys[i] == words[0]
    return tuple(keys[i : i + n]) == words


def _lower_capitals(word: str) -> str:
    return word.lower() if len(word) > 1 and word.isupper() else word


def _k(word: str) -> str:
    return tone_key(word)


_TRUNG_UONG = (_k("trung"), _k("ương"))
_CAC, _MOI, _LIEN, _SO, _XA, _PHUONG, _VA, _CAP, _THUOC = (
    _k(w) for w in ("các", "mọi", "liên", "số", "xã", "phường", "và", "cấp", "thuộc")
)


class UnitScanner:
    """Scans a token list for unit mentions, left to right, longest match first."""

    def __init__(self, text: str, offset: int = 0) -> None:
        self.lex: Lexicon = lexicon()
        self.text = text
        self.offset = offset
        self.tokens = tokenize(text, offset)
        self.words = self.tokens.words
        self.keys = self.tokens.keys

    # -- helpers -----------------------------------------------------------------------------
    def _key(self, i: int) -> str:
        return self.keys[i] if i < len(self.keys) else ""

    # The lexicon's indexes are keyed by a phrase's first word: once found there, only the words
    # after it are left to compare.
    def _noun_at(self, i: int) -> Noun | None:
        keys = self.keys
        for noun in self.lex.noun_index.get(self._key(i), ()):
            n = len(noun.words)
            if n == 1 or tuple(keys[i : i + n]) == noun.words:
                return noun
        return None

    def _false_friend(self, i: int) -> bool:
        friends = self.lex.false_friend_index.get(self._key(i))
        if not friends:
            return False  # most words begin no false friend
        keys = self.keys
        return any(len(ff) == 1 or tuple(keys[i : i + len(ff)]) == ff for ff in friends)

    def _level_at(self, i: int, capital: bool = False) -> tuple[str, ...] | None:
        """The level at token i. "TP" must be upper case; plain words lower case ("Thành phố Lạng Sơn"
        is a name), unless `capital`: right after "UBND" a level may be written with a capital
        ("UBND Thành phố Đà Lạt", "UBND Phường 2")."""
        keys = self.keys
        for level in self.lex.level_index.get(self._key(i), ()):
            if len(level) == 1 or tuple(keys[i : i + len(level)]) == level:
                word = self.words[i]
                if word[0].isupper() and not _abbrev(word) and i > 0 and not capital:
                    continue
                return level
        return None

    def _known_at(self, i: int) -> tuple[int, str] | None:
        keys = self.keys
        for phrase, canon in self.lex.known_index.get(self._key(i), ()):
            if len(phrase) == 1 or tuple(keys[i : i + len(phrase)]) == phrase:
                return len(phrase), canon
        # Words glued by web scraping ("Kế hoạchvà Đầu tư"): compare without spaces.
        words = self.words
        joined = ""
        best: tuple[int, str] | None = None
        prefixes = _spaceless_prefixes()
        for k in range(i, min(len(words), i + 8)):
            if not _is_word(words[k]) and words[k] not in "-–,&":
                break
            joined += fold_word(words[k]).replace("–", "-")
            if joined not in prefixes:
                break  # no known name starts so: none can with more words either
            glued = _spaceless_known().get(joined)
            if glued:
                best = (k - i + 1, glued)
        return best

    def _place(self, i: int) -> int:
        """Capitalised words of a place name from token i; returns the end index."""
        words = self.words
        j = i
        while j < len(words) and j - i < 4:
            tok = words[j]
            if (
                _is_word(tok)
                and ((_capital(tok) and not _abbrev(tok)) or tok.isdigit())
                and not (self._noun_at(j) and not self._noun_ends_place(i, j))
            ) or (tok in "-–" and j > i and j + 1 < len(words) and _capital(words[j + 1])):
                j += 1
            else:
                break
        return j

    def _noun_ends_place(self, i: int, j: int) -> bool:
        """Is the unit noun at token j the last word of a place name begun at token i ("thành phố Hải
        Phòng")? It is when the name has begun and no name follows the noun ("Hải Phòng chủ trì", not
        "Lạng Sơn Phòng Nội vụ")."""
        words = self.words
        return j > i and (j + 1 >= len(words) or not (_is_word(words[j + 1]) and _capital(words[j + 1])))

    def _level_and_place(self, i: int, capital: bool = False) -> tuple[int, str]:
        """An optional level ("thành phố") and place name ("Lạng Sơn") after a name. A level written
        with a capital (`capital`) counts only when a place name follows it."""
        level = self._level_at(i, capital)
        if level is None:
            return i, ""
        j = i + len(level)
        if j < len(self.words) and self.words[j] == ".":
            j += 1
        end = self._place(j)
        if end == j and self.words[i][0].isupper() and not _abbrev(self.words[i]):
            return i, ""
        return end, " ".join([self.lex.level_canon[level], *self.words[j:end]])

    def _in_proper_name(self, i: int) -> bool:
        """Is token i the last word of a proper name: two capitalised words before it ("Lý Thái Tổ") that
        are neither unit nouns nor abbreviations?"""
        words, keys = self.words, self.keys
        if not (words[i - 1][0].isupper() and words[i - 2][0].isupper()):
            return False  # the common case: a lower-case word or a mark before the noun
        starts = _start_keys()
        return (
            _title_word(words[i - 1])
            and _title_word(words[i - 2])
            and keys[i - 1] not in starts
            and keys[i - 2] not in starts
            and not _abbrev(words[i])
        )

    def _party_committee(self, k: int) -> tuple[int, list[str]]:
        """A party committee ("Tỉnh ủy", "Thành ủy Hà Nội", "Trung ương") at token k, written with a
        capital: (its end, its words), or (k, [])."""
        words = self.words
        if k >= len(words) or not words[k][:1].isupper():
            return k, []
        noun = self._noun_at(k)
        if noun is not None and noun.kind == "dang" and noun.whole:
            end = self._place(k + len(noun.words))
            return end, list(words[k:end])
        if _match_words(self.keys, k, _TRUNG_UONG):
            return k + len(_TRUNG_UONG), list(words[k : k + len(_TRUNG_UONG)])
        return k, []

    def _expand(self, word: str) -> str:
        return self.lex.name_abbr.get(word, word)

    # -- mentions ----------------------------------------------------------------------------
    def scan(self) -> list[UnitMatch]:
        out: list[UnitMatch] = []
        i = 0  # the first token not yet inside a mention
        keys, compounds = self.keys, self.lex.compounds
        seconds = _second_keys()
        last = len(keys) - 1
        for start in self.tokens.starts():
            if start < i or (start and (keys[start - 1], keys[start]) in compounds):
                continue  # inside a mention, or the second half of a word ("trụ sở", "nhiệm vụ")
            after = seconds.get(keys[start])
            if after is not None and (start == last or keys[start + 1] not in after):
                if self.words[start] not in self.lex.unit_abbr:
                    continue  # "công tác", "thành viên": no unit noun goes on so
            if start - 2 >= i and self._in_proper_name(start):
                continue  # "đường Lý Thái Tổ", "ông Nguyễn Văn Ban": a name, not a unit
            found = self._at(start)
            if found is not None:
                matches, end = found
                out.extend(matches)
                i = max(end, start + 1)
        return out

    def _at(self, i: int) -> tuple[list[UnitMatch], int] | None:
        word, key = self.words[i], self.keys[i]
        if key in (_CAC, _MOI):
            return self._group(i, i + 1, prefix="")
        if word in self.lex.unit_abbr:
            # "BQLDA đầu tư xây dựng huyện": the abbreviation heads a name like a unit noun does.
            expansion = self.lex.unit_abbr[word]
            as_noun = Noun(expansion, "abbr", True, (key,))
            named = self._named(i, i + 1, as_noun, expansion)
            if named and named[1] > i + 1:
                match = named[0][0]
                match.rule = "unit.abbreviation"
                return named
            end, level = self._level_and_place(i + 1)
            name = expansion + (" " + level if level else "")
            return [self._match(name, i, end, "abbr", "unit.abbreviation")], end
        noun = self._noun_at(i)
        if noun is None or self._false_friend(i) or (noun.capital and not word[0].isupper()):
            return None
        j = i + len(noun.words)
        noun_text = _canon_noun(noun)
        if noun.kind == "dn":
            return self._company(i, j, noun_text)
        if noun.kind == "role":  # "Chủ đầu tư", "Nhà thầu": the role as written, not a name
            return [self._match(noun_text, i, j, noun.kind, "unit.role")], j
        if noun.whole:  # "Tỉnh đoàn", "Thành đoàn Hà Nội" — as a name, written with a capital
            if not word[0].isupper():
                return None
            end = self._place(j)
            name = " ".join([noun_text, *self.words[j:end]])
            return [self._match(name, i, end, noun.kind, "unit.whole_noun")], end
        if noun.kind in ("ubnd", "hdnd", "mttq") or noun.standalone:
            if j < len(self.keys) and self.keys[j] == _CAC:
                return self._group(i, j + 1, prefix=noun_text + " ")
            if j + 1 < len(self.keys) and self.keys[j] == _CAP and (of_level := self._level_at(j + 1)):
                end = j + 1 + len(of_level)  # "UBND cấp xã": the committees of every commune
                name = " ".join([noun_text, *self.words[j:end]])
                return [self._match(name, i, end, noun.kind, "group.as_written", group=True)], end
            end, level = self._level_and_place(j, capital=True)
            if level:
                end, more = self._more_levels(end) if end == j + len(level.split()) else (end, "")
                name = f"{noun_text} {level}{more}"
                first = self._match(name, i, end, noun.kind, "unit.noun_level", group=bool(more))
                return self._sibling_provinces(first, noun_text, level, end)
            if noun.kind in ("ubnd", "hdnd", "mttq", "dang"):
                return None
        # A list under one noun: "các Bộ: Tài chính, Tư pháp" is handled by _group; "Bộ: …" is rare.
        named = self._named(i, j, noun, noun_text)
        if noun.kind == "chinhanh":
            return self._branch_of(named) if named is not None else self._bare(i, j, noun_text)
        return named

    def _sibling_provinces(
        self, first: UnitMatch, noun_text: str, level: str, k: int
    ) -> tuple[list[UnitMatch], int]:
        """ "UBND tỉnh Điện Biên, Nghệ An và Tây Ninh": one level written once over several provinces
        names the committee of each. Only province names (places.yaml) count, so that "UBND tỉnh Lào
        Cai, Sở Tài chính" and "UBND tỉnh Lâm Đồng, Đà Lạt, ngày …" stay as they are."""
        words = self.words
        level_word = level.split()[0]
        if level_word != "tỉnh":
            return [first], k
        found = [first]
        while k + 1 < len(words) and (words[k] == "," or self.keys[k] == _VA):
            n = _province_at(words, k + 1)
            after = k + 1 + n
            if not n or (after < len(words) and _is_word(words[after]) and _capital(words[after])):
                break
            place = " ".join(words[k + 1 : after])
            name = f"{noun_text} tỉnh {place}"
            found.append(self._match(name, k + 1, after, first.kind, "group.list_expanded"))
            k = after
        return found, k

    def _bare(self, i: int, j: int, noun_text: str) -> tuple[list[UnitMatch], int] | None:
        """An enterprise or branch noun written with a capital and no name ("đề nghị Công ty gửi hồ sơ",
        "Chi nhánh rà soát"): the one the document is about, named by its noun; in lower case
        ("các công ty", "công ty cổ phần") it names none."""
        if not self.words[i][0].isupper():
            return None
        noun = self._noun_at(i)
        kind = noun.kind if noun is not None else "dn"
        return [self._match(noun_text, i, j, kind, "unit.generic", key=kind)], j

    def _unit_after_dash(self, k: int) -> bool:
        """Does another unit start after a dash ("Phòng Khoáng sản - Sở …")? "HĐND - UBND" is one."""
        noun = self._noun_at(k)
        return noun is not None and noun.kind not in ("ubnd", "hdnd")

    def _branch_of(self, named: tuple[list[UnitMatch], int]) -> tuple[list[UnitMatch], int]:
        """A branch named with its enterprise after a dash is one unit: "Chi nhánh số 2 - Công ty TNHH
        Bình An"."""
        (branch,), k = named
        words = self.words
        if k + 1 < len(words) and words[k] in ("-", "–"):
            noun = self._noun_at(k + 1)
            if noun is not None and noun.kind == "dn":
                company = self._company(k + 1, k + 1 + len(noun.words), _canon_noun(noun))
                if company is not None:
                    (firm,), end = company
                    branch.name = f"{branch.name} - {firm.name}"
                    branch.end = firm.end
                    return [branch], end
        return [branch], k

    def _named(self, i: int, j: int, noun: Noun, noun_text: str) -> tuple[list[UnitMatch], int] | None:
        words, keys = self.words, self.keys
        known = self._known_at(j) if j < len(words) else None
        if known:
            k = j + known[0]
            name_words = [known[1]]
            rule = "unit.known_name"
            # "Đội Quản lý thị trường số 3": a numbered unit of a known kind.
            if k + 1 < len(words) and keys[k] == _SO and words[k + 1].isdigit():
                name_words += [words[k], words[k + 1]]
                k += 2
        else:
            generic = self._generic_name(i, j)
            if generic is None:
                return None
            k, name_words = generic
            rule = "unit.generic"
        # "Ban Tuyên giáo Tỉnh ủy", "Ban Kinh tế Trung ương": an organ of a party committee is named with
        # its committee right after its own name.
        k, committee = self._party_committee(k)
        name_words += committee
        end, level = self._level_and_place(k)
        end, more = self._more_levels(end) if level and end == k + len(level.split()) else (end, "")
        name = " ".join([noun_text, *name_words] + ([level + more] if level else []))
        if "-" in name:
            name = _DASH.sub(" - ", name)
        name = name.replace(" & ", " và ")
        return [self._match(name, i, end, noun.kind, rule, group=bool(more))], end

    def _generic_name(self, i: int, j: int) -> tuple[int, list[str]] | None:
        """The words of a name not in the known names, from token j after the noun at token i: its end and
        its words (abbreviations written out), or None when it says nothing."""
        words, keys = self.words, self.keys
        k = j
        name_words: list[str] = []
        noun_capital = _capital(words[i])
        while k < len(words) and k - j < 9:
            tok = words[k]
            if (
                tok in ("-", "–", "&")
                and name_words
                and k + 1 < len(words)
                and _capital(words[k + 1])
                and not self._unit_after_dash(k + 1)
            ):
                name_words.append("-" if tok != "&" else "&")
                k += 1
                continue
            if not _is_word(tok):
                break
            if (
                keys[k] == _VA
                and name_words
                and k + 1 < len(words)
                and _capital(words[k + 1])
                and not _abbrev(words[k + 1])
                and not self._noun_at(k + 1)
                and not self._level_at(k + 1)
            ):
                # "Ban Tuyên giáo và Dân vận": "và" and a capitalised word go on with the name.
                name_words.append(tok)
                k += 1
                continue
            if self._level_at(k) and not (k > 0 and keys[k - 1] == _LIEN):
                break
            if k > j and ((self._noun_at(k) and _capital(tok) and not _abbrev(tok)) or keys[k] == _CAC):
                break
            if not _capital(tok) and (keys[k] in self.lex.stop_words or (k == j and not noun_capital)):
                break
            if keys[k] == _SO and k + 1 < len(words) and words[k + 1].isdigit():
                name_words.extend([tok, words[k + 1]])
                k += 2
                break
            name_words.append(self._expand(tok))
            k += 1
        # A name must say something: at least one capitalised word, abbreviation or a number.
        if not name_words or (
            not any(w[:1].isupper() or w[:1].isdigit() for w in name_words) and not noun_capital
        ):
            return None
        return k, name_words

    def _more_levels(self, k: int) -> tuple[int, str]:
        """More levels after a level without a place, and the group's qualifiers ("UBND tỉnh, thành phố
        trực thuộc Trung ương", "Phòng Y tế quận, huyện"): their end and text (", thành phố …"), or
        (k, "") when no level follows."""
        words = self.words
        text = ""
        while k + 1 < len(words) and words[k] == ",":
            level = self._level_at(k + 1)
            if level is None:
                break
            after = k + 1 + len(level)
            if self._place(after) > after:
                break  # "UBND tỉnh, thành phố Hà Nội": the last level has its own place
            text += ", " + " ".join(words[k + 1 : after])
            k = after
        if text:
            k, qualifiers = self._qualifiers(k)
            text += qualifiers
        return k, text

    def _company(self, i: int, j: int, noun_text: str) -> tuple[list[UnitMatch], int] | None:
        """An enterprise: its noun, legal forms ("cổ phần", "TNHH MTV") and name ("Công ty TNHH MTV
        Xây dựng Hòa Bình"), and a branch written with it ("Công ty … - Chi nhánh Bắc Sơn")."""
        forms, k = self._legal_forms(j)
        end = self._company_words(k)
        named = any(_capital(w) for w in self.words[k:end] if _is_word(w))
        # A name of trade words alone after a legal form ("Công ty Cổ phần đầu tư xây dựng hạ tầng"), when
        # the noun has a capital; without a legal form they are the verb ("Công ty xây dựng phương án").
        if not named and not (forms and end > k and self.words[i][0].isupper()):
            return self._bare(i, j, noun_text) if not forms else None
        name = " ".join([noun_text, *forms, *map(self._expand, self.words[k:end])])
        return [self._match(_DASH.sub(" - ", name), i, end, "dn", "unit.generic")], end

    def _legal_forms(self, k: int) -> tuple[list[str], int]:
        forms = self.lex.company_forms
        out = []
        while (form := forms.at(self.keys, k)) is not None:
            out.append(forms.canon.get(form) or " ".join(self.words[k : k + len(form)]))
            k += len(form)
        return out, k

    def _company_words(self, k: int) -> int:
        """The end of an enterprise's name from token k: capitalised words, trade words, and the
        lower-case words between them, up to punctuation, a stop word or another unit after "và"."""
        words, keys, lex = self.words, self.keys, self.lex
        end = k  # the end of the name as accepted so far
        limit = min(len(words), k + 16)
        while k < limit:
            tok = words[k]
            if tok in ("-", "–", "&"):
                if k == end and end > 0 and k + 1 < len(words) and _capital(words[k + 1]):
                    k += 1  # "… Yên Bái - Chi nhánh …", "XDSX & TMDV": the name goes on
                    continue
                break
            if not _is_word(tok) or lex.company_stops.at(keys, k) is not None:
                break
            if keys[k] == _VA and (
                self._noun_at(k + 1) or (k + 1 < len(words) and words[k + 1] in lex.unit_abbr)
            ):
                break  # "Công ty X và UBND xã Y": another unit
            if keys[k] == _SO and k + 1 < len(words) and words[k + 1].isdigit():
                k += 2
                end = k
                continue
            trade = lex.company_trade.at(keys, k)
            if _capital(tok) or trade is not None:
                k += len(trade) if trade is not None and not _capital(tok) else 1
                end = k
                continue
            k += 1  # a lower-case word: part of the name only if a capitalised or trade word follows
        return end

    def _group(self, i: int, j: int, prefix: str) -> tuple[list[UnitMatch], int] | None:
        """``các`` + group nouns, comma-separated, with their qualifiers; or ``các <noun>: A, B``."""
        if not prefix:
            named = self._named_group(i, j)
            if named is not None:
                return named
        items, k, key = self._group_items(j)
        if (
            not items
            or items[-1] in (",", "và")
            or (not prefix and items == [self.words[j]] and key in _not_alone())
        ):
            return None
        words = self.words
        # "các xã: Hữu Lũng, Tuấn Sơn" — a group with its members named.
        if k < len(words) and words[k] == ":" and len([x for x in items if x not in (",", "và")]) == 1:
            if k + 1 < len(words) and (self._noun_at(k + 1) or words[k + 1] in self.lex.unit_abbr):
                return None  # "các cơ quan: Sở Tài chính, …": the units themselves follow, named in full
            listed = self._listed_members(i, k, items[0], prefix, key)
            if listed is not None:
                return listed
        # "các tổ chức, cá nhân hoạt động khoáng sản trên địa bàn tỉnh": non-state doers as written.
        clause = ""
        if all(" ".join(words_of(x)) in _doer_nouns() for x in items if x not in (",", "và")):
            k, clause = self._doer_clause(k)
        # A heading in capitals ("UBND CÁC XÃ, PHƯỜNG"): the group nouns are written in lower case.
        if words[j].isupper():
            items = [" ".join(_lower_capitals(w) for w in x.split()) for x in items]
        text = (prefix + "các " + " ".join([*items, clause])).replace(" ,", ",").rstrip()
        if not prefix and words[i][0].isupper():
            text = "C" + text[1:]
        return [self._match(text, i, k, "group", "group.as_written", group=True, key=key)], k

    def _group_items(self, j: int) -> tuple[list[str], int, str]:
        """The group nouns from token j with their qualifiers, and the commas and "và" between them
        ("phòng, ban", "tỉnh, thành phố trực thuộc Trung ương", "sở, ngành và địa phương"): the items as
        written, their end and the first noun's key."""
        words, keys = self.words, self.keys
        items: list[str] = []
        k = j
        key = ""
        while k < len(words):
            g = next(
                (g for g in self.lex.group_index.get(self._key(k), ()) if _match_words(keys, k, g)), None
            )
            if g is None or self._false_friend_over(k, len(g)):
                break
            if not key:
                key = " ".join(g)
            items.append(" ".join(words[k : k + len(g)]))
            k += len(g)
            # qualifiers: "liên quan", "có liên quan", "trực thuộc Trung ương", "nhà nước", "kinh tế", level
            k, qualifiers = self._qualifiers(k, levels=True)
            items[-1] += qualifiers
            nxt = self._next_kind(k)
            if nxt:
                items.append(words[k])
                if keys[nxt - 1] == _CAC and self.lex.head_titles.at(keys, k + 1) is None:
                    items.append(words[nxt - 1])  # "các cấp, các ngành": the article as written
                k = nxt
                continue
            break
        return items, k, key

    def _false_friend_over(self, k: int, n: int) -> bool:
        """Does a word that is no unit start at token k and run past a group noun of n words ("các bộ
        phận", "các hội nghị")?"""
        keys = self.keys
        return any(
            len(ff) > n and tuple(keys[k : k + len(ff)]) == ff
            for ff in self.lex.false_friend_index.get(keys[k], ())
        )

    def _next_kind(self, k: int) -> int:
        """Does another group noun after a comma or "và" at token k continue the group ("phòng, ban",
        "sở, ngành và địa phương"; "các Sở, Thủ trưởng các ban, ngành": a title and its article
        dropped), rather than begin a unit of its own ("các sở, Ban Quản lý …")? The noun's index, or 0."""
        words, keys = self.words, self.keys
        if k + 1 >= len(words) or not (words[k] == "," or keys[k] == _VA):
            return 0
        n = k + 1
        title = self.lex.head_titles.at(keys, n)
        if title is not None and n + len(title) < len(keys) and keys[n + len(title)] == _CAC:
            n += len(title) + 1
        elif keys[n] == _CAC and keys[k - 1] in _not_alone():
            n += 1  # "các cấp, các ngành"; but "các Bộ, các Tập đoàn" are two groups
        nxt = next((g for g in self.lex.group_index.get(self._key(n), ()) if _match_words(keys, n, g)), None)
        if nxt is None:
            return 0
        after = n + len(nxt)
        named = after < len(words) and _is_word(words[after]) and _capital(words[after])
        if named and not self._qualifier_at(after):
            return 0  # "các sở, Ban Quản lý dự án": a name follows the noun (not "…, ngành Trung ương")
        if _capital(words[n]) and self._noun_at(n) and after < len(words) and _capital(words[after]):
            return 0
        return n

    def _listed_members(
        self, i: int, k: int, noun_word: str, prefix: str, key: str
    ) -> tuple[list[UnitMatch], int] | None:
        """``các <noun>: A, B`` from the colon at token k: each unit in full for a noun that heads a
        name ("các Bộ: Tài chính, Tư pháp"), else the group with its members ("các xã: A, B")."""
        members, end = self._members(k + 1)
        if not members:
            return None
        if noun_word.lower() in ("bộ", "sở", "phòng", "ban"):
            names = [f"{noun_word[0].upper()}{noun_word[1:]} {m}" for m in members]
            return [self._match(n, i, end, "list", "group.list_expanded") for n in names], end
        name = prefix + "các " + noun_word
        match = self._match(
            name, i, end, "group", "group.with_members", group=True, members=tuple(members), key=key
        )
        return [match], end

    def _doer_clause(self, k: int) -> tuple[int, str]:
        """What a group of non-state doers does, as the document writes it ("hoạt động khoáng sản trên
        địa bàn tỉnh", "được cấp giấy phép khai thác, thu hồi khoáng sản"): from an opening word at token
        k to the verb, "có trách nhiệm", "phải", a unit or punctuation; its end and text, or (k, "")."""
        words, keys, lex = self.words, self.keys, self.lex
        if lex.doer_openers.at(keys, k) is None:
            return k, ""
        start = k
        limit = min(len(words), k + 24)
        while k < limit:
            tok = words[k]
            if tok == "," and k + 1 < len(words) and _is_word(words[k + 1]) and not _capital(words[k + 1]):
                if lex.doer_stops.at(keys, k + 1) is None and keys[k + 1] != _CAC:
                    k += 1
                    continue
                break
            if not _is_word(tok) or (k > start and lex.doer_stops.at(keys, k) is not None):
                break
            if _capital(tok) and (self._noun_at(k) or tok in lex.unit_abbr):
                break  # "… trên địa bàn tỉnh Sở Công Thương": another unit
            k += 1
        return k, " ".join(map(self._expand, words[start:k]))

    def _named_group(self, i: int, j: int) -> tuple[list[UnitMatch], int] | None:
        """``các`` + a unit noun and a name: the units of that name everywhere ("các Đoàn Luật sư", "các
        phòng GD&ĐT quận, huyện"), one group; with more names after a comma, each unit in full ("các Sở
        Tài chính, Xây dựng" → "Sở Tài chính", "Sở Xây dựng")."""
        words = self.words
        noun = self._noun_at(j)
        k = j + len(noun.words) if noun is not None else j
        if noun is None or noun.whole or noun.kind in ("ubnd", "hdnd", "mttq", "dn") or k >= len(words):
            return None
        if not (_capital(words[k]) and _is_word(words[k])) or self._false_friend(j):
            return None
        found = self._named(j, k, noun, _canon_noun(noun))
        if found is None:
            return None
        (unit,), end = found
        if end + 1 < len(words) and words[end] in (",", "và") and not unit.is_group:
            if self._noun_at(end + 1) is not None:
                unit.start = self.tokens.start(i)
                return [unit], end  # "các Sở Tài chính, Sở Xây dựng": units named in full
            members, stop = self._members(end + 1)
            if members:
                names = [unit.name] + [f"{_canon_noun(noun)} {m}" for m in members]
                return [self._match(n, i, stop, noun.kind, "group.list_expanded") for n in names], stop
        return [self._match("Các " + unit.name, i, end, noun.kind, "group.as_written", group=True)], end

    def _qualifier_at(self, k: int) -> bool:
        return any(_match_words(self.keys, k, q) for q in _QUALIFIERS.get(self.keys[k], ()))

    def _qualifiers(self, k: int, levels: bool = False) -> tuple[int, str]:
        """A group's qualifiers from token k ("có liên quan", "trực thuộc Trung ương", and with
        ``levels`` a level: "các sở, ngành tỉnh"): their end and text, with a space before each."""
        words, keys = self.words, self.keys
        text = ""
        while k < len(words) and _is_word(words[k]):
            q = next((q for q in _QUALIFIERS.get(keys[k], ()) if _match_words(keys, k, q)), None)
            if q is None and levels and keys[k] not in (_XA, _PHUONG):
                q = self._level_at(k)
            if q is None:
                break
            text += " " + " ".join(words[k : k + len(q)])
            k += len(q)
        # "các cơ quan chuyên môn thuộc UBND tỉnh", "các phòng thuộc Sở"; after the qualifier
        # "trực thuộc", the body follows at once ("các đơn vị trực thuộc Sở").
        if k < len(words) and keys[k] == _THUOC:
            body = k + 1
        elif text and keys[k - 1] == _THUOC:
            body = k
        else:
            return k, text
        end = self._of_body(body)
        if end > body:
            text, k = f"{text} {' '.join(words[k:end])}", end
        return k, text

    def _of_body(self, k: int) -> int:
        """The end of the body a group belongs to, after "thuộc" at token k-1: a level ("tỉnh") or a
        unit of government ("UBND tỉnh", "Sở", "Sở Y tế"); k when neither follows."""
        if k >= len(self.words):
            return k
        end, level = self._level_and_place(k)
        if level:
            return end
        noun = self._noun_at(k)
        if noun is None or noun.kind not in _BODY_KINDS or not self.words[k][0].isupper():
            return k
        found = self._at(k)
        return found[1] if found is not None else k + len(noun.words)

    def _members(self, k: int) -> tuple[list[str], int]:
        words, keys = self.words, self.keys
        members: list[str] = []
        while k < len(words):
            known = self._known_at(k)
            if known:
                members.append(known[1])
                k += known[0]
            else:
                start = k
                while (
                    k < len(words)
                    and _is_word(words[k])
                    and (_capital(words[k]) or (k > start and keys[k] not in self.lex.stop_words))
                ):
                    if not _capital(words[k]) and k > start:
                        break
                    k += 1
                if k == start:
                    break
                members.append(" ".join(words[start:k]))
            if (k < len(words) and words[k] == ",") or (
                k < len(words) and keys[k] == _VA and (k + 1 < len(words) and _capital(words[k + 1]))
            ):
                k += 1
                continue
            break
        return members, k

    def _match(
        self,
        name: str,
        i: int,
        end: int,
        kind: str,
        rule: str,
        *,
        group: bool = False,
        members: tuple[str, ...] = (),
        key: str = "",
    ) -> UnitMatch:
        start = self.tokens.start(i)
        stop = self.tokens.end(end - 1 if end > i else i)
        return UnitMatch(_tidy(name), start, stop, kind, rule, group, members, key)


@cache
def _province_names() -> frozenset[tuple[str, ...]]:
    """The folded words of every province name (places.yaml), for the lists after "UBND tỉnh A"."""
    cities = set(langdata.string_list("places", "cities"))  # "thành phố Đà Nẵng", never "tỉnh Đà Nẵng"
    names = [n for n in langdata.string_list("places", "provinces") if n not in cities]
    return frozenset(tuple(fold_word(w) for w in name.split()) for name in names)


def _province_at(words: tuple[str, ...] | list[str], k: int) -> int:
    """The number of words of the province name at token k, or 0."""
    for n in (3, 2, 1):
        if k + n <= len(words) and tuple(fold_word(w) for w in words[k : k + n]) in _province_names():
            return n
    return 0


@cache
def _not_alone() -> frozenset[str]:
    """Keys of the group nouns that make no group alone ("các cấp")."""
    return frozenset(" ".join(words_of(n)) for n in langdata.string_list("units", "group_nouns_not_alone"))


@cache
def _doer_nouns() -> frozenset[str]:
    """Keys of the group nouns of non-state doers, whose group runs on over what they do."""
    return frozenset(" ".join(words_of(n)) for n in langdata.string_list("units", "doer_nouns"))


@cache
def _start_keys() -> frozenset[str]:
    """Keys of the words a mention can start with: skip every other word at once."""
    lex = lexicon()
    return frozenset(lex.noun_index) | {_CAC, _MOI}


@cache
def _start_or_abbr_keys() -> frozenset[str]:
    return _start_keys() | {_KEYS[word] for word in lexicon().unit_abbr}


@cache
def _second_keys() -> dict[str, frozenset[str]]:
    """First word → the possible second words, for the words that only begin unit nouns of two or more
    words ("công" → "an", "ty") and for "các"/"mọi" (a group noun): a mention cannot start at such a
    word without one of them after it."""
    out: dict[str, frozenset[str]] = {}
    for first, nouns in lexicon().noun_index.items():
        if first not in (_CAC, _MOI) and all(len(n.words) > 1 for n in nouns):
            out[first] = frozenset(n.words[1] for n in nouns)
    # "các"/"mọi" open a group only before a group noun ("các sở", "mọi cơ quan"), not "các nội dung".
    out[_CAC] = out[_MOI] = frozenset(lexicon().group_index)
    return out


@cache
def _spaceless_known() -> dict[str, str]:
    return {fold(canon).replace(" ", ""): canon for _words, canon in lexicon().known}


@cache
def _spaceless_prefixes() -> frozenset[str]:
    return frozenset(key[:n] for key in _spaceless_known() for n in range(1, len(key) + 1))


def _canon_noun(noun: Noun) -> str:
    return noun.noun[0].upper() + noun.noun[1:]


def _tidy(name: str) -> str:
    name = " ".join(name.split())
    return name[0].upper() + name[1:] if name else name


@cache
def _candidate_regex() -> Caseless:
    """Any word a mention can start with: text without one holds no unit and is not tokenized."""
    lex = lexicon()
    words = (
        {n.noun.split()[0].lower() for n in lex.nouns} | {"các", "mọi"} | {a.lower() for a in lex.unit_abbr}
    )
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return Caseless(rf"(?<!\w)(?:{alternatives})(?!\w)")


def find_units(text: str, offset: int = 0) -> list[UnitMatch]:
    if not _candidate_regex().search(text):
        return []
    return UnitScanner(text, offset).scan()


def is_vague(match: UnitMatch) -> bool:
    return " ".join(words_of(match.name)) in lexicon().vague or (
        match.is_group and fold(match.name).rstrip().endswith("lien quan")
    )
