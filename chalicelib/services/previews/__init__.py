"""Message previews: a message as it would be sent now, from the customer's real records."""
