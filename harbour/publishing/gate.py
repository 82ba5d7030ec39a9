"""The publishing gate: the checks about who a post names or shows, which block submission, approval and
the moment of posting (guidance 6.4: "always get signed permission from the young person and parent/carer").

Each gate is a function from a draft.Draft to a list of draft.Check; `gate_checks` runs them all. The
consent register (harbour/consent/gate.py) plugs its own in with `add_gate` when the apps are ready: it
reads the people tagged in each image from the media library and the people the post names.
"""

from collections.abc import Callable

from harbour.publishing.draft import Check, Draft

Gate = Callable[[Draft], list[Check]]
GATES: list[Gate] = []


def add_gate(gate: Gate) -> None:
    """One more gate every post passes, at submission, approval and the moment it is posted."""
    if gate not in GATES:
        GATES.append(gate)


def gate_checks(draft: Draft) -> list[Check]:
    return [check for gate in GATES for check in gate(draft)]
