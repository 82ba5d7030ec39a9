"""Threads through its Graph API (graph.threads.net): replies and mentions in; hide, reply, post, delete out."""
