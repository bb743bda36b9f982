from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from agencies.rules import Action, can, require
from cchc_portal import health
from cchc_portal.jobs import enqueue
from cchc_portal.models import Job, JobState
from cchc_portal.tasks import ping


@require_GET
@never_cache
def healthz(request):
    """{"database": "ok"|"down", "broker": "ok"|"down"|"disabled"}; 503 when the database is down."""
    body = {"database": health.database_status(), "broker": health.broker_status()}
    return JsonResponse(body, status=200 if body["database"] == "ok" else 503)


def _require_system(user) -> None:
    if not (can(user, Action.ADMIN_MANAGE) or can(user, Action.PERIOD_MANAGE)):
        require(user, Action.ADMIN_MANAGE)


@login_required
@require_http_methods(["GET", "POST"])
def system_status(request):
    """Health of the parts, the work waiting for the queue, and a test task to send."""
    _require_system(request.user)
    if request.method == "POST":
        job = enqueue(ping, created_by=request.user)
        if job.state == JobState.SENT:
            messages.success(request, _("The test task was handed to the queue."))
        else:
            messages.warning(
                request,
                _(
                    "The task queue cannot be reached right now. The test task has been saved and will be "
                    "sent automatically as soon as the queue is back; nothing is lost."
                ),
            )
        return redirect("system-status")
    context = {
        "database": health.database_status(),
        "broker": health.broker_status(),
        "pending_count": Job.objects.filter(state=JobState.PENDING).count(),
        "recent_jobs": list(Job.objects.select_related("created_by")[:20]),
    }
    return render(request, "system/status.html", context)
