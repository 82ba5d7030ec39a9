"""Mastodon through Mastodon.py: mention notifications and direct conversations in, statuses out."""
