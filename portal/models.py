from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyConfirmation(models.Model):
    """A person's word that a hit of the personal-data check is nothing sensitive, kept for the
    record: what was found, where, the text around it, who looked and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    key = models.CharField(max_length=300)
    kind = models.CharField(_("kind"), max_length=40)
    text = models.TextField(_("text found"))
    where = models.CharField(_("where"), max_length=400)
    context = models.TextField(_("text around it"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation of the personal-data check")
        verbose_name_plural = _("confirmations of the personal-data check")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "key"], name="portal_privacy_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.where})"
