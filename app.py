"""kontakt: the serverless back end of a retention service for contact-lens opticians.

Wiring only: blueprints with the routes, middleware, and the event handlers.
The logic lives in ``chalicelib``.
"""
from chalice import Chalice

from chalicelib.api import customers, openapi, passports, products, settings
from chalicelib.api.middleware import event_middleware, http_middleware

app = Chalice(app_name="kontakt")
app.register_middleware(http_middleware, "http")
for kind in ("scheduled", "sqs", "sns"):
    app.register_middleware(event_middleware, kind)

for blueprint in (settings.bp, products.bp, customers.bp, passports.bp, openapi.bp):
    app.register_blueprint(blueprint)
