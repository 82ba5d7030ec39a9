"""python -m harbour.connectors.meta.simulator [--port N]: the Graph API simulator on 127.0.0.1 until
stopped, for the demo and for trying a Meta channel by hand. It prints its address."""

import argparse
import logging
import signal
import threading

from harbour.connectors.meta.simulator.server import Simulator

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--port", type=int, default=8999)
args = parser.parse_args()
logging.basicConfig(level=logging.INFO)
simulator = Simulator(port=args.port).start()
print(f"Graph API simulator (not Meta) at {simulator.url}", flush=True)
stopped = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stopped.set())
try:
    stopped.wait()
except KeyboardInterrupt:
    pass
simulator.stop()
