"""Order subscriptions and their scheduled occurrences."""
