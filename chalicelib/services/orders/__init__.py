"""Orders of lenses: webshop, back office and subscription orders."""
