"""Routes: a customer's check-up reminders (Kontroll-Erinnerung); models: schemas/control_reminders.py."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/control-reminders"


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_control_reminders(customer_id):
    from chalicelib.services.reminders import control_reminders

    listed = control_reminders.list_control_reminders(tenant(bp.current_request), customer_id)
    return {"items": [control_reminders.present(reminder) for reminder in listed]}


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_control_reminder(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.control_reminders import ControlReminderInput
    from chalicelib.services.reminders import control_reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), ControlReminderInput)
    reminder = control_reminders.create_control_reminder(optician_id, customer_id, given)
    return created(control_reminders.present(reminder))


@bp.route(BASE + "/{reminder_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_control_reminder(customer_id, reminder_id):
    from chalicelib.services.reminders import control_reminders

    reminder = control_reminders.get_control_reminder(tenant(bp.current_request), customer_id, reminder_id)
    return control_reminders.present(reminder)


@bp.route(BASE + "/{reminder_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def update_control_reminder(customer_id, reminder_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.control_reminders import ControlReminderPatch
    from chalicelib.services.reminders import control_reminders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), ControlReminderPatch)
    reminder = control_reminders.update_control_reminder(optician_id, customer_id, reminder_id, given)
    return control_reminders.present(reminder)


@bp.route(BASE + "/{reminder_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_control_reminder(customer_id, reminder_id):
    from chalicelib.services.reminders import control_reminders

    control_reminders.delete_control_reminder(tenant(bp.current_request), customer_id, reminder_id)
    return no_content()
