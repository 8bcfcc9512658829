import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format, sanitize_separators
from django.utils.timezone import localtime, make_aware


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_read_day_month_year_in_both_languages(language):
    with translation.override(language):
        assert date_format(datetime.date(2023, 2, 3), "SHORT_DATE_FORMAT") == "03/02/2023"
        assert date_format(datetime.date(2023, 2, 3)) == "03/02/2023"


def test_times_are_shown_in_the_portals_time_zone():
    moment = make_aware(datetime.datetime(2023, 2, 3, 17, 30), datetime.UTC)
    with translation.override("vi"):
        assert date_format(localtime(moment), "SHORT_DATETIME_FORMAT") == "00:30 04/02/2023"


def test_the_vietnamese_number_format_uses_a_decimal_comma(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("vi"):
        assert sanitize_separators("1.234,5") == "1234.5"
