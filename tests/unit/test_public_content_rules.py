"""The rules of «Tasas y tarifas» and «Contacto» (domain.info.public_content): phones, WhatsApp
numbers, rates and fees as an admin types them."""

from __future__ import annotations

import pytest

from chalicelib.domain.info import public_content as rules
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import FieldProblem


@pytest.mark.parametrize("typed", ["(01) 614-5000", "+51 73 381234", "987 654 321", "6145000"])
def test_phones_keep_what_was_typed(typed: str) -> None:
    assert rules.phone_text(f"  {typed} ") == typed


@pytest.mark.parametrize("typed", ["anexo 23", "12345", "(01) 614-5000 ext 2",
                                   "+51 1 2345 6789 012", "01/6145000"])
def test_a_phone_with_words_or_too_few_or_many_digits_is_refused(typed: str) -> None:
    with pytest.raises(FieldProblem, match="Escribe un teléfono válido"):
        rules.phone_text(typed)


@pytest.mark.parametrize(("typed", "kept"), [("987 654 321", "987654321"),
                                             ("+51 987 654 321", "987654321"),
                                             ("51987654321", "987654321"), ("", None),
                                             (None, None)])
def test_whatsapp_is_a_peruvian_mobile_kept_as_nine_digits(typed: str | None,
                                                           kept: str | None) -> None:
    assert rules.whatsapp_number(typed) == kept


@pytest.mark.parametrize("typed", ["(01) 614-5000", "887 654 321", "98765432", "+1 987 654 321",
                                   "9876543210"])
def test_a_landline_or_a_foreign_number_is_no_whatsapp(typed: str) -> None:
    with pytest.raises(FieldProblem, match="celular del Perú"):
        rules.whatsapp_number(typed)


def test_rates_are_fractions_and_fees_soles() -> None:
    parsed = rules.parse_rates({"rates": [{"group": "PLAZO_FIJO", "concept": " De 90  días ",
                                           "rate": "0.045"}],
                                "fees": [{"concept": "Constancia", "amount": "5"}]})
    assert parsed.data == {"rates": [{"group": "plazo_fijo", "concept": "De 90 días",
                                      "rate": "0.0450", "note": ""}],
                           "fees": [{"concept": "Constancia", "amount": "5.00", "note": ""}]}


@pytest.mark.parametrize("rate", ["4.5", "-0.01", "0.1234567"])
def test_a_rate_outside_zero_to_one_or_too_precise_is_refused(rate: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        rules.parse_rates({"rates": [{"group": "cts", "concept": "CTS", "rate": rate}]})
    assert set(refused.value.fields) == {"rates[0].rate"}


def test_an_empty_contact_or_a_missing_field_names_the_field() -> None:
    with pytest.raises(InvalidInput) as empty:
        rules.parse_contact({"agencies": []})
    assert empty.value.fields == {"agencies": "Agrega al menos una fila."}
    with pytest.raises(InvalidInput) as missing:
        rules.parse_contact({"agencies": [{"name": "Sede", "address": "Av. 1", "district": "Lima",
                                           "hours": "L-V", "phones": []}]})
    assert missing.value.fields == {"agencies[0].phones": "Agrega al menos un teléfono."}


def test_the_audit_names_the_lists_an_edit_changed() -> None:
    before = {"rates": [1], "fees": [2]}
    assert rules.changed_keys(before, {"rates": [1], "fees": [3]}) == "fees"
    assert rules.changed_keys(before, before) == "-"
