"""Routes: customers and their communication preferences."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, query_params, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/customers", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_customers():
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.customers import CustomerQuery
    from chalicelib.services.customers import customers

    request = bp.current_request
    optician_id = tenant(request)
    query = decode_query(query_params(request), CustomerQuery)
    return customers.present_page(customers.list_customers(optician_id, query))


@bp.route("/customers", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_customer():
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import CustomerInput
    from chalicelib.services.customers import customers

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), CustomerInput, null_is_missing=False)
    return created(customers.present(customers.create_customer(optician_id, given)))


@bp.route("/customers/{customer_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_customer(customer_id):
    from chalicelib.services.customers import customers

    return customers.present(customers.get_customer(tenant(bp.current_request), customer_id))


@bp.route("/customers/{customer_id}", methods=["PATCH"], cors=CORS, authorizer=BACKOFFICE)
def patch_customer(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import CustomerPatch
    from chalicelib.services.customers import customers

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), CustomerPatch, null_is_missing=False)
    return customers.present(customers.update_customer(optician_id, customer_id, given))


@bp.route("/customers/{customer_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_customer(customer_id):
    from chalicelib.services.customers import customers

    customers.delete_customer(tenant(bp.current_request), customer_id)
    return no_content()


@bp.route("/customers/{customer_id}/export", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def export_customer(customer_id):
    from chalicelib.services.reports import customer_export

    return customer_export.export_customer(tenant(bp.current_request), customer_id)


@bp.route("/customers/{customer_id}/preferences", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_preferences(customer_id):
    from chalicelib.services.customers import customers

    return customers.get_preferences(tenant(bp.current_request), customer_id)


@bp.route("/customers/{customer_id}/preferences", methods=["PUT"], cors=CORS, authorizer=BACKOFFICE)
def put_preferences(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import PreferencesInput
    from chalicelib.services.customers import customers

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), PreferencesInput, null_is_missing=False)
    return customers.replace_preferences(optician_id, customer_id, given)
