from django.db.models import QuerySet

from periods.models import ReportingPeriod


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("opened_by", "closed_by").order_by("-code")
