"""Telegram's send limits as token buckets: about 30 messages a second overall, one a second in
one chat (with a small burst, so a reply and the next question need not wait). A reservation
never fails: it says how long to wait before sending. Pure (the clock is passed in)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = -1.0
    at: float = 0.0

    def reserve(self, now: float) -> float:
        """Take a token; the seconds to wait until it is really there (0 if it is)."""
        if self.tokens < 0 and self.at == 0.0:
            self.tokens, self.at = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def idle(self, now: float) -> bool:
        return self.tokens + (now - self.at) * self.rate >= self.capacity


@dataclass
class Pacer:
    per_second: float
    per_chat: float
    chat_burst: int = 3
    _overall: Bucket | None = None
    _chats: dict[int | str, Bucket] = field(default_factory=dict)

    def reserve(self, chat: int | str | None, now: float) -> float:
        """Seconds to wait before sending to ``chat`` (None: a call that sends nothing)."""
        if chat is None:
            return 0.0
        if self._overall is None:
            self._overall = Bucket(self.per_second, max(1.0, self.per_second))
        if len(self._chats) > 10_000:  # forget chats whose bucket is full again
            self._chats = {k: b for k, b in self._chats.items() if not b.idle(now)}
        bucket = self._chats.setdefault(chat, Bucket(self.per_chat, float(self.chat_burst)))
        return max(self._overall.reserve(now), bucket.reserve(now))
