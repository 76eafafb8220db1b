"""Recognize unit mentions in text and give each its full canonical name.

A mention is one of:
- a unit noun and its name: ``Phòng TN&MT thành phố`` → ``Phòng Tài nguyên và Môi trường thành phố``;
- a people's committee with its level and place: ``UBND tỉnh Bạc Liêu``, ``UBND xã Hữu Lũng``;
- a group as written: ``UBND các phường, xã``, ``Các Bộ, cơ quan ngang Bộ``;
- a list under one noun: ``các Bộ: Tài chính, Tư pháp`` → ``Bộ Tài chính``, ``Bộ Tư pháp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dondoc.extract.lexicon import Lexicon, Noun, lexicon, words_of
from dondoc.textutil import fold, tone_key

_TOKEN = re.compile(r"[^\W_]+(?:[&/.'][^\W_]+|-(?=[^\W\d_]*[A-ZĐ&])[^\W_]+)*&?|[^\w\s]")
_DASHES = str.maketrans({"–": "-", "—": "-"})
_QUALIFIERS = tuple(
    tuple(tone_key(w) for w in phrase.split())
    for phrase in (
        "có liên quan",
        "liên quan",
        "trực thuộc Trung ương",
        "trực thuộc",
        "thuộc Chính phủ",
        "nhà nước",
        "kinh tế",
        "chuyên môn",
        "ngang Bộ",
        "là chủ Chương trình",
    )
)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # folded

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capital(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()

    @property
    def abbrev(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
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


_KEYS: dict[str, str] = {}


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out: list[Token] = []
    append = out.append
    keys = _KEYS
    for m in _TOKEN.finditer(text):
        word = m.group()
        key = keys.get(word)
        if key is None:
            key = tone_key(word.translate(_DASHES))
            if len(keys) < 200_000:
                keys[word] = key
        start = m.start() + offset
        append(Token(word, start, start + len(word), key))
    return out


def _match_words(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(tokens):
        return False
    return all(tokens[i + k].key == w for k, w in enumerate(words))


def _k(word: str) -> str:
    return tone_key(word)


_CAC, _MOI, _LIEN, _SO, _XA, _PHUONG, _VA = (
    _k(w) for w in ("các", "mọi", "liên", "số", "xã", "phường", "và")
)


class UnitScanner:
    """Scans a token list for unit mentions, left to right, longest match first."""

    def __init__(self, text: str, offset: int = 0) -> None:
        self.lex: Lexicon = lexicon()
        self.text = text
        self.offset = offset
        self.tokens = tokenize(text, offset)

    # -- helpers -----------------------------------------------------------------------------
    def _key(self, i: int) -> str:
        return self.tokens[i].key if i < len(self.tokens) else ""

    def _noun_at(self, i: int) -> Noun | None:
        for noun in self.lex.noun_index.get(self._key(i), ()):
            if _match_words(self.tokens, i, noun.words):
                return noun
        return None

    def _false_friend(self, i: int) -> bool:
        return any(
            _match_words(self.tokens, i, ff) for ff in self.lex.false_friend_index.get(self._key(i), ())
        )

    def _level_at(self, i: int) -> tuple[str, ...] | None:
        for level in self.lex.level_index.get(self._key(i), ()):
            if _match_words(self.tokens, i, level):
                # "TP" must be upper case; plain words must be lower case ("Thành phố Lạng Sơn" is a name).
                tok = self.tokens[i]
                if tok.text[0].isupper() and not tok.abbrev and i > 0:
                    continue
                return level
        return None

    def _known_at(self, i: int) -> tuple[int, str] | None:
        for words, canon in self.lex.known_index.get(self._key(i), ()):
            if _match_words(self.tokens, i, words):
                return len(words), canon
        # Words glued by web scraping ("Kế hoạchvà Đầu tư"): compare without spaces.
        joined = ""
        best: tuple[int, str] | None = None
        for k in range(i, min(len(self.tokens), i + 8)):
            if not self.tokens[k].is_word and self.tokens[k].text not in "-–,&":
                break
            joined += fold(self.tokens[k].text).replace("–", "-")
            glued = _spaceless_known().get(joined)
            if glued:
                best = (k - i + 1, glued)
        return best

    def _place(self, i: int) -> int:
        """Capitalised words of a place name from token i; returns the end index."""
        j = i
        while j < len(self.tokens) and j - i < 4:
            tok = self.tokens[j]
            if (
                tok.is_word
                and ((tok.capital and not tok.abbrev) or tok.text.isdigit())
                and not self._noun_at(j)
            ) or (tok.text in "-–" and j > i and j + 1 < len(self.tokens) and self.tokens[j + 1].capital):
                j += 1
            else:
                break
        return j

    def _level_and_place(self, i: int) -> tuple[int, str]:
        """An optional level ("thành phố") and place name ("Lạng Sơn") after a name."""
        level = self._level_at(i)
        if level is None:
            return i, ""
        j = i + len(level)
        if j < len(self.tokens) and self.tokens[j].text == ".":
            j += 1
        end = self._place(j)
        words = [self.lex.level_canon[level]] + [t.text for t in self.tokens[j:end]]
        return end, " ".join(words)

    def _expand(self, tok: Token) -> str:
        return self.lex.name_abbr.get(tok.text, tok.text)

    # -- mentions ----------------------------------------------------------------------------
    def scan(self) -> list[UnitMatch]:
        out: list[UnitMatch] = []
        starts = _start_keys()
        abbr = self.lex.unit_abbr
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            if tokens[i].key not in starts and tokens[i].text not in abbr:
                i += 1
                continue
            found = self._at(i)
            if found is None:
                i += 1
                continue
            matches, end = found
            out.extend(matches)
            i = max(end, i + 1)
        return out

    def _at(self, i: int) -> tuple[list[UnitMatch], int] | None:
        tok = self.tokens[i]
        if tok.key in (_CAC, _MOI):
            return self._group(i, i + 1, prefix="")
        if tok.text in self.lex.unit_abbr:
            # "BQLDA đầu tư xây dựng huyện": the abbreviation heads a name like a unit noun does.
            expansion = self.lex.unit_abbr[tok.text]
            as_noun = Noun(expansion, "abbr", True, (tok.key,))
            named = self._named(i, i + 1, as_noun, expansion)
            if named and named[1] > i + 1:
                match = named[0][0]
                match.rule = "unit.abbreviation"
                return named
            end, level = self._level_and_place(i + 1)
            name = expansion + (" " + level if level else "")
            return [self._match(name, i, end, "abbr", "unit.abbreviation")], end
        noun = self._noun_at(i)
        if noun is None or self._false_friend(i):
            return None
        j = i + len(noun.words)
        noun_text = _canon_noun(noun)
        if noun.kind in ("ubnd", "hdnd", "mttq") or noun.standalone:
            if j < len(self.tokens) and self.tokens[j].key == _CAC:
                return self._group(i, j + 1, prefix=noun_text + " ")
            end, level = self._level_and_place(j)
            if level:
                return [self._match(f"{noun_text} {level}", i, end, noun.kind, "unit.noun_level")], end
            if noun.kind in ("ubnd", "hdnd", "mttq", "dang"):
                return None
        # A list under one noun: "các Bộ: Tài chính, Tư pháp" is handled by _group; "Bộ: …" is rare.
        return self._named(i, j, noun, noun_text)

    def _named(self, i: int, j: int, noun: Noun, noun_text: str) -> tuple[list[UnitMatch], int] | None:
        tokens = self.tokens
        known = self._known_at(j) if j < len(tokens) else None
        if known:
            k = j + known[0]
            name_words = [known[1]]
            rule = "unit.known_name"
            # "Đội Quản lý thị trường số 3": a numbered unit of a known kind.
            if k + 1 < len(tokens) and tokens[k].key == _SO and tokens[k + 1].text.isdigit():
                name_words += [tokens[k].text, tokens[k + 1].text]
                k += 2
        else:
            k = j
            name_words = []
            rule = "unit.generic"
            noun_capital = tokens[i].capital
            while k < len(tokens) and k - j < 9:
                tok = tokens[k]
                if (
                    tok.text in ("-", "–", "&")
                    and name_words
                    and k + 1 < len(tokens)
                    and tokens[k + 1].capital
                ):
                    name_words.append("-" if tok.text != "&" else "&")
                    k += 1
                    continue
                if not tok.is_word:
                    break
                if self._level_at(k) and not (k > 0 and tokens[k - 1].key == _LIEN):
                    break
                if k > j and ((self._noun_at(k) and tok.capital and not tok.abbrev) or tok.key == _CAC):
                    break
                if not tok.capital and (tok.key in self.lex.stop_words or (k == j and not noun_capital)):
                    break
                if tok.key == _SO and k + 1 < len(tokens) and tokens[k + 1].text.isdigit():
                    name_words.extend([tok.text, tokens[k + 1].text])
                    k += 2
                    break
                name_words.append(self._expand(tok))
                k += 1
            # A name must say something: at least one capitalised word, abbreviation or a number.
            if not name_words or (
                not any(w[:1].isupper() or w[:1].isdigit() for w in name_words) and not noun_capital
            ):
                if noun.standalone and name_words == []:
                    return None
                return None
        end, level = self._level_and_place(k)
        name = " ".join([noun_text, *name_words] + ([level] if level else []))
        name = re.sub(r"\s+-\s+|\s*-\s*", " - ", name).replace(" & ", " và ")
        return [self._match(name, i, end, noun.kind, rule)], end

    def _group(self, i: int, j: int, prefix: str) -> tuple[list[UnitMatch], int] | None:
        """``các`` + group nouns, comma-separated, with their qualifiers; or ``các <noun>: A, B``."""
        tokens = self.tokens
        items: list[str] = []
        k = j
        key = ""
        while k < len(tokens):
            g = next(
                (g for g in self.lex.group_index.get(self._key(k), ()) if _match_words(tokens, k, g)), None
            )
            if g is None:
                break
            if not key:
                key = " ".join(g)
            items.append(" ".join(t.text for t in tokens[k : k + len(g)]))
            k += len(g)
            # qualifiers: "liên quan", "có liên quan", "trực thuộc Trung ương", "nhà nước", "kinh tế", level
            while k < len(tokens) and tokens[k].is_word:
                q = next((q for q in _QUALIFIERS if _match_words(tokens, k, q)), None)
                if q is not None:
                    items[-1] += " " + " ".join(t.text for t in tokens[k : k + len(q)])
                    k += len(q)
                elif self._level_at(k) and tokens[k].key not in (_XA, _PHUONG):
                    lv = self._level_at(k)
                    assert lv is not None
                    items[-1] += " " + " ".join(t.text for t in tokens[k : k + len(lv)])
                    k += len(lv)
                else:
                    break
            # another kind after a comma or "và" continues the group ("phòng, ban", "tỉnh, thành phố")
            nxt = next(
                (
                    g2
                    for g2 in (self.lex.group_index.get(tokens[k + 1].key, ()) if k + 1 < len(tokens) else ())
                    if tokens[k].text == "," and _match_words(tokens, k + 1, g2)
                ),
                None,
            )
            after = k + 1 + len(nxt) if nxt else 0
            if nxt and (after >= len(tokens) or not tokens[after].is_word or not tokens[after].capital):
                if not (
                    tokens[k + 1].capital
                    and self._noun_at(k + 1)
                    and after < len(tokens)
                    and tokens[after].capital
                ):
                    items.append(",")
                    k += 1
                    continue
            break
        if not items or items[-1] == ",":
            return None
        # "các xã: Hữu Lũng, Tuấn Sơn" — a group with its members named.
        if k < len(tokens) and tokens[k].text == ":" and len([x for x in items if x != ","]) == 1:
            members, end = self._members(k + 1)
            if members:
                noun_word = items[0]
                if noun_word.lower() in ("bộ", "sở", "phòng", "ban"):
                    names = [f"{noun_word[0].upper()}{noun_word[1:]} {m}" for m in members]
                    return [self._match(n, i, end, "list", "group.list_expanded") for n in names], end
                return [
                    self._match(
                        prefix + "các " + noun_word,
                        i,
                        end,
                        "group",
                        "group.with_members",
                        group=True,
                        members=tuple(members),
                        key=key,
                    )
                ], end
        text = (prefix + "các " + " ".join(items)).replace(" ,", ",")
        first = tokens[i].text
        if not prefix and first[0].isupper():
            text = "C" + text[1:]
        return [self._match(text, i, k, "group", "group.as_written", group=True, key=key)], k

    def _members(self, k: int) -> tuple[list[str], int]:
        tokens = self.tokens
        members: list[str] = []
        while k < len(tokens):
            known = self._known_at(k)
            if known:
                members.append(known[1])
                k += known[0]
            else:
                start = k
                while (
                    k < len(tokens)
                    and tokens[k].is_word
                    and (tokens[k].capital or (k > start and tokens[k].key not in self.lex.stop_words))
                ):
                    if not tokens[k].capital and k > start:
                        break
                    k += 1
                if k == start:
                    break
                members.append(" ".join(t.text for t in tokens[start:k]))
            if (k < len(tokens) and tokens[k].text == ",") or (
                k < len(tokens) and tokens[k].key == _VA and (k + 1 < len(tokens) and tokens[k + 1].capital)
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
        start = self.tokens[i].start
        stop = self.tokens[end - 1].end if end > i else self.tokens[i].end
        return UnitMatch(_tidy(name), start, stop, kind, rule, group, members, key)


@cache
def _start_keys() -> frozenset[str]:
    """Keys of the words a mention can start with: skip every other word at once."""
    lex = lexicon()
    return frozenset(lex.noun_index) | {_CAC, _MOI}


@cache
def _spaceless_known() -> dict[str, str]:
    return {fold(canon).replace(" ", ""): canon for _words, canon in lexicon().known}


def _canon_noun(noun: Noun) -> str:
    return noun.noun[0].upper() + noun.noun[1:]


def _tidy(name: str) -> str:
    name = " ".join(name.split())
    return name[0].upper() + name[1:] if name else name


@cache
def _candidate_regex() -> re.Pattern[str]:
    """Any word a mention can start with: text without one holds no unit and is not tokenized."""
    lex = lexicon()
    words = {n.noun.split()[0] for n in lex.nouns} | {"các", "mọi"} | set(lex.unit_abbr)
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def find_units(text: str, offset: int = 0) -> list[UnitMatch]:
    if not _candidate_regex().search(text):
        return []
    return UnitScanner(text, offset).scan()


def is_vague(match: UnitMatch) -> bool:
    return " ".join(words_of(match.name)) in lexicon().vague or (
        match.is_group and fold(match.name).rstrip().endswith("lien quan")
    )
