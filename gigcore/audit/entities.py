"""People and links in a post, found offline: addresses, messenger handles, links, wallets.

A first version (kinds `email`, `messenger_handle`, `url`, `crypto_wallet`); each entity carries a
note a person understands. Nothing is looked up: the checks read the text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]
MAX_PER_KIND = 50  # a huge paste cannot produce millions of entities

PATTERNS = {
    "email": (
        re.compile(r"[a-z0-9_.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}", re.I),
        "An e-mail address: talk that moves to e-mail leaves the platform's records.",
        "@",
    ),
    "messenger_handle": (
        re.compile(
            r"\b(?:t\.me|wa\.me|telegram\.me)/[a-z0-9_+]{2,64}"
            r"|\b(?:telegram|whats ?app|wechat|signal|skype|viber|kik|wickr)[ \t]{0,3}"
            r"(?:id|number|no\.?|handle)?[ \t]{0,3}[:@][ \t]{0,3}"
            r"(?:\+?\d[\d .()-]{6,18}\d|@?[a-z0-9_][a-z0-9_.]{2,31})",
            re.I,
        ),
        "A messenger handle or number: the post asks to move the conversation off the platform.",
        "",
    ),
    "url": (
        re.compile(r"\bhttps?://[^\s<>\"']{1,300}|\bwww\.[^\s<>\"']{1,300}", re.I),
        "A link: check where it really points before you open it or log in there.",
        "",
    ),
    "crypto_wallet": (
        re.compile(
            r"\b(?:0x[0-9a-f]{40}|bc1[02-9ac-hj-np-z]{11,71}|[13][1-9a-hj-np-za-km-z]{25,34}|"
            r"T[1-9a-hj-np-za-km-z]{33})\b"
        ),
        "A crypto wallet address: payments to or from it cannot be reversed.",
        "",
    ),
}


@dataclass(frozen=True)
class Entity:
    """One person, link or wallet in the text."""

    kind: str
    span: Span
    value: str
    note: str


def find_entities(text: str) -> list[Entity]:
    """The entities of a text, sorted by where they start (at most MAX_PER_KIND per kind)."""
    found = []
    low = text.lower()
    for kind, (pattern, note, needle) in PATTERNS.items():
        if needle and needle not in low:
            continue
        for n, m in enumerate(pattern.finditer(text)):
            if n >= MAX_PER_KIND:
                break
            found.append(Entity(kind, m.span(), m.group().lower(), note))
    return sorted(found, key=lambda e: e.span)
