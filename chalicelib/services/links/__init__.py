"""Personal webshop links and one-click unsubscribe tokens."""
