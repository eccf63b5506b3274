"""Routes: a customer's repurchase reminders (Nachkauf-Erinnerung) and the suggestion for a purchase;
models: schemas/repurchase_reminders.py."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/repurchase-reminders"


@bp.route(BASE + "/suggestion", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def suggest_reminder(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.repurchase_reminders import RepurchasePurchase
    from chalicelib.services.reminders import repurchase_reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), RepurchasePurchase)
    return repurchase_reminders.suggestion(optician_id, customer_id, given)


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_reminders(customer_id):
    from chalicelib.services.reminders import repurchase_reminders

    listed = repurchase_reminders.list_reminders(tenant(bp.current_request), customer_id)
    return {"items": [repurchase_reminders.present(reminder) for reminder in listed]}


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_reminder(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.repurchase_reminders import RepurchaseReminderInput
    from chalicelib.services.reminders import repurchase_reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), RepurchaseReminderInput)
    return created(repurchase_reminders.present(repurchase_reminders.create_reminder(optician_id, customer_id, given)))


@bp.route(BASE + "/{reminder_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_reminder(customer_id, reminder_id):
    from chalicelib.services.reminders import repurchase_reminders

    reminder = repurchase_reminders.get_reminder(tenant(bp.current_request), customer_id, reminder_id)
    return repurchase_reminders.present(reminder)


@bp.route(BASE + "/{reminder_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def update_reminder(customer_id, reminder_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.repurchase_reminders import RepurchaseReminderPatch
    from chalicelib.services.reminders import repurchase_reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), RepurchaseReminderPatch)
    reminder = repurchase_reminders.update_reminder(optician_id, customer_id, reminder_id, given)
    return repurchase_reminders.present(reminder)


@bp.route(BASE + "/{reminder_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_reminder(customer_id, reminder_id):
    from chalicelib.services.reminders import repurchase_reminders

    repurchase_reminders.delete_reminder(tenant(bp.current_request), customer_id, reminder_id)
    return no_content()
