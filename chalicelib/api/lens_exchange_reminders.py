"""Routes: lens-exchange reminders, set by the optician (back office) or the customer (webshop);
models: schemas/lens_exchange_reminders.py."""
from chalice import Response

from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, tenant
from chalicelib.api.webshop_auth import verify_webshop_request

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/lens-exchange-reminders"


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_lens_exchange_reminders(customer_id):
    from chalicelib.services.reminders import lens_exchange_reminders as reminders

    listed = reminders.list_lens_exchange_reminders(tenant(bp.current_request), customer_id)
    return {"items": [reminders.present(reminder) for reminder in listed]}


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_lens_exchange_reminder(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.lens_exchange_reminders import LensExchangeReminderInput
    from chalicelib.services.reminders import lens_exchange_reminders as reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), LensExchangeReminderInput)
    return created(reminders.present(reminders.create_lens_exchange_reminder(optician_id, customer_id, given)))


@bp.route(BASE + "/{reminder_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_lens_exchange_reminder(customer_id, reminder_id):
    from chalicelib.services.reminders import lens_exchange_reminders as reminders

    return reminders.present(reminders.get_lens_exchange_reminder(tenant(bp.current_request), customer_id, reminder_id))


@bp.route(BASE + "/{reminder_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def update_lens_exchange_reminder(customer_id, reminder_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.lens_exchange_reminders import LensExchangeReminderPatch
    from chalicelib.services.reminders import lens_exchange_reminders as reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), LensExchangeReminderPatch)
    return reminders.present(reminders.update_lens_exchange_reminder(optician_id, customer_id, reminder_id, given))


@bp.route(BASE + "/{reminder_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_lens_exchange_reminder(customer_id, reminder_id):
    from chalicelib.services.reminders import lens_exchange_reminders as reminders

    reminders.delete_lens_exchange_reminder(tenant(bp.current_request), customer_id, reminder_id)
    return no_content()


@bp.route("/webshop/{optician_id}/customers/{customer_id}/lens-exchange-reminder", methods=["PUT"])
def put_lens_exchange_reminder_from_webshop(optician_id, customer_id):
    """The customer sets or stops their reminder in the webshop (signed server-to-server call)."""
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.lens_exchange_reminders import WebshopLensExchangeReminder
    from chalicelib.services.webshop import lens_exchange as webshop_reminders

    request = bp.current_request
    verify_webshop_request(request, optician_id, rate_limit="webhooks")
    body = json_body(request)
    given = decode(body, WebshopLensExchangeReminder)
    status, reminder = webshop_reminders.put_from_webshop_once(optician_id, customer_id, given, body)
    return Response(body=reminder, status_code=status)
