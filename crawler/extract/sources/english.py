"""English grammar of attribution: ``"...," NAME, ROLE, told OUTLET``, ``NAME said``,
``said NAME``, ``according to X``, ``local sources said``, ``X quoted Y as saying``; the same
plan and registry as the Arabic reader, with its own lexicons.
"""

from __future__ import annotations

import re

from .lexicons_en import (
    _EN_AGENT_VERBS,
    _EN_ANON,
    _EN_ARTICLES,
    _EN_AS_VERBS,
    _EN_BODY_DESCRIPTIONS,
    _EN_CLAUSE_OPENERS,
    _EN_CONNECTORS,
    _EN_DETERMINERS,
    _EN_FINDING_VERBS,
    _EN_KNOWN_OUTLETS,
    _EN_MATERIAL,
    _EN_MEASURES,
    _EN_MEDIA_HEADS,
    _EN_NAME_PARTICLES,
    _EN_NON_NAMES,
    _EN_ORG_HEADS,
    _EN_OUTLET_HEADS,
    _EN_PARTICIPLES,
    _EN_PORTFOLIOS,
    _EN_PRONOUNS,
    _EN_QUALIFIER_STOPS,
    _EN_RANKS,
    _EN_RELATIVES,
    _EN_RESIDENCE_PARTICIPLES,
    _EN_ROLES,
    _EN_SAYING_VERBS,
    _EN_SHOWING_VERBS,
    _EN_TITLES,
    _EN_TRAILING_ADVERBS,
    _EN_TRIGGER_WORDS,
    _EN_TYPE_WORDS,
    _EN_VERBS,
)
from .registry import _Cand, _canonical_head, _name_key, _Registry, _Source
from .tokens import _clean_quote, _Para, _Tok

#: Words that end a passive's agent: "documented by the network in its report", "... on Monday".
_EN_AUXILIARIES = frozenset(["was", "were", "is", "are", "been", "being", "has", "have", "had"])
#: Unions of word classes, built once rather than per test.
_EN_BODY_HEADS = _EN_ORG_HEADS | _EN_OUTLET_HEADS
_EN_REFERRING_HEADS = _EN_BODY_HEADS | _EN_ANON | {"group", "source", "correspondent"}
_EN_SUBJECT_ENDS = _EN_BODY_HEADS | _EN_ANON | _EN_ROLES | _EN_TYPE_WORDS | {"media"}
_EN_ANON_OR_ROLES = _EN_ANON | _EN_ROLES
#: Words of a finite clause, never in a body's name: "the ministry did not respond".
_EN_FINITE = _EN_AUXILIARIES | {"not", "did", "does", "do", "will", "would"}
#: the verbs whose clause may hold the speaker of a later one (not "citing", "quoting")
_EN_LEFT_VERBS = _EN_VERBS - {"citing", "quoting"}
_EN_POSSESSIVES = frozenset(["his", "her", "their", "its", "the", "a", "an", "my", "our", "your"])
_EN_REPORT_NOUNS = frozenset(
    ["report", "study", "statement", "survey", "figures", "data", "estimates", "count", "tally"]
)
_EN_REPORT_ADJECTIVES = frozenset(["a", "an", "the", "new", "recent", "latest", "monthly", "annual", "weekly"])
#: Asides between a subject and its verb: "A resident, speaking on condition of anonymity, said".
_EN_ASIDES = frozenset(["speaking", "talking", "writing", "asking", "requesting"])
#: Prepositions that open a scene-setting phrase before the subject: "In the camp, NAME said".
_EN_ADVERBIAL_OPENERS = frozenset(["in", "at", "from", "inside", "outside", "near", "on", "after", "during"])
#: What exists only on a platform, so that "on Telegram" says which: "channels on Telegram".
_EN_PLATFORM_USERS = frozenset(["pages", "page", "accounts", "account", "channels", "channel", "groups"])
#: Nouns that name no body by themselves: after "the" and a descriptor they refer back.
_EN_GENERIC_BODIES = frozenset(["group", "organisation", "organization", "network", "militia", "faction", "alliance"])
#: Negations: a clause with one says nothing the trailing ", the army said" could be credited for.
_EN_NEGATIONS = frozenset(["not", "no", "never", "n't", "neither", "nor"])
#: Head nouns that refer back to any named body ("the agency" for the World Food Programme).
_EN_AGENCY_WORDS = frozenset(["agency", "organisation", "organization", "body"])
#: What "called" takes before a quoted characterisation ("called the report …", "called it …").
_EN_CALLED_OBJECTS = frozenset(["the", "it", "this", "these", "them", "his", "her", "their", "its"])
#: Relative pronouns that may open a clause whose subject speaks: "a shutdown that aid agencies said".
_EN_RELATIVE_OBJECTS = frozenset(["that", "which", "whom"])
#: Heads of an unnamed channel: "state TV", "local radio".
_EN_BROADCAST_HEADS = frozenset(["tv", "television", "radio"])
_EN_TOLL_NOUNS = frozenset(["toll", "number", "figure", "tally", "count"])
_EN_PREPOSITIONS = frozenset(
    [
        "from",
        "of",
        "near",
        "outside",
        "inside",
        "into",
        "to",
        "at",
        "by",
        "with",
        "without",
        "across",
        "around",
        "under",
        "over",
        "between",
        "among",
        "against",
        "within",
        "via",
        "toward",
        "towards",
        "in",
        "on",
        "for",
    ]
)
# adverbials that link a sentence to the one before ("in contrast", "for its part")
_EN_DISCOURSE_ADVERBIALS = (
    ["in", "contrast"],
    ["by", "contrast"],
    ["in", "turn"],
    ["for", "its", "part"],
    ["for", "their", "part"],
    ["for", "his", "part"],
    ["for", "her", "part"],
    ["on", "the", "other", "hand"],
)
_EN_MEDIA_OFFICES = frozenset(["office", "center", "centre", "bureau"])
# conjunctions that open a clause of time or cause before its subject ("after activists said")
_EN_SUBORDINATORS = frozenset(["after", "before", "since", "because", "when", "once", "until"])
_EN_AGENT_STOPS = frozenset(["in", "on", "at", "during", "after", "before", "as", "when", "with", "since"])
_EN_CORRESPONDENT_RE = re.compile(
    r"^(?:(?:[Tt]he|[Aa]n?)\s+)?(?P<name>(?:(?!The\b)(?P<outlet>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}?)(?:'s|’s|')?|[Oo]ur|[Ii]ts)\s+correspondents?)\b"
)


def _is_cap(word: str) -> bool:
    """Capitalised, a number, or a particle glued to a capitalised name ("al-Hassan")."""
    if word[:1].isupper() or word[:1].isdigit():
        return True
    particle, _, rest = word.partition("-")
    return particle.casefold() in _EN_NAME_PARTICLES and rest[:1].isupper()


