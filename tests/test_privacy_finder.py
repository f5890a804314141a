"""The personal-data check finds what would identify a person, and not what only looks like it."""

import pytest

from portal.privacy import _luhn, find


def _found(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.text) for hit in find(text)]


@pytest.mark.parametrize(
    "written",
    [
        "811218-9876",  # the common form
        "19811218-9876",  # with the century
        "811218+9876",  # someone over a hundred
        "8112189876",  # without a dash
        "198112189876",
        "811218 9876",  # with a space
        "19811218 9876",
        "701063-2391",  # a coordination number: the day plus 60
    ],
)
def test_personal_and_coordination_numbers_in_every_common_form(written):
    assert _found(f"Anna, {written}, ringde i går.") == [("personal_number", written)]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # the check digit is wrong
        "811318-9876",  # month 13
        "810230-1234",  # 30 February
        "Dnr SN 2026/1234",
        "Mötet 2026-03-13 kl. 13.00",
        "Kostnaden var 1 200 000 kr, 2025-2026.",
        "Beslut 20260313-1",
    ],
)
def test_numbers_that_only_look_like_one_are_no_hit(text):
    assert [kind for kind, _ in _found(text)] == []


def test_the_luhn_check_digit():
    assert _luhn("8112189876")
    assert not _luhn("8112189875")
    assert _luhn("7010632391")


def test_a_birth_date_with_the_last_four_hidden_is_a_hit():
    assert _found("Född 700101-XXXX.") == [("birth_date", "700101-XXXX")]


def test_phone_numbers_as_swedes_write_them():
    text = "Ring 070-123 45 67, 08-508 000 00, +46 70 123 45 67 eller 0701234567."
    assert [hit for kind, hit in _found(text) if kind == "phone"] == [
        "070-123 45 67",
        "08-508 000 00",
        "+46 70 123 45 67",
        "0701234567",
    ]


def test_e_mail_outside_the_municipalitys_domains(settings):
    settings.PRIVACY_OWN_DOMAINS = ["kommun.se"]
    text = "Skriv till anna.svensson@gmail.com, info@kommun.se eller sok@soc.kommun.se."
    assert _found(text) == [("email", "anna.svensson@gmail.com")]


def test_street_addresses_with_a_number_and_not_street_names_alone():
    text = "Hon bor på Storgatan 12 B. Mötet på Kungsvägen hölls i 2 timmar; Lillgatan 3-5."
    assert _found(text) == [("address", "Storgatan 12 B"), ("address", "Lillgatan 3-5")]


def test_words_from_the_configurable_list(settings):
    settings.PRIVACY_WORDS = ["skyddad identitet", "LVU"]
    text = "Barnet har Skyddad identitet och ett LVU-beslut. Inget om LVUX."
    assert _found(text) == [("word", "Skyddad identitet"), ("word", "LVU")]


def test_each_hit_says_where_and_shows_the_text_around_it():
    text = (
        "Första meningen är lång nog. Anna med personnummer 811218-9876 berättade om sin situation."
    )
    (hit,) = find(text, "Punkt 2, minnesanteckningar")
    assert hit.where == "Punkt 2, minnesanteckningar"
    assert hit.before.endswith("Anna med personnummer ")
    assert hit.after.startswith(" berättade om sin")
    assert hit.key == "personal_number:811218-9876"


def test_ordinary_minutes_have_no_hits():
    text = (
        "1. Välkommen\nOrdföranden hälsade alla välkomna. Föregående minnesanteckningar "
        "godkändes.\n2. Boendestöd\nFörvaltningen berättade om 24 nya platser från 1 mars 2026. "
        "Läs mer på https://www.kommun.se/boendestod.\nNästa möte 12 juni kl. 13.00 i Stadshuset."
    )
    assert find(text) == []
