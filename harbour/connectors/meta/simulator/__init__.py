"""The local Graph API simulator (server.py says what it is and is not).

The platform modules register their routes with server.route when imported, here: importing server (or
anything in this package) imports this package first, so every Simulator serves them all. (server.py once
imported them itself, which tied every module of the simulator into one import cycle.)"""

from harbour.connectors.meta.simulator import admin, facebook, instagram, oauth, threads  # noqa: F401
from harbour.connectors.meta.simulator.server import APP_ID, APP_SECRET, Simulator, World

__all__ = ["APP_ID", "APP_SECRET", "Simulator", "World"]
