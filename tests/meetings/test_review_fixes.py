"""Defects found in review of the meetings app."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import ExtensionRequest, RequestState

D = dt.date


def test_a_completion_date_cannot_predate_the_meeting(make_meeting, make_task, units, people, frozen):
    own, _other = units
    frozen(D(2019, 12, 1))
    task = make_task(make_meeting(), lead=own, deadline=D(2019, 7, 31))
    with pytest.raises(services.MeetingError) as err:
        services.task_completion_request(task_id=task.pk, by=people["staff"], completed_on=D(2000, 1, 1))
    assert "13/06/2019" in err.value.message
    with pytest.raises(services.MeetingError):
        services.task_report_progress(
            task_id=task.pk, by=people["staff"], reported_on=D(2019, 1, 2), text="x", percent=50
        )
    services.task_completion_request(task_id=task.pk, by=people["staff"], completed_on=D(2019, 11, 30))


def test_a_refused_grant_keeps_what_the_secretariat_typed(client, make_meeting, make_task, units, people, sec, frozen):
    own, _other = units
    frozen(D(2019, 9, 20))
    task = make_task(make_meeting(), lead=own, deadline=D(2019, 9, 30))
    request = services.task_extension_request(
        task_id=task.pk, by=people["staff"], requested_deadline=D(2019, 10, 31), reason="Chờ ý kiến các sở"
    )
    client.force_login(sec)
    response = client.post(
        reverse("meetings:extension-grant", args=[request.pk]),
        {"new_deadline": "30/09/2019", "reason": "Lý do rất dài mà cơ quan thường trực đã gõ"},
    )
    assert response.status_code == 400
    assert "Lý do rất dài mà cơ quan thường trực đã gõ" in response.content.decode()
    assert ExtensionRequest.objects.get(pk=request.pk).state == RequestState.PENDING
