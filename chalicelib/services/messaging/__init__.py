"""Messaging: the one send path, what a message says, its channel, provider, receipts, history, usage,
and transactional messages sent again when the provider is unavailable."""
