from chalicelib.domain.shared.emails import compose


def test_the_html_twin_escapes_whatever_the_text_holds():
    email = compose("a@b.pe", "Asunto", "Hola <script>alert(1)</script>", "Línea 2")
    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert email.text.startswith("Hola <script>")
    assert email.text.endswith("COOPAC PETROPERÚ · Plataforma de atención a socios")
