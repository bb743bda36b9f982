"""Administrative procedures and the quarterly dossier reports units file on the national form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency

# --- Catalogue ----------------------------------------------------------------------------------


class Field(models.Model):
    """A field of administrative procedures (lĩnh vực): a row of the dossier report."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("units handling it"), through="AgencyField", related_name="dossier_fields"
    )

    class Meta:
        verbose_name = _("field of procedures")
        verbose_name_plural = _("fields of procedures")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class AgencyField(models.Model):
    """Which fields a unit handles: the rows of its report."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="field_links")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="agency_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "field"], name="agency_field_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.field_id}"


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


class OnlineService(models.TextChoices):
    FULL = "full", _("Full online public service")
    PARTIAL = "partial", _("Partial online public service")
    NONE = "none", _("No online service")


class Procedure(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.TextField(_("name"))
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField(_("level"), max_length=10, choices=ProcedureLevel.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    processing_days = models.PositiveIntegerField(_("statutory processing time (days)"), null=True, blank=True)
    online_service = models.CharField(
        _("online service"), max_length=10, choices=OnlineService.choices, default=OnlineService.NONE
    )
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["field__sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Decision(models.Model):
    """A decision announcing, amending or abolishing procedures (quyết định công bố).

    Numbers restart every year (Decree 30/2020/NĐ-CP): "79/QĐ-UBND" of 2019 and "79/QĐ-UBND" of 2020
    are two decisions. A decision is known by its number and the year of its date."""

    number = models.CharField(_("number"), max_length=64)
    date = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=255)
    title = models.TextField(_("title"), blank=True)

    class Meta:
        verbose_name = _("announcing decision")
        verbose_name_plural = _("announcing decisions")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                F("number"),
                ExtractYear("date"),
                name="decision_number_unique_per_year",
                violation_error_message=_("A decision with this number already exists in the year of this date."),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class DecisionAction(models.TextChoices):
    ADD = "add", _("announces")
    CHANGE = "change", _("amends")
    REMOVE = "remove", _("abolishes")


class DecisionItem(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="decision_items")
    action = models.CharField(_("action"), max_length=10, choices=DecisionAction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "procedure"], name="decision_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.action} {self.procedure_id}"


# --- Reports ------------------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class DossierReport(models.Model):
    """One unit's report for one quarter (form II.06a, Circular 01/2020/TT-VPCP)."""

    agency = models.ForeignKey(Agency, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dossier_reports")
    period = models.CharField(_("quarter"), max_length=10)  # a Period code, "2019-Q2"
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # Bumped on every save: the second of two people editing the same report gets a conflict.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier report")
        verbose_name_plural = _("dossier reports")
        ordering = ["-period", "agency__sort_order"]
        constraints = [models.UniqueConstraint(fields=["agency", "period"], name="dossier_report_unique")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.period}"

    @property
    def period_obj(self):
        from periods.period import Period

        return Period.parse(self.period)


class DossierRow(models.Model):
    """A row of the form: one field's counts. Columns 3, 7 and 11 are computed, never stored."""

    report = models.ForeignKey(DossierReport, on_delete=models.CASCADE, related_name="rows")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="+")
    received_online = models.PositiveIntegerField(_("(4) online"), default=0)
    received_offline = models.PositiveIntegerField(_("(5) in person or by post"), default=0)
    carried_over = models.PositiveIntegerField(_("(6) carried over"), default=0)
    resolved_early = models.PositiveIntegerField(_("(8) early"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("(9) on time"), default=0)
    resolved_late = models.PositiveIntegerField(_("(10) late"), default=0)
    pending_within = models.PositiveIntegerField(_("(12) within deadline"), default=0)
    pending_overdue = models.PositiveIntegerField(_("(13) overdue"), default=0)
    returned = models.PositiveIntegerField(_("of which returned"), default=0)
    withdrawn = models.PositiveIntegerField(_("of which withdrawn"), default=0)
    awaiting_supplement = models.PositiveIntegerField(_("of which awaiting supplements"), default=0)

    class Meta:
        ordering = ["field__sort_order", "field__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "field"], name="dossier_row_unique"),
            # (3) = (7) + (11): the database refuses a row whose dossiers do not add up.
            models.CheckConstraint(
                condition=Q(
                    received_online=F("resolved_early")
                    + F("resolved_on_time")
                    + F("resolved_late")
                    + F("pending_within")
                    + F("pending_overdue")
                    - F("received_offline")
                    - F("carried_over")
                ),
                name="dossier_row_received_equals_resolved_plus_pending",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on_time__gte=F("returned") + F("withdrawn")),
                name="dossier_row_of_which_within_on_time",
            ),
            models.CheckConstraint(
                condition=Q(pending_within__gte=F("awaiting_supplement")),
                name="dossier_row_of_which_within_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.field_id}"

    @property
    def received_total(self) -> int:
        return self.received_online + self.received_offline + self.carried_over

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending_total(self) -> int:
        return self.pending_within + self.pending_overdue


class ReportEventKind(models.TextChoices):
    CREATED = "created", _("created")
    SAVED = "saved", _("figures saved")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for correction")
    REOPENED = "reopened", _("reopened")
    IMPORTED = "imported", _("imported from a workbook")


class ReportEvent(models.Model):
    """Append-only history of a report's transitions, with who, when and why."""

    report = models.ForeignKey(DossierReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=10, choices=ReportEventKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class ValueChange(models.Model):
    """Append-only: who changed which number, from what, to what, when."""

    report = models.ForeignKey(DossierReport, on_delete=models.CASCADE, related_name="changes")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="+")
    column = models.CharField(_("column"), max_length=32)
    old_value = models.PositiveIntegerField(_("old value"), null=True)
    new_value = models.PositiveIntegerField(_("new value"))
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.field_id}.{self.column}: {self.old_value} -> {self.new_value}"
