"""The stored figures of each closed report (reports/figures.py, docs/reports.md)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSnapshot(models.Model):
    """A closed report's figures and lists, counted once from the trail as it stood at its
    cutoff. Nothing recorded after the cutoff changes them (the corrections are read live), so
    a closed report reads this one row instead of the whole trail."""

    period = models.CharField(_("period"), max_length=7, unique=True)  # "2026", "2026-h1"
    # The cutoff it was counted at: a changed REPORT_CLOSES_AFTER_DAYS counts it again.
    cutoff = models.DateTimeField(_("counted recorded before"))
    data = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)
    made_at = models.DateTimeField(_("made"), auto_now=True)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")

    def __str__(self) -> str:
        return self.period
