"""What should not be published: the personal-data check before minutes or a comment go public.

Social services may never publish an individual's circumstances (offentlighets- och
sekretesslagen 26 kap.). Before a meeting is published and when a moderator approves a comment,
`find()` looks through the text for what identifies a person or should not be there:

- Swedish personal identity numbers and coordination numbers, written in any common way
  (`YYMMDD-NNNN`, `YYMMDD+NNNN`, `YYYYMMDDNNNN`, with a space …), with a valid date (a
  coordination number's day is 61–91) and a valid Luhn check digit; a birth date with the last
  four hidden (`700101-XXXX`) too, since a birth date with a name identifies a person;
- phone numbers (Google's libphonenumber, as a Swedish reader would dial them);
- e-mail addresses outside the municipality's own domains (`PRIVACY_OWN_DOMAINS`);
- street addresses with a number (`Storgatan 12`, `Kungsvägen 3 B`);
- the words and phrases of `PRIVACY_WORDS` (for example "LVU" or "skyddad identitet").

Each hit says what it is, where it was found and the text around it, so the editor can fix the
text or confirm it is nothing sensitive. A confirmation is keyed by `Hit.key`: the same kind of
hit with the same text in the same object need not be confirmed again.
"""

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.models import PrivacyConfirmation

KINDS = {
    "personal_number": _("Personal identity or coordination number"),
    "birth_date": _("Birth date of a personal identity number"),
    "phone": _("Phone number"),
    "email": _("E-mail address"),
    "address": _("Street address"),
    "word": _("Word from the list of sensitive words"),
}
CONTEXT = 60  # characters shown either side of a hit

# Year (2 or 4 digits), month, day, then the separator (-, + or a space, or none) and the last
# four: three digits and the check digit. Not inside a longer number or a date like 2026-03-13.
_PERSONAL_NUMBER = re.compile(
    r"(?<![\d\w-])((?:19|20)?\d{2})(\d{2})(\d{2}) ?([-+ ]?) ?(\d{3}[\dXx*]|[Xx*]{4})(?![\d\w])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
# A Swedish street name ends in one of these; the number may carry a letter or a range.
_STREET_ENDINGS = (
    "gatan|gata|vägen|väg|gränd|gränden|torget|torg|platsen|plan|backe|backen|allé|allén|"
    "stigen|stig|leden|led|vägen|kajen|kaj|stråket|parken|slingan|bron|liden|höjden|ringen"
)
_ADDRESS = re.compile(
    rf"\b([A-ZÅÄÖÉ][\wåäöéü-]*(?:{_STREET_ENDINGS}))\s+(\d{{1,4}}(?:\s?[A-Za-z]\b)?"
    rf"(?:\s?-\s?\d{{1,4}})?)(?!\s*(?:kr|kronor|%|procent|år|st|personer|timmar)\b)(?![\d,.]\d)",
    re.UNICODE,
)


@dataclass(frozen=True)
class Hit:
    """One thing found that may not be for the public, with where it is and its surroundings."""

    kind: str
    text: str
    where: str
    before: str
    after: str

    @property
    def key(self) -> str:
        """What a confirmation is remembered by: the kind and the text without its spacing."""
        return f"{self.kind}:{re.sub(r'\s+', ' ', self.text).strip().lower()}"[:300]

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def find(text: str, where: str = "") -> list[Hit]:
    """Everything in `text` that may identify a person or should not be published, in order."""
    if not text:
        return []
    spans: list[tuple[int, int, str]] = []
    for match in _PERSONAL_NUMBER.finditer(text):
        kind = _personal_number_kind(match)
        if kind:
            spans.append((match.start(), match.end(), kind))
    for match in phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID):
        spans.append((match.start, match.end, "phone"))
    own = [domain.lower() for domain in settings.PRIVACY_OWN_DOMAINS]
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith(f".{d}") for d in own):
            spans.append((match.start(), match.end(), "email"))
    for match in _ADDRESS.finditer(text):
        spans.append((match.start(), match.end(), "address"))
    for word in settings.PRIVACY_WORDS:
        pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            spans.append((match.start(), match.end(), "word"))
    return [_hit(text, start, end, kind, where) for start, end, kind in _without_overlaps(spans)]


def _personal_number_kind(match: re.Match) -> str:
    year, month, day, _separator, last = match.groups()
    if not _is_date(year, int(month), int(day)):
        return ""
    if not last[-1].isdigit():
        return "birth_date"  # 700101-XXXX: the date of birth, the rest hidden
    return "personal_number" if _luhn(f"{year[-2:]}{month}{day}{last}") else ""


