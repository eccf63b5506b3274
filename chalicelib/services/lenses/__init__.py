"""Lenses: the product catalogue and the customers' lens passports."""
