"""Reading the report grid's POST into what services.report_save takes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.validation import VALUE_KEYS
from periods.forms import PeriodField
from periods.period import PeriodKind


def cell_name(field_id: int, key: str) -> str:
    return f"f{field_id}-{key}"


def grid_values(post, field_ids: list[int]) -> dict[int, dict[str, str]]:
    """The typed text of every cell, as typed (validation parses it)."""
    return {fid: {key: post.get(cell_name(fid, key), "") for key in VALUE_KEYS} for fid in field_ids}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodPickForm(forms.Form):
    period = PeriodField(
        label=_("Period"),
        kinds=(PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.NINE_MONTHS, PeriodKind.YEAR),
        help_text=_("A quarter, 6 months, 9 months or a year: 2019-Q2, 2019-H1, 2019-9M, 2019."),
    )


class QuarterPickForm(forms.Form):
    period = PeriodField(label=_("Quarter"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
