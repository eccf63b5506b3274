"""The webshop's side: personal-link session exchange and the signed order webhooks."""
