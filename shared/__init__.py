"""Contracts and plumbing shared by every service. Never a service's domain."""
