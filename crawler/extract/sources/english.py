"""English grammar of attribution: ``"...," NAME, ROLE, told OUTLET``, ``NAME said``,
``said NAME``, ``according to X``, ``local sources said``, ``X quoted Y as saying``; the same
plan and registry as the Arabic reader, with its own lexicons.
"""

from __future__ import annotations

import re

from .lexicons_en import (
    _EN_ANON,
    _EN_ARTICLES,
    _EN_CLAUSE_OPENERS,
    _EN_CONNECTORS,
    _EN_DETERMINERS,
    _EN_KNOWN_OUTLETS,
    _EN_NAME_PARTICLES,
    _EN_NON_NAMES,
    _EN_ORG_HEADS,
    _EN_OUTLET_HEADS,
    _EN_PRONOUNS,
    _EN_QUALIFIER_STOPS,
    _EN_RELATIVES,
    _EN_ROLES,
    _EN_TITLES,
    _EN_TRAILING_ADVERBS,
    _EN_TRIGGER_WORDS,
    _EN_TYPE_WORDS,
    _EN_VERBS,
)
from .registry import _Cand, _canonical_head, _name_key, _Registry
from .tokens import _clean_quote, _Para, _Tok

_EN_CORRESPONDENT_RE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<name>(?:(?!The\b)(?P<outlet>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}?)(?:'s|’s|')?|[Oo]ur|[Ii]ts)\s+correspondents?)\b"
)


def _is_cap(word: str) -> bool:
    """Capitalised, a number, or a particle glued to a capitalised name ("al-Hassan")."""
    if word[:1].isupper() or word[:1].isdigit():
        return True
    particle, _, rest = word.partition("-")
    return particle.casefold() in _EN_NAME_PARTICLES and rest[:1].isupper()


