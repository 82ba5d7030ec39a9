"""The publishing gate: the checks about who a post names or shows, which block submission, approval and
the moment of posting (guidance 6.4: "always get signed permission from the young person and parent/carer").

Each gate is a function from a draft.Draft to a list of draft.Check; `gate_checks` runs them all. Until
the consent register (issue 21) plugs its own in with `add_gate`, an image that shows young people needs
the author's word that signed consent is held for each of them.
"""

from collections.abc import Callable

from harbour.lib.bidi import isolate
from harbour.publishing.draft import Check, Draft, Status

Gate = Callable[[Draft], list[Check]]
ADVICE = (
    "Post it only with signed permission from each young person shown and their parent or carer, for "
    "this use, then tick that it is held. Otherwise choose another image."
)


def images_of_young_people(draft: Draft) -> list[Check]:
    from harbour.publishing.models import Shows

    shown = [image for image in draft.images if image.shows == Shows.YOUNG_PEOPLE]
    if not shown:
        return []
    missing = [isolate(image.name) for image in shown if not image.consent_confirmed]
    if missing:
        return [
            Check(
                key="consent",
                label="Consent for images of young people",
                status=Status.BLOCKS,
                summary=f"{', '.join(missing)} shows young people, and nobody has confirmed that signed "
                "consent is held for them.",
                advice=(ADVICE,),
            )
        ]
    return [
        Check(
            key="consent",
            label="Consent for images of young people",
            status=Status.OK,
            summary="Signed consent is confirmed for every young person shown.",
        )
    ]


GATES: list[Gate] = [images_of_young_people]


def add_gate(gate: Gate) -> None:
    """For the consent register (issue 21): one more gate every post passes, at submission, approval and
    the moment it is posted."""
    if gate not in GATES:
        GATES.append(gate)


def gate_checks(draft: Draft) -> list[Check]:
    return [check for gate in GATES for check in gate(draft)]
