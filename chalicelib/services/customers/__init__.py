"""Customers of an optician, and the agenda's copy of their facts."""
