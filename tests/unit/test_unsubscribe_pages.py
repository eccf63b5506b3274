"""The one-click unsubscribe pages a customer opens from an e-mail (templates/pages/unsubscribe.html.j2)."""
import pytest

from chalicelib.rendering.render import render_page


@pytest.mark.parametrize("language, topic_name, button", [
    ("de", "Webshop und Web App", "Abbestellen"),
    ("fr", "boutique en ligne et web app", "Se désabonner"),
    ("it", "negozio online e web app", "Annulla l'iscrizione"),
    ("en", "webshop and web app", "Unsubscribe"),
])
def test_the_confirmation_page_asks_in_the_customers_language_with_a_button_that_posts(language, topic_name, button):
    page = render_page("unsubscribe", step="confirm", language=language, topic="marketing", optician="Optik Muster")

    assert f'<html lang="{language}">' in page
    assert topic_name.replace("'", "&#39;") in page and "Optik Muster" in page
    assert '<form method="post"><button type="submit">' + button.replace("'", "&#39;") in page


def test_the_done_page_confirms_and_offers_no_button():
    page = render_page("unsubscribe", step="done", language="de", topic="repurchase", optician="Optik Muster")

    assert "Sie erhalten keine Nachrichten zum Thema «Nachkauf-Erinnerungen» von Optik Muster mehr." in page
    assert "<form" not in page


def test_an_unknown_language_falls_back_to_german_and_an_unknown_link_says_so():
    page = render_page("unsubscribe", step="unknown", language="xx", topic=None, optician="")

    assert '<html lang="de">' in page and "Dieser Abmeldelink ist unbekannt oder abgelaufen." in page


def test_the_opticians_name_is_text_never_markup():
    page = render_page("unsubscribe", step="confirm", language="en", topic="orders", optician="<script>x</script>")

    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
