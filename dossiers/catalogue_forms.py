"""Forms of the catalogue pages: the procedure filter, the decision period picker, the workbook upload."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind
from dossiers.models import DecisionAction, Field, OnlineService, ProcedureLevel
from periods.forms import PeriodField
from periods.period import PeriodKind

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _get_helper(*columns: tuple[str, str], button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.layout = Layout(
        Row(
            *(Column(name, css_class=css) for name, css in columns),
            Column(Submit("", button, css_class="btn-primary mb-3"), css_class="col-md-auto"),
            css_class="g-2 align-items-end",
        )
    )
    return helper


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Code or part of the name"), "type": "search"}),
    )
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=Field.objects.order_by("sort_order", "name"), to_field_name="code", required=False
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *ProcedureLevel.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Handling unit"),
        queryset=Agency.objects.filter(kind__in=[AgencyKind.DEPARTMENT, AgencyKind.DISTRICT]).order_by(
            "kind", "sort_order", "name"
        ),
        to_field_name="code",
        required=False,
    )
    online_service = forms.ChoiceField(
        label=_("Online service"), choices=[("", _("All")), *OnlineService.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("In force and abolished")), ("1", _("In force")), ("0", _("Abolished"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].empty_label = _("All fields")
        self.fields["unit"].empty_label = _("All units")
        self.helper = _get_helper(
            ("q", "col-md-6 col-xl-3"),
            ("field", "col-md-6 col-xl"),
            ("level", "col-md-4 col-xl"),
            ("unit", "col-md-4 col-xl"),
            ("online_service", "col-md-4 col-xl"),
            ("active", "col-md-4 col-xl"),
            button=_("Filter"),
        )

    def filters(self) -> dict:
        """Keyword arguments for catalogue.procedure_list (call after is_valid())."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        active = data.get("active")
        return {
            "field": data.get("field"),
            "level": data.get("level") or None,
            "agency": data.get("unit"),
            "online_service": data.get("online_service") or None,
            "q": data.get("q") or "",
            "active": None if not active else active == "1",
        }


class DecisionFilterForm(forms.Form):
    period = PeriodField(
        label=_("Period"),
        kinds=tuple(PeriodKind),
        required=False,
        widget=forms.TextInput(
            attrs={"maxlength": 40, "placeholder": _("For example 2019-H1, 6 tháng đầu năm 2019, Quý II/2019, 2019")}
        ),
    )
    action = forms.ChoiceField(
        label=_("Decisions that"),
        choices=[("", _("announce, amend or abolish")), *DecisionAction.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _get_helper(("period", "col-md-4"), ("action", "col-md-3"), button=_("Show"))


class CatalogueUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("Nothing is saved until you have seen the preview and confirmed it."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."), code="extension")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}, code="size"
            )
        return upload
