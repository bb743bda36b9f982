"""The province's rankings among provinces: the indices, the provinces and regions, the published results.

Everything here is data an administrator or the standing office keeps: which indices exist and how they
are scored (with the years their method changed), the provinces with their merger history (63 became 34 on
01/07/2025), the regions, each year's published ranks and scores, and the province's own targets.

Rank changes and quartile bands are never stored: `indices.selectors` computes them from the published
ranks (`indices.rules`), so an import, a correction or a removed year can never leave a stale arrow behind.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MIN_YEAR = 2000
MAX_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def year_end(year: int) -> dt.date:
    """The day a ranking year is read on: a province that existed on 31 December is ranked for that year."""
    return dt.date(year, 12, 31)


class Region(models.Model):
    """A socio-economic region (vùng). One region is the default peer group of the comparison page."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    is_default_peer_group = models.BooleanField(
        _("default peer group"),
        default=False,
        help_text=_("The provinces of this region are compared with ours unless the user picks others."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default_peer_group"],
                condition=Q(is_default_peer_group=True),
                name="indices_region_one_default_peer_group",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally-run city")


class ProvinceQuerySet(models.QuerySet):
    def existing_in(self, year: int) -> ProvinceQuerySet:
        """Provinces ranked for `year`: those that existed on 31 December of it."""
        day = year_end(year)
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=day)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=day)
        )


