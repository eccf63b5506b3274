"""Scheduled occurrences at scale (issue 5; docs/operations.md).

- ``scanner.run(now)``: the EventBridge-scheduled run; queries the sparse ``due`` index
  per shard and queues one SQS message per due occurrence.
- ``consumer.handle(event, context)``: the SQS consumer; processes each occurrence with
  ``occurrence.process`` (and each transactional message to send again, ``send_retry``,
  with services/messaging/transactional.py) and reports partial batch failures.
- ``registry``: sort-key prefix → the handler module of each kind (repurchase, control,
  lens exchange, subscription).
"""
