"""What the Instagram and Facebook inbox tests set up alike: a channel on the local Graph API simulator, active,
with its Page token stored encrypted, the manager its owner and a trained moderator; and `send(action)`,
the moderation task run on one action, with the action read again."""

from harbour.channels import services as channel_services
from harbour.channels.models import Channel
from harbour.moderation import sending
from tests.cast import active_channel, give_training


def meta_channel(org, manager, moderator, *, platform: str, handle: str, token: str, **config) -> Channel:
    """An active `platform` channel whose config is `config` (graph_url, account_id...), named `handle`."""
    channel = active_channel(org, platform=platform, **config)
    Channel.objects.filter(pk=channel.pk).update(handle=handle)
    channel.refresh_from_db()
    channel.owners.add(manager)
    channel.moderators.add(moderator)
    channel_services.set_credential(channel, "access_token", token, by=manager)
    give_training(moderator, "moderate")
    return channel


def send(action) -> str:
    """The moderation task's outcome for the action ("sent", "failed", ...), the action read again."""
    outcome = sending.send_action(action.pk).outcome
    action.refresh_from_db()
    return outcome