def _is_date(year: str, month: int, day: int) -> bool:
    if day > 60:
        day -= 60  # a coordination number (samordningsnummer) adds 60 to the day
    full_year = int(year) if len(year) == 4 else 1900 + int(year)  # only for leap years
    try:
        date(full_year, month, day)
    except ValueError:
        return False
    return True


def _luhn(digits: str) -> bool:
    """The check digit of a Swedish personal identity number: Luhn over its ten digits."""
    total = 0
    for index, digit in enumerate(int(d) for d in digits):
        product = digit * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _without_overlaps(spans):
    """The earliest, then longest, of overlapping hits; a personal number is no phone number."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    return kept


def _hit(text: str, start: int, end: int, kind: str, where: str) -> Hit:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return Hit(
        kind=kind,
        text=text[start:end],
        where=where,
        before=("…" if start > CONTEXT else "") + " ".join(before.split(" ")),
        after=" ".join(after.split(" ")) + ("…" if end + CONTEXT < len(text) else ""),
    )


@dataclass(frozen=True)
class Review:
    """The hits in one object's texts, each with its confirmation if someone made one."""

    hits: list[tuple[Hit, object]]

    @property
    def pending(self) -> list[Hit]:
        """The hits nobody has confirmed yet; publishing waits for these."""
        return [hit for hit, confirmation in self.hits if confirmation is None]

    @property
    def pending_keys(self) -> set[str]:
        return {hit.key for hit in self.pending}


class NotReviewed(Exception):
    """Publishing was refused: hits of the personal-data check that nobody has looked at."""

    def __init__(self, review: Review):
        super().__init__(f"{len(review.pending)} hits not confirmed")
        self.review = review


def review(subject, texts) -> Review:
    """The hits in `texts` (pairs of where and text) of `subject`, with its confirmations."""
    hits = [hit for where, text in texts for hit in find(text, str(where))]
    confirmed = {}
    if hits and subject.pk:
        confirmed = {
            c.key: c
            for c in PrivacyConfirmation.objects.filter(
                content_type=ContentType.objects.get_for_model(subject),
                object_id=subject.pk,
                key__in={hit.key for hit in hits},
            ).select_related("confirmed_by")
        }
    return Review([(hit, confirmed.get(hit.key)) for hit in hits])


def confirm(subject, review: Review, keys, *, by) -> Review:
    """Record `by`'s confirmation of the pending hits whose keys are in `keys`; the review after."""
    content_type = ContentType.objects.get_for_model(subject)
    made = {}
    for hit in review.pending:
        if hit.key in keys and hit.key not in made:
            made[hit.key] = PrivacyConfirmation(
                content_type=content_type,
                object_id=subject.pk,
                key=hit.key,
                kind=hit.kind,
                text=hit.text,
                where=hit.where[:400],
                context=f"{hit.before}{hit.text}{hit.after}",
                confirmed_by=by,
            )
    PrivacyConfirmation.objects.bulk_create(made.values(), ignore_conflicts=True)
    return Review([(hit, confirmation or made.get(hit.key)) for hit, confirmation in review.hits])


def confirmed_keys(review: Review, posted) -> tuple[set[str], list[str]]:
    """The pending hits' keys a form's "confirm" boxes checked, and the error messages if some
    hit is neither confirmed nor gone."""
    keys = set(posted) & review.pending_keys
    missing = review.pending_keys - keys
    if not missing:
        return keys, []
    return keys, [
        ngettext(
            "%(count)d hit is not confirmed. Change the text, or tick “Nothing sensitive” "
            "for each hit.",
            "%(count)d hits are not confirmed. Change the text, or tick “Nothing sensitive” "
            "for each hit.",
            len(missing),
        )
        % {"count": len(missing)}
    ]


def choices(review: Review) -> list[tuple[str, str]]:
    """A box for each pending hit, labelled with what it is and the text around it."""
    seen, result = set(), []
    for hit in review.pending:
        if hit.key not in seen:
            seen.add(hit.key)
            label = format_html(
                "<strong>{}</strong> ({}): {}<mark>{}</mark>{} — {}",
                hit.kind_label,
                hit.where,
                hit.before,
                hit.text,
                hit.after,
                _("nothing sensitive"),
            )
            result.append((hit.key, label))
    return result
