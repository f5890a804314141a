from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.links import link


class Organisation(models.Model):
    """A user organisation, the department, the region or another body that takes part."""

    class Kind(models.TextChoices):
        USER_ORGANISATION = "user_organisation", _("User organisation")
        DEPARTMENT = "department", _("The social services department")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind, default=Kind.USER_ORGANISATION)
    description = models.TextField(_("short description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("directory:organisation", self.slug)


class Group(models.Model):
    """A forum where the department and the user organisations meet."""

    class Kind(models.TextChoices):
        JOINT_DEVELOPMENT = "joint_development", _("Joint development group")
        INNOVATION = "innovation", _("Innovation group")
        USER_GROUP = "user_group", _("User group")
        OTHER = "other", _("Other group")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind, default=Kind.OTHER)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences."))
    easy_read = models.TextField(
        _("easy-to-read summary"),
        blank=True,
        help_text=_(
            "A few short sentences in easy-to-read Swedish: common words, one thing in each "
            "sentence, no abbreviations. Shown first on the group's page."
        ),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="groups", verbose_name=_("member organisations")
    )
    # The sections visitors know from the old site.
    why = models.TextField(_("why the group exists"), blank=True)
    who = models.TextField(_("who takes part"), blank=True)
    where = models.TextField(_("where"), blank=True)
    when = models.TextField(_("when"), blank=True)
    proposals = models.TextField(_("what happens to the proposals"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact person's role"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("directory:group", self.slug)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class Representative(models.Model):
    """A person who comments on proposals on behalf of one or more user organisations."""

    class Notify(models.TextChoices):
        IMMEDIATELY = "immediately", _("Send each e-mail at once")
        DAILY = "daily", _("One e-mail a day with everything new")
        NEVER = "never", _("No e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representative",
        verbose_name=_("user account"),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="representatives", verbose_name=_("organisations")
    )
    notify = models.CharField(
        _("e-mail about followed ideas"),
        max_length=20,
        choices=Notify,
        default=Notify.IMMEDIATELY,
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class KeptForm(models.Model):
    """What staff wrote in an admin form, kept for a while so that it is not lost.

    Either posted after the session had ended (kept under a random token that only the browser
    that posted it knows, `token_hash`), or saved as the editor typed (an autosave, kept per
    `user` and form). The posted fields only, never files or the CSRF token.
    """

    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    # The admin form: "app_label.model_name", and the object's id ("" for a new object).
    form = models.CharField(max_length=200)
    object_id = models.CharField(max_length=100, blank=True)
    fields = models.JSONField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(token_hash__isnull=True) ^ models.Q(user__isnull=True),
                name="directory_keptform_token_or_user",
            ),
            models.UniqueConstraint(
                fields=["user", "form", "object_id"],
                condition=models.Q(user__isnull=False),
                name="directory_keptform_one_autosave_per_form",
            ),
        ]
        indexes = [models.Index(fields=["saved_at"], name="directory_keptform_saved_at")]

    def __str__(self) -> str:
        return f"{self.form} {self.object_id or '+'} ({self.saved_at:%Y-%m-%d %H:%M})"
