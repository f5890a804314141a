"""An organisation added to the directory from the minutes import: once, whoever adds it, and
never an error page when two editors add the same one at the same time."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import Organisation
from directory.services import organisation_named
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_the_directorys_organisation_is_found_whatever_its_case():
    rsmh = make_organisation(name="RSMH Stockholm", slug="rsmh")
    assert organisation_named("rsmh  stockholm") == rsmh
    assert Organisation.objects.count() == 1


def test_a_new_one_gets_a_free_address_name():
    make_organisation(name="Annan", slug="verdandi")
    added = organisation_named("Verdandi")
    assert (added.name, added.slug) == ("Verdandi", "verdandi-2")


def test_one_added_meanwhile_by_another_editor_is_used(monkeypatch):
    """Between looking for the name and saving, another import added it: this one uses it."""
    check = Organisation.full_clean

    def someone_else_first(organisation, *args, **kwargs):
        if not Organisation.objects.filter(name="Verdandi").exists():
            Organisation.objects.create(name="Verdandi", slug="verdandi-annan")
        return check(organisation, *args, **kwargs)

    monkeypatch.setattr(Organisation, "full_clean", someone_else_first)
    added = organisation_named("Verdandi")
    assert added.slug == "verdandi-annan"
    assert Organisation.objects.filter(name="Verdandi").count() == 1


def test_a_name_too_long_is_refused_not_cut():
    with pytest.raises(ValidationError):
        organisation_named("Föreningen " * 30)
    assert not Organisation.objects.exists()
