"""Dates and numbers read the Vietnamese way (13/06/2019, 37.657, 61,5) whatever the interface
language, and times are shown in Vietnam's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation

LANGUAGES = ["vi", "en"]


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Start and end with no language activated, i.e. the project's default (LANGUAGE_CODE)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(params=LANGUAGES)
def language(request):
    """Run the test once with the Vietnamese interface (the default) and once with the English one."""
    if request.param == settings.LANGUAGE_CODE:
        # Nothing activated: what a request gets when it asks for no language.
        assert translation.get_language() == "vi"
        yield request.param
    else:
        with translation.override(request.param):
            yield request.param


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


class MeetingForm(forms.Form):
    held_on = forms.DateField()


class ScoreForm(forms.Form):
    score = forms.DecimalField(localize=True, max_digits=5, decimal_places=2)


def test_vietnamese_is_the_default_language_and_the_clock_is_vietnams():
    assert settings.LANGUAGE_CODE == "vi"
    assert translation.get_language() == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


# --- showing dates ------------------------------------------------------------------------------


def test_date_format_is_day_month_year(language):
    assert formats.date_format(date(2019, 6, 13), "SHORT_DATE_FORMAT") == "13/06/2019"
    assert formats.date_format(date(2019, 6, 13)) == "13/06/2019"  # DATE_FORMAT


def test_template_date_filter_and_plain_date_are_day_month_year(language):
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2019, 6, 13)) == "13/06/2019"
    assert render("{{ d }}", d=date(2019, 6, 13)) == "13/06/2019"
    # Single-digit days and months keep their leading zero, as in official documents.
    assert render("{{ d }}", d=date(2019, 1, 5)) == "05/01/2019"


# --- showing numbers ----------------------------------------------------------------------------


def test_thousands_are_grouped_with_dots(language):
    assert render("{{ n }}", n=37657) == "37.657"
    assert render("{{ n }}", n=1234567) == "1.234.567"
    # Small numbers are left alone.
    assert render("{{ n }}", n=657) == "657"


def test_decimals_use_a_comma(language):
    assert render("{{ x }}", x=61.5) == "61,5"
    assert render("{{ x }}", x=Decimal("61.5")) == "61,5"
    assert render("{{ x|floatformat:2 }}", x=Decimal("61.5")) == "61,50"


# --- reading dates and numbers typed into forms -------------------------------------------------


def test_a_typed_date_is_read_day_first(language):
    form = MeetingForm({"held_on": "05/06/2019"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == date(2019, 6, 5)  # 5 June, not 6 May

    form = MeetingForm({"held_on": "13/06/2019"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == date(2019, 6, 13)


def test_a_date_picker_iso_date_is_accepted(language):
    form = MeetingForm({"held_on": "2019-06-13"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == date(2019, 6, 13)


@pytest.mark.parametrize("typed", ["2019/13/06", "06/13/2019", "32/01/2019", "hôm qua"])
def test_a_date_that_is_not_day_month_year_is_refused(language, typed):
    form = MeetingForm({"held_on": typed})
    assert not form.is_valid()
    assert form.errors["held_on"] == [str(forms.DateField.default_error_messages["invalid"])]


def test_a_date_input_shows_its_initial_date_day_first(language):
    assert 'value="13/06/2019"' in forms.DateInput().render("held_on", date(2019, 6, 13))
    bound_field = MeetingForm(initial={"held_on": date(2019, 6, 13)})["held_on"]
    assert 'value="13/06/2019"' in str(bound_field)


def test_a_localized_decimal_field_reads_a_decimal_comma(language):
    form = ScoreForm({"score": "61,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["score"] == Decimal("61.5")


def test_a_localized_decimal_field_shows_its_value_with_a_comma(language):
    assert 'value="61,5"' in str(ScoreForm(initial={"score": Decimal("61.5")})["score"])


# --- times ------------------------------------------------------------------------------------------


def test_a_utc_moment_is_shown_in_vietnam_time(language):
    moment = datetime(2019, 6, 13, 1, 30, tzinfo=UTC)
    local = timezone.localtime(moment)
    assert local.utcoffset().total_seconds() == 7 * 3600
    assert (local.hour, local.minute) == (8, 30)
    assert formats.date_format(local, "DATETIME_FORMAT") == "08:30 13/06/2019"
    # A template converts aware datetimes itself.
    assert render("{{ t }}", t=moment) == "08:30 13/06/2019"


def test_a_utc_moment_late_in_the_evening_is_already_the_next_day_in_vietnam(language):
    moment = datetime(2019, 6, 13, 18, 15, tzinfo=UTC)
    assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == "01:15 14/06/2019"
    assert render('{{ t|date:"SHORT_DATE_FORMAT" }}', t=moment) == "14/06/2019"
