"""Demo data for local mode: two opticians with customers and lens passports.

Written through the service functions, exactly as the API would write them, so the data
passes every rule of the product. The people are invented.
"""
from __future__ import annotations

from datetime import date, timedelta

DEMO_OPTICIAN = {
    "name": "Optik Muster",
    "sender_name": "OptikMuster",
    "email_from": "kontakt@optik-muster.ch",
    "reply_to": "laden@optik-muster.ch",
    "package": "gold",
    "webshop_url": "https://shop.optik-muster.ch",
    "webapp_url": "https://app.optik-muster.ch",
    "booking_url": "https://optik-muster.ch/termin",
    "phone": "044 123 45 67",
    "address": "Bahnhofstrasse 1, 8001 Zürich",
    "branding": {"logo_url": "https://optik-muster.ch/logo.png", "primary_color": "#0A5FAA"},
    "language": "de",
}

SILVER_OPTICIAN = {
    "name": "Lunetterie du Lac",
    "sender_name": "LunetteLac",
    "package": "silver",
    "webshop_url": "https://boutique.lunetterie-du-lac.ch",
    "booking_url": "https://lunetterie-du-lac.ch/rendez-vous",
    "phone": "021 555 12 34",
    "address": "Rue du Lac 12, 1003 Lausanne",
    "language": "fr",
}


def _eye(product_id: str, base_curve: float, diameter: float, sphere: float, **more) -> dict:
    return {"product_id": product_id, "base_curve": base_curve, "diameter": diameter, "sphere": sphere, **more}


def _customers(today: date) -> dict[str, list[tuple[dict, dict]]]:
    """(customer, lens passport) pairs per optician key."""
    issued = (today - timedelta(days=90)).isoformat()
    valid = (today + timedelta(days=640)).isoformat()
    return {
        "gold": [
            ({"first_name": "Anna", "last_name": "Meier", "salutation": "Frau", "language": "de",
              "mobile": "079 123 45 67", "email": "anna.meier@example.ch", "preferred_channel": "email"},
             {"right": _eye("dailies-total1", 8.5, 14.1, -2.25), "left": _eye("dailies-total1", 8.5, 14.1, -2.5),
              "issued_on": issued, "valid_until": valid}),
            ({"first_name": "Luca", "last_name": "Bernasconi", "salutation": "Herr", "language": "it",
              "mobile": "078 234 56 78", "preferred_channel": "sms"},
             {"right": _eye("biofinity", 8.6, 14.0, -1.75), "left": _eye("biofinity", 8.6, 14.0, -1.5),
              "issued_on": issued, "valid_until": valid}),
            ({"first_name": "Sarah", "last_name": "Keller", "language": "en",
              "email": "sarah.keller@example.com", "preferred_channel": "email"},
             {"right": _eye("acuvue-oasys", 8.4, 14.0, 1.25, cylinder=-0.75, axis=180),
              "issued_on": issued, "valid_until": valid, "notes": "Nur rechtes Auge versorgt."}),
        ],
        "silver": [
            ({"first_name": "Claire", "last_name": "Dubois", "salutation": "Madame", "language": "fr",
              "mobile": "076 345 67 89", "preferred_channel": "sms"},
             {"right": _eye("air-optix-aqua", 8.6, 14.2, -3.0), "left": _eye("air-optix-aqua", 8.6, 14.2, -3.25),
              "issued_on": issued, "valid_until": valid}),
            ({"first_name": "Marc", "last_name": "Favre", "salutation": "Monsieur", "language": "fr",
              "mobile": "077 456 78 90", "preferred_channel": "sms"},
             {"right": _eye("myday", 8.4, 14.2, -0.75), "left": _eye("myday", 8.4, 14.2, -1.0),
              "issued_on": issued, "valid_until": valid}),
        ],
    }


def demo_settings(base_url: str | None = None) -> dict:
    """The demo optician's settings; with ``base_url`` (local mode's server) the logo is the one
    served at ``/_local/logo.png``, so e-mails show it without a network connection."""
    settings = dict(DEMO_OPTICIAN)
    if base_url:
        from local.logo import PATH

        settings["branding"] = {**DEMO_OPTICIAN["branding"], "logo_url": base_url.rstrip("/") + PATH}
    return settings


def seed(today: date | None = None, *, base_url: str | None = None) -> dict:
    """Create the demo data on the (emulated) table; what was created, by optician.

    Answers ``{"opticians": [{"id", "name", "package", "webhook_secret",
    "customers": [{"id", "name", "passport_id"}]}]}``; the first optician is the demo one.
    ``base_url``: local mode's server, which serves the demo optician's logo.
    """
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import CustomerInput
    from chalicelib.schemas.passports import LensPassportInput
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.customers import customers
    from chalicelib.services.opticians import opticians
    from chalicelib.services.lenses import passports

    created = []
    people = _customers(today or date.today())
    for key, settings in (("gold", demo_settings(base_url)), ("silver", SILVER_OPTICIAN)):
        optician = opticians.onboard(decode(dict(settings), SettingsInput))
        _verify_sender(settings.get("email_from"))
        entry = {"id": optician["id"], "name": settings["name"], "package": settings["package"],
                 "webhook_secret": optician["webhook_secret"], "customers": []}
        for person, passport in people[key]:
            customer = customers.create_customer(optician["id"], decode(dict(person), CustomerInput))
            lens_passport = passports.create_passport(optician["id"], customer.id, decode(dict(passport), LensPassportInput))
            entry["customers"].append({"id": customer.id, "name": f"{person['first_name']} {person['last_name']}",
                                       "passport_id": lens_passport["id"]})
        created.append(entry)
    return {"opticians": created}


def _verify_sender(address: str | None) -> None:
    """Verify the optician's sending domain in the emulated SES, as onboarding does in production
    (docs/deployment.md); otherwise SES rejects every e-mail from it."""
    if not address:
        return
    import boto3

    boto3.client("ses").verify_domain_identity(Domain=address.rsplit("@", 1)[1])


_FIRST = ("Anna", "Luca", "Sarah", "Claire", "Marc", "Eva", "Jonas", "Lea", "Noah", "Mia", "Elias", "Lina", "Nico",
          "Laura", "David", "Sofia", "Simon", "Nina", "Jan", "Julia")
_LAST = ("Meier", "Müller", "Keller", "Weber", "Huber", "Schneider", "Fischer", "Brunner", "Gerber", "Frei",
         "Baumann", "Moser", "Graf", "Wyss", "Roth", "Steiner", "Bernasconi", "Rossi", "Favre", "Dubois")


def bench_customers(optician_id: str, count: int) -> int:
    """``count`` more invented customers for the optician (make bench: the web app's search with many
    customers), written through the same service as the API; one in every 20 has a rare last name."""
    from chalicelib.schemas.customers import CustomerInput
    from chalicelib.services.customers import customers

    for n in range(count):
        last = f"Zwicky{n}" if n % 20 == 0 else _LAST[(n // 20) % len(_LAST)]
        customers.create_customer(optician_id, CustomerInput(
            first_name=_FIRST[n % len(_FIRST)], last_name=last, language="de",
            mobile=f"079 {n // 10000 % 10}{n // 1000 % 10}{n // 100 % 10} {n // 10 % 10}{n % 10} {n * 7 % 100:02d}",
            preferred_channel="sms"))
    return count