class Province(models.Model):
    """A province or centrally-run city, as rankings list it.

    A province absorbed by a merger keeps its row (its published results stay its own) and gets
    `dissolved_on` (its last day) and `merged_into`. The province that absorbs others keeps its row too:
    from 01/07/2025 "Tuyên Quang" is Hà Giang and Tuyên Quang together. The province the portal serves is
    marked `is_home`; its series follows `merged_into`, so it continues across a merger.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        pgettext_lazy("province", "kind"), max_length=10, choices=ProvinceKind.choices, default=ProvinceKind.PROVINCE
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Names and abbreviations that published tables use, one per line (e.g. TP HCM, HCM). "
            "Diacritics, prefixes such as Tỉnh or TP. and hyphens are matched anyway."
        ),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provinces",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("The last day the province existed (e.g. 30/06/2025).")
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    is_home = models.BooleanField(
        _("our province"), default=False, help_text=_("The province this portal serves (one only).")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_home"], condition=Q(is_home=True), name="indices_province_one_home"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(dissolved_on__isnull=False),
                name="indices_province_merger_needs_last_day",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gte=F("established_on")),
                name="indices_province_dissolved_after_established",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("pk")),
                name="indices_province_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def merged_on(self) -> dt.date | None:
        """The day the merger took effect (the day after the last day)."""
        return self.dissolved_on + dt.timedelta(days=1) if self.merged_into_id and self.dissolved_on else None

    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]

    def exists_in(self, year: int) -> bool:
        day = year_end(year)
        return (self.established_on is None or self.established_on <= day) and (
            self.dissolved_on is None or self.dissolved_on >= day
        )

    def clean(self) -> None:
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A province cannot merge into itself.")})
        if self.merged_into_id and not self.dissolved_on:
            raise ValidationError({"dissolved_on": _("Give the last day of a province that merged into another.")})
        # A merger chain must end: A → B → A would make our series loop.
        seen = {self.pk}
        node = self.merged_into
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"merged_into": _("This merger would make a loop.")})
            seen.add(node.pk)
            node = node.merged_into
        from indices.names import province_key

        keys = {province_key(name) for name in [self.name, *self.alias_list()] if province_key(name)}
        for other in Province.objects.exclude(pk=self.pk).only("name", "aliases"):
            clash = keys & {province_key(name) for name in [other.name, *other.alias_list()]}
            if clash:
                raise ValidationError(
                    {"aliases": _("%(other)s already uses this name or abbreviation.") % {"other": other.name}}
                )


class Index(models.Model):
    """An index that ranks provinces (PCI, PAPI, ICT Index, PAR Index, SIPAS, the service index)."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("Short code, e.g. PCI."))
    short_name = models.CharField(_("short name"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    publisher = models.CharField(_("publisher"), max_length=255)
    score_min = models.DecimalField(_("lowest score"), max_digits=9, decimal_places=4, default=0)
    score_max = models.DecimalField(_("highest score"), max_digits=9, decimal_places=4, default=100)
    score_decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=2, validators=[MaxValueValidator(6)])
    higher_is_better = models.BooleanField(_("a higher score is better"), default=True)
    description = models.TextField(_("description"), blank=True)
    source_url = models.URLField(_("source"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("index")
        verbose_name_plural = _("indices")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(score_max__gt=F("score_min")), name="indices_index_scale_not_empty"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.code


class MethodologyPeriod(models.Model):
    """From `first_year` on, the index is computed by this method (until the next period starts).

    Scores of different periods are never compared (the scale or the components changed); ranks are
    compared across the boundary unless `ranks_comparable` is off.
    """

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.CASCADE, related_name="methods")
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    label = models.CharField(_("method"), max_length=255, help_text=_("E.g. 8 dimensions, 80 points."))
    score_max = models.DecimalField(
        _("highest score"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty when it is the index's scale."),
    )
    ranks_comparable = models.BooleanField(
        _("ranks comparable with the years before"),
        default=True,
        help_text=_("Off: no rank change is shown between the last year before this method and the first after."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("methodology period")
        verbose_name_plural = _("methodology periods")
        ordering = ["index", "first_year"]
        constraints = [
            models.UniqueConstraint(fields=["index", "first_year"], name="indices_method_one_per_year"),
            models.CheckConstraint(
                condition=Q(first_year__gte=MIN_YEAR) & Q(first_year__lte=MAX_YEAR), name="indices_method_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.first_year}: {self.label}"


class SubIndex(models.Model):
    """A component of an index (PCI's ten sub-indices, PAPI's dimensions), with its weight where published."""

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.CASCADE, related_name="sub_indices")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Empty if not published.")
    )
    max_score = models.DecimalField(_("highest score"), max_digits=9, decimal_places=4, null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sub-index")
        verbose_name_plural = _("sub-indices")
        ordering = ["index", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["index", "code"], name="indices_subindex_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | (Q(weight__gte=0) & Q(weight__lte=100)),
                name="indices_subindex_weight_percent",
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True) | Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="indices_subindex_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or self.last_year >= year
        )


class IndexResult(models.Model):
    """One province's published result in one year: the rank as published, out of `provinces_ranked`.

    The score may be unknown (a news report gives only the rank). The number of provinces ranked is
    stored with every result: 63 until 2024, 34 from 2025, 61 in a year two provinces were not surveyed.
    """

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.PROTECT, related_name="results")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="results")
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"))
    provinces_ranked = models.PositiveSmallIntegerField(_("provinces ranked"))
    tier = models.CharField(_("published group"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["index", "-year", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year", "province"], name="indices_result_one_per_province_year"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="indices_result_rank_positive"),
            models.CheckConstraint(condition=Q(provinces_ranked__gte=1), name="indices_result_ranked_positive"),
            models.CheckConstraint(
                condition=Q(rank__lte=F("provinces_ranked")), name="indices_result_rank_within_ranked"
            ),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0), name="indices_result_score_ge_0"),
            models.CheckConstraint(condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR), name="indices_result_year"),
        ]
        indexes = [models.Index(fields=["index", "year"], name="indices_result_index_year")]

    def __str__(self) -> str:
        return f"{self.index} {self.year} {self.province}: {self.rank}/{self.provinces_ranked}"


class SubIndexScore(models.Model):
    result = models.ForeignKey(IndexResult, on_delete=models.CASCADE, related_name="sub_scores")
    sub_index = models.ForeignKey(SubIndex, verbose_name=_("sub-index"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4)

    class Meta:
        verbose_name = _("sub-index score")
        verbose_name_plural = _("sub-index scores")
        constraints = [
            models.UniqueConstraint(fields=["result", "sub_index"], name="indices_subscore_one_per_result"),
            models.CheckConstraint(condition=Q(score__gte=0), name="indices_subscore_ge_0"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_index_id}: {self.score}"


class TableImport(models.Model):
    """A published table saved for an index and a year: who, when, from which file."""

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.PROTECT, related_name="imports")
    year = models.PositiveSmallIntegerField(_("year"))
    provinces_ranked = models.PositiveSmallIntegerField(_("provinces ranked"))
    rows = models.PositiveSmallIntegerField(_("rows"))
    changed = models.PositiveIntegerField(_("values changed"), default=0)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("table import")
        verbose_name_plural = _("table imports")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.index} {self.year} ({self.filename or '-'})"


class ResultChange(models.Model):
    """Append-only history of published results: which number changed, from what, to what, who, when, why.

    A row is written only when a value really changes (an import of the same table twice writes nothing).
    The index, year and province are copied so the history outlives a removed result.
    """

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("field"), max_length=60)
    old_value = models.CharField(_("from"), max_length=100, blank=True)
    new_value = models.CharField(_("to"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    table_import = models.ForeignKey(TableImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change to a published result")
        verbose_name_plural = _("changes to published results")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.index} {self.year} {self.province} {self.field}: {self.old_value} → {self.new_value}"


class IndexTarget(models.Model):
    """A target the province set itself, e.g. PCI rank 40 or better by 2020 (from a resolution or plan)."""

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("by year"), validators=YEAR_VALIDATORS)
    rank_at_most = models.PositiveSmallIntegerField(_("rank at most"), null=True, blank=True)
    score_at_least = models.DecimalField(_("score at least"), max_digits=9, decimal_places=4, null=True, blank=True)
    document = models.CharField(
        _("set by document"), max_length=255, blank=True, help_text=_("E.g. the resolution or plan that sets it.")
    )
    note = models.TextField(_("note"), blank=True)
    set_at = models.DateTimeField(_("set at"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["index", "year"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year"], name="indices_target_one_per_index_year"),
            models.CheckConstraint(
                condition=Q(rank_at_most__isnull=False) | Q(score_at_least__isnull=False),
                name="indices_target_has_a_goal",
            ),
            models.CheckConstraint(
                condition=Q(rank_at_most__isnull=True) | Q(rank_at_most__gte=1), name="indices_target_rank_positive"
            ),
            models.CheckConstraint(condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR), name="indices_target_year"),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.year}"
