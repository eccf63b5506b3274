"""Route: the optician's audit trail of back-office changes (SPEC §9)."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, query_params, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/audit", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_audit():
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.audit import AuditQuery
    from chalicelib.services.opticians import audit

    request = bp.current_request
    optician_id = tenant(request)
    return audit.list_audit(optician_id, decode_query(query_params(request), AuditQuery))
