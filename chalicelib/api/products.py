"""Routes: the lens catalogue and the optician's own products."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, tenant
from chalicelib.services import products

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/products", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_products():
    return products.list_products(tenant(bp.current_request))


@bp.route("/products", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_product():
    request = bp.current_request
    return created(products.create_product(tenant(request), json_body(request)))
