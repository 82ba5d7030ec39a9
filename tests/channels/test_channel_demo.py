from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from harbour.channels import services
from harbour.channels.models import Channel, Status
from harbour.inbox import ingest
from harbour.inbox.models import Item


def test_the_demo_seed_makes_a_live_feed_and_a_proposal_and_can_run_again(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    feed = Channel.objects.get(name="Youth Voice demo feed")
    proposal = Channel.objects.get(name="Youth Council on Bluesky")
    assert (feed.status, proposal.status) == (Status.ACTIVE, Status.PROPOSED)
    feed.status = Status.APPROVED
    assert services.activation_gaps(feed) == []  # everything an active channel needs is really there

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        result = ingest.poll(feed.pk)
    # All of it has arrived after an hour: 59 new, as the safeguarding demo stored the feed's disclosure
    # (demo-048) to raise its concern (harbour/safeguarding/demo.py).
    assert (result.outcome, result.stored, result.pages) == ("ok", 59, 2)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert ingest.poll(feed.pk).stored == 0
    assert Item.objects.filter(channel=feed).count() == 60
    assert Item.objects.filter(channel=feed).exclude(action="allow").exists()
