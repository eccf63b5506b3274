"""Ports: what a feature needs of a store, as a typing.Protocol (one module per store).

The adapter modules in ``chalicelib/adapters`` implement them as they are (a module satisfies a
Protocol of its functions; mypy checks it where ``services/wiring.py`` returns the adapter), and
the in-memory fakes in ``tests/fakes/`` implement them for unit tests without moto. Ports import
only the domain: they sit below every feature package and below the wiring.
"""
