"""Opticians: settings, e-mail sender onboarding, the audit trail of back-office changes."""
