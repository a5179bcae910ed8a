"""The articles a run has met, kept small: a 64-bit digest of each key instead of the key.

A run fetches each article at most once whatever URL form lists it (``NewsSpider.requested_ids``),
counts an article it skips once (``skipped_ids``) and lets one record per article through
(``produced_ids``). A full crawl meets every article of the outlet, so these grow with the run
(never with the archive a cron run finds): two keys per article, its id and ``url:`` with its URL
key, which for an Arabic slug is 200–400 bytes as a string. As Python's 64-bit string hash, a key
costs about 70 bytes in a set: some 30 MB for a full crawl of 200,000 articles instead of about
120 MB. Two keys of one run share a hash with a probability of about n²/2⁶⁵ (10⁻⁸ at 800,000
keys); the second article would then count as met, and the next full run fetches it.
"""

from __future__ import annotations

from collections.abc import Iterable


class KeyDigests:
    """A set of keys (article ids, ``url:`` keys) kept as their hashes (see the module)."""

    __slots__ = ("_digests",)

    def __init__(self) -> None:
        self._digests: set[int] = set()

    def __contains__(self, key: object) -> bool:
        return hash(key) in self._digests

    def __len__(self) -> int:
        return len(self._digests)

    def add(self, key: str) -> None:
        self._digests.add(hash(key))

    def update(self, keys: Iterable[str]) -> None:
        self._digests.update(hash(key) for key in keys)

    def intersects(self, keys: Iterable[str]) -> bool:
        """Any of ``keys`` is in the set."""
        return any(hash(key) in self._digests for key in keys)


class KeyDigestMap:
    """Keys (as their hashes) → a small value (a stat name shared by all of them)."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[int, str] = {}

    def __contains__(self, key: object) -> bool:
        return hash(key) in self._values

    def __len__(self) -> int:
        return len(self._values)

    def __setitem__(self, key: str, value: str) -> None:
        self._values[hash(key)] = value

    def pop(self, key: str) -> str | None:
        return self._values.pop(hash(key), None)

    def intersects(self, keys: Iterable[str]) -> bool:
        return any(hash(key) in self._values for key in keys)
