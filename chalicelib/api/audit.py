"""Route: the optician's audit trail of back-office changes (SPEC §9)."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, query_params, tenant
from chalicelib.services.opticians import audit

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/audit", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_audit():
    request = bp.current_request
    return audit.list_audit(tenant(request), query_params(request))
