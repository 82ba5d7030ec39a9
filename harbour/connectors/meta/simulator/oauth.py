"""The simulator's oauth endpoints (server.py says what the simulator is and is not)."""