def _is_descriptor(word: str) -> bool:
    """A hyphenated descriptor ending on a lowercase word: "Kurdish-language", "pro-regime"."""
    head, dash, tail = word.rpartition("-")
    return bool(dash and head) and len(tail) >= 3 and tail.isalpha() and tail.islower()


#: "identified only as Rasha", "who gave his name as Ahmad": the name a source is given.
_EN_GIVEN_NAME_RE = re.compile(
    r"^(?:(?:who )?(?:was |is )?identified (?:only )?as|who gave (?:his|her|their) (?:first )?name (?:only )?as) (?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)$"
)


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
        toks = [t for t in toks if t not in brackets]
        owner = self.media_office_owner(toks)
        if owner is not None:
            cand = self._classify(p, owner)  # "the group's media office", "the SDF Media Center": the body
            if cand is not None and cand.anaphor and cand.heads & (_EN_BODY_HEADS | _EN_GENERIC_BODIES):
                cand.kind = "organization"  # "the group's": the group met before
            if cand is not None and cand.kind in ("organization", "outlet"):
                return cand
        cand = self._classify(p, toks, allow_single=allow_single)
        if cand is not None and cand.kind == "person" and not cand.anaphor:
            for group in brackets:
                if self.is_role_text(group.text.split()):
                    cand.role = p.span_text([group], inner=True)
                    break
        return cand

    @staticmethod
    def media_office_owner(toks: list[_Tok]) -> list[_Tok] | None:
        """A body's own media office is the body (GUIDELINES): the words that name its owner in
        "the group's media office", "the SDF Media Center"."""
        if len(toks) < 3 or toks[-2].text.casefold() != "media" or toks[-1].text.casefold() not in _EN_MEDIA_OFFICES:
            return None
        owner = toks[:-2]
        last = owner[-1]
        if last.text.endswith(("'s", "’s")) and len(last.text) > 2:
            owner = [*owner[:-1], _Tok("word", last.text[:-2], last.start, last.end - 2)]
        return owner

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
            if head in _EN_REFERRING_HEADS:
                return _Cand(words[-1], "person", heads=frozenset({head}), anaphor=True)
        # "the New York-based group", "the London-based monitor": a description that refers back.
        if lower[0] == "the" and 3 <= len(words) <= 5 and lower[-2].endswith("-based"):
            head = _canonical_head(lower[-1])
            if head in _EN_ORG_HEADS or head in _EN_OUTLET_HEADS or head == "group":
                return _Cand(words[-1], "organization", heads=frozenset({head}), anaphor=True)
        # "the Kurdish-led group", "the Iran-backed militia": a generic noun after an affiliation
        # descriptor describes a body named before, it does not name one
        if (
            lower[0] == "the"
            and len(words) == 3
            and lower[-1] in _EN_GENERIC_BODIES
            and _is_descriptor(words[1])
            and words[1][:1].isupper()
        ):
            return _Cand(words[-1], "organization", heads=frozenset({lower[-1]}), anaphor=True)
        # Surname or full name of an earlier person: "Jaber added", "Abu Omar added".
        if all(_is_cap(w) for w in words) and len(words) <= 3:
            src = self.reg.person_suffix(words)
            if src is not None:
                return _Cand(src.name, "person", anaphor=True)
        start = 1 if lower[0] in _EN_DETERMINERS else 0
        # A descriptor before a proper name is not part of it: "Iran's Tasnim news agency", "the
        # SDF's Deir Ezzor Military Council", "the Raqqa-based Badia Documentation Project".
        poss = next(
            (
                i
                for i in range(start + 1, min(len(words) - 2, start + 3))
                if lower[i].endswith(("'s", "’s")) and all(_is_cap(w) for w in words[start:i])
            ),
            None,
        )
        if poss is not None and _is_cap(words[poss + 1]):
            start = poss  # "the Assad regime's Ministry of Defence": "regime's" is read as below
        while (
            start < len(words) - 2
            and (lower[start].endswith(("'s", "’s", "-based")) or _is_descriptor(words[start]))
            and _is_cap(words[start + 1])
            # ... when the rest has a name of its own (not "Russia's Defence Ministry", "Syria's
            # Foreign Ministry")
            and any(
                w not in _EN_ORG_HEADS
                and w not in _EN_OUTLET_HEADS
                and w not in _EN_TYPE_WORDS
                # a portfolio after a place's possessive says which ministry, after "regime's" not
                and (w not in _EN_PORTFOLIOS or not words[start][:1].isupper() or lower[start].endswith("-based"))
                for w in lower[start + 1 :]
            )
        ):
            start += 1
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
        # A rank written in full before a name: "Major Fahd Ali" (no role; "General Security" is a name).
        r = 0
        while r < len(core) - 2 and core_lower[r] in _EN_RANKS and _is_cap(core[r]):
            r += 1
        if r and self.is_person_name(core[r:]):
            core, core_lower = core[r:], core_lower[r:]
        if not core:
            return None
        core_toks = toks[len(toks) - len(core) :]
        # A capitalised function before a name: "Governor Ammar al-Saleh" (role "Governor").
        k = 0
        while k < len(core) - 2 and core_lower[k] in _EN_ROLES and _is_cap(core[k]):
            k += 1
        if k and self.is_person_name(core[k:]):
            return _Cand(p.span_text(core_toks[k:]), "person", role=p.span_text(core_toks[:k]))
        # A capitalised title ending on a function, then a name: "Turkish Foreign Minister Hakan Fidan".
        for r in range(len(core) - 3, -1, -1):
            if (core_lower[r] in _EN_ROLES or core_lower[r].rstrip("s") in _EN_ROLES) and self.is_person_name(
                core[r + 1 :]
            ):
                if all(_is_cap(w) for w in core[: r + 1]):
                    return _Cand(
                        p.span_text(core_toks[r + 1 :]),
                        "person",
                        role=p.span_text(toks[: len(toks) - len(core) + r + 1]),
                    )
                break
        name = p.span_text(core_toks)
        if " ".join(core_lower) in _EN_KNOWN_OUTLETS:
            return _Cand(name, "outlet", heads=frozenset(core_lower))
        if core_lower[0] == "un" and core_lower[-1] in ("agency", "body") and len(core) <= 4:
            # "the UN refugee agency"; "the UN agency" alone refers back
            if len(core) == 2 and start:
                return _Cand(words[-1], "person", heads=frozenset({"agency"}), anaphor=True)
            return _Cand(name, "organization", heads=frozenset({"agency"}))
        proper = (
            all(
                _is_cap(w) or w.casefold() in _EN_CONNECTORS or w.casefold().split("-")[0] in _EN_NAME_PARTICLES
                for w in core
            )
            and _is_cap(core[0])
            and _is_cap(core[-1])
        )
        if proper:
            heads = frozenset(w for w in core_lower if w in _EN_BODY_HEADS)
            if any(w in _EN_ORG_HEADS for w in core_lower):
                return _Cand(name, "organization", heads=heads)
            if any(w in _EN_OUTLET_HEADS for w in core_lower):
                return _Cand(name, "outlet", heads=heads)
            if len(core) == 1 and len(core[0]) >= 2 and core[0].isalpha() and core[0].isupper():
                return _Cand(name, "organization", heads=frozenset(core_lower))  # "The SDF said"
            if len(core) >= 3 and "for" in core_lower[1:-1]:
                return _Cand(name, "organization", heads=frozenset())  # "Syrians for Truth and Justice"
            if self.is_person_name(core) and (len(core) >= 2 or allow_single):
                return _Cand(name, "person", role=title, heads=frozenset(_canonical_head(w) for w in core_lower))
        # "the regime's state news agency SANA": ends with a known outlet.
        for k in range(1, len(core)):
            if " ".join(core_lower[k:]) in _EN_KNOWN_OUTLETS:
                return _Cand(p.span_text(core_toks[k:]), "outlet", heads=frozenset(core_lower[k:]))
        # "Al-Watan newspaper", "Amaq news agency": a name, then the type word that stays with it.
        f = 0
        while f < len(core) - 2 and "-" in core[f] and core[f].islower():
            f += 1  # "the pro-government Daily Sabah newspaper": the descriptor goes
        if f:
            core, core_lower, core_toks = core[f:], core_lower[f:], core_toks[f:]
            name = p.span_text(core_toks)
        k = 0
        while k < len(core) and _is_cap(core[k]):
            k += 1
        if (
            0 < k < len(core)
            and core_lower[-1] in _EN_TYPE_WORDS
            and all(w in _EN_TYPE_WORDS or w in _EN_OUTLET_HEADS for w in core_lower[k:])
        ):
            return _Cand(name, "outlet", heads=frozenset(core_lower[k:]))
        if 1 < k < len(core) and all(w in _EN_ORG_HEADS for w in core_lower[k:]):
            return _Cand(name, "organization", heads=frozenset(core_lower[k:]))  # "... Coordinators group"
        if (
            k > 0
            and len(core) - k in (2, 3)
            and core_lower[-1] in _EN_ORG_HEADS
            and all(
                w.isalpha()
                and w.islower()
                and w not in _EN_CONNECTORS
                and w not in _EN_PREPOSITIONS
                and w not in _EN_VERBS
                and w not in _EN_PRONOUNS
                for w in core[k:-1]
            )
        ):
            # "the Bab al-Hawa border crossing administration": a place, common nouns, the body
            return _Cand(name, "organization", heads=frozenset({core_lower[-1]}))
        # "White Helmets volunteer Khaled Omar": role words, then a name.
        k = len(core)
        while k > 0 and _is_cap(core[k - 1]):
            k -= 1
        run, run_lower = core[k:], core_lower[k:]
        premodifier = (
            k > 0
            and (
                any(w in _EN_ROLES for w in core_lower[:k])
                # a lowercase function word just before the name: "Raqqa Civil Council co-chair Layla Mustafa"
                # after a capitalised body: "Raqqa Civil Council co-chair Layla Mustafa"
                or (
                    k >= 2
                    and all(_is_cap(w) for w in core[: k - 1])
                    and core[k - 1].replace("-", "").isalpha()
                    and core[k - 1].islower()
                    and core_lower[k - 1] not in _EN_CONNECTORS
                    and core_lower[k - 1] not in _EN_NON_NAMES
                    and core_lower[k - 1] not in _EN_PREPOSITIONS
                )
            )
        )
        if (
            len(run) >= 2
            and premodifier
            and self.is_person_name(run)
            and core_lower[k - 1] not in _EN_POSSESSIVES
            and core_lower[k - 1] not in _EN_PREPOSITIONS  # "an official in the Ministry of Internal Trade"
            and core_lower[k - 1] not in _EN_CONNECTORS
        ):
            r = len(toks) - len(core) + k
            while r > 1 and (toks[r - 1].text == "." or toks[r - 1].text.casefold() in _EN_TITLES):
                r -= 1  # "spokesman Col. Matthew Harris": the rank is no role
            return _Cand(p.span_text(core_toks[k:]), "person", role=p.span_text(toks[:r]))
        # "the digital rights group Access Now", "the Dutch peace organisation PAX": a description
        # ending on a body noun, then the body's proper name (GUIDELINES §4: the name only)
        d = 0 if _EN_BODY_DESCRIPTIONS.isdisjoint(core_lower[1:-1]) else len(core) - 2
        while d > 0 and not (core_lower[d] in _EN_BODY_DESCRIPTIONS and core[d].islower()):
            d -= 1
        if d > 0:
            rest = core[d + 1 :]
            if (
                _is_cap(rest[0])
                and _is_cap(rest[-1])
                and all(_is_cap(w) or w.casefold() in _EN_CONNECTORS for w in rest)
                and not any(
                    w in _EN_PREPOSITIONS or w in _EN_VERBS or w in _EN_PRONOUNS or w in _EN_FINITE
                    for w in core_lower[:d]
                )
            ):
                kind = (
                    "outlet"
                    if core_lower[d] in _EN_TYPE_WORDS or any(w in _EN_OUTLET_HEADS for w in core_lower[:d])
                    else "organization"
                )  # "the Kurdish news agency Hawar"
                return _Cand(p.span_text(core_toks[d + 1 :]), kind, heads=frozenset({core_lower[d]}))
        if (
            run
            and k > 0
            and (
                any(w in _EN_TYPE_WORDS for w in core_lower[:k])
                or (core_lower[k - 1] in _EN_OUTLET_HEADS and not core[k - 1][:1].isupper())  # "news outlet X"
            )
        ):
            # "the local news network Deir Ezzor 24": a description before the name is not part of it
            return _Cand(p.span_text(core_toks[k:]), "outlet", heads=frozenset(run_lower))
        # A quantifier stays with an unnamed group ("two security sources"), an article does not.
        counted = 0 if lower[0] not in _EN_ARTICLES else start
        anonymous = self.anonymous(
            p, toks[counted:], lower[counted:], titled=start > 0 or lower[0].endswith(("'s", "’s"))
        )
        if anonymous is not None:
            return anonymous
        o = next((i for i in (1, 2) if i + 1 < len(core) and core_lower[i] == "of"), 0)
        if o and core_lower[o - 1] in _EN_ORG_HEADS and all(w.islower() for w in core[:o]):
            # "the defence ministry of the Syrian Interim Government": the body is the whole phrase
            return _Cand(name, "organization", heads=frozenset({core_lower[o - 1]}))
        if len(run) >= 2 and k > 0 and any(w in _EN_ORG_HEADS for w in run_lower):
            # "the Assad regime's Interior Ministry"
            return _Cand(
                p.span_text(core_toks[k:]), "organization", heads=frozenset(w for w in run_lower if w in _EN_ORG_HEADS)
            )
        # An unnamed body by its head noun: "the health ministry of the Assad regime", "rights
        # groups", "Turkish media".
        h = len(core) - 1 if core_lower[-1] in _EN_MEDIA_HEADS and len(core) <= 3 else None  # "Regime media"
        if h is None and core_lower[-1] in _EN_BROADCAST_HEADS and len(core) <= 3 and core[0].islower():
            h = len(core) - 1  # "state TV", "local radio": an unnamed channel
        if h is None:
            h = next(
                (
                    i
                    for i, w in enumerate(core_lower[:3])
                    if w in _EN_ORG_HEADS or w == "media" or (w.endswith("ies") and w[:-3] + "y" in _EN_BODY_HEADS)
                ),
                None,
            )  # "Saudi authorities", "aid agencies": bodies by a plural head
            while h is not None and h + 1 < len(core) and core_lower[h + 1] in _EN_ORG_HEADS:
                h += 1  # "the defence ministry of ...": a compound head
        if (
            h is not None
            and not any(w in _EN_PRONOUNS for w in core_lower)  # not a clause: "... after he"
            and (h + 1 == len(core) or (core_lower[h + 1] in _EN_CONNECTORS and core_lower[h + 1] != "to"))
            and not any(w in _EN_QUALIFIER_STOPS or w in _EN_VERBS or w in _EN_FINITE for w in core_lower)
        ):
            kind = (
                "outlet"
                if core_lower[h] in _EN_MEDIA_HEADS
                or core_lower[h] in _EN_BROADCAST_HEADS
                or (h and core_lower[h - 1] in _EN_OUTLET_HEADS)  # "news agencies"
                else "organization"
            )
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
    def aside(part: list[_Tok]) -> bool:
        """A comma-bounded aside that is no part of the subject: an adverb ("meanwhile"), an
        adverbial opened by a preposition and a possessive ("in its daily bulletin") or an alias ("also known as ...")."""
        low = [t.text.casefold() for t in part if t.kind == "word"]
        if not low:
            return False
        if len(low) == 1:
            return low[0] in _EN_TRAILING_ADVERBS or low[0] in ("meanwhile", "however", "though", "instead")
        if low[:2] == ["known", "as"] or low[:3] == ["also", "known", "as"] or low[0] == "formerly":
            return True
        if low in _EN_DISCOURSE_ADVERBIALS:
            return True  # "Pro-regime media, in contrast, blamed"
        return (
            len(low) <= 5
            and low[0] in ("in", "on", "at", "through", "via")
            and low[1] in ("his", "her", "its", "their", "our")
            and not any(w in ("that", "who", "which") for w in low)
        )

    @staticmethod
    def two_groups(cand: _Cand) -> tuple[_Cand, _Cand | None]:
        """Two unnamed groups coordinated by "and" are two sources ("residents and local sources
        say"), each a bare plural (with its adjectives) of the people who speak."""
        if cand.kind != "anonymous" or cand.anaphor or " and " not in cand.name:
            return cand, None
        left, right = cand.name.split(" and ", 1)
        lw, rw = left.casefold().split(), right.casefold().split()
        if not (
            lw
            and rw
            and len(lw) <= 3
            and len(rw) <= 3
            and lw[-1] in _EN_ANON
            and rw[-1] in _EN_ANON
            and lw[-1].endswith("s")
            and rw[-1].endswith("s")
            and not any(w in _EN_ARTICLES or w in _EN_PREPOSITIONS for w in lw + rw)
        ):
            return cand, None
        return (
            _Cand(left, "anonymous", heads=frozenset({_canonical_head(lw[-1])})),
            _Cand(right, "anonymous", heads=frozenset({_canonical_head(rw[-1])})),
        )

    @staticmethod
    def is_person_name(words: list[str]) -> bool:
        if not 1 <= len(words) <= 4:
            return False
        for w in words:
            wl = w.casefold()
            if wl in _EN_NON_NAMES or wl in _EN_ORG_HEADS or wl in _EN_OUTLET_HEADS:
                return False
            if not (_is_cap(w) or wl.split("-")[0] in _EN_NAME_PARTICLES) or w.isdigit():
                return False  # no number is part of a personal name ("Around 21,000 students")
        return True

    def anonymous(self, p: _Para, toks: list[_Tok], lower: list[str], titled: bool = False) -> _Cand | None:
        """People not named, with their quantifier and qualifiers: "local sources in al-Bukamal",
        "a military source in the National Army", "a trader in the Hamidiyeh market who ..." ->
        "trader in the Hamidiyeh market"."""
        # After an article, a bare function is an unnamed source too: "a spokesman for ...".
        heads = _EN_ANON_OR_ROLES if titled else _EN_ANON
        for h in range(min(len(lower), 4)):
            if lower[h] in heads:
                break
        else:
            return None
        word = p.toks[p.toks.index(toks[h])].text if toks[h].kind == "word" else ""
        if word[:1].isupper() and h + 1 < len(lower) and _is_cap(toks[h + 1].text):
            return None  # "the regime's Refugee Return Committee": part of a name
        if h + 1 < len(lower) and lower[h + 1] in _EN_BODY_HEADS and lower[h + 1] != "who":
            return None  # "the UN refugee agency": a body, not refugees
        if any(w in _EN_PRONOUNS or w in _EN_CONNECTORS for w in lower[:h]):
            return None
        end = h + 1
        if end + 1 < len(lower) and lower[end].endswith("ed") and lower[end + 1] in _EN_POSSESSIVES:
            pass  # "Activists shared the names ...": a verb and its object follow
        else:
            while end < len(lower) and lower[end] not in _EN_QUALIFIER_STOPS:
                end += 1
        # unnamed pages and accounts ("local news pages on Facebook") are organisations
        kind = "organization" if lower[h] in ("pages", "accounts", "page", "account", "channels") else "anonymous"
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
        n = len(parts) - 1
        while n > 0:
            # "21,000": a comma between the digits of a number is no clause boundary
            before, after = parts[n - 1][-1], parts[n][0]
            if after.start == before.end + 1 and before.text.isdigit() and after.text.isdigit():
                parts[n - 1 : n + 1] = [parts[n - 1] + parts[n]]
            n -= 1
        return parts

    @staticmethod
    def outlet_after(p: _Para, i: int, stop: int) -> tuple[str | None, int]:
        """Capitalised run after "told" / "to": the listener."""
        j = i
        while j < stop and p.toks[j].kind == "word" and (_is_cap(p.toks[j].text) or p.toks[j].text in ("'s", "’s")):
            j += 1
        if j == i:
            return None, i
        t = j  # "told Al-Watan newspaper": the type word written after the name stays with it
        while (
            t < stop
            and p.toks[t].kind == "word"
            and (p.toks[t].text in _EN_OUTLET_HEADS or p.toks[t].text in _EN_TYPE_WORDS)
        ):
            t += 1
        if t > j and p.toks[t - 1].text in _EN_TYPE_WORDS:
            j = t
        return p.span_text(p.toks[i:j]), j

    @staticmethod
    def described_outlet(p: _Para, i: int, stop: int) -> tuple[str | None, int]:
        """ "the Kurdish news agency Hawar": the outlet's name after its description."""
        toks = p.toks
        if i >= stop or toks[i].text.casefold() != "the":
            return None, i
        k = i + 1
        while k < min(stop, i + 6) and toks[k].kind == "word":
            if toks[k].text.casefold() in _EN_TYPE_WORDS:
                j = k + 1
                while j < stop and toks[j].kind == "word" and _is_cap(toks[j].text):
                    j += 1
                if j > k + 1:
                    return p.span_text(toks[k + 1 : j]), j
                b = k
                while b > i + 1 and toks[b - 1].kind == "word" and _is_cap(toks[b - 1].text):
                    b -= 1  # "the pro-regime Al-Watan newspaper": the name before its type word
                return (p.span_text(toks[b : k + 1]), k + 1) if b < k else (None, i)
            k += 1
        return None, i

    @staticmethod
    def describes_body(part: list[_Tok]) -> bool:
        """An indefinite description whose head is a body noun: "a British demining charity",
        "a Gaziantep-based rights group" (not "a spokesman for the group")."""
        if len(part) < 2 or part[0].text.casefold() not in ("a", "an"):
            return False
        head = ""
        for t in part[1:6]:
            low = t.text.casefold()
            if t.kind != "word" or low in _EN_PREPOSITIONS or low in _EN_RELATIVES or low == "that":
                break
            if low in _EN_ROLES or low.rstrip("s") in _EN_ROLES:
                return False
            head = low
        return head in _EN_BODY_DESCRIPTIONS

    @classmethod
    def is_role_like(cls, part: list[_Tok]) -> bool:
        return cls.is_role_text([t.text for t in part if t.kind == "word"])

    @staticmethod
    def role_span(p: _Para, part: list[_Tok]) -> str:
        """A role in apposition without its relative clause: "a researcher at the Levant Policy
        Institute who tracks the drug trade" -> "a researcher at the Levant Policy Institute"."""
        for k, t in enumerate(part):
            if (
                k
                and t.kind == "word"
                and (
                    t.text.casefold() in ("who", "whose", "which", "that", "as")
                    # "a displaced man from Tal Rifaat living in a camp": after an origin, the residence goes
                    or (t.text in _EN_RESIDENCE_PARTICIPLES and any(u.text == "from" for u in part[:k]))
                )
            ):
                part = part[:k]
                break
        return p.span_text(part)

    @staticmethod
    def is_role_text(words: list[str]) -> bool:
        words = [w.casefold() for w in words]
        if not words:
            return False
        if words[0] in _EN_RELATIVES:
            return True
        if words[0] in ("a", "an") and len(words) >= 2:
            return True  # "a 32-year-old tailor", "a widow from Mosul"
        probe = words[1:4] if words[0] in _EN_DETERMINERS else words[:3]
        if words[0].endswith(("'s", "’s")) and len(words) <= 6:
            probe = [*probe, words[-1]]  # "Lebanon's caretaker social affairs minister"
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
            verb in _EN_SAYING_VERBS
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
            if low == "called" and nxt not in ("on", "for") and not self.characterises(p, i + 1, stop):
                continue
            if low == "accused" and nxt == "of":
                continue  # "a militia accused of torturing detainees": no one speaks
            if low == "put" and not any(
                t.kind == "word" and t.text.casefold() in _EN_TOLL_NOUNS for t in toks[i + 1 : min(stop, i + 5)]
            ):
                continue  # only "put the death toll at seven" reports
            if low == "put":
                after = i + 1
                self.read_verb(p, i, after, stop)
                continue
            if low in _EN_PARTICIPLES or low == "quoting":
                self.read_participle(p, i, stop)
                continue
            if nxt == "by" and (low in _EN_VERBS or low in _EN_AGENT_VERBS):
                # passive with its agent: "documented by the Syrian Network ...", "a statement
                # carried by its Amaq news agency", "it was reported by local activists"
                after = i + 2
                self.read_agent(p, i, after, stop)
            elif (low == "according" and nxt == "to") or low == "citing":
                after = i + 2 if low == "according" else i + 1
                self.read_preposition(p, i, after, stop)
            elif low in _EN_AGENT_VERBS:
                continue
            elif low in _EN_VERBS or (low == "pointed" and nxt == "out"):
                after = i + 2 if low == "pointed" else i + 1
                self.read_verb(p, i, after, stop)
            elif low in _EN_FINDING_VERBS or low in _EN_SHOWING_VERBS or low in _EN_AS_VERBS:
                if low in _EN_FINDING_VERBS:
                    self.read_finding(p, i, stop)
                if (
                    low in _EN_SHOWING_VERBS
                    and any(t.text.casefold() in _EN_MATERIAL for t in toks[i + 1 : min(stop, i + 4)])
                ) or (low in _EN_AS_VERBS and any(t.text.casefold() == "as" for t in toks[i + 2 : stop])):
                    # "state TV broadcast footage of ...", "Regime media presented the releases as ..."
                    after = i + 1
                    self.read_verb(p, i, after, stop)

    @staticmethod
    def characterises(p: _Para, j: int, stop: int) -> bool:
        """After "called": what is called, then a quotation of two words or more ("called the
        report "a politicised fabrication""): a position taken, not a name given ("what it called
        "illegal crossings"", "a group called "Free Sham""; no object after the verb there)."""
        toks = p.toks
        if j >= stop or toks[j].kind != "word" or toks[j].text.casefold() not in _EN_CALLED_OBJECTS:
            return False
        return any(t.kind == "group" and t.mark != "(" and t.words >= 2 for t in toks[j + 1 : min(stop, j + 5)])

    @staticmethod
    def measure_after(p: _Para, j: int, stop: int) -> bool:
        """Whether what is announced is a measure ("the closure of", "a curfew", "the reopening")."""
        for t in p.toks[j : min(stop, j + 6)]:
            if t.kind != "word":
                return False
            low = t.text.casefold()
            if low in _EN_MEASURES:
                return True
            if low == "that":
                # "announced that exam results would be published": a decision, not information
                return any(u.text.casefold() in ("would", "will") for u in p.toks[j : min(stop, j + 8)])
        return False

    def read_agent(self, p: _Para, v: int, j: int, stop: int) -> None:
        """The agent after "by" of a passive reporting verb: the source."""
        toks = p.toks
        k = j
        while k < stop and not (toks[k].kind == "punct" and toks[k].text in ",;:"):
            low = toks[k].text.casefold()
            if toks[k].kind == "word" and k > j and (low in _EN_QUALIFIER_STOPS or low in _EN_AGENT_STOPS):
                nxt = toks[k + 1].text if k + 1 < stop else ""
                if not (
                    low == "on"
                    and _is_cap(nxt)
                    and nxt.casefold() not in _EN_NON_NAMES
                    and any(t.text.casefold() in _EN_PLATFORM_USERS for t in toks[j:k])
                ):
                    break  # "channels on Telegram" goes on, "on Monday", "activists on Telegram" do not
            k += 1
        agent = toks[j:k]
        if agent and agent[0].text.casefold() in ("its", "their", "his", "her"):
            agent = agent[1:]  # "carried by its Amaq news agency"
        cand = self.classify(p, agent, allow_single=True) if agent else None
        if cand is None and len(agent) >= 3:
            # "posted by the Facebook page 'Latakia Now'": the page by its name in quotation marks
            q = next((n for n, t in enumerate(agent) if t.text in ("'", "‘", '"', "“")), 0)
            if q and agent[q - 1].text.casefold() in _EN_PLATFORM_USERS and q + 1 < len(agent):
                named = p.span_text(agent[q + 1 :]).rstrip("'’\"” ")
                if named[:1].isupper():
                    cand = _Cand(named, "outlet", heads=frozenset({"page"}))
            elif agent[-1].kind == "group" and agent[-2].text.casefold() in _EN_PLATFORM_USERS:
                cand = _Cand(p.span_text([agent[-1]], inner=True), "outlet", heads=frozenset({"page"}))
        if cand is not None and toks[v].text.casefold() == "quoted":
            # "A Lebanese army spokesman was quoted by the National News Agency as saying": both
            subject = self.sentence_subject(p, p.sentence_start(v), v)
            if subject is not None:
                self.reg.add(cand, verb=p.span_text(toks[v:j]), told_to=None, quote=None, paragraph=p.number)
                cand = subject
        if cand is not None:
            self.reg.add(cand, verb=p.span_text(toks[v:j]), told_to=None, quote=None, paragraph=p.number)

    def sentence_subject(self, p: _Para, s: int, end: int) -> _Cand | None:
        """The source the sentence opens on, before its verb: the longest run of its first
        words (at most eight, before any comma) that names one ("The regime's state news agency
        SANA put the death toll at 11 ...")."""
        toks = p.toks
        while s < end and toks[s].kind == "word" and toks[s].text.casefold() in _EN_CLAUSE_OPENERS:
            s += 1
        stop = s
        while stop < end and stop - s < 8 and not (toks[stop].kind == "punct" and toks[stop].text in ",;:"):
            stop += 1
        while stop > s and toks[stop - 1].kind == "word" and toks[stop - 1].text.casefold() in _EN_AUXILIARIES:
            stop -= 1  # "A Lebanese army spokesman was quoted by ..."
        heads = _EN_SUBJECT_ENDS
        for e in range(stop, s, -1):
            last = toks[e - 1]
            if last.kind != "word" or not (last.text[:1].isupper() or last.text.casefold() in heads):
                continue  # a subject ends on a name or a head noun, not "... made no mention"
            cand = self.classify(p, toks[s:e])
            if cand is not None:
                return None if cand.anaphor and not cand.standalone else cand
        return None

    def read_participle(self, p: _Para, i: int, stop: int) -> None:
        """ ", saying that ...", "quoting a military source as saying", "with spokesman Col.
        Matthew Harris saying": the statement is the sentence subject's (or, after "with", the
        speaker's just before), when no reporting verb of its own has one."""
        toks = p.toks
        low = toks[i].text.casefold()
        s = p.sentence_start(i)
        prev = toks[i - 1] if i > s else None
        if prev is None:
            return
        if prev.kind == "word" and prev.text.casefold() == "instead" and i - 2 >= s and toks[i - 2].text == ",":
            prev = toks[i - 2]  # ", instead reporting that"
        if prev.kind == "word" and low != "quoting":
            # "with spokesman Col. Matthew Harris saying": the speaker is the phrase after "with"
            k = i - 1
            while (
                k > s
                and (toks[k - 1].kind == "word" or toks[k - 1].text == ".")
                and toks[k - 1].text.casefold() != "with"
            ):
                k -= 1
            if k > s and toks[k - 1].text.casefold() == "with":
                cand = self.classify(p, toks[k:i])
                if cand is not None:
                    self.reg.add(cand, verb=toks[i].text, told_to=None, quote=None, paragraph=p.number)
            return
        if not (prev.kind == "punct" and prev.text == ","):
            return
        if any(t.kind == "word" and t.text.casefold() in _EN_VERBS for t in toks[s:i]):
            if low != "quoting":
                return  # the reporting verb has read the subject
        else:
            cand = self.sentence_subject(p, s, i)
            if cand is not None:
                self.reg.add(cand, verb=toks[i].text, told_to=None, quote=None, paragraph=p.number)
        if low == "quoting":
            k = i + 1
            while k + 1 < stop and not (toks[k].text.casefold() == "as" and toks[k + 1].text.casefold() == "saying"):
                k += 1
            obj = self.classify(p, toks[i + 1 : k]) if k + 1 < stop else None
            if obj is not None:
                self.reg.add(obj, verb="quoting", told_to=None, quote=None, paragraph=p.number)

    def read_preposition(self, p: _Para, i: int, after: int, stop: int) -> None:
        toks = p.toks
        j = after
        while (
            j < stop
            and not (toks[j].kind == "punct" and toks[j].text in ",;:")
            and not (toks[j].kind == "word" and toks[j].text.casefold() in _EN_QUALIFIER_STOPS)
        ):
            j += 1
        span = toks[after:j]
        author = self.report_author(span)
        if author is not None:
            span = author
        cand = self.classify(p, span, allow_single=True) if span else None
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

    @staticmethod
    def report_author(span: list[_Tok]) -> list[_Tok] | None:
        """The author of a report the span names, None when it names none: "a UN report" ->
        "UN", "a study by the Access Center ..." / "data from the monitor ..." -> the body."""
        for k, t in enumerate(span[:5]):
            if t.text.casefold() in _EN_REPORT_NOUNS:
                if k + 1 < len(span) and span[k + 1].text.casefold() in ("by", "from"):
                    return span[k + 2 :]
                return [t for t in span[:k] if t.text.casefold() not in _EN_REPORT_ADJECTIVES]
        return None

    def read_finding(self, p: _Para, i: int, stop: int) -> None:
        """ "A study by X found that ...", "Data from X showed ...": the report's author."""
        toks = p.toks
        s = p.sentence_start(i)
        while s < i and toks[s].kind == "word" and toks[s].text.casefold() in _EN_CLAUSE_OPENERS:
            s += 1
        e = s
        while e < i and not (toks[e].kind == "punct" and toks[e].text in ",;:"):
            e += 1
        author = self.report_author(toks[s:e])
        cand = self.classify(p, author, allow_single=True) if author else None
        if cand is not None and not cand.anaphor:
            quote = self.quote_after(p, i + 1, stop, toks[i].text.casefold())
            self.reg.add(cand, verb=toks[i].text, told_to=None, quote=quote, paragraph=p.number)

    def read_verb(self, p: _Para, v: int, after: int, stop: int) -> None:
        toks = p.toks
        verb = p.span_text(toks[v:after])
        low = verb.casefold()
        start = p.sentence_start(v)
        # Left segment: after the last quotation in the sentence.
        b = start
        quote = None
        for k in range(start, v):
            if toks[k].kind == "group" and toks[k].mark != "(" and (toks[k].words >= 3 or toks[k].text[-1:] == ","):
                # a quotation of its own words, or one closing its clause with its comma ("what it
                # called "illegal crossings," the army said")
                b, quote = k + 1, _clean_quote(p.span_text([toks[k]], inner=True))
        for k in range(v - 1, b - 1, -1):
            if toks[k].kind == "word" and toks[k].text.casefold() in _EN_LEFT_VERBS:
                if any(t.kind == "word" and t.text.casefold() == "that" for t in toks[k:v]):
                    # "Pedersen told council members that ..., and urged": the first verb's speaker,
                    # unless a clause of its own names another ("..., but activists dismissed")
                    c = next((c for c in range(v - 1, k, -1) if toks[c].kind == "punct" and toks[c].text == ","), -1)
                    opener = toks[c + 1].text.casefold() if c > 0 and c + 2 < v else ""
                    if opener in _EN_CLAUSE_OPENERS and opener != "and":
                        own = self.classify(p, toks[c + 2 : v])
                        if own is not None and not own.anaphor:
                            b = c + 1
                            break
                    return
                b = k + 1
                break
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
        # "A resident, speaking on condition of anonymity, said": the participle clause goes
        while len(parts) >= 2 and parts[-1][0].kind == "word" and parts[-1][0].text.casefold() in _EN_ASIDES:
            parts = parts[:-1]
        # "The Russian Defence Ministry, in its daily bulletin, accused", "X, meanwhile, said", "The
        # Syrian Civil Defence, also known as the White Helmets, said": an adverbial or an alias
        # between commas after the subject goes
        while len(parts) >= 2 and self.aside(parts[-1]):
            parts = parts[:-1]
        # "In the camp near the border, NAME, a widow, said": a leading adverbial goes
        if len(parts) >= 2 and parts[0][0].kind == "word" and parts[0][0].text.casefold() in _EN_ADVERBIAL_OPENERS:
            parts = parts[1:]
        # "A student ..., who gave his name as Ahmad, said": the name given is the source's
        given = None
        if len(parts) >= 2:
            m = _EN_GIVEN_NAME_RE.match(" ".join(t.text for t in parts[-1]))
            if m is not None:
                role = p.span_text(parts[-2]) if self.is_role_like(parts[-2]) else None
                given = _Cand(m.group("name"), "person", role=role)  # "One woman ..., identified only as Rasha": none
        personal = False
        while (
            parts
            and parts[-1][0].kind == "word"
            and parts[-1][0].text.casefold() in _EN_RELATIVES
            and not parts[-1][0].text.isupper()  # "WHO regional director ..."
        ):
            inside = parts[-1][1:]
            if toks[v - 1].text == ",":
                # "NAME, whose family owns a shop, said": the clause closed before the verb; after
                # "who" the name is a person's, even a given name alone ("Sami, who runs a shop, said")
                personal = personal or parts[-1][0].text.casefold() == "who"
                parts = parts[:-1]
                continue
            if inside and self.classify(p, inside) is not None:
                parts = [inside]  # "The shelling, which activists said ...": the subject is inside
                break
            parts = parts[:-1]
        # "a shutdown that aid agencies said would ...": a relative clause whose subject is the source
        if parts and len(parts[-1]) >= 4 and toks[v - 1].kind == "word":
            last = parts[-1]
            rel = 0
            for n in range(len(last) - 2, max(0, len(last) - 8), -1):
                if last[n].text in _EN_RELATIVE_OBJECTS:
                    rel = n
                    break
            if (
                rel
                and last[rel - 1].kind == "word"
                and last[rel - 1].text.islower()
                and last[rel - 1].text not in _EN_PREPOSITIONS
                and last[rel - 1].text not in _EN_DETERMINERS
                and last[rel - 1].text not in _EN_VERBS
            ):
                inner = self.classify(p, last[rel + 1 :])
                if inner is not None and not inner.anaphor:
                    parts = [last[rel + 1 :]]
        # "Turkish media, citing security sources, said": the citing phrase is read by itself
        parts = [
            pt
            for pt in parts
            if not (pt[0].kind == "word" and pt[0].text.casefold() in ("citing", "quoting", "according"))
        ]
        if parts:
            for n in range(len(parts)):
                while (
                    parts[n]
                    and parts[n][0].kind == "word"
                    and (
                        parts[n][0].text.casefold() in _EN_CLAUSE_OPENERS
                        or (parts[n][0].text.casefold() in _EN_SUBORDINATORS and len(parts[n]) <= 4)
                    )
                ):
                    parts[n] = parts[n][1:]  # "..., but activists dismissed", "..., after activists said"
            while (
                parts[-1]
                and parts[-1][-1].kind == "word"
                and (
                    parts[-1][-1].text.casefold() in _EN_TRAILING_ADVERBS
                    or (
                        parts[-1][-1].text.endswith("ly")
                        and parts[-1][-1].text.islower()
                        and len(parts[-1]) >= 2
                        and parts[-1][-2].text.casefold() not in _EN_POSSESSIVES  # not "His family"
                    )
                )
            ):
                parts[-1] = parts[-1][:-1]  # "has repeatedly denied"
            parts = [pt for pt in parts if pt]
        if parts and parts[0][0].kind == "word" and parts[0][0].text.casefold() in ("no", "by"):
            return  # "No group has claimed responsibility"; "documented by X, which put the toll at"
        if low == "announced" and self.measure_after(p, after, stop):
            return  # "announced the closure of schools": the announcement is the act
        # "critics, including the Levant Rights Group, have warned": the body included speaks too
        # (the aside just before the verb, after the subject)
        included = None
        if len(parts) >= 2 and len(parts[-1]) >= 2 and parts[-1][0].text.casefold() == "including":
            included = self.classify(p, parts[-1][1:])
            if included is not None and included.anaphor:
                included = None
            parts = parts[:-1]
        cand = None
        if given is not None:
            cand = given
        elif len(parts) >= 3 and (
            parts[0][0].text.casefold() in _EN_ARTICLES
            or parts[0][0].text.casefold() in ("one", "another")
            or parts[0][0].text.casefold().endswith(("'s", "’s"))
        ):
            # "The paper's author, Nadia Karam, a scholar at Carnegie, said", "One trader, NAME, a
            # father of four, said": the name in the middle
            named = self.classify(p, parts[1])
            if named is not None and named.kind == "person" and not named.anaphor and self.is_role_like(parts[2]):
                cand = named
                cand.role = self.role_span(p, toks[toks.index(parts[2][0]) : toks.index(parts[-1][-1]) + 1])
        if cand is None and len(parts) >= 2:
            first = self.classify(p, parts[0], allow_single=self.is_role_like(parts[1]))
            if first is not None and first.kind == "person" and not first.anaphor and self.describes_body(parts[1]):
                cand = first  # "Green Olive, a local relief charity, said": the apposition says it is a body
                cand.kind = "organization"
            elif first is not None and first.kind == "person" and not first.anaphor:
                cand = first
                cand.role = self.role_span(p, toks[toks.index(parts[1][0]) : toks.index(parts[-1][-1]) + 1])
            elif (
                first is not None
                and not first.anaphor
                and all(pt[0].text.casefold() in ("a", "an", "the", "both", "all") for pt in parts[1:])
            ):
                cand = first  # "The Ahrar Horan Gathering, a local monitoring network, said"
                if first.kind == "anonymous" and len(parts) == 2 and parts[0][0].text.casefold() == "one":
                    # "One of those survivors, a 41-year-old former teacher, testified": the description
                    described = self.classify(p, parts[1])
                    if described is not None and described.kind == "anonymous" and not described.anaphor:
                        cand = described
        if cand is None and parts:
            cand = self.classify(p, parts[-1], allow_single=personal and len(parts) == 1)
            if (
                cand is not None
                and cand.kind == "person"
                and len(parts) >= 2
                and self.is_role_like(parts[-2])
                and not cand.anaphor
                and (cand.role is None or cand.role.rstrip(".").casefold() in _EN_TITLES)
            ):
                cand.role = self.role_span(p, parts[-2])
        j = after
        interview = False
        # "told Orient News", "told the Kurdish news agency Hawar"
        if low in ("told", "tells"):
            heard, j = self.outlet_after(p, after, stop)
            if heard is None:
                heard, j = self.described_outlet(p, after, stop)
                interview = heard is not None  # its type word says it is an outlet
            told_to = told_to or heard
        elif [t.text.casefold() for t in toks[after : after + 4]] == ["in", "an", "interview", "with"]:
            # "conceded in an interview with Der Spiegel": the interviewer carried the statement
            heard, end = self.outlet_after(p, after + 4, stop)
            if heard is None:
                heard, end = self.described_outlet(p, after + 4, stop)
            if heard is not None and end - after - 4 <= 4:
                told_to, interview, j = heard, True, end
        # VS: '"...," said Umm Ahmad, a displaced mother of five'
        if cand is None and not parts and j < stop:
            right = self.split_commas(toks[j:stop])
            if right:
                appositive = len(right) >= 2 and self.is_role_like(right[1])
                if (
                    len(right) >= 3
                    and not appositive
                    and len(right[1]) == 1
                    and right[1][0].text.isdigit()
                    and right[2][0].text.casefold() == "from"
                ):
                    right = [right[0], right[2]]  # "said NAME, 58, from the town of Hajin": the age goes
                    appositive = True
                cand = self.classify(p, right[0], allow_single=appositive)  # "said Khaled, a father of three"
                if cand is not None and cand.kind == "person" and appositive:
                    cand.role = self.role_span(p, right[1])
                elif (
                    len(right) >= 2
                    and right[0][0].kind == "word"
                    and right[0][0].text.casefold() == "one"
                    and (cand is None or cand.kind == "anonymous")
                ):
                    # 'said one of them, Abdullah Omar, a driver': the one picked out is named next
                    named = self.classify(p, right[1])
                    if named is not None and named.kind == "person" and not named.anaphor:
                        cand = named
                        if (
                            len(right) >= 3
                            and self.is_role_like(right[2])
                            and right[2][0].text.casefold() not in _EN_RELATIVES
                        ):
                            cand.role = self.role_span(p, right[2])
                j = stop
        if cand is None:
            if included is not None:
                self.reg.add(included, verb=verb, told_to=None, quote=None, paragraph=p.number)
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
                    obj.role = self.role_span(p, parts[1])
                elif obj is not None and obj.kind == "anonymous" and len(parts) > 1:
                    # "quoted the director of the camp, Sheikh Abdulrahman Jassem, as saying"
                    named = self.classify(p, parts[1])
                    if named is not None and named.kind == "person" and not named.anaphor:
                        named.role = p.span_text(parts[0])
                        obj = named
            q = self.quote_after(p, k + 2, stop, "said") if obj else None
            self.reg.add(cand, verb=verb, told_to=None, quote=q, paragraph=p.number)
            if obj is not None:
                self.reg.add(obj, verb="as saying", told_to=None, quote=q, paragraph=p.number)
            return
        if cand.role and cand.role.rstrip(".").casefold() in _EN_TITLES:
            cand.role = None
        if (
            cand.anaphor
            and len(cand.heads) == 1
            and not cand.heads.isdisjoint(_EN_BODY_HEADS | _EN_GENERIC_BODIES)
            and (len(parts) >= 2 or b > start)
            and not isinstance(self.reg.resolve(cand), _Source)
            and self.reg.named_earlier(cand) is None
            and not any(t.kind == "word" and t.text.casefold() in _EN_NEGATIONS for t in toks[start:v])
        ):
            # "The Lebanese army deployed troops along the border, the army said": a body no one has
            # named yet, after the clause it reports, is the body that clause opens on (not after
            # "The ministry did not answer questions, the agency said": another one reports that)
            own = self.sentence_subject(p, start, v)
            if (
                own is not None
                and own.kind in ("organization", "outlet")
                and not own.anaphor
                and (cand.heads & own.heads or cand.heads & _EN_AGENCY_WORDS)
            ):
                cand = own
        quote = quote or self.quote_after(p, j, stop, low)
        cand, other = self.two_groups(cand)
        self.reg.add(cand, verb=verb, told_to=told_to, quote=quote, paragraph=p.number)
        if other is not None:
            self.reg.add(other, verb=verb, told_to=None, quote=quote, paragraph=p.number)
        if included is not None:
            self.reg.add(included, verb=verb, told_to=None, quote=quote, paragraph=p.number)
        if (
            told_to
            and told_to.casefold() not in self.house
            and _name_key(told_to) not in self.reg.listeners
            and (interview or self.outlet_named(told_to))
            and self.reg.person_suffix(told_to.split()) is None
        ):
            # a statement made to another outlet ("told Reuters") came through that outlet
            self.reg.add(
                _Cand(told_to, "outlet", standalone=True), verb=verb, told_to=None, quote=None, paragraph=p.number
            )