class _EnglishReader:
    def __init__(self, registry: _Registry, house: frozenset[str]):
        self.reg = registry
        self.house = house  # casefolded outlet names whose correspondent is "ours"

    # -- classification -----------------------------------------------------------------------

    def classify(self, p: _Para, toks: list[_Tok], *, allow_single: bool = False) -> _Cand | None:
        """The source a subject names, if any. A bracket after a person's name that says who
        they are is their role ("Karim Haddad (a spokesman for the council)"); any other bracket
        is an alias ("(SNHR)")."""
        brackets = [t for t in toks if t.kind == "group" and t.mark == "("]
        cand = self._classify(p, [t for t in toks if t not in brackets], allow_single=allow_single)
        if cand is not None and cand.kind == "person" and not cand.anaphor:
            for group in brackets:
                if self.is_role_text(group.text.split()):
                    cand.role = p.span_text([group], inner=True)
                    break
        return cand

    def _classify(self, p: _Para, toks: list[_Tok], *, allow_single: bool = False) -> _Cand | None:
        while toks and toks[-1].kind == "punct":
            toks = toks[:-1]
        while toks and toks[0].kind == "punct":
            toks = toks[1:]
        if not toks or any(t.kind != "word" and t.text not in "-'’." for t in toks):
            return None
        words = [t.text for t in toks]
        lower = [w.casefold() for w in words]
        if len(words) == 1 and lower[0] in _EN_PRONOUNS:
            return None
        text = p.span_text(toks)
        m = _EN_CORRESPONDENT_RE.match(text)
        if m:
            outlet = (m.group("outlet") or "").casefold()
            house = outlet in self.house or m.group("name").casefold().startswith(("our", "its"))
            key = "house" if house or not outlet else "corr:" + outlet
            is_anaphor = m.group("outlet") is None and text.casefold().startswith("the")
            return _Cand(
                m.group("name"),
                "anonymous",
                heads=frozenset({"correspondent"}),
                corr_key=key,
                anaphor=is_anaphor,
                standalone=not is_anaphor,
            )
        # "the network", "the Observatory", "the source": refers back.
        if (
            lower[0] == "the"
            and len(words) in (2, 3)
            and not words[-1].isupper()
            and (len(words) == 2 or lower[1] in ("same", "aforementioned"))
        ):
            head = _canonical_head(lower[-1])
            if head in _EN_ORG_HEADS | _EN_OUTLET_HEADS | _EN_ANON | {"group", "source", "correspondent"}:
                return _Cand(words[-1], "person", heads=frozenset({head}), anaphor=True)
        # Surname or full name of an earlier person: "Jaber added", "Abu Omar added".
        if all(_is_cap(w) for w in words) and len(words) <= 3:
            src = self.reg.person_suffix(words)
            if src is not None:
                return _Cand(src.name, "person", anaphor=True)
        start = 1 if lower[0] in _EN_DETERMINERS else 0
        core, core_lower = words[start:], lower[start:]
        if not core:
            return None
        # Titles: "Dr. Khaled Alloush".
        title = None
        while core and core_lower[0].rstrip(".") in _EN_TITLES:
            title = (title + " " if title else "") + core[0]
            core, core_lower = core[1:], core_lower[1:]
            if core and core[0] == ".":
                core, core_lower = core[1:], core_lower[1:]
        if not core:
            return None
        core_toks = toks[len(toks) - len(core) :]
        # A capitalised function before a name: "Governor Ammar al-Saleh" (role "Governor").
        k = 0
        while k < len(core) - 2 and core_lower[k] in _EN_ROLES and _is_cap(core[k]):
            k += 1
        if k and self.is_person_name(core[k:]):
            return _Cand(p.span_text(core_toks[k:]), "person", role=p.span_text(core_toks[:k]))
        name = p.span_text(core_toks)
        if " ".join(core_lower) in _EN_KNOWN_OUTLETS:
            return _Cand(name, "outlet", heads=frozenset(core_lower))
        proper = (
            all(
                _is_cap(w) or w.casefold() in _EN_CONNECTORS or w.casefold().split("-")[0] in _EN_NAME_PARTICLES
                for w in core
            )
            and _is_cap(core[0])
            and _is_cap(core[-1])
        )
        if proper:
            heads = frozenset(w for w in core_lower if w in _EN_ORG_HEADS | _EN_OUTLET_HEADS)
            if any(w in _EN_ORG_HEADS for w in core_lower):
                return _Cand(name, "organization", heads=heads)
            if any(w in _EN_OUTLET_HEADS for w in core_lower):
                return _Cand(name, "outlet", heads=heads)
            if len(core) == 1 and len(core[0]) >= 2 and core[0].isalpha() and core[0].isupper():
                return _Cand(name, "organization", heads=frozenset(core_lower))  # "The SDF said"
            if self.is_person_name(core) and (len(core) >= 2 or allow_single):
                return _Cand(name, "person", role=title, heads=frozenset(_canonical_head(w) for w in core_lower))
        # "the regime's state news agency SANA": ends with a known outlet.
        for k in range(1, len(core)):
            if " ".join(core_lower[k:]) in _EN_KNOWN_OUTLETS:
                return _Cand(p.span_text(core_toks[k:]), "outlet", heads=frozenset(core_lower[k:]))
        # "Al-Watan newspaper", "Amaq news agency": a name, then the type word that stays with it.
        k = 0
        while k < len(core) and _is_cap(core[k]):
            k += 1
        if (
            0 < k < len(core)
            and core_lower[-1] in _EN_TYPE_WORDS
            and all(w in _EN_TYPE_WORDS or w in _EN_OUTLET_HEADS for w in core_lower[k:])
        ):
            return _Cand(name, "outlet", heads=frozenset(core_lower[k:]))
        # "White Helmets volunteer Khaled Omar": role words, then a name.
        k = len(core)
        while k > 0 and _is_cap(core[k - 1]):
            k -= 1
        run, run_lower = core[k:], core_lower[k:]
        if len(run) >= 2 and k > 0 and any(w in _EN_ROLES for w in core_lower[:k]) and self.is_person_name(run):
            return _Cand(p.span_text(core_toks[k:]), "person", role=p.span_text(toks[: len(toks) - len(core) + k]))
        if run and k > 0 and any(w in _EN_TYPE_WORDS for w in core_lower[:k]):
            # "the local news network Deir Ezzor 24": a description before the name is not part of it
            return _Cand(p.span_text(core_toks[k:]), "outlet", heads=frozenset(run_lower))
        # A quantifier stays with an unnamed group ("two security sources"), an article does not.
        counted = 0 if lower[0] not in _EN_ARTICLES else start
        anonymous = self.anonymous(p, toks[counted:], lower[counted:], titled=start > 0)
        if anonymous is not None:
            return anonymous
        if len(run) >= 2 and k > 0 and any(w in _EN_ORG_HEADS for w in run_lower):
            # "the Assad regime's Interior Ministry"
            return _Cand(
                p.span_text(core_toks[k:]), "organization", heads=frozenset(w for w in run_lower if w in _EN_ORG_HEADS)
            )
        # An unnamed body by its head noun: "the health ministry of the Assad regime", "rights
        # groups", "Turkish media".
        h = next((i for i, w in enumerate(core_lower[:3]) if w in _EN_ORG_HEADS or w == "media"), None)
        if (
            h is not None
            and not any(w in _EN_PRONOUNS for w in core_lower[:h])
            and (h + 1 == len(core) or core_lower[h + 1] in _EN_CONNECTORS)
            and not any(w in _EN_QUALIFIER_STOPS or w in _EN_VERBS for w in core_lower)
        ):
            kind = "outlet" if core_lower[h] == "media" else "organization"
            return _Cand(name, kind, heads=frozenset({core_lower[h]}))
        if len(lower) > 2 and lower[0] == "one" and lower[1] == "of":  # "one of the protesters"
            end = 2
            while end < len(lower) and lower[end] not in _EN_QUALIFIER_STOPS:
                end += 1
            if any(
                w in _EN_ANON or w.rstrip("s") in _EN_ANON or w in ("protesters", "demonstrators") for w in lower[2:end]
            ):
                return _Cand(p.span_text(toks[:end]), "anonymous", heads=frozenset({"one"}))
        return None

    @staticmethod
    def is_person_name(words: list[str]) -> bool:
        if not 1 <= len(words) <= 4:
            return False
        for w in words:
            wl = w.casefold()
            if wl in _EN_NON_NAMES or wl in _EN_ORG_HEADS or wl in _EN_OUTLET_HEADS:
                return False
            if not (_is_cap(w) or wl.split("-")[0] in _EN_NAME_PARTICLES):
                return False
        return True

    def anonymous(self, p: _Para, toks: list[_Tok], lower: list[str], titled: bool = False) -> _Cand | None:
        """People not named, with their quantifier and qualifiers: "local sources in al-Bukamal",
        "a military source in the National Army", "a trader in the Hamidiyeh market who ..." ->
        "trader in the Hamidiyeh market"."""
        # After an article, a bare function is an unnamed source too: "a spokesman for ...".
        heads = _EN_ANON | _EN_ROLES if titled else _EN_ANON
        for h in range(min(len(lower), 4)):
            if lower[h] in heads:
                break
        else:
            return None
        if any(w in _EN_PRONOUNS | _EN_CONNECTORS for w in lower[:h]):
            return None
        end = h + 1
        while end < len(lower) and lower[end] not in _EN_QUALIFIER_STOPS:
            end += 1
        # unnamed pages and accounts ("local news pages on Facebook") are organisations
        kind = "organization" if lower[h] in ("pages", "accounts", "page", "account") else "anonymous"
        return _Cand(p.span_text(toks[:end]), kind, heads=frozenset({_canonical_head(lower[h])}))

    @staticmethod
    def outlet_named(name: str) -> bool:
        """Whether a name spoken to is an outlet ("Reuters", "Al Jazeera", "the Kurdish Hawar news
        agency") rather than a person."""
        lower = name.casefold().removeprefix("the ")
        return lower in _EN_KNOWN_OUTLETS or any(
            w in _EN_OUTLET_HEADS or w in _EN_TYPE_WORDS for w in lower.replace("'s", "").split()
        )

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def split_commas(toks: list[_Tok]) -> list[list[_Tok]]:
        parts: list[list[_Tok]] = []
        cur: list[_Tok] = []
        for t in toks:
            if t.kind == "punct" and t.text == ",":
                if cur:
                    parts.append(cur)
                cur = []
            else:
                cur.append(t)
        if cur:
            parts.append(cur)
        return parts

    @staticmethod
    def outlet_after(p: _Para, i: int, stop: int) -> tuple[str | None, int]:
        """Capitalised run after "told" / "to": the listener."""
        j = i
        while j < stop and p.toks[j].kind == "word" and (_is_cap(p.toks[j].text) or p.toks[j].text in ("'s", "’s")):
            j += 1
        if j == i:
            return None, i
        return p.span_text(p.toks[i:j]), j

    @classmethod
    def is_role_like(cls, part: list[_Tok]) -> bool:
        return cls.is_role_text([t.text for t in part if t.kind == "word"])

    @staticmethod
    def is_role_text(words: list[str]) -> bool:
        words = [w.casefold() for w in words]
        if not words:
            return False
        if words[0] in _EN_RELATIVES:
            return True
        probe = words[1:4] if words[0] in _EN_DETERMINERS else words[:3]
        return any(w.rstrip("s") in _EN_ROLES or w in _EN_ROLES for w in probe)

    def quote_after(self, p: _Para, j: int, stop: int, verb: str) -> str | None:
        toks = p.toks
        k = j
        while k < stop and k - j < 10:
            t = toks[k]
            if t.kind == "group" and t.mark != "(" and t.words >= 3:
                return _clean_quote(p.span_text([t], inner=True))
            if t.kind == "word" and t.text.casefold() == "that" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1 : stop]))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1 : stop]))
            k += 1
        rest = toks[j:stop]
        if (
            verb
            in (
                "said",
                "says",
                "say",
                "told",
                "tells",
                "added",
                "adds",
                "warned",
                "reported",
                "confirmed",
                "noted",
                "explained",
            )
            and len(rest) >= 3
            and rest[0].kind == "word"
            and rest[0].text.casefold() not in ("in", "on", "at", "during", "after", "before", "as")
        ):
            return _clean_quote(p.span_text(rest))
        return None

    # -- driver -------------------------------------------------------------------------------

    def read(self, p: _Para) -> None:
        toks = p.toks
        after = 0
        # Only the words that may start a trigger are visited.
        for i in [k for k, t in enumerate(toks) if t.kind == "word" and t.text.casefold() in _EN_TRIGGER_WORDS]:
            if i < after:
                continue
            low = toks[i].text.casefold()
            nxt = toks[i + 1].text.casefold() if i + 1 < len(toks) and toks[i + 1].kind == "word" else ""
            stop = p.sentence_end(i)
            if (low == "according" and nxt == "to") or low == "citing":
                after = i + 2 if low == "according" else i + 1
                self.read_preposition(p, i, after, stop)
            elif low in _EN_VERBS or (low == "pointed" and nxt == "out"):
                after = i + 2 if low == "pointed" else i + 1
                self.read_verb(p, i, after, stop)

    def read_preposition(self, p: _Para, i: int, after: int, stop: int) -> None:
        toks = p.toks
        j = after
        while (
            j < stop
            and not (toks[j].kind == "punct" and toks[j].text in ",;:")
            and not (toks[j].kind == "word" and toks[j].text.casefold() in _EN_QUALIFIER_STOPS)
        ):
            j += 1
        cand = self.classify(p, toks[after:j], allow_single=True)
        if cand is None:
            return
        if cand.kind == "person" and j < stop and toks[j].text == ",":
            k = j + 1
            while k < stop and toks[k].text != ",":
                k += 1
            if self.is_role_like(toks[j + 1 : k]):
                cand.role = (
                    cand.role
                    if cand.role and cand.role.rstrip(".").casefold() not in _EN_TITLES
                    else p.span_text(toks[j + 1 : k])
                )
        self.reg.add(cand, verb=p.span_text(toks[i:after]), told_to=None, quote=None, paragraph=p.number)

    def read_verb(self, p: _Para, v: int, after: int, stop: int) -> None:
        toks = p.toks
        verb = p.span_text(toks[v:after])
        low = verb.casefold()
        start = p.sentence_start(v)
        # Left segment: after the last quotation in the sentence.
        b = start
        quote = None
        for k in range(start, v):
            if toks[k].kind == "group" and toks[k].mark != "(" and toks[k].words >= 3:
                b, quote = k + 1, _clean_quote(p.span_text([toks[k]], inner=True))
        left = toks[b:v]
        told_to = None
        parts = self.split_commas(left)
        # "Speaking to Orient News, NAME ..."
        if (
            parts
            and parts[0][0].kind == "word"
            and parts[0][0].text.casefold() in ("speaking", "talking")
            and len(parts[0]) > 1
            and parts[0][1].text.casefold() == "to"
        ):
            told_to, _ = self.outlet_after(p, b + 2 + (toks[b].kind == "punct"), v)
            told_to = p.span_text(parts[0][2:]) or told_to
            parts = parts[1:]
        while parts and parts[-1][0].kind == "word" and parts[-1][0].text.casefold() in _EN_RELATIVES:
            inside = parts[-1][1:]
            if inside and self.classify(p, inside) is not None:
                parts = [inside]  # "The shelling, which activists said ...": the subject is inside
                break
            parts = parts[:-1]
        if parts:
            while parts[0] and parts[0][0].kind == "word" and parts[0][0].text.casefold() in _EN_CLAUSE_OPENERS:
                parts[0] = parts[0][1:]
            while parts[-1] and parts[-1][-1].kind == "word" and parts[-1][-1].text.casefold() in _EN_TRAILING_ADVERBS:
                parts[-1] = parts[-1][:-1]
            parts = [pt for pt in parts if pt]
        cand = None
        if len(parts) >= 2:
            first = self.classify(p, parts[0])
            if first is not None and first.kind == "person" and not first.anaphor:
                cand = first
                cand.role = p.original(parts[1][0].start, parts[-1][-1].end)
        if cand is None and parts:
            cand = self.classify(p, parts[-1])
            if (
                cand is not None
                and cand.kind == "person"
                and len(parts) >= 2
                and self.is_role_like(parts[-2])
                and not cand.anaphor
                and (cand.role is None or cand.role.rstrip(".").casefold() in _EN_TITLES)
            ):
                cand.role = p.span_text(parts[-2])
        j = after
        # "told Orient News"
        if low in ("told", "tells"):
            heard, j = self.outlet_after(p, after, stop)
            told_to = told_to or heard
        # VS: '"...," said Umm Ahmad, a displaced mother of five'
        if cand is None and not parts and j < stop:
            right = self.split_commas(toks[j:stop])
            if right:
                appositive = len(right) >= 2 and self.is_role_like(right[1])
                cand = self.classify(p, right[0], allow_single=appositive)  # "said Khaled, a father of three"
                if cand is not None and cand.kind == "person" and appositive:
                    cand.role = p.span_text(right[1])
                j = stop
        if cand is None:
            return
        if low == "quoted":
            k = j
            while k + 1 < stop and not (toks[k].text.casefold() == "as" and toks[k + 1].text.casefold() == "saying"):
                k += 1
            obj = None
            if k + 1 < stop:
                # "quoted Fadi Haddad, director of the port, as saying": the object and its role
                parts = self.split_commas(toks[j:k])
                obj = self.classify(p, parts[0], allow_single=len(parts) > 1) if parts else None
                if obj is not None and obj.kind == "person" and len(parts) > 1 and self.is_role_like(parts[1]):
                    obj.role = p.span_text(parts[1])
            q = self.quote_after(p, k + 2, stop, "said") if obj else None
            self.reg.add(cand, verb=verb, told_to=None, quote=q, paragraph=p.number)
            if obj is not None:
                self.reg.add(obj, verb="as saying", told_to=None, quote=q, paragraph=p.number)
            return
        if cand.role and cand.role.rstrip(".").casefold() in _EN_TITLES:
            cand.role = None
        quote = quote or self.quote_after(p, j, stop, low)
        self.reg.add(cand, verb=verb, told_to=told_to, quote=quote, paragraph=p.number)
        if (
            told_to
            and told_to.casefold() not in self.house
            and _name_key(told_to) not in self.reg.listeners
            and self.outlet_named(told_to)
        ):
            # a statement made to another outlet ("told Reuters") came through that outlet
            self.reg.add(
                _Cand(told_to, "outlet", standalone=True), verb=verb, told_to=None, quote=None, paragraph=p.number
            )
