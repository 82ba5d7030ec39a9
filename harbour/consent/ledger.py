"""The ledger of what went out (issue 21): for each publication that reached its platform, each person in
the consent register it named or showed, and how (PublishedUse: photograph, video, first name, full name,
quote; the media asset that showed them). Written by publishing/sending.py in the same transaction that
marks the publication published, so a post that is out always has its ledger, and a withdrawal, an expiry
or a never-publish flag finds every live post that used the person (takedowns.live_publications).

What counts as a use is the consent gate's own `uses_in`, read from the post as it went out on that
channel (its own words there, its images), so the ledger and the gate never disagree.
"""

from dataclasses import replace

from harbour.consent.gate import uses_in
from harbour.consent.models import PublishedUse
from harbour.publishing.checks import draft_of


def record_uses(publication) -> list[PublishedUse]:
    """Inside the caller's transaction: the publication's PublishedUse rows, once (a second call, for a
    publication found on the platform after a lost answer, adds nothing)."""
    post = publication.post
    draft = draft_of(post)
    on_channel = replace(
        draft,
        text=draft.text_for(publication.channel_id),
        variants={},
        channels=tuple(c for c in draft.channels if c.id == publication.channel_id),
    )
    rows = []
    for planned in uses_in(on_channel):
        row, _ = PublishedUse.objects.get_or_create(
            organisation_id=publication.organisation_id,
            publication=publication,
            person=planned.person,
            use=planned.use,
            asset_id=planned.asset_id,
        )
        rows.append(row)
    return rows
