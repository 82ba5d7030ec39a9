"""The local Graph API simulator (server.py says what it is and is not)."""

from harbour.connectors.meta.simulator.server import APP_ID, APP_SECRET, Simulator, World

__all__ = ["APP_ID", "APP_SECRET", "Simulator", "World"]
