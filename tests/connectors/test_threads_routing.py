"""The Graph API simulator keeps Threads' calls apart from Facebook's and Instagram's: one process serves
every host, so a route written for Facebook's Graph versions (VERSION) must never take a call to Threads'
v1.0 (THREADS), whichever module registered its routes first."""

import re

from harbour.connectors.meta.graph import GRAPH_VERSION, THREADS_VERSION
from harbour.connectors.meta.simulator.server import THREADS, VERSION


def test_facebook_routes_do_not_take_threads_calls():
    facebook_object = re.compile(VERSION + r"/(?P<id>\d+)/?")
    threads_object = re.compile(THREADS + r"/(?P<id>\d+)/?")
    assert facebook_object.fullmatch(f"/{GRAPH_VERSION}/17841400000000001")
    assert facebook_object.fullmatch("/v19.0/17841400000000001")  # an older Graph version still routes
    assert not facebook_object.fullmatch(f"/{THREADS_VERSION}/17841400000000001")
    assert threads_object.fullmatch(f"/{THREADS_VERSION}/17841400000000001")
    assert not threads_object.fullmatch(f"/{GRAPH_VERSION}/17841400000000001")
    assert not re.compile(VERSION + r"/me/?").fullmatch(f"/{THREADS_VERSION}/me")
