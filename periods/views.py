from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.rules import Action, can, require
from periods import selectors, services
from periods.forms import PeriodActionForm


@login_required
def period_list(request, form: PeriodActionForm | None = None):
    can_manage = can(request.user, Action.PERIOD_MANAGE)
    context = {"periods": selectors.period_list(), "can_manage": can_manage, "form": form or PeriodActionForm()}
    return render(request, "periods/period_list.html", context, status=400 if form is not None else 200)


@login_required
@require_POST
def period_change(request, action: str):
    require(request.user, Action.PERIOD_MANAGE)
    form = PeriodActionForm(request.POST)
    if not form.is_valid():
        return period_list(request, form=form)
    service = {"open": services.period_open, "close": services.period_close}[action]
    try:
        row = service(period=form.cleaned_data["period"], by=request.user, reason=form.cleaned_data["reason"])
    except ValueError as exc:
        form.add_error(None, str(exc))
        return period_list(request, form=form)
    if row.is_open:
        messages.success(request, _("%(label)s is open for reporting.") % {"label": row.period.label})
    else:
        messages.success(request, _("%(label)s is closed.") % {"label": row.period.label})
    return redirect("periods:period-list")
