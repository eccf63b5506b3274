"""Routes: customers and their communication preferences."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, query_params, tenant
from chalicelib.services.reports import customer_export
from chalicelib.services.customers import customers

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/customers", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_customers():
    request = bp.current_request
    return customers.list_customers(tenant(request), query_params(request))


@bp.route("/customers", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_customer():
    request = bp.current_request
    return created(customers.create_customer(tenant(request), json_body(request)))


@bp.route("/customers/{customer_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_customer(customer_id):
    return customers.get_customer(tenant(bp.current_request), customer_id)


@bp.route("/customers/{customer_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def patch_customer(customer_id):
    request = bp.current_request
    return customers.update_customer(tenant(request), customer_id, json_body(request))


@bp.route("/customers/{customer_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_customer(customer_id):
    customers.delete_customer(tenant(bp.current_request), customer_id)
    return no_content()


@bp.route("/customers/{customer_id}/export", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def export_customer(customer_id):
    return customer_export.export_customer(tenant(bp.current_request), customer_id)


@bp.route("/customers/{customer_id}/preferences", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_preferences(customer_id):
    return customers.get_preferences(tenant(bp.current_request), customer_id)


@bp.route("/customers/{customer_id}/preferences", methods=["PUT"], cors=CORS, authorizer=BACKOFFICE)
def put_preferences(customer_id):
    request = bp.current_request
    return customers.replace_preferences(tenant(request), customer_id, json_body(request))
