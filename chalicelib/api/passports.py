"""Routes: a customer's lens passports (Linsenpass); bodies and answers in chalicelib/schemas/passports.py."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, no_content, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()
BASE = "/customers/{customer_id}/lens-passports"


@bp.route(BASE, methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_passports(customer_id):
    from chalicelib.services.lenses import passports

    return passports.list_passports(tenant(bp.current_request), customer_id)


@bp.route(BASE, methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def create_passport(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.passports import LensPassportInput
    from chalicelib.services.lenses import passports

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), LensPassportInput)
    return created(passports.create_passport(optician_id, customer_id, given))


@bp.route(BASE + "/{passport_id}", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_passport(customer_id, passport_id):
    from chalicelib.services.lenses import passports

    return passports.present(passports.get_passport(tenant(bp.current_request), customer_id, passport_id))


@bp.route(BASE + "/{passport_id}", methods=["PUT"], cors=CORS, authorizer=BACKOFFICE)
def put_passport(customer_id, passport_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.passports import LensPassportInput
    from chalicelib.services.lenses import passports

    request = bp.current_request
    optician_id = tenant(request)
    given = decode(json_body(request), LensPassportInput)
    return passports.replace_passport(optician_id, customer_id, passport_id, given)


@bp.route(BASE + "/{passport_id}", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def delete_passport(customer_id, passport_id):
    from chalicelib.services.lenses import passports

    passports.delete_passport(tenant(bp.current_request), customer_id, passport_id)
    return no_content()
