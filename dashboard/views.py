from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from agencies.rules import role_of
from periods.models import PeriodStatus, ReportingPeriod
from periods.period import Period


@login_required
def home(request):
    today = timezone.localdate()
    context = {
        "role": role_of(request.user),
        "current_period": Period.containing(today),
        "open_periods": list(ReportingPeriod.objects.filter(status=PeriodStatus.OPEN).order_by("code")),
    }
    return render(request, "dashboard/home.html", context)
