"""The answers already given, kept for the next identical request (the served graph never changes).

A research question asked by fifty colleagues is evaluated once: an answer is kept under the
exact request (host, path, query string, body, content type and Accept), least recently used first
out, within a budget of bytes. Only complete answers (200) are kept; refusals and failures are
evaluated again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str] | None = None


@dataclass
class AnswerCache:
    """A least-recently-used map from a request's key to its answer, at most `budget` bytes of bodies."""

    budget: int
    entries: OrderedDict = field(default_factory=OrderedDict)
    size: int = 0
    hits: int = 0

    def get(self, key: tuple) -> Answer | None:
        answer = self.entries.get(key)
        if answer is not None:
            self.entries.move_to_end(key)
            self.hits += 1
        return answer

    def put(self, key: tuple, answer: Answer) -> None:
        if len(answer.body) > self.budget or key in self.entries:
            return
        self.entries[key] = answer
        self.size += len(answer.body)
        while self.size > self.budget:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)
