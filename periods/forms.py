from django import forms
from django.utils.translation import gettext_lazy as _

from periods.period import Period, PeriodKind, PeriodParseError


class PeriodField(forms.Field):
    """Accepts a code (2019-Q2) or a label (Quý II/2019); cleans to a Period."""

    def __init__(self, *, kinds: tuple[PeriodKind, ...] = (PeriodKind.QUARTER,), **kwargs):
        self.kinds = kinds
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 40}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        try:
            period = Period.parse(value)
        except PeriodParseError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc
        if period.kind not in self.kinds:
            raise forms.ValidationError(
                _("Units report by quarter: give a quarter such as 2019-Q3 or Quý III/2019."), code="kind"
            )
        return period


class PeriodActionForm(forms.Form):
    period = PeriodField(label=_("Quarter"), help_text=_("For example 2019-Q3 or Quý III/2019."))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
