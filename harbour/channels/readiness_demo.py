"""The demo organisation's readiness checklists (harbour/channels/readiness.py): where each point is
written down in Derby Youth Voice's own documents. Every demo channel that goes active confirms its
missing points through the service first, with the demo's manager as the actor; a point already
confirmed and not yet due is left alone, so seeding again changes nothing."""

from harbour.channels import readiness

# Where Derby Youth Voice writes each point down: its policies (the demo's harbour/planning records name
# the same documents) and pages.
WHERE = {
    "aims": "Engagement plan for this channel in Harbour (Planning), agreed at the March team meeting",
    "resources": "Engagement plan in Harbour: two youth workers, 6 hours a week between them, on the rota",
    "policies": "Social media policy v3, section 2 lists the code of conduct, safeguarding, "
    "communications, IT and network, and internet and email policies",
    "safeguarding": "Safeguarding policy v5, section 7 (online work); risk assessment RA-12 for this channel",
    "cyber_bullying": "Safeguarding policy v5, appendix C: responding to cyber bullying",
    "disclosures": "Safeguarding policy v5, section 4: when a young person tells you something",
    "grooming": "Safeguarding policy v5, section 8: online grooming and child sexual exploitation",
    "content": "Social media policy v3, section 5 (tone and two-way posts); proof reading in Harbour",
    "timescales": "The channel's disclaimer gives the response time; social media policy v3, section 6",
    "consent": "Consent and media procedure v2; consents are recorded in Harbour's consent register",
}


def complete(channel, *, by, only=None) -> int:
    """Confirm the points not yet done (or only the keys in `only`); returns how many were confirmed."""
    state = readiness.readiness(channel)
    confirmed = 0
    for point_state in state.points:
        point = point_state.point
        if point_state.done or point.seen_by_harbour or (only is not None and point.key not in only):
            continue
        readiness.confirm_point(channel, point.key, WHERE[point.key], by=by)
        confirmed += 1
    return confirmed
