"""Arabic grammar of attribution: trigger verbs and prepositions, the subject after (or, SVO,
before) them, whether it is a source and of which kind, its role, the outlet spoken to and the
quote; each source found goes to the registry.
"""

from __future__ import annotations

from collections.abc import Iterable

from .lexicons import (
    _ADJUNCT_NOUNS_AR,
    _ADVERBS_AR,
    _AFFILIATION_WORDS_AR,
    _ALL_HEADS_AR,
    _ANAPHORIC_ADJ_AR,
    _ANON_HEADS_AR,
    _ANONYMITY_MARKERS_AR,
    _APPOSITION_OPENERS_AR,
    _AUXILIARIES_AR,
    _CORRESPONDENTS_AR,
    _GENERIC_HEADS_AR,
    _GIVEN_NAMES_AR,
    _HONORIFICS_AR,
    _HOUSE_CORRESPONDENTS_AR,
    _KNOWN_ORGS_AR,
    _KNOWN_OUTLETS_AR,
    _LISTENER_PRONOUNS_AR,
    _NAME_PARTICLES_AR,
    _NEVER_VERBS_AR,
    _ORG_HEADS_AR,
    _OUTLET_HEADS_AR,
    _PARTICIPLES_AR,
    _PREPOSITION_FIRST_WORDS_AR,
    _PREPOSITIONS_AR,
    _PREPOSITIONS_ATTR_AR,
    _PREPOSITIONS_WITH_MA_AR,
    _QUOTE_MARKERS_AR,
    _REPORTED_SPEECH_AR,
    _ROLE_HEADS_AR,
    _STANDALONE_AR,
    _SUBJECT_PUNCT,
    _TIME_WORDS_AR,
    _VERB_FORMS_AR,
)
from .normalize import _strip_article, normalize_ar
from .registry import _Cand, _Registry
from .tokens import _clean_name, _clean_quote, _Para, _Tok


