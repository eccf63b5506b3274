"""The history masks each link token and keeps everything else exact (SPEC §9)."""
from chalicelib.domain.masking import MASK, mask_tokens

TOKEN = "NBQh57jPTyrPFcc2qx4ESA"
UNSUB = "a1B2c3D4e5F6g7H8i9J0kL"


def test_a_login_link_keeps_its_address_and_loses_its_token():
    text = f"Hallo Anna, Ihr Zugang: https://shop.example.ch/l/{TOKEN}\nOptik Muster"

    assert mask_tokens(text, [TOKEN]) == "Hallo Anna, Ihr Zugang: https://shop.example.ch/l/•••\nOptik Muster"
    assert MASK == "•••"


def test_every_occurrence_of_every_token_is_masked_in_html():
    html = (f'<a href="https://shop.example.ch/l/{TOKEN}">https://shop.example.ch/l/{TOKEN}</a>'
            f'<a href="https://api.example.ch/unsubscribe/opt_1/{UNSUB}">Abmelden</a>')

    masked = mask_tokens(html, [TOKEN, UNSUB])

    assert TOKEN not in masked and UNSUB not in masked
    assert masked == ('<a href="https://shop.example.ch/l/•••">https://shop.example.ch/l/•••</a>'
                      '<a href="https://api.example.ch/unsubscribe/opt_1/•••">Abmelden</a>')


def test_a_text_without_tokens_or_without_a_text_is_unchanged():
    assert mask_tokens("Ihre Bestellung ist unterwegs.", []) == "Ihre Bestellung ist unterwegs."
    assert mask_tokens(None, [TOKEN]) is None
