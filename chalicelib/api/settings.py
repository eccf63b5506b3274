"""Routes: the optician's own settings and webhook secret; onboarding by the operator.

Bodies and answers are declared in chalicelib/schemas/settings.py (models imported in the
handlers that decode: msgspec stays out of the cold start)."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, admin, backoffice_cors, created, json_body, principal, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/settings", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_settings():
    from chalicelib.services.opticians import opticians

    return opticians.public(opticians.get_settings(tenant(bp.current_request)))


@bp.route("/settings", methods=["PUT"], cors=CORS, authorizer=BACKOFFICE)
def put_settings():
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.opticians import opticians

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), SettingsInput)
    return opticians.replace_settings(optician_id, given, by_operator=principal(request).is_admin)


@bp.route("/settings/webhook-secret", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def rotate_webhook_secret():
    from chalicelib.services.opticians import opticians

    return opticians.rotate_webhook_secret(tenant(bp.current_request))


@bp.route("/settings/email-sender", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_email_sender():
    from chalicelib.services.opticians import email_sender

    return email_sender.get_sender(tenant(bp.current_request))


@bp.route("/settings/email-sender", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def check_email_sender():
    from chalicelib.services.opticians import email_sender

    return email_sender.check_now(tenant(bp.current_request))


@bp.route("/admin/opticians", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def onboard_optician():
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.opticians import opticians

    request = bp.current_request
    admin(request)
    return created(opticians.onboard(decode(json_body(request), SettingsInput)))


@bp.route("/admin/opticians/{optician_id}/sender-name", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def approve_sender_name(optician_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.settings import SenderNameApproval
    from chalicelib.services.opticians import opticians

    request = bp.current_request
    admin(request)
    return opticians.approve_sender_name(optician_id, decode(json_body(request), SenderNameApproval))
