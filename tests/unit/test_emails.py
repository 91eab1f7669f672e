from chalicelib.domain.shared.emails import compose


def test_the_html_twin_escapes_whatever_the_text_holds():
    email = compose("a@b.pe", "Asunto", "Hola <script>alert(1)</script>", "Línea 2")
    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert email.text.startswith("Hola <script>")
    assert email.text.endswith("COOPAC PETROPERÚ · Plataforma de atención a socios")


def test_an_e_mail_that_sends_the_member_to_the_office_gives_the_contact_page():
    email = compose("a@b.pe", "Cambio", "Hola, Ana:", "Si no fuiste tú, comunícate con la "
                    "Oficina de la cooperativa.").pointing_to_contact("https://x.pe/contacto")
    paragraphs = email.text.split("\n\n")
    assert paragraphs[-2] == ("Direcciones, horarios y teléfonos de nuestras agencias: "
                              "https://x.pe/contacto")
    assert paragraphs[-1] == "COOPAC PETROPERÚ · Plataforma de atención a socios"
    assert 'https://x.pe/contacto' in email.html
    assert email.pointing_to_contact("https://x.pe/contacto") == email  # once


def test_other_e_mails_are_left_as_they_are():
    email = compose("a@b.pe", "Tu ticket", "Hola, Ana:", "Te respondimos en el buzón.",
                    "El oficinista de turno te escribirá.")
    assert email.pointing_to_contact("https://x.pe/contacto") == email
