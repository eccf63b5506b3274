"""Routes: a customer's orders (entered in the back office or from the webshop) and reorder basket."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, tenant
from chalicelib.services import orders, reorder_basket

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/orders"


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_orders(customer_id):
    return orders.list_orders(tenant(bp.current_request), customer_id)


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_order(customer_id):
    request = bp.current_request
    return created(orders.create_order(tenant(request), customer_id, json_body(request)))


@bp.route(BASE + "/{order_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_order(customer_id, order_id):
    return orders.get_order(tenant(bp.current_request), customer_id, order_id)


@bp.route(BASE + "/{order_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def update_order(customer_id, order_id):
    request = bp.current_request
    return orders.update_order(tenant(request), customer_id, order_id, json_body(request))


@bp.route("/customers/{customer_id}/reorder-basket", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_reorder_basket(customer_id):
    return reorder_basket.get_basket(tenant(bp.current_request), customer_id)
