"""kontakt: the serverless back end of a retention service for contact-lens opticians.

Wiring only: blueprints with the routes, middleware, and the event handlers.
The logic lives in ``chalicelib``.
"""
from chalice import Chalice, Cron

from chalicelib.api import customers, openapi, passports, products, settings
from chalicelib.api import control_reminders, lens_exchange_reminders, subscriptions
from chalicelib.api import audit, messages, webshop
from chalicelib.api import orders, reports, repurchase_reminders, webhooks
from chalicelib.api.middleware import audit_middleware, event_middleware, http_middleware, spec_errors_middleware
from chalicelib.config import get_config

app = Chalice(app_name="kontakt")
app.register_middleware(http_middleware, "http")
app.register_middleware(spec_errors_middleware(app.routes), "http")
app.register_middleware(audit_middleware, "http")
for kind in ("scheduled", "sqs", "sns", "pure_lambda"):
    app.register_middleware(event_middleware, kind)

for blueprint in (settings.bp, products.bp, customers.bp, passports.bp, openapi.bp,
                  subscriptions.bp, control_reminders.bp, lens_exchange_reminders.bp, messages.bp, webshop.bp,
                  repurchase_reminders.bp, orders.bp, webhooks.bp, reports.bp, audit.bp):
    app.register_blueprint(blueprint)


@app.on_sns_message(topic=get_config().ses_feedback_topic)
def ses_feedback(event):
    """SES delivery, bounce, complaint and reject events of the configuration set (docs/messaging.md)."""
    from chalicelib.services.messaging.delivery_feedback import handle_ses_event

    handle_ses_event(event.message)


@app.lambda_function(name="sms_receipts")
def sms_receipts(event, context):
    """SNS SMS delivery-status logs from the CloudWatch Logs subscription filters (docs/messaging.md)."""
    from chalicelib.services.messaging.delivery_feedback import handle_sms_logs

    handle_sms_logs(event)


@app.schedule(Cron("0/5", "*", "*", "*", "?", "*"), name="due_reminders")
def due_reminders(event):
    """Queue every scheduled occurrence due by the event's time (docs/operations.md)."""
    from chalicelib.services.scheduling import scanner

    scanner.run(event.time)


@app.on_sqs_message(queue=get_config().send_queue_name, batch_size=10, name="send_due",
                    maximum_concurrency=get_config().send_max_concurrency)
def send_due(event):
    """Send the queued due occurrences; answers the records to deliver again."""
    from chalicelib.services.scheduling import consumer

    return consumer.handle(event.to_dict(), event.context)
