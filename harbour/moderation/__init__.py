"""Moderation: what a moderator does to an inbox item, each action a record (docs/moderation.md)."""
