"""HTTP layer: Chalice blueprints that parse, call one service function, shape the response."""
