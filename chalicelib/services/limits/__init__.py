"""Rate limits on the routes an attacker would hammer."""
