"""HTTP layer: Chalice blueprints that parse, call one service function, shape the response.

Handlers import the services they call in their body, not in the module header: every function
runs ``import app`` at a cold start, a request needs only its own route's services
(docs/architecture.md, "Function-level imports"; tests/unit/test_cold_start.py)."""
