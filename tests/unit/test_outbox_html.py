"""The local outbox page shows messages as sent, escaped, e-mails in a sandboxed frame."""
from local.outbox_html import render_outbox

SMS = {"channel": "sms", "to": "+41791234567", "sender": "OptikMuster", "text": "Hallo <b>Anna</b>", "html": None}
EMAIL = {"channel": "email", "to": "anna@example.ch", "sender": "Optik Muster <kontakt@optik-muster.ch>",
         "subject": "Ihr Zugang", "text": "Hallo Anna", "html": '<p onclick="x()">Hallo "Anna"</p><script>x()</script>',
         "headers": {"List-Unsubscribe": "<https://api/unsubscribe/o/t>",
                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}


def test_sms_text_is_escaped_and_parts_shown():
    page = render_outbox([SMS])

    assert "Hallo &lt;b&gt;Anna&lt;/b&gt;" in page and "<b>Anna</b>" not in page
    assert "OptikMuster" in page and "1 part(s), GSM-7" in page


def test_an_email_is_shown_in_a_sandboxed_frame_and_its_markup_never_runs_in_the_page():
    page = render_outbox([EMAIL])

    assert '<iframe sandbox="" srcdoc="&lt;p onclick=&quot;x()&quot;&gt;' in page
    assert "<script>" not in page
    assert "List-Unsubscribe-Post:</b> List-Unsubscribe=One-Click" in page


def test_the_page_can_show_one_persons_messages():
    page = render_outbox([SMS, EMAIL], to="anna@example.ch")

    assert "Outbox (1)" in page and "OptikMuster" not in page