class _ArabicReader:
    def __init__(self, registry: _Registry, house: tuple[tuple[str, ...], ...], listeners: tuple[tuple[str, ...], ...]):
        self.reg = registry
        self.house = house  # outlet word tuples whose correspondent is "ours"
        self.listeners = listeners  # outlet word tuples recognised after لـ

    # -- triggers -----------------------------------------------------------------------------

    @staticmethod
    def verb_at(tok: _Tok) -> tuple[bool, bool]:
        """(is an attribution verb, carries a و/ف prefix)."""
        if tok.kind != "word" or tok.text in _NEVER_VERBS_AR:
            return False, False
        if tok.text in _VERB_FORMS_AR:
            return True, False
        if tok.text[:1] in "وف" and tok.text[1:] in _VERB_FORMS_AR:
            return True, True
        return False, False

    def preposition_at(self, p: _Para, i: int) -> tuple[int, _Tok | None] | None:
        """If a prepositional attribution starts at token i: (index after it, synthetic first
        subject token when the subject is glued to لـ)."""
        toks = p.toks
        if toks[i].kind != "word":
            return None
        first = toks[i].text
        if first not in _PREPOSITION_FIRST_WORDS_AR and first[:1] in "وف" and first[1:] in _PREPOSITION_FIRST_WORDS_AR:
            first = first[1:]
        for words in _PREPOSITIONS_ATTR_AR:
            n = len(words)
            if words[0] != first or i + n > len(toks):
                continue
            if not all(toks[i + k].is_word(words[k]) for k in range(1, n - 1)):
                continue
            last = toks[i + n - 1]
            if n > 1 and last.kind == "word" and words[-1] == "ل" and last.text.startswith("ل") and last.text != "ل":
                # "وفقاً لفريق (...)": the source is glued to لـ.
                return i + n, _Tok("word", last.text[1:], last.start + 1, last.end)
            if n > 1 and not last.is_word(words[-1]):
                continue
            j = i + n
            if (
                words[0] in _PREPOSITIONS_WITH_MA_AR
                and n == 1
                and j + 1 < len(toks)
                and toks[j].is_word("ما")
                and self.verb_at(toks[j + 1])[0]
            ):
                j += 2  # "بحسب ما أفاد به"
                if j < len(toks) and toks[j].is_word("به", "بها", "عنه", "عنها"):
                    j += 1
            return j, None
        return None

    # -- listener ("لأورينت نت") ----------------------------------------------------------------

    def listener_at(self, p: _Para, i: int) -> tuple[str, int] | None:
        """(outlet as written, index after it) if the outlet spoken to starts at token i."""
        toks = p.toks
        if i >= len(toks) or toks[i].kind != "word":
            return None
        tok = toks[i]
        if tok.text in ("ل", "مع"):
            j = i + 1
            if j < len(toks) and toks[j].kind == "group" and toks[j].words <= 4:
                return p.span_text([toks[j]], inner=True), j + 1
            first, start = (
                (toks[j].text if j < len(toks) and toks[j].kind == "word" else None),
                toks[j].start if j < len(toks) else 0,
            )
        elif tok.text.startswith("ل") and len(tok.text) > 2:
            j, first, start = i, tok.text[1:], tok.start + 1
        else:
            return None
        if first is None:
            return None
        for outlet in self.listeners:
            words = [first] + [t.text for t in toks[j + 1 : j + len(outlet)] if t.kind == "word"]
            if tuple(words[: len(outlet)]) == outlet:
                end = toks[j + len(outlet) - 1].end
                return p.original(start, end), j + len(outlet)
        return None

    # -- subject scanning ---------------------------------------------------------------------

    def is_terminator(self, p: _Para, i: int) -> bool:
        toks = p.toks
        tok = toks[i]
        if tok.kind == "punct":
            return tok.text in _SUBJECT_PUNCT
        if tok.kind == "group":
            return tok.words > 6
        w = tok.text
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if w in _QUOTE_MARKERS_AR or w in _PARTICIPLES_AR or w in _LISTENER_PRONOUNS_AR or w in _REPORTED_SPEECH_AR:
            return True
        if w in ("عن", "عبر", "نقلا") or w.startswith("خلال") or w in _TIME_WORDS_AR:
            return True
        if w == "الى" and nxt is not None and nxt.kind == "word" and nxt.text in _QUOTE_MARKERS_AR:
            return True
        if (
            w in ("في", "على", "ضمن")
            and nxt is not None
            and nxt.kind == "word"
            and nxt.text.startswith(_ADJUNCT_NOUNS_AR)
        ):
            return True
        if self.verb_at(tok)[0]:
            return True
        return self.listener_at(p, i) is not None

    def scan_forward(
        self, p: _Para, i: int, first: _Tok | None = None, limit: int = 14
    ) -> tuple[list[_Tok], int, str | None]:
        """Subject tokens after a trigger, the index where they stop, and a listener met
        before the subject ("قالت لفرات بوست مصادر ...")."""
        toks = p.toks
        told_to = None
        out: list[_Tok] = [first] if first is not None else []
        j = i
        while j < len(toks) and len(out) < limit:
            if not out and toks[j].kind == "word" and toks[j].text in _ADVERBS_AR:
                j += 1
                continue
            if not out and told_to is None:
                heard = self.listener_at(p, j)
                if heard:
                    told_to, j = heard
                    continue
            if self.is_terminator(p, j) and not (not out and toks[j].kind == "word" and toks[j].text in _ANON_HEADS_AR):
                break
            out.append(toks[j])
            j += 1
        return out, j, told_to

    def scan_backward(self, p: _Para, v: int) -> list[_Tok]:
        """SVO subject: the clause between the last boundary and the verb (at most 8 tokens)."""
        toks = p.toks
        j = v
        while j > 0:
            t = toks[j - 1]
            if t.kind == "punct" and t.text in _SUBJECT_PUNCT:
                break
            if t.kind == "word" and (t.text in _QUOTE_MARKERS_AR or self.verb_at(t)[0]):
                break
            if t.kind == "group" and t.words > 6:
                break
            j -= 1
        words = toks[j:v]
        while words and words[0].kind == "word" and words[0].text in _AUXILIARIES_AR:
            words = words[1:]
        while words and words[-1].kind == "word" and words[-1].text in _AUXILIARIES_AR:
            words = words[:-1]
        return words if 0 < len(words) <= 8 else []

    # -- classification -------------------------------------------------------------------------

    @staticmethod
    def _match(words: list[_Tok], k: int, table: Iterable[tuple[str, ...]]) -> int:
        """Length of the longest entry of ``table`` matching words[k:]."""
        for entry in table:
            n = len(entry)
            if (
                k + n <= len(words)
                and all(w.kind == "word" for w in words[k : k + n])
                and tuple(w.text for w in words[k : k + n]) == entry
            ):
                return n
        return 0

    @staticmethod
    def _heads(p: _Para, toks: Iterable[_Tok]) -> frozenset[str]:
        return frozenset(
            _strip_article(t.text) for t in toks if t.kind == "word" and _strip_article(t.text) in _ALL_HEADS_AR
        )

    @staticmethod
    def _is_adjective(tok: _Tok) -> bool:
        w = tok.text
        return (
            tok.kind == "word"
            and not w.startswith("ال")
            and w not in _PREPOSITIONS_AR
            and not w.isdigit()
            and w.endswith(("ة", "ه", "ي", "ون", "ين", "ات"))
            and len(w) > 2
        )

    def _given_name_at(self, words: list[_Tok], k: int) -> bool:
        w = words[k]
        if w.kind != "word":
            return False
        if w.text in _GIVEN_NAMES_AR:
            return True
        return w.text in _NAME_PARTICLES_AR and k + 1 < len(words) and words[k + 1].kind == "word"

    @staticmethod
    def _name_extent(words: list[_Tok], k: int) -> int:
        """End of an unbracketed name starting at k (at most 4 words)."""
        e = k + 1
        while e < len(words) and e - k < 4:
            w = words[e]
            base = _strip_article(w.text)
            if (
                w.kind != "word"
                or w.text in _PREPOSITIONS_AR
                or w.text in _APPOSITION_OPENERS_AR
                or (base in _ROLE_HEADS_AR and base not in ("شيخ",))
                or w.text in _AFFILIATION_WORDS_AR
            ):
                break
            e += 1
        return e

    @staticmethod
    def _is_place_tail(tok: _Tok) -> bool:
        """Where a correspondent is: "في إدلب", "بريف حلب" (ب glued to a word that is not part of a
        known name such as "بلدي نيوز")."""
        w = tok.text
        return w in _PREPOSITIONS_AR or (w.startswith("ب") and w not in _NEVER_VERBS_AR)

    def correspondent(self, p: _Para, words: list[_Tok]) -> _Cand | None:
        first = words[0].text
        if first in _HOUSE_CORRESPONDENTS_AR:
            return _Cand(
                p.span_text(words[:1]),
                "anonymous",
                heads=frozenset({"مراسل"}),
                corr_key="house",
                anaphor=True,
                standalone=True,
            )
        if first == "المراسل":
            return _Cand(p.span_text(words[:1]), "anonymous", heads=frozenset({"مراسل"}), anaphor=True)
        if first not in _CORRESPONDENTS_AR:
            return None
        e = 1
        while e < len(words) and e <= 3 and (words[e].kind == "group" or not self._is_place_tail(words[e])):
            e += 1
        outlet = tuple(" ".join(t.text for t in words[1:e]).split())
        key = "house" if outlet in self.house else "corr:" + " ".join(outlet)
        return _Cand(_clean_name(p.span_text(words[:e])), "anonymous", heads=frozenset({"مراسل"}), corr_key=key)

    def from_group(self, p: _Para, pre: list[_Tok], group: _Tok, post: list[_Tok]) -> _Cand | None:
        """A name in brackets or quotation marks, with what precedes and follows it."""
        name = _clean_name(p.span_text([group], inner=True))
        pre_bases = [_strip_article(t.text) for t in pre if t.kind == "word"]
        inner = tuple(group.text.split())
        if pre and self._match(pre, 0, _KNOWN_ORGS_AR) == len(pre):
            # "الدفاع المدني السوري (الخوذ البيضاء)": the bracket is an alias.
            return _Cand(p.span_text(pre), "organization", heads=self._heads(p, pre))
        head = pre_bases[0] if pre_bases else ""
        if head in _OUTLET_HEADS_AR or (not pre_bases and inner in _KNOWN_OUTLETS_AR):
            kind = "outlet"
        elif head in _ORG_HEADS_AR or (not pre_bases and inner in _KNOWN_ORGS_AR):
            kind = "organization"
        elif not pre or head in _ROLE_HEADS_AR or head in _ANON_HEADS_AR or pre[0].text in _HONORIFICS_AR:
            kind = "person"
        else:
            # "قوات سوريا الديمقراطية (قسد)": a body with its acronym; the full name is the name.
            kind = "organization"
            if len(pre) >= 2 and len(inner) == 1:
                return _Cand(p.span_text(pre), kind, heads=self._heads(p, pre))
        heads = self._heads(p, pre)
        if kind != "person":
            return _Cand(name, kind, heads=heads)
        role = None
        titled = [t for t in pre if t.kind == "word" and t.text not in _HONORIFICS_AR]
        if titled:
            role = p.span_text(pre)
        elif post:
            if post[0].kind == "word" and post[0].text in _APPOSITION_OPENERS_AR:
                post = post[1:]
            role = p.span_text(post) or None
        return _Cand(name, "person", role=role, heads=heads | frozenset(_strip_article(t.text) for t in post[:1]))

    def definite_role(self, p: _Para, words: list[_Tok], forward: bool) -> _Cand | None:
        """A definite title: "الرئيس التركي رجب طيب أردوغان" (title, then a name of two words or
        more), "الناشط الصحفي" / "المصادر ذاتها" (refers back), or "المتحدث باسم الدفاع المدني"
        (an unnamed but specific person: new if nothing earlier matches)."""
        e = 1
        while e < len(words) and words[e].kind == "word" and words[e].text.startswith("ال"):
            e += 1
        if e < len(words) and words[e].kind == "word" and self._could_start_name(words[e]):
            end = self._name_extent(words, e)
            if end - e >= 2:
                return _Cand(
                    p.span_text(words[e:end]), "person", role=p.span_text(words[:e]), heads=self._heads(p, words[:e])
                )
        rest = words[1:]
        heads = frozenset({_strip_article(words[0].text)}) | self._heads(p, rest)
        bare = len(rest) <= 2 and all(
            w.kind == "word" and (self._is_adjective(w) or w.text.startswith("ال") or w.text in _ANAPHORIC_ADJ_AR)
            for w in rest
        )
        return _Cand(p.span_text(words), "person", heads=heads, anaphor=True, standalone=forward and not bare)

    @staticmethod
    def _could_start_name(tok: _Tok) -> bool:
        w = tok.text
        return not (
            w.startswith(("ال", "ب", "ل", "و", "ف"))
            or w in _PREPOSITIONS_AR
            or w in _TIME_WORDS_AR
            or w.isdigit()
            or _strip_article(w) in _ALL_HEADS_AR
        )

    def organization(self, p: _Para, words: list[_Tok], kind: str) -> _Cand:
        """Organisation or outlet without brackets: head + its definite chain
        ("وزارة الدفاع التركية", "الشبكة السورية لحقوق الإنسان", "المكتب الإعلامي لهيئة تحرير الشام"),
        with a short place after في ("المجلس المحلي في مدينة أعزاز")."""
        e = 1
        while e < len(words):
            w = words[e]
            if w.kind != "word" or w.text in _AFFILIATION_WORDS_AR or w.text in _PREPOSITIONS_AR:
                break
            if w.text.startswith(("ال", "لل")) or (not words[e - 1].text.startswith("ال") and self._is_adjective(w)):
                e += 1
                continue
            if w.text.startswith("ل"):  # "لحقوق الإنسان", "لهيئة تحرير الشام": through the next definite word
                k = next(
                    (
                        k
                        for k in range(e + 1, min(e + 4, len(words)))
                        if words[k].kind == "word" and words[k].text.startswith("ال")
                    ),
                    None,
                )
                if k is not None and all(
                    words[m].kind == "word" and words[m].text not in _PREPOSITIONS_AR for m in range(e + 1, k)
                ):
                    e = k + 1
                    continue
            break
        tail = words[e + 1 :]
        if (
            e < len(words)
            and words[e].is_word("في")
            and 0 < len(tail) <= 3
            and all(t.kind == "word" and not self.verb_at(t)[0] for t in tail)
        ):
            e = len(words)
        return _Cand(p.span_text(words[:e]), kind, heads=self._heads(p, words[:1]))

    def anonymous(self, p: _Para, words: list[_Tok]) -> _Cand:
        """ "مصادر محلية" (generic head + adjectives) or "تاجر في سوق الحميدية" (the whole
        description, since it is the only one)."""
        base = words[0].text
        if base == "شهود" and len(words) > 1 and words[1].text == "عيان":
            return _Cand(p.span_text(words[:2]), "anonymous", heads=frozenset({"شهود"}))
        if base in _GENERIC_HEADS_AR:
            e = 1
            while e < len(words) and e <= 3 and self._is_adjective(words[e]):
                e += 1
            return _Cand(p.span_text(words[:e]), "anonymous", heads=frozenset({base}))
        return _Cand(p.span_text(words), "anonymous", heads=frozenset({base}))

    def classify(self, p: _Para, words: list[_Tok], *, forward: bool = True) -> _Cand | None:
        while words and words[-1].kind == "punct":
            words = words[:-1]
        if not words:
            return None
        # An earlier person by surname or full name: "(الجابر)", "العلي", "الحاج علي", "شهاب الدين".
        for n in (3, 2, 1):
            head = words[:n]
            if len(head) == n and all(w.kind == "word" for w in head):
                src = self.reg.person_suffix([w.text for w in head])
                if src is not None:
                    return _Cand(src.name, "person", anaphor=True)
        if words[0].kind == "group" and words[0].words <= 3:
            src = self.reg.person_suffix(words[0].text.split())
            if src is not None:
                return _Cand(src.name, "person", anaphor=True)

        if words[0].kind == "word":
            corr = self.correspondent(p, words)
            if corr is not None:
                return corr
        # A name in brackets or quotation marks.
        for g, tok in enumerate(words[:11]):
            if tok.kind == "group" and tok.words <= 6:
                if words[0].kind == "word" and words[0].text in _CORRESPONDENTS_AR:
                    break
                return self.from_group(p, words[:g], tok, words[g + 1 :])
            if tok.kind != "word":
                break
        if words[0].kind != "word":
            return None
        # A known organisation or outlet, possibly after its head noun ("وكالة رويترز").
        n = self._match(words, 0, _KNOWN_ORGS_AR)
        if n:
            return _Cand(p.span_text(words[:n]), "organization", heads=self._heads(p, words[:1]))
        for k in (0, 1):
            n = self._match(words, k, _KNOWN_OUTLETS_AR)
            if n and (k == 0 or _strip_article(words[0].text) in _OUTLET_HEADS_AR):
                return _Cand(p.span_text(words[k : k + n]), "outlet", heads=self._heads(p, words[:1]))

        first = words[0].text
        base = _strip_article(first)
        definite = first.startswith("ال")
        # A given name, possibly after a role: "مدير مركز ... أحمد الشيخ".
        for k in range(len(words)):
            if self._given_name_at(words, k):
                if k == 0 or any(
                    _strip_article(w.text) in _ALL_HEADS_AR or w.text in _HONORIFICS_AR for w in words[:k]
                ):
                    e = self._name_extent(words, k)
                    role = p.span_text(words[:k]) if k else (p.span_text(words[e:]) if e < len(words) else None)
                    heads = self._heads(p, words[:k])
                    return _Cand(p.span_text(words[k:e]), "person", role=role or None, heads=heads)
                break
        if base in _ANON_HEADS_AR or base in _ROLE_HEADS_AR:
            if definite:
                return self.definite_role(p, words, forward)
            if base in _ANON_HEADS_AR:
                return self.anonymous(p, words)
            return None
        if base in _ORG_HEADS_AR or base in _OUTLET_HEADS_AR:
            # شبكة heads both; unbracketed and unknown, a network is more often an outlet.
            kind = "organization" if base not in _OUTLET_HEADS_AR else "outlet"
            if definite and (len(words) == 1 or all(w.text in _ANAPHORIC_ADJ_AR for w in words[1:])):
                standalone = forward and self._match(words, 0, _STANDALONE_AR) > 0
                return _Cand(p.span_text(words[:1]), kind, heads=frozenset({base}), anaphor=True, standalone=standalone)
            return self.organization(p, words, kind)
        if self._match(words, 0, _STANDALONE_AR) and forward:
            return _Cand(p.span_text(words[:1]), "organization", heads=frozenset({base}))
        return None

    # -- after the subject --------------------------------------------------------------------

    def apposition(self, p: _Para, j: int) -> tuple[str | None, int]:
        """After "NAME،": (role, index after it) for "، أحد وجهاء البلدة،". A remark on
        anonymity ("، فضّل عدم ذكر اسمه،") is skipped and gives no role."""
        toks = p.toks
        if j >= len(toks) or not (toks[j].kind == "punct" and toks[j].text in "،,"):
            return None, j
        k = j + 1
        while k < len(toks) and k - j <= 13:
            t = toks[k]
            if t.kind == "punct" and t.text in _SUBJECT_PUNCT:
                break
            if t.kind == "word" and (t.text in _QUOTE_MARKERS_AR or self.listener_at(p, k)):
                break
            k += 1
        body = toks[j + 1 : k]
        closed = k < len(toks) and (
            (toks[k].kind == "punct" and toks[k].text in "،,:")
            or self.listener_at(p, k)
            or toks[k].text in _QUOTE_MARKERS_AR
        )
        if not body or not closed or any(t.kind == "group" and t.words > 6 for t in body):
            return None, j
        text = " ".join(t.text for t in body)
        if any(m in text for m in _ANONYMITY_MARKERS_AR):
            return None, k + (1 if toks[k].kind == "punct" else 0)
        if self.verb_at(body[0])[0] or body[0].text in _PARTICIPLES_AR:
            return None, j
        if body[0].text in _APPOSITION_OPENERS_AR:
            body = body[1:]
        return p.span_text(body) or None, k + (1 if toks[k].kind == "punct" and toks[k].text in "،," else 0)

    def find_listener(self, p: _Para, j: int, stop: int) -> str | None:
        for k in range(j, min(stop, j + 10)):
            t = p.toks[k]
            if t.kind == "word" and t.text in _QUOTE_MARKERS_AR:
                break
            heard = self.listener_at(p, k)
            if heard:
                return heard[0]
        return None

    def find_quote(self, p: _Para, j: int, stop: int) -> str | None:
        toks = p.toks
        for k in range(j, min(stop, j + 14)):
            t = toks[k]
            if t.kind == "group" and t.words >= 3:
                return _clean_quote(p.span_text([t], inner=True))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop and toks[k + 1].kind == "group":
                return _clean_quote(p.span_text([toks[k + 1]], inner=True))
            if t.kind == "word" and t.text in _QUOTE_MARKERS_AR and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1 : stop]))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1 : stop]))
        return None

    def quote_before(self, p: _Para, v: int) -> str | None:
        k = v - 1
        while k >= 0 and p.toks[k].kind == "punct" and p.toks[k].text in "،,":
            k -= 1
        if k >= 0 and p.toks[k].kind == "group" and p.toks[k].words >= 3:
            return _clean_quote(p.span_text([p.toks[k]], inner=True))
        return None

    # -- driver -------------------------------------------------------------------------------

    def read(self, p: _Para) -> None:
        toks = p.toks
        i = 0
        while i < len(toks):
            # Prepositions first: "نقلاً عن" is not the dual verb "نقلا".
            prep = self.preposition_at(p, i)
            is_verb, prefixed = self.verb_at(toks[i]) if prep is None else (False, False)
            if not is_verb and prep is None:
                i += 1
                continue
            stop = p.sentence_end(i)
            if is_verb:
                verb_text = p.span_text(toks[i : i + 1])
                self.read_verb(p, i, prefixed, verb_text, stop)
                i += 1
            else:
                assert prep is not None  # not a verb, so a preposition (neither was skipped above)
                after, first = prep
                verb_text = p.original(toks[i].start, (first.start if first else toks[after - 1].end))
                self.read_preposition(p, after, first, verb_text, stop)
                i = after

    def read_verb(self, p: _Para, v: int, prefixed: bool, verb: str, stop: int) -> None:
        words, j, told_to = self.scan_forward(p, v + 1)
        cand = self.classify(p, words) if words else None
        if cand is None and not prefixed:
            back = self.scan_backward(p, v)
            cand = self.classify(p, back, forward=False) if back else None
        if cand is None:
            return
        if cand.kind in ("person", "anonymous") and not cand.anaphor:
            role, j = self.apposition(p, j)
            if (
                cand.kind == "person"
                and role
                and (cand.role is None or all(w in _HONORIFICS_AR for w in normalize_ar(cand.role).split()))
            ):
                cand.role = role
        told_to = told_to or self.find_listener(p, j, stop) or self.listener_before(p, v)
        quote = self.quote_before(p, v) or self.find_quote(p, j, stop)
        self.reg.add(cand, verb=verb, told_to=told_to, quote=quote, paragraph=p.number)
        # "نقلت وكالة رويترز عن مصدر أمني": the second source.
        if (
            j < len(p.toks)
            and p.toks[j].is_word("عن")
            and normalize_ar(verb).lstrip("وف").startswith(("نقل", "ينقل", "تنقل"))
        ):
            words2, j3, _ = self.scan_forward(p, j + 1)
            cand2 = self.classify(p, words2) if words2 else None
            if cand2 is not None:
                self.reg.add(cand2, verb=verb, told_to=None, quote=self.find_quote(p, j3, stop), paragraph=p.number)

    def listener_before(self, p: _Para, v: int) -> str | None:
        """ "وفي تصريح خاص لأورينت نت، قال ...": the listener named before the verb."""
        start = p.sentence_start(v)
        seen_adjunct = False
        for k in range(start, v):
            t = p.toks[k]
            if t.kind == "word" and t.text.startswith(_ADJUNCT_NOUNS_AR):
                seen_adjunct = True
            if seen_adjunct:
                heard = self.listener_at(p, k)
                if heard:
                    return heard[0]
        return None

    def read_preposition(self, p: _Para, j: int, first: _Tok | None, verb: str, stop: int) -> None:
        words, end, _ = self.scan_forward(p, j, first)
        cand = self.classify(p, words) if words else None
        if cand is None:
            return
        quote = None
        if end < len(p.toks) and p.toks[end].kind == "group" and p.toks[end].words >= 3:
            quote = _clean_quote(p.span_text([p.toks[end]], inner=True))
        self.reg.add(cand, verb=verb, told_to=None, quote=quote, paragraph=p.number)
