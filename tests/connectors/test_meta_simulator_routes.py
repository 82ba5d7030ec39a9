"""The Graph API simulator's router lets two platform modules share one pattern: a handler that raises
NotMine for an id it does not hold passes the call to the next route (Facebook's and Instagram's GET /{id}
both match a number), and a call no route claims is Graph's "does not exist" error."""

import httpx

from harbour.connectors.meta.simulator.server import NotMine, Simulator, route

HELD = {"first": {"111": "first module's object"}, "second": {"222": "second module's object"}}


@route("GET", r"/_test/shared/(?P<id>\d+)")
def _first(request):
    found = HELD["first"].get(request.match["id"])
    if found is None:
        raise NotMine
    return {"from": "first", "value": found}


@route("GET", r"/_test/shared/(?P<id>\d+)")
def _second(request):
    found = HELD["second"].get(request.match["id"])
    if found is None:
        raise NotMine
    return {"from": "second", "value": found}


def test_a_handler_that_does_not_hold_the_id_passes_it_on():
    with Simulator() as sim:
        assert httpx.get(f"{sim.url}/_test/shared/111").json() == {
            "from": "first",
            "value": HELD["first"]["111"],
        }
        assert httpx.get(f"{sim.url}/_test/shared/222").json() == {
            "from": "second",
            "value": HELD["second"]["222"],
        }
        unclaimed = httpx.get(f"{sim.url}/_test/shared/333")
        assert unclaimed.status_code == 404
        assert unclaimed.json()["error"]["code"] == 100
        assert "333" in unclaimed.json()["error"]["message"]
