import zipfile
import zlib
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from directory.models import Group, Organisation
from ideas.models import Idea
from portal import diary, search
from portal.links import link

# What staff may attach to a meeting, and the first bytes each kind of file starts with, so a
# renamed executable or image is refused whatever its name says.
_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument files are zip archives.
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Older Word, Excel and PowerPoint files.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", _PDF),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".odp": ("application/vnd.oasis.opendocument.presentation", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".ppt": ("application/vnd.ms-powerpoint", _OLE),
}


# The zip inside an office document shows its kind: Office Open XML keeps each kind's parts in
# a folder of its own, and OpenDocument names its type in a first member called "mimetype".
_OOXML_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}


def _office_zip_problem(file, suffix: str) -> str:
    """What is wrong with an office file's zip: "content" when it is no document of the kind its
    name says, "macros" when it carries macros, "" when nothing is."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if suffix in _OOXML_FOLDERS:
                if "[Content_Types].xml" not in names or not any(
                    name.startswith(_OOXML_FOLDERS[suffix]) for name in names
                ):
                    return "content"
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return "macros"
                return ""
            with archive.open("mimetype") as member:
                kind = member.read(100).decode("ascii", errors="replace").strip()
            return "" if kind == ATTACHMENT_TYPES[suffix][0] else "content"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, OSError, EOFError,
            RuntimeError, NotImplementedError, ValueError):  # fmt: skip
        # A broken, encrypted or unusual archive (zipfile raises NotImplementedError for a
        # compression method it lacks, RuntimeError for encryption): not a document to publish.
        return "content"
    finally:
        file.seek(0)


def validate_attachment(file) -> None:
    if getattr(file, "_committed", False):
        # Already stored, so checked when it was uploaded; editing the meeting must not fail
        # on an older file (or on one whose copy is missing, after a restore without media).
        return
    suffix = PurePath(file.name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Only PDF and office documents can be attached (%(types)s)."),
            code="file_type",
            params={"types": ", ".join(sorted(ATTACHMENT_TYPES))},
        )
    if file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s is allowed."),
            code="file_size",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    magic = ATTACHMENT_TYPES[suffix][1]
    problem = "" if head.startswith(magic) else "content"
    if not problem and magic == _ZIP:
        problem = _office_zip_problem(file, suffix)
    if problem == "macros":
        raise ValidationError(
            _("The file contains macros, which could run on the reader's computer. Save it "
              "without macros and attach it again."),
            code="file_macros",
        )  # fmt: skip
    if problem:
        raise ValidationError(
            _("The file's content is not a %(suffix)s document, whatever its name says."),
            code="file_content",
            params={"suffix": suffix.lstrip(".").upper()},
        )


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def published_years(self) -> list[int]:
        """The years (in the site's time zone) with a published meeting, newest first.

        One index probe per year between the first and the last meeting, instead of reading
        every meeting as `dates()` does (10,000 meetings: 0.5 ms instead of 5 to 25 ms).
        """
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH span AS (
                    SELECT extract(year FROM min(starts_at) AT TIME ZONE %(zone)s)::int AS first,
                           extract(year FROM max(starts_at) AT TIME ZONE %(zone)s)::int AS last
                    FROM meetings_meeting WHERE status = %(published)s
                )
                SELECT year FROM span, generate_series(span.first, span.last) AS year
                WHERE EXISTS (
                    SELECT 1 FROM meetings_meeting
                    WHERE status = %(published)s
                      AND starts_at >= make_timestamptz(year, 1, 1, 0, 0, 0, %(zone)s)
                      AND starts_at < make_timestamptz(year + 1, 1, 1, 0, 0, 0, %(zone)s)
                )
                ORDER BY year DESC
                """,
                {"zone": settings.TIME_ZONE, "published": Meeting.Status.PUBLISHED},
            )
            return [year for (year,) in cursor.fetchall()]

    def visible_to(self, user):
        """Published meetings, and drafts too for staff who may view them (a preview)."""
        if user.is_active and user.has_perm("meetings.view_meeting"):
            return self
        return self.published()

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def listed(self):
        """Without what no list of meetings shows: the notice and the search columns."""
        return self.defer("notice", *search.COLUMNS)

    def with_minutes_flag(self):
        # A scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS into a hash of every
        # agenda item with minutes (65 ms at a city's scale) even for a page of 20 meetings;
        # a LIMIT 1 subquery is probed only for the meetings the page reads.
        written = AgendaItem.objects.filter(meeting=OuterRef("pk")).exclude(body="")
        return self.annotate(has_minutes=IsNull(Subquery(written.values("pk")[:1]), False))

    def with_minutes(self):
        return self.with_minutes_flag().filter(has_minutes=True)

    def minutes_overdue(self):
        """Meetings held more than MINUTES_OVERDUE_DAYS ago, drafts too, with no minutes
        written under any agenda item, unless marked as a meeting that keeps none."""
        held_before = timezone.now() - timedelta(days=settings.MINUTES_OVERDUE_DAYS)
        return (
            self.filter(starts_at__lt=held_before, no_minutes=False)
            .with_minutes_flag()
            .filter(has_minutes=False)
        )


