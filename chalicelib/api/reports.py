"""Routes: the conversion report and the agenda of scheduled messages (SPEC §10)."""
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import BACKOFFICE, backoffice_cors, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/reports/conversion", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def conversion_report():
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.reports import ConversionQuery
    from chalicelib.services.reports import reports

    request = bp.current_request
    optician_id = tenant(request)
    return reports.conversion(optician_id, decode_query(request.query_params, ConversionQuery))


@bp.route("/agenda", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_agenda():
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.reports import AgendaQuery
    from chalicelib.services.reports import agenda

    request = bp.current_request
    optician_id = tenant(request)
    return agenda.agenda(optician_id, decode_query(request.query_params, AgendaQuery))
