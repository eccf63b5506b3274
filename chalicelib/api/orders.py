"""Routes: a customer's orders (entered in the back office or from the webshop) and reorder basket."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/orders"


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_orders(customer_id):
    from chalicelib.services.orders import orders

    listed = orders.list_orders(tenant(bp.current_request), customer_id)
    return {"items": [orders.present(order) for order in listed]}


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_order(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.orders import OrderInput
    from chalicelib.services.orders import orders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), OrderInput)
    return created(orders.present(orders.create_order(optician_id, customer_id, given)))


@bp.route(BASE + "/{order_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_order(customer_id, order_id):
    from chalicelib.services.orders import orders

    return orders.present(orders.get_order(tenant(bp.current_request), customer_id, order_id))


@bp.route(BASE + "/{order_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def update_order(customer_id, order_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.orders import OrderStatusChange
    from chalicelib.services.orders import orders

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), OrderStatusChange)
    return orders.present(orders.update_order(optician_id, customer_id, order_id, given))


@bp.route("/customers/{customer_id}/reorder-basket", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_reorder_basket(customer_id):
    from chalicelib.services.reminders import reorder_basket

    return reorder_basket.get_basket(tenant(bp.current_request), customer_id)
