"""DynamoDB adapters (PynamoDB). Imported lazily by the services: pynamodb is heavy at cold start."""
