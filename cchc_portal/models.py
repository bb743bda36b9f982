"""Work handed to Celery, kept in the database until the broker has taken it (an outbox).

A page that enqueues work must answer quickly even when Redis is down, and the work must
not be lost: `cchc_portal.jobs.enqueue` saves a Job first, then publishes it; a Job that could
not be published stays `pending` and the beat schedule (and every worker start) sends it again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    PENDING = "pending", _("Waiting for the queue")
    SENT = "sent", _("Sent to the queue")


class Job(models.Model):
    task_name = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "agencies.User", verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("queued job")
        verbose_name_plural = _("queued jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk} ({self.state})"
