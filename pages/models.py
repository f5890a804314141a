from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_MARKDOWN_HELP = _(
    "Markdown: a blank line between paragraphs, ## before a heading, * before each item of a list, "
    "[text](address) for a link."
)


class AccessibilityStatement(models.Model):
    """The accessibility statement the law requires, after DIGG's model; one for the portal."""

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("Who is responsible for the website, e.g. the municipality's committee."),
    )
    service_name = models.CharField(_("name of the service"), max_length=200)
    compliance = models.CharField(
        _("compliance with the law"),
        max_length=20,
        choices=Compliance,
        default=Compliance.PARTIAL,
        help_text=_(
            "With the Act on accessibility to digital public services (2018:1937), that is "
            "WCAG 2.1 level AA. Fully compliant only when nothing is listed as not accessible."
        ),
    )
    inaccessible_content = models.TextField(
        _("content that is not accessible, and why"),
        blank=True,
        help_text=_MARKDOWN_HELP,
    )
    assessed_on = models.DateField(_("date of the latest assessment"))
    assessment_method = models.TextField(
        _("how the website was assessed"),
        help_text=_MARKDOWN_HELP,
    )
    published_on = models.DateField(_("the website was published on"), null=True, blank=True)
    contact_email = models.EmailField(
        _("e-mail for questions"),
        blank=True,
        help_text=_(
            "Shown on the page, for visitors who cannot use some content. Without it, and "
            "without a phone number, the page shows the department's contact details."
        ),
    )
    contact_phone = models.CharField(_("phone for questions"), max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("we answer within (working days)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")

    def __str__(self) -> str:
        return gettext("Accessibility statement for %(service)s") % {"service": self.service_name}

    def get_absolute_url(self) -> str:
        return reverse("pages:statement")


class Page(models.Model):
    """A page about the portal, in standard Swedish and in easy-to-read Swedish (lättläst)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address name"),
        max_length=100,
        unique=True,
        help_text=_("The page is at /om/<address name>/. It cannot be changed later."),
    )
    body = models.TextField(_("text"), help_text=_MARKDOWN_HELP)
    easy_read_title = models.CharField(_("easy-to-read title"), max_length=200)
    easy_read_body = models.TextField(
        _("easy-to-read text"),
        help_text=format_lazy(
            "{} {}",
            _(
                "The same content in easy-to-read Swedish: short sentences, common words, one "
                "thing in each sentence, no abbreviations, a heading above every part."
            ),
            _MARKDOWN_HELP,
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Pages are listed in this order, lowest first.")
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:page", args=[self.slug])

    def get_easy_read_url(self) -> str:
        return reverse("pages:easy_read", args=[self.slug])
