"""portal.links.link() gives the address reverse() gives, in each language."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.links import link, settled

ADDRESSES = [
    ("ideas:detail", ["lang-historia"]),
    ("ideas:withdraw", [12]),
    ("ideas:report", [7]),
    ("directory:group", ["brukargrupp-vuxna"]),
    ("directory:organisation", ["rsmh-norrby"]),
    ("meetings:detail", [2026, "stormote"]),
    ("meetings:list", []),
    # Not a slug: quoted as reverse() quotes it.
    ("meetings:attachment", [3, "minnesanteckningar åäö & co.pdf"]),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "args"), ADDRESSES)
def test_link_is_the_address_reverse_gives(language, name, args):
    with translation.override(language):
        assert link(name, *args) == reverse(name, args=args)


def test_an_english_address_after_a_swedish_one_has_its_prefix():
    with translation.override("sv"):
        swedish = link("ideas:detail", "a")
    with translation.override("en"):
        english = link("ideas:detail", "a")
    assert swedish == "/ideer/a/"
    assert english == "/en/ideer/a/"


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "args"), ADDRESSES)
def test_a_settled_link_is_the_address_reverse_gives(language, name, args):
    with translation.override(language), settled():
        assert link(name, *args) == reverse(name, args=args)


def test_settled_holds_the_language_it_began_in_and_ends():
    with translation.override("en"), settled():
        assert link("ideas:detail", "a") == "/en/ideer/a/"
    with translation.override("sv"):
        assert link("ideas:detail", "a") == "/ideer/a/"
