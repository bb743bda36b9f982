"""When: reporting periods the standing office opens and closes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportingPeriod(models.Model):
    """A quarter that units report on. Longer periods (6 months, 9 months, year) are built
    from quarters and have no row of their own."""

    code = models.CharField(_("period"), max_length=10, unique=True)  # "2019-Q2"
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-code"]

    def __str__(self) -> str:
        return self.period.label

    @property
    def period(self):
        from periods.period import Period

        return Period.parse(self.code)

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN


class PeriodEventKind(models.TextChoices):
    OPENED = "opened", _("opened")
    CLOSED = "closed", _("closed")
    REOPENED = "reopened", _("reopened")


class PeriodEvent(models.Model):
    """Append-only history of opening and closing a period: who, when, why."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=10, choices=PeriodEventKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.period.code} {self.kind} {self.at:%Y-%m-%d %H:%M}"
