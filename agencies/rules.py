"""Who may see and change what: the one place the permission matrix lives.

Every view, service, export and admin page asks `can()` or `require()`; nothing else
decides. The matrix (README, "Roles") in code:

| Action                                   | staff | head | secretariat | committee | admin |
|------------------------------------------|-------|------|-------------|-----------|-------|
| VIEW_OWN: own unit's data, drafts too    | own   | own  | all         | -         | -     |
| VIEW_SHARED: submitted/approved data,    | -     | -    | all         | all       | all   |
|   dashboards, rankings of every unit     |       |      |             |           |       |
| REPORT_EDIT (while draft or returned)    | own   | own  | -           | -         | -     |
| REPORT_SUBMIT                            | -     | own  | -           | -         | -     |
| REPORT_REVIEW: approve, return, reopen   | -     | -    | all         | -         | -     |
| PERIOD_MANAGE: open and close periods    | -     | -    | yes         | -         | -     |
| MEETING_MANAGE: meetings, tasks, confirm | -     | -    | yes         | -         | -     |
|   completion, grant extensions           |       |      |             |           |       |
| TASK_REPORT: progress, ask close/extend  | own   | own  | -           | -         | -     |
| SELF_ASSESS_DRAFT                        | own   | own  | -           | -         | -     |
| SELF_ASSESS_SUBMIT                       | -     | own  | -           | -         | -     |
| SCORES_MANAGE: compute, appraise, publish| -     | -    | yes         | -         | -     |
| INDEX_IMPORT: import index tables        | -     | -    | yes         | -         | yes   |
| EXPORT workbooks                         | own   | own  | all         | all       | all   |
| ADMIN_MANAGE: users, units, reference    | -     | -    | -           | -         | yes   |
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from agencies.models import Agency, Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from agencies.models import User


class Action(enum.StrEnum):
    VIEW_OWN = "view_own"
    VIEW_SHARED = "view_shared"
    REPORT_EDIT = "report_edit"
    REPORT_SUBMIT = "report_submit"
    REPORT_REVIEW = "report_review"
    PERIOD_MANAGE = "period_manage"
    MEETING_MANAGE = "meeting_manage"
    TASK_REPORT = "task_report"
    SELF_ASSESS_DRAFT = "self_assess_draft"
    SELF_ASSESS_SUBMIT = "self_assess_submit"
    SCORES_MANAGE = "scores_manage"
    INDEX_IMPORT = "index_import"
    EXPORT = "export"
    ADMIN_MANAGE = "admin_manage"


# Which roles may act, and on which units: "own" = only their own unit, "all" = any unit.
OWN = "own"
ALL = "all"
S, H, SEC, COM, ADM = Role.STAFF, Role.HEAD, Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN

MATRIX: dict[Action, dict[str, str]] = {
    Action.VIEW_OWN: {S: OWN, H: OWN, SEC: ALL},
    Action.VIEW_SHARED: {SEC: ALL, COM: ALL, ADM: ALL},
    Action.REPORT_EDIT: {S: OWN, H: OWN},
    Action.REPORT_SUBMIT: {H: OWN},
    Action.REPORT_REVIEW: {SEC: ALL},
    Action.PERIOD_MANAGE: {SEC: ALL},
    Action.MEETING_MANAGE: {SEC: ALL},
    Action.TASK_REPORT: {S: OWN, H: OWN},
    Action.SELF_ASSESS_DRAFT: {S: OWN, H: OWN},
    Action.SELF_ASSESS_SUBMIT: {H: OWN},
    Action.SCORES_MANAGE: {SEC: ALL},
    Action.INDEX_IMPORT: {SEC: ALL, ADM: ALL},
    Action.EXPORT: {S: OWN, H: OWN, SEC: ALL, COM: ALL, ADM: ALL},
    Action.ADMIN_MANAGE: {ADM: ALL},
}


def role_of(user: User) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        # `createsuperuser` accounts administer the portal.
        return Role.ADMIN
    return user.role


def can(user: User, action: Action, agency: Agency | int | None = None) -> bool:
    """May `user` do `action` on `agency`?

    `agency=None` asks about the action in general ("may this person approve reports at
    all?", "export the province's workbook"): only roles that act on every unit pass.
    """
    role = role_of(user)
    if role is None:
        return False
    scope = MATRIX[action].get(role)
    if scope is None:
        return False
    if scope == ALL:
        return True
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    return agency_id is not None and user.agency_id is not None and agency_id == user.agency_id


def can_any(user: User, action: Action) -> bool:
    """May `user` do `action` on some unit (their own counts)? For menus and landing pages."""
    role = role_of(user)
    return role is not None and role in MATRIX[action] and (MATRIX[action][role] == ALL or user.agency_id is not None)


def can_view_agency(user: User, agency: Agency | int) -> bool:
    """May see the unit's page at all (its drafts need VIEW_OWN)."""
    return can(user, Action.VIEW_OWN, agency) or can(user, Action.VIEW_SHARED, agency)


def require(user: User, action: Action, agency: Agency | int | None = None) -> None:
    if not can(user, action, agency):
        raise PermissionDenied(_("You do not have permission to do this."))


def visible_agencies(user: User) -> QuerySet[Agency]:
    """The units whose pages `user` may open."""
    role = role_of(user)
    if role is None:
        return Agency.objects.none()
    if MATRIX[Action.VIEW_SHARED].get(role) == ALL or MATRIX[Action.VIEW_OWN].get(role) == ALL:
        return Agency.objects.all()
    return Agency.objects.filter(pk=user.agency_id) if user.agency_id else Agency.objects.none()


def drafts_visible_agencies(user: User) -> QuerySet[Agency]:
    """The units whose unsubmitted drafts `user` may see."""
    role = role_of(user)
    scope = MATRIX[Action.VIEW_OWN].get(role) if role else None
    if scope == ALL:
        return Agency.objects.all()
    if scope == OWN and user.agency_id:
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()
