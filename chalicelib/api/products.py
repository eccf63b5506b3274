"""Routes: the lens catalogue and the optician's own products (models: chalicelib/schemas/products.py)."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/products", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_products():
    from chalicelib.services.lenses import products

    return products.list_products(tenant(bp.current_request))


@bp.route("/products", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_product():
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.products import ProductInput
    from chalicelib.services.lenses import products

    request = bp.current_request
    optician_id = tenant(request)
    return created(products.create_product(optician_id, decode(json_body(request), ProductInput)))
