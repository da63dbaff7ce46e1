"""Messaging plumbing: topology, confirmed publishing, outbox relay, inbox, consumers."""
