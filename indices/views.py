from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.rules import Action, require


@login_required
def overview(request):
    # Placeholder until the rankings issue lands: the navigation already points here.
    require(request.user, Action.VIEW_SHARED)
    return render(request, "indices/overview.html")
