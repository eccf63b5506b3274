"""Routes: a customer's order subscriptions (Bestell-Abo)."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/subscriptions"


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_subscriptions(customer_id):
    from chalicelib.services.subscriptions import subscriptions

    listed = subscriptions.list_subscriptions(tenant(bp.current_request), customer_id)
    return {"items": [subscriptions.present(subscription) for subscription in listed]}


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_subscription(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.subscriptions import SubscriptionInput
    from chalicelib.services.subscriptions import subscriptions

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), SubscriptionInput)
    return created(subscriptions.present(subscriptions.create_subscription(optician_id, customer_id, given)))


@bp.route(BASE + "/{subscription_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_subscription(customer_id, subscription_id):
    from chalicelib.services.subscriptions import subscriptions

    return subscriptions.present(subscriptions.get_subscription(tenant(bp.current_request), customer_id,
                                                                subscription_id))


@bp.route(BASE + "/{subscription_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def update_subscription(customer_id, subscription_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.subscriptions import SubscriptionPatch
    from chalicelib.services.subscriptions import subscriptions

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), SubscriptionPatch)
    return subscriptions.present(subscriptions.update_subscription(optician_id, customer_id, subscription_id, given))


@bp.route(BASE + "/{subscription_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_subscription(customer_id, subscription_id):
    from chalicelib.services.subscriptions import subscriptions

    subscriptions.delete_subscription(tenant(bp.current_request), customer_id, subscription_id)
    return no_content()
