"""Signed webhook deliveries from another system (Standard Webhooks style): receive.py."""
