"""The API's request and response models (msgspec Structs), one module per feature, each with the
table of its operations (``OPERATIONS``); ``document.py`` builds the OpenAPI document from them.
See docs/api-models.md."""
