"""The simulator's instagram endpoints (server.py says what the simulator is and is not)."""
