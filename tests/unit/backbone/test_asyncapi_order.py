"""The AsyncAPI document lists channels, operations and component messages sorted by name, not
in the order of FastStream's ``WeakSet`` registries (memory addresses), so that the committed
documents are stable from one run to the next."""

from __future__ import annotations

from services.registry.bootstrap import asyncapi


def test_channels_operations_and_messages_are_sorted() -> None:
    document = asyncapi().schema.to_specification()  # type: ignore[attr-defined]
    channels, operations = list(document.channels), list(document.operations)
    messages = list(document.components.messages)
    assert len(channels) >= 5 and len(operations) >= 5 and len(messages) >= 5
    assert channels == sorted(channels)
    assert operations == sorted(operations)
    assert messages == sorted(messages)
    assert "registry.intake:consume" in channels
