"""Dates as the outlets write them, parsed with python-dateutil into aware datetimes.

A date without an offset is Syrian local time (Asia/Damascus: UTC+2 in winter and UTC+3 in
summer until late 2022, UTC+3 since); the tz database gives the right historical offset.
Stored values are ISO 8601 with their offset; the raw text is kept beside them by callers.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser

DAMASCUS = ZoneInfo("Asia/Damascus")

# Levantine (Syrian) month names first, then the Egyptian/Gulf forms pages print beside them
# ("شباط/ فبراير"); each maps to an English abbreviation dateutil knows.
ARABIC_MONTHS = {
    "كانون الثاني": "Jan",
    "شباط": "Feb",
    "آذار": "Mar",
    "اذار": "Mar",
    "نيسان": "Apr",
    "أيار": "May",
    "ايار": "May",
    "حزيران": "Jun",
    "تموز": "Jul",
    "آب": "Aug",
    "اب": "Aug",
    "أيلول": "Sep",
    "ايلول": "Sep",
    "تشرين الأول": "Oct",
    "تشرين الاول": "Oct",
    "تشرين الثاني": "Nov",
    "كانون الأول": "Dec",
    "كانون الاول": "Dec",
    "يناير": "Jan",
    "فبراير": "Feb",
    "مارس": "Mar",
    "أبريل": "Apr",
    "ابريل": "Apr",
    "إبريل": "Apr",
    "مايو": "May",
    "يونيو": "Jun",
    "يونيه": "Jun",
    "يوليو": "Jul",
    "يوليه": "Jul",
    "أغسطس": "Aug",
    "اغسطس": "Aug",
    "سبتمبر": "Sep",
    "أكتوبر": "Oct",
    "اكتوبر": "Oct",
    "نوفمبر": "Nov",
    "ديسمبر": "Dec",
}
ARABIC_WEEKDAYS = (
    "الأحد",
    "الاحد",
    "الإثنين",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# "Levantine/ Egyptian" pairs: keep the first name only.
_MONTH_RE = re.compile("|".join(sorted(map(re.escape, ARABIC_MONTHS), key=len, reverse=True)))
_PAIR_RE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s*/\s*(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
_WEEKDAY_RE = re.compile("|".join(map(re.escape, ARABIC_WEEKDAYS)))
# ص (صباحاً) is a.m., م (مساءً) is p.m.; only as a standalone word after the time.
_AMPM_RE = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?)\s*(صباحا|صباحاً|مساء|مساءً|ص|م)(?=\s|$|[^\w])")
_AMPM = {"ص": "AM", "صباحا": "AM", "صباحاً": "AM", "م": "PM", "مساء": "PM", "مساءً": "PM"}


class DateParseError(ValueError):
    pass


def localize(dt: datetime, tz: tzinfo = DAMASCUS) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=tz)


def to_iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt is not None else None


def arabic_to_english(text: str) -> str:
    """Rewrite an Arabic date text into tokens dateutil understands."""
    text = text.translate(_DIGITS)
    text = _WEEKDAY_RE.sub(" ", text)
    text = _AMPM_RE.sub(lambda m: f"{m.group(1)} {_AMPM[m.group(2)]}", text)
    text = _MONTH_RE.sub(lambda m: f" {ARABIC_MONTHS[m.group(0)]} ", text)
    text = _PAIR_RE.sub(r"\1", text)
    text = re.sub(r"[،,؛]", " ", text)
    text = re.sub(r"\s[-–—]\s", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBERS = {m: i for i, m in enumerate(_MONTHS, 1)}
#: what the outlets' visible dates become ("6 Feb 2018 11:20 AM", "02 Feb 2023"): read directly,
#: the same answer as dateutil's without its cost; anything else goes to dateutil
_DMY = re.compile(
    r"(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})"
    r"(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: (AM|PM))?)?"
)


def _day_month_year(text: str) -> datetime | None:
    m = _DMY.fullmatch(text)
    if not m:
        return None
    day, month, year, hour, minute, second, ampm = m.groups()
    h = int(hour or 0)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm == "PM" else 0)
    try:
        return datetime(int(year), _MONTH_NUMBERS[month], int(day), h, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def parse_date(text: str | None, tz: tzinfo = DAMASCUS) -> datetime | None:
    """Parse ISO 8601, RFC 822 or a visible Arabic/English date; naive results get ``tz``.

    Returns None for empty input; raises DateParseError for text that is not a date.
    """
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        return localize(datetime.fromisoformat(raw.replace("Z", "+00:00")), tz)
    except ValueError:
        pass
    if re.match(r"^[A-Z][a-z]{2}, \d", raw):
        try:
            return localize(parsedate_to_datetime(raw), tz)
        except (TypeError, ValueError):
            pass
    english = arabic_to_english(raw)
    dt = _day_month_year(english)
    if dt is not None:
        return localize(dt, tz)
    try:
        dt = du_parser.parse(english, dayfirst=True, fuzzy=False)
    except (ValueError, OverflowError) as exc:
        raise DateParseError(f"not a date: {raw!r}") from exc
    return localize(dt, tz)


def parse_iso(text: str | None, tz: tzinfo = DAMASCUS) -> str | None:
    """``parse_date`` rendered as ISO 8601 with offset, or None when absent/unparseable."""
    try:
        return to_iso(parse_date(text, tz))
    except DateParseError:
        return None
