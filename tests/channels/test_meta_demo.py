"""The demo's Instagram channel (harbour/channels/meta_demo.py): with Harbour pointed at a local Graph API
simulator, as `harbour run` does when no Meta app is set, seed_demo makes an account with comments on the
simulator and an active channel connected to it, whose poll collects the comments screened (the worrying
ones held or escalated); seeding again against a fresh simulator keeps the same connection and stores no
comment twice; and with Meta's real hosts it makes nothing."""

from django.core.management import call_command

from harbour.audit.models import AuditEvent
from harbour.channels import services
from harbour.channels.models import Channel, Status
from harbour.connectors.meta.simulator import APP_ID, APP_SECRET, Simulator
from harbour.inbox import ingest
from harbour.inbox.models import Item

NAME = "Youth Voice on Instagram"


def point_at(settings, simulator):
    settings.HARBOUR_META_APP_ID, settings.HARBOUR_META_APP_SECRET = APP_ID, APP_SECRET
    settings.HARBOUR_META_GRAPH_URL = settings.HARBOUR_META_DIALOG_URL = simulator.url


def test_the_demo_has_an_instagram_channel_on_the_simulator(db, settings):
    with Simulator() as simulator:
        point_at(settings, simulator)
        call_command("seed_demo")
        channel = Channel.objects.get(name=NAME)
        assert channel.status == Status.ACTIVE and channel.config["graph_url"] == simulator.url
        channel.status = Status.APPROVED
        assert services.activation_gaps(channel) == []  # everything an active channel needs is there
        result = ingest.poll(channel.pk)
        assert (result.outcome, result.stored) == ("ok", 5)
        texts = dict(Item.objects.filter(channel=channel).values_list("text", "action"))
        assert texts["what time does the coach leave?"] == "allow"
        assert texts["nobody wants you on the trip leo, just stay at home"] != "allow"
        worrying = "you seem really mature for your age, message me privately and don't tell your mum"
        assert texts[worrying] == "escalate"

    with Simulator(port=0) as again:  # `harbour run` once more: a fresh simulator, seeded the same way
        settings.HARBOUR_META_GRAPH_URL = settings.HARBOUR_META_DIALOG_URL = again.url
        call_command("seed_demo")
        assert ingest.poll(channel.pk).stored == 0
    assert Item.objects.filter(channel=channel).count() == 5


def test_with_metas_real_hosts_the_demo_makes_no_instagram_channel(db):
    call_command("seed_demo")
    assert not Channel.objects.filter(name=NAME).exists()
    assert not AuditEvent.objects.filter(action="channel.meta_connected").exists()
