from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import selectors
from agencies.models import Agency, AgencyKind
from agencies.rules import Action, can, can_view_agency


@login_required
def agency_list(request):
    # Merged and closed units stay listed (their reports keep their history); a filter hides them.
    only_active = request.GET.get("active") == "1"
    on = timezone.localdate() if only_active else None
    agencies = list(selectors.agency_list(user=request.user, on=on))
    groups = [(label, [a for a in agencies if a.kind == kind]) for kind, label in AgencyKind.choices]
    return render(
        request,
        "agencies/agency_list.html",
        {"groups": [g for g in groups if g[1]], "only_active": only_active, "count": len(agencies)},
    )


@login_required
def agency_detail(request, code: str):
    agency = get_object_or_404(Agency.objects.select_related("parent", "successor"), code=code)
    if not can_view_agency(request.user, agency):
        raise PermissionDenied(_("You may only see your own unit's page."))
    context = {
        "agency": agency,
        "children": agency.children.order_by("sort_order", "name"),
        "predecessors": agency.predecessors.order_by("name"),
        # Names of the people working there: for the unit itself and the standing office.
        "people": selectors.agency_people(agency=agency) if can(request.user, Action.VIEW_OWN, agency) else None,
    }
    return render(request, "agencies/agency_detail.html", context)
