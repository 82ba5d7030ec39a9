"""Webhooks in Harbour's registry: another system sends signed deliveries (receive.py). Harbour cannot
act on the platform they came from, so it has no capabilities."""

from harbour.connectors.platform import Delivery, PlatformEntry

WEBHOOK = PlatformEntry(
    key="webhook",
    label="Webhook (another system sends items)",
    report_to="the site where it was posted",
    delivery=Delivery.WEBHOOK,
    credential_kinds=("webhook_secret",),
)
