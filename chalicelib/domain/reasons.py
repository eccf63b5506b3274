"""The reason codes of the message history and what each means in plain words (SPEC §4, §8).

A reason is a stable code (the API's ``reason``, the web app translates by it); ``reason_text``
is the same meaning in the optician's language. docs/messaging.md has the table, the OpenAPI
document lists the codes. A code not listed here (one added later) falls back to a generic
text instead of failing the history.
"""
from __future__ import annotations

# code -> (de, fr, it, en). Swiss German: "ss", never "ß".
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    # Not sent at all.
    "topic_off": (
        "Nicht gesendet: Der Kunde hat dieses Thema abgeschaltet.",
        "Non envoyé : le client a désactivé ce thème.",
        "Non inviato: il cliente ha disattivato questo tema.",
        "Not sent: the customer switched this topic off."),
    "no_contact": (
        "Nicht gesendet: Keine Handynummer oder E-Mail-Adresse für einen erlaubten Kanal.",
        "Non envoyé : aucun numéro de mobile ni adresse e-mail pour un canal autorisé.",
        "Non inviato: nessun numero di cellulare né indirizzo e-mail per un canale consentito.",
        "Not sent: no mobile number or e-mail address for an allowed channel."),
    "sender_not_verified": (
        "Nicht gesendet: Die Absenderdomain Ihrer E-Mails ist noch nicht bestätigt (Einstellungen → E-Mail-Absender).",
        "Non envoyé : le domaine d'expédition de vos e-mails n'est pas encore vérifié (Paramètres → Expéditeur e-mail).",
        "Non inviato: il dominio mittente delle sue e-mail non è ancora verificato (Impostazioni → Mittente e-mail).",
        "Not sent: your e-mail sender domain is not verified yet (Settings → E-mail sender)."),
    "not_configured": (
        "Nicht gesendet: In den Einstellungen fehlt eine Angabe, die diese Nachricht braucht.",
        "Non envoyé : il manque un paramètre dont ce message a besoin.",
        "Non inviato: manca un'impostazione necessaria per questo messaggio.",
        "Not sent: a setting this message needs is missing."),
    "invalid_data": (
        "Nicht gesendet: Die Angaben zu dieser Nachricht waren unvollständig.",
        "Non envoyé : les données de ce message étaient incomplètes.",
        "Non inviato: i dati di questo messaggio erano incompleti.",
        "Not sent: the data for this message was incomplete."),
    "country_not_allowed": (
        "Nicht gesendet: SMS in das Land dieser Handynummer sind in Ihren Einstellungen nicht freigegeben.",
        "Non envoyé : les SMS vers le pays de ce numéro ne sont pas activés dans vos paramètres.",
        "Non inviato: gli SMS verso il paese di questo numero non sono abilitati nelle sue impostazioni.",
        "Not sent: SMS to this mobile number's country are not enabled in your settings."),
    "daily_cap_reached": (
        "Nicht gesendet: Dieser Kunde hat heute schon die Höchstzahl an Nachrichten erhalten.",
        "Non envoyé : ce client a déjà reçu aujourd'hui le nombre maximal de messages.",
        "Non inviato: questo cliente ha già ricevuto oggi il numero massimo di messaggi.",
        "Not sent: this customer already got the most messages allowed for today."),
    "limit_reached": (
        "Nicht gesendet: Das monatliche SMS-Limit ist erreicht.",
        "Non envoyé : la limite mensuelle de SMS est atteinte.",
        "Non inviato: il limite mensile di SMS è raggiunto.",
        "Not sent: the monthly SMS limit is reached."),
    "coordinated": (
        "Übersprungen: Der Kunde hat heute schon eine Nachricht dieser Art erhalten.",
        "Ignoré : le client a déjà reçu un message de ce type aujourd'hui.",
        "Saltato: il cliente ha già ricevuto oggi un messaggio di questo tipo.",
        "Skipped: the customer already got a message of this kind today."),
    "merged": (
        "Übersprungen: In einer kombinierten Erinnerung enthalten.",
        "Ignoré : inclus dans un rappel combiné.",
        "Saltato: incluso in un promemoria combinato.",
        "Skipped: covered by a combined reminder."),
    "preempted": (
        "Übersprungen: Eine andere Nachricht ging an diesem Tag vor.",
        "Ignoré : un autre message était prioritaire ce jour-là.",
        "Saltato: un altro messaggio aveva la precedenza quel giorno.",
        "Skipped: another message took precedence that day."),
    "superseded": (
        "Übersprungen: Die Erinnerung wurde inzwischen geändert.",
        "Ignoré : le rappel a été modifié entre-temps.",
        "Saltato: il promemoria è stato modificato nel frattempo.",
        "Skipped: the reminder was changed meanwhile."),
    "order_refused": (
        "Nicht gesendet: Die Bestellung des Abos konnte nicht angelegt werden.",
        "Non envoyé : la commande de l'abonnement n'a pas pu être créée.",
        "Non inviato: non è stato possibile creare l'ordine dell'abbonamento.",
        "Not sent: the subscription's order could not be placed."),
    # Refused by the provider when handed over.
    "invalid_number": (
        "Fehler: Die Handynummer ist ungültig. Bitte korrigieren.",
        "Erreur : le numéro de mobile n'est pas valable. Veuillez le corriger.",
        "Errore: il numero di cellulare non è valido. Si prega di correggerlo.",
        "Error: the mobile number is invalid. Please correct it."),
    "invalid_address": (
        "Fehler: Die E-Mail-Adresse ist ungültig. Bitte korrigieren.",
        "Erreur : l'adresse e-mail n'est pas valable. Veuillez la corriger.",
        "Errore: l'indirizzo e-mail non è valido. Si prega di correggerlo.",
        "Error: the e-mail address is invalid. Please correct it."),
    "opted_out": (
        "Fehler: Der Kunde hat SMS mit STOP abbestellt.",
        "Erreur : le client a refusé les SMS (STOP).",
        "Errore: il cliente ha disdetto gli SMS (STOP).",
        "Error: the customer opted out of SMS (STOP)."),
    "provider_rejected": (
        "Fehler: Der Versanddienst hat die Nachricht abgelehnt.",
        "Erreur : le service d'envoi a refusé le message.",
        "Errore: il servizio di invio ha rifiutato il messaggio.",
        "Error: the sending service refused the message."),
    "outcome_unknown": (
        "Fehler: Unklar, ob die Nachricht angenommen wurde; sie wird nicht nochmals gesendet.",
        "Erreur : impossible de savoir si le message a été accepté ; il ne sera pas renvoyé.",
        "Errore: non è chiaro se il messaggio sia stato accettato; non verrà reinviato.",
        "Error: unclear whether the message was accepted; it is not sent again."),
    "interrupted": (
        "Fehler: Der Versand wurde unterbrochen; die Nachricht wird nicht nochmals gesendet.",
        "Erreur : l'envoi a été interrompu ; le message ne sera pas renvoyé.",
        "Errore: l'invio è stato interrotto; il messaggio non verrà reinviato.",
        "Error: sending was interrupted; the message is not sent again."),
    "internal_error": (
        "Fehler: Interner Fehler beim Versand.",
        "Erreur : erreur interne lors de l'envoi.",
        "Errore: errore interno durante l'invio.",
        "Error: internal error while sending."),
    # Reported later by the carrier or the receiving mail server (SPEC §8).
    "unreachable": (
        "Fehler: Das Handy war nicht erreichbar (ausgeschaltet, kein Empfang oder Nummer nicht mehr in Betrieb).",
        "Erreur : le mobile était injoignable (éteint, sans réseau ou numéro plus en service).",
        "Errore: il cellulare non era raggiungibile (spento, senza rete o numero non più attivo).",
        "Error: the phone could not be reached (switched off, no network, or the number is no longer in use)."),
    "carrier_blocked": (
        "Fehler: Der Mobilfunkanbieter hat die SMS blockiert.",
        "Erreur : l'opérateur mobile a bloqué le SMS.",
        "Errore: l'operatore mobile ha bloccato l'SMS.",
        "Error: the mobile carrier blocked the SMS."),
    "bounced": (
        "Fehler: Die E-Mail kam zurück (Adresse existiert nicht oder Postfach voll). Bitte Adresse prüfen.",
        "Erreur : l'e-mail est revenu (adresse inexistante ou boîte pleine). Veuillez vérifier l'adresse.",
        "Errore: l'e-mail è tornata indietro (indirizzo inesistente o casella piena). Si prega di verificare l'indirizzo.",
        "Error: the e-mail bounced (address does not exist or mailbox full). Please check the address."),
    "complaint": (
        "Fehler: Der Kunde hat die E-Mail als Spam gemeldet; an diese Adresse wird nicht mehr geschrieben.",
        "Erreur : le client a signalé l'e-mail comme spam ; plus aucun e-mail ne sera envoyé à cette adresse.",
        "Errore: il cliente ha segnalato l'e-mail come spam; a questo indirizzo non si scrive più.",
        "Error: the customer marked the e-mail as spam; this address is not written to again."),
    "rejected": (
        "Fehler: Der Versanddienst hat die E-Mail abgelehnt (z. B. wegen ihres Inhalts).",
        "Erreur : le service d'envoi a refusé l'e-mail (par ex. à cause de son contenu).",
        "Errore: il servizio di invio ha rifiutato l'e-mail (ad es. per il suo contenuto).",
        "Error: the sending service rejected the e-mail (e.g. because of its content)."),
}
_FALLBACK = ("Siehe Code.", "Voir le code.", "Vedi il codice.", "See the code.")
_LANGUAGES = ("de", "fr", "it", "en")

REASON_CODES: tuple[str, ...] = tuple(_TEXTS)


def reason_text(code: str | None, language: str | None = "de") -> str | None:
    """The plain-language meaning of ``code`` in ``language`` (de, fr, it, en; default de)."""
    if not code:
        return None
    texts = _TEXTS.get(code, _FALLBACK)
    position = _LANGUAGES.index(language) if language in _LANGUAGES else 0
    return texts[position]


def reason_table(language: str = "en") -> list[tuple[str, str | None]]:
    """Every code with its text, in the order above (docs, OpenAPI)."""
    return [(code, reason_text(code, language)) for code in REASON_CODES]