class Meeting(models.Model):
    """A meeting of a group: its notice and agenda before, its minutes after."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address name"),
        max_length=200,
        unique=True,
        help_text=_("Part of the meeting's web address. Leave empty to make one from the title."),
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    notice = models.TextField(
        _("notice"),
        blank=True,
        help_text=_("The invitation before the meeting. Markdown: *italic*, **bold**, lists."),
    )
    status = models.CharField(_("state"), max_length=20, choices=Status, default=Status.DRAFT)
    no_minutes = models.BooleanField(
        _("no minutes are kept"),
        default=False,
        db_default=False,  # for rows written by SQL (the benchmark's loader)
        help_text=_(
            "Tick for a meeting that keeps no minutes: it is then never listed as one whose "
            "minutes are late."
        ),
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    diary_number = models.CharField(
        _("diary number"),
        max_length=diary.MAX_LENGTH,
        blank=True,
        default="",
        db_default="",  # for rows written by SQL (the benchmark's loader)
        validators=[diary.validate],
        help_text=diary.HELP,
    )
    search_vector = search.vector("title", "notice", "diary_number")
    search_text = search.text("title", "notice", "diary_number")
    organisations = models.ManyToManyField(
        Organisation,
        through="Attendee",
        related_name="meetings",
        verbose_name=_("organisations present"),
        blank=True,
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="meetings_meeting_published_has_time",
            ),
            models.CheckConstraint(
                condition=diary.constraint_condition(), name="meetings_meeting_diary_number_form"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-starts_at"], name="meetings_status_start_idx"),
            # The minutes feed: the latest written first, probed until it has its entries.
            models.Index(
                fields=["status", "-updated_at", "-id"], name="meetings_status_updated_idx"
            ),
            *search.indexes("meetings_meeting"),
            diary.index("meetings_meeting"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.address(self.slug, self.starts_at)

    @staticmethod
    def address(slug: str, starts_at) -> str:
        """A meeting's address from its slug and start, for code that reads meetings as rows
        (the API's trail entries)."""
        return link("meetings:detail", timezone.localtime(starts_at).year, slug)

    @property
    def year(self) -> int:
        """The year in Stockholm, which is the one in the meeting's address."""
        return timezone.localtime(self.starts_at).year

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_written_minutes(self) -> bool:
        """Whether any agenda item has minutes (reads the prefetched items on detail pages)."""
        return any(item.body for item in self.agenda_items.all())

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:180] or "mote"
        year = timezone.localtime(self.starts_at).year
        others = Meeting.objects.exclude(pk=self.pk)
        for candidate in (base, f"{base}-{year}"):
            if not others.filter(slug=candidate).exists():
                return candidate
        n = 2
        while others.filter(slug=f"{base}-{year}-{n}").exists():
            n += 1
        return f"{base}-{year}-{n}"


class AgendaItem(models.Model):
    """One numbered item of a meeting's agenda, with the minutes written under it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_(
            "What was said and agreed. Markdown: *italic*, **bold**, lists with •, - or 1."
        ),
    )
    ideas = models.ManyToManyField(
        Idea, blank=True, related_name="agenda_items", verbose_name=_("ideas discussed")
    )
    search_vector = search.vector("heading", "body")
    search_text = search.text("heading", "body")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = search.indexes("meetings_item")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.heading}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#punkt-{self.pk}"


class Attendee(models.Model):
    """A person present at a meeting and the organisation they came for."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example chair.")
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class MeetingLink(models.Model):
    """A link from a meeting, for example to a recording of one part of it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="links", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(
        _("text"), max_length=300, help_text=_("For example “Del 1: Inledning”.")
    )
    url = models.URLField(_("address"), max_length=1000)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


def _attachment_path(attachment: "Attachment", filename: str) -> str:
    return f"moten/{timezone.now():%Y}/{filename}"


class Attachment(models.Model):
    """A document attached to a meeting: PDF or an office file."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=_attachment_path, max_length=300, validators=[validate_attachment]
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False, default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment", args=[self.pk, self.filename])

    @property
    def kind(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name

    @property
    def content_type(self) -> str:
        suffix = PurePath(self.file.name).suffix.lower()
        return ATTACHMENT_TYPES.get(suffix, ("application/octet-stream",))[0]


class MinutesReminder(models.Model):
    """A week in which the editors were sent the meetings whose minutes are late."""

    week = models.DateField(_("week starting"), unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder of late minutes")
        verbose_name_plural = _("reminders of late minutes")

    def __str__(self) -> str:
        return str(self.week)
