"""Helpers for the inbox tests: an active channel on a test source, made without the approval steps."""

from harbour.channels.models import Channel, Status


def active_channel(org, platform="test_paged", **config) -> Channel:
    return Channel.objects.create(
        organisation=org,
        platform=platform,
        name=f"Test feed ({platform})",
        display_name="Derby Youth Service",
        in_organisation_name=True,
        aims="Testing",
        suitability="Testing",
        audience_min_age=13,
        audience_max_age=19,
        response_hours=24,
        moderation_hours="daily",
        status=Status.ACTIVE,
        config=config,
    )
