from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from indices.models import MAX_YEAR, MIN_YEAR, Index, Province


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"class": "form-control", "step": 1}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "numeric"
        return attrs


class IndexChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Index) -> str:
        return f"{obj.short_name} — {obj.name}"


class TableImportForm(forms.Form):
    index = IndexChoiceField(
        label=_("Index"), queryset=Index.objects.order_by("sort_order", "code"), to_field_name="code"
    )
    year = YearField(label=_("Year"))
    provinces_ranked = forms.IntegerField(
        label=_("Provinces ranked"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("As published. Empty: the number of provinces that existed at the end of that year."),
    )
    source = forms.CharField(label=pgettext_lazy("rankings", "Source"), required=False, max_length=255)
    file = forms.FileField(
        label=_("Published table (.xlsx or .csv)"),
        help_text=_(
            "One row per province; columns Province/Tỉnh, Rank/Xếp hạng, and if published Score/Điểm, "
            "Tier/Nhóm and the sub-indices."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(_("Give an Excel workbook (.xlsx) or a CSV file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB; a table of provinces is much smaller."))
        return upload


class ConfirmImportForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class ResultForm(forms.Form):
    index = IndexChoiceField(
        label=_("Index"), queryset=Index.objects.order_by("sort_order", "code"), to_field_name="code"
    )
    year = YearField(label=_("Year"))
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.order_by("name"))
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=200)
    provinces_ranked = forms.IntegerField(label=_("Provinces ranked"), min_value=1, max_value=200)
    score = forms.DecimalField(label=_("Score"), required=False, max_digits=9, decimal_places=4, localize=True)
    tier = forms.CharField(label=_("Published group"), required=False, max_length=60)
    source = forms.CharField(
        label=pgettext_lazy("rankings", "Source"),
        required=False,
        max_length=255,
        help_text=_("E.g. the report or article that gives it."),
    )


class YearDeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))


class TargetForm(forms.Form):
    index = IndexChoiceField(
        label=_("Index"), queryset=Index.objects.order_by("sort_order", "code"), to_field_name="code"
    )
    year = YearField(label=_("By year"))
    rank_at_most = forms.IntegerField(label=_("Rank at most"), required=False, min_value=1, max_value=200)
    score_at_least = forms.DecimalField(
        label=_("Score at least"), required=False, max_digits=9, decimal_places=4, localize=True
    )
    document = forms.CharField(label=_("Set by document"), required=False, max_length=255)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("rank_at_most") is None and data.get("score_at_least") is None:
            raise forms.ValidationError(_("Give a rank, a score or both."))
        return data
