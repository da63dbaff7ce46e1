"""Adapters at the platform's edges: each a process of the services' runtime, talking to one
outside system (Telegram, the ministry's register) and to the bus. They never import a service
or each other (``lint-imports`` checks it)."""
