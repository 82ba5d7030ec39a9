"""Bluesky (AT Protocol) through the atproto SDK: notifications in, posts and threadgates out."""
