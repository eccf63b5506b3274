"""Local mode: the API and schedules on emulated AWS services (moto). Never deployed."""
