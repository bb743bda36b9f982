"""Who: the tree of units, and the people who work in them."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EMAIL_SPLIT = re.compile(r"[\s,;]+")


def split_emails(raw: str) -> list[str]:
    return [part for part in EMAIL_SPLIT.split(raw or "") if part]


def validate_email_list(raw: str) -> None:
    bad = []
    for address in split_emails(raw):
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(
            _("These addresses are not valid e-mail addresses: %(bad)s"), params={"bad": ", ".join(bad)}
        )


class AgencyKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department, board or sector")
    DISTRICT = "district", _("District People's Committee")
    COMMUNE = "commune", _("Commune People's Committee")
    PAC = "pac", _("Public-administration centre")


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> AgencyQuerySet:
        """Units that existed on `day` (opened on or before it, not yet closed)."""
        return self.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day)).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=day)
        )

    def reporting(self) -> AgencyQuerySet:
        """Units that file dossier reports (everything but the province's own committee)."""
        return self.exclude(kind=AgencyKind.PROVINCE)


class Agency(models.Model):
    """A unit: the province, a department, a district or commune committee, a PAC.

    Units are never deleted: a merged or abolished unit gets `closed_on` and, where one
    took over its work, a `successor`, so its reports and rankings keep their history
    (63 provinces became 34 and districts were abolished on 1 July 2025).
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    contact_emails = models.TextField(
        _("contact e-mail addresses"),
        blank=True,
        validators=[validate_email_list],
        help_text=_("One or more addresses, separated by commas or new lines."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="agency_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(closed_on__isnull=False),
                name="agency_successor_needs_closed_on",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def email_list(self) -> list[str]:
        return split_emails(self.contact_emails)

    def is_active_on(self, day: dt.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (self.closed_on is None or self.closed_on >= day)

    def clean(self) -> None:
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})
        if self.successor_id and not self.closed_on:
            raise ValidationError({"closed_on": _("Give the closing date of a unit that has a successor.")})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("A unit cannot close before it opens.")})
        # Walk up the tree: a unit may not be its own ancestor.
        seen = {self.pk}
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("This parent would make a loop in the tree of units.")})
            seen.add(node.pk)
            node = node.parent


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    HEAD = "head", _("Head of unit")
    SECRETARIAT = "secretariat", _("Standing office (secretariat)")
    COMMITTEE = "committee", _("Steering committee")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person: one unit, one role. What a role may do is in agencies.rules."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    title = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
