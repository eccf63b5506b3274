"""Routes: the conversion report and the agenda of scheduled messages (SPEC §10)."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, query_params, tenant
from chalicelib.services.reports import agenda, reports

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/reports/conversion", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def conversion_report():
    request = bp.current_request
    return reports.conversion(tenant(request), query_params(request))


@bp.route("/agenda", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_agenda():
    request = bp.current_request
    return agenda.agenda(tenant(request), query_params(request))
