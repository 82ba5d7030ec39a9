"""The simulator's facebook endpoints (server.py says what the simulator is and is not)."""
