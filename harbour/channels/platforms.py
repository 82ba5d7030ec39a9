"""Channel.platform's choices and the stored values the services filter on, from the platform registry
(harbour/connectors/registry.py): the registry is plain Python, so its Django form lives here."""

from django.db import models

from harbour.connectors.platform import Delivery
from harbour.connectors.registry import PLATFORMS, keys

Platform = models.TextChoices(
    "Platform", [(key.upper(), (key, platform.label)) for key, platform in PLATFORMS.items()]
)

# Platforms that send Harbour their items (an uploaded file, a signed webhook): never polled.
PUSHED = keys(pushed=True)
# Harbour's own pages (consultations): young people post on Harbour, which moderates them itself.
HOSTED = keys(delivery=Delivery.HOSTED)
# Platforms whose channels take signed webhook deliveries.
WEBHOOK_PLATFORMS = keys(delivery=Delivery.WEBHOOK)
