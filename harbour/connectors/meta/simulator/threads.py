"""The simulator's threads endpoints (server.py says what the simulator is and is not)."""
