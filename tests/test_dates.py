"""Dates as the outlets print them → ISO 8601 with the right historical Damascus offset."""

import pytest

from crawler.extract.dates import DateParseError, parse_date, parse_iso

CASES = [
    # classic visible dates: Levantine months, 12-hour clock with ص (am) / م (pm)
    ("الثلاثاء، 6 شباط 2018 - 11:20 ص", "2018-02-06T11:20:00+02:00"),
    ("الإثنين، 12 شباط 2018 - 02:35 م", "2018-02-12T14:35:00+02:00"),
    ("الأحد، 1 تموز 2018 - 12:05 ص", "2018-07-01T00:05:00+03:00"),  # just after midnight
    ("الأحد، 1 تموز 2018 - 12:05 م", "2018-07-01T12:05:00+03:00"),  # noon
    ("الثلاثاء، 3 تشرين الثاني 2015 - 09:00 م", "2015-11-03T21:00:00+02:00"),
    ("السبت، 14 كانون الأول 2013 - 10:10 ص", "2013-12-14T10:10:00+02:00"),
    ("الأربعاء، 20 آب 2014 - 07:45 م", "2014-08-20T19:45:00+03:00"),
    ("الخميس، ٥ أيار ٢٠١٦ - ٠٨:٣٠ ص", "2016-05-05T08:30:00+03:00"),  # Arabic-Indic digits
    # current visible date with both month names; after late 2022 Damascus is UTC+3 all year
    ("الخميس 02 شباط/ فبراير 2023", "2023-02-02T00:00:00+03:00"),
    ("الثلاثاء 14 آذار/ مارس 2023", "2023-03-14T00:00:00+03:00"),
    # structured data keeps its own offset; a naive ISO time is Damascus time
    ("2023-03-14T09:05:00+02:00", "2023-03-14T09:05:00+02:00"),
    ("2021-07-12T17:40:00Z", "2021-07-12T17:40:00+00:00"),
    ("2019-01-15T08:00:00", "2019-01-15T08:00:00+02:00"),
    ("2019-06-15T08:00:00", "2019-06-15T08:00:00+03:00"),
    ("Tue, 14 Mar 2023 09:05:00 +0200", "2023-03-14T09:05:00+02:00"),
    ("Thursday 16 March 2023", "2023-03-16T00:00:00+03:00"),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_parse(text, expected):
    assert parse_iso(text) == expected


def test_not_a_date_is_an_error_not_a_guess():
    with pytest.raises(DateParseError):
        parse_date("أورينت نت - خاص")
    assert parse_iso("أورينت نت - خاص") is None
    assert parse_iso("") is None and parse_iso(None) is None
