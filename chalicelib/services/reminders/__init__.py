"""Reminders: repurchase, check-up and lens-exchange reminders, their scheduled occurrences, the reorder basket."""
