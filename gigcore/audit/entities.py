"""People and links in a post, found offline: addresses, handles, phones, links, wallets.

`find_entities(text)` reads the text alone: nothing is looked up, no network is ever used. Each
`Entity` has a `kind` (ids below, used by the flag rules in data/audit_rules.toml), a `span` of
character offsets into the original text, a normalised `value` and a `note`: one sentence saying
why it matters. The lists (free-mail and shortener domains, platforms and their real domains,
messenger labels) and the caps live in data/audit_entities.toml.

Kinds. Generic kinds come for every match, specific kinds in addition, often on the same span:
- `email`: any address. Value: the address, lowercased.
- `freemail_company`: a free-mail address (gmail.com, proton.me...) posing as a company or a role.
  The rule: the local part, split at . _ - + and digits, holds a role word (hr, recruiter,
  careers, payroll, support, team, inc, llc...; words of 5+ letters also as the start of a part
  and words of 4+ letters as its end: "acmehiring", "recruiter1"), or holds a platform's name
  ("upwork.support"), or a company phrase ("our HR department", "recruiter", "Acme Inc.")
  stands within `context_chars` characters before the address in the same paragraph.
- `messenger_handle`: t.me/..., wa.me/... and other chat links; a handle or number written after
  a messenger label ("WhatsApp: +1 415 555 0134", "Skype ID: jane.doe88", "Telegram @jane_hr");
  an @handle with "telegram", "tg" or "t.me" within `context_chars` characters. After a label a
  bare id counts only with a colon or an id word, and (without an id word) only when it holds a
  digit, "_" or "."; after labels that are also words (signal, line, snap) only numbers, @handles
  or an id word count. Value: the matched text, lowercased, spaces collapsed.
- `phone`: "+" and 8 to 15 digits; US forms (415) 555-0134, 415-555-0134, 415.555.0134,
  1-800-555-0199 (area code and exchange starting 2-9); 10 to 15 digits in other forms only right
  after a word such as call, phone, mobile or WhatsApp. Never right after $, #, "order",
  "invoice", "zip" and the like, never a date. Value: the digits.
- `url`: http(s):// links, www. hosts and bare hosts ending in a `bare_tlds` ending
  ("upwork.com"). Value: the link with scheme and host lowercased.
- `url_shortener`: a link on a shortener domain. `platform_link`: a link to a platform's real
  domain or a subdomain of one (neutral). `lookalike_domain` (span: the host, in a link or an
  address): a host that is not a platform's real domain but whose name, after de-leeting
  (0->o, 1->l or i, 3->e, 4->a, 5->s, 7->t, vv->w, rn->m), contains a platform's name (names of
  six or more letters anywhere; shorter ones only beside digits or lure words such as pay,
  support, login) or has a part within edit distance 1 of it (2 for names of eight or more
  letters; a substitution costs 1 only between look-alike letters such as i/l, o/q, n/m, u/v,
  else 2). Platform names that are ordinary words (indeed, freelancer, guru, wise, prolific)
  count only with a lure word or leet beside them.
- `crypto_wallet`: Bitcoin legacy and P2SH (base58check, version 0 or 5), bech32/bech32m bc1...
  (BIP-173 / BIP-350 checksum), Tron T... (base58check, version 0x41) and Ethereum 0x + 40 hex
  (EIP-55 case is not checked: it needs Keccak, which hashlib lacks). Bad checksums are skipped.

Speed: linear time. Every finder starts from a cheap anchor found by a literal scan (an "@", a
dot before a letter or digit, a pair of digits in a digit mask, a run of 25+ letters and digits
in a mask, a messenger label), then reads bounded runs only (no nested repeats), and reads at
most `max_candidates` anchors per family; at most `max_per_kind` entities per kind are returned
(the first in the text), so a huge paste cannot produce millions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from gigcore.params import load_data, load_params

Span = tuple[int, int]
KINDS = (
    "email",
    "freemail_company",
    "messenger_handle",
    "phone",
    "url",
    "url_shortener",
    "lookalike_domain",
    "crypto_wallet",
    "platform_link",
)


@dataclass(frozen=True)
class Entity:
    """One person, link, number or wallet in the text."""

    kind: str
    span: Span
    value: str
    note: str


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    domains: tuple[str, ...]
    generic: bool


@dataclass(frozen=True)
class Config:
    max_per_kind: int
    max_candidates: int
    context: int
    freemail: frozenset[str]
    role_words: frozenset[str]
    company_context: re.Pattern[bytes]
    shorteners: frozenset[str]
    platforms: tuple[Platform, ...]
    real_domains: dict[str, Platform]
    lure_words: frozenset[str]
    messenger_links: frozenset[str]
    labels: tuple[tuple[bytes, str, bool], ...]  # (label as lowered bytes, display name, ambiguous)
    bare_tlds: frozenset[str]


@cache
def load_config() -> Config:
    """The checked lists and caps of data/audit_entities.toml."""
    doc = load_data("audit_entities")
    params = load_params("audit_entities")
    lists = {k: v["value"] for k, v in doc["lists"].items()}
    platforms = tuple(
        Platform(p["id"], p["name"], tuple(d.lower() for d in p["domains"]), bool(p.get("generic")))
        for p in lists["platforms"]
    )
    real = {d: p for p in platforms for d in p.domains}
    phrases = sorted((re.escape(w.lower().encode()) for w in lists["company_context"]), key=len)
    context = re.compile(rb"(?<![a-z0-9])(?:" + b"|".join(reversed(phrases)) + rb")(?![a-z0-9])")
    labels = tuple(
        (n.lower().encode(), m["name"], m.get("ambiguous", False))
        for m in lists["messenger_labels"]
        for n in m["names"]
    )
    shorteners = frozenset(d.lower() for d in lists["shortener_domains"])
    freemail = frozenset(d.lower() for d in lists["freemail_domains"])
    tlds = {t.lower() for t in lists["bare_tlds"]}
    for domain in (*shorteners, *real, *freemail, *lists["messenger_links"]):
        tlds.add(domain.rsplit(".", 1)[-1])
    return Config(
        max_per_kind=int(params["max_per_kind"].value),
        max_candidates=int(params["max_candidates"].value),
        context=int(params["context_chars"].value),
        freemail=freemail,
        role_words=frozenset(w.lower() for w in lists["role_words"]),
        company_context=context,
        shorteners=shorteners,
        platforms=platforms,
        real_domains=real,
        lure_words=frozenset(w.lower() for w in lists["lure_words"]),
        messenger_links=frozenset(d.lower() for d in lists["messenger_links"]),
        labels=labels,
        bare_tlds=frozenset(tlds),
    )


# ---------------------------------------------------------------------------------------------
# Patterns, all on an ASCII mirror of the text (one byte per character, non-ASCII as "?").

DOT_ANCHOR = re.compile(rb"\.[a-z0-9]")
HOST_RUN = re.compile(rb"[a-z0-9.-]{1,254}")  # 254 = longer than any host name: rejected
LOCAL_RUN = re.compile(rb"[a-z0-9_.+-]{1,65}")  # read backwards from an "@"; 65 = too long
PATH = re.compile(rb"[^\x00-\x20\x7f<>\"'`{}|\\^]{0,500}")
PORT = re.compile(rb":[0-9]{1,5}")
HANDLE = re.compile(rb"[a-z][a-z0-9_]{4,31}(?![a-z0-9_])")
TELEGRAM_NEAR = re.compile(rb"(?<![a-z0-9])(?:telegram|tg)(?![a-z0-9])|t\.me/")
LABEL_TAIL = re.compile(
    rb"[ \t]{0,3}(?:(?P<idw>id|number|no\.?|num|handle|username|user name|account|contact)"
    rb"(?![a-z0-9])[ \t]{0,3})?(?P<sep>[:=-]|is(?![a-z0-9]))?[ \t]{0,3}"
    rb"(?P<val>\+?[0-9][0-9 ().-]{5,20}[0-9]|@[a-z0-9_][a-z0-9_.]{2,31}"
    rb"|[a-z0-9][a-z0-9_.-]{1,30}[a-z0-9_])(?![a-z0-9_@])"
)
DIGIT_MASK = bytes(ord("0") if 48 <= c <= 57 else ord("x") for c in range(256))
PHONE_LEFT = re.compile(rb"[0-9+() .-]{0,48}")  # read backwards from a pair of digits
PHONE_RIGHT = re.compile(rb"[0-9() .-]{0,48}")
MAX_PHONE_RUN = 40  # a longer run of digits and separators is not one phone number
PHONE_START, PHONE_END = b"+(0123456789", b")0123456789"
US_PHONE = re.compile(
    rb"(?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)[ .-]?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}"
)
DATE_LIKE = re.compile(rb"[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}|[0-9]{1,2}[-./][0-9]{1,2}[-./]")
PHONE_CUE = re.compile(
    rb"(?<![a-z])(?:call|phone|tel|telephone|mobile|mob|cell|cellphone|whatsapp|text|sms|"
    rb"contact|number|ph|viber|signal)(?![a-z])[^a-z0-9]{0,6}$"
)
NOT_PHONE_WORD = re.compile(
    rb"(?<![a-z])(?:order|invoice|inv|id|ref|reference|no|zip|postal|postcode|account|acct|"
    rb"tracking|po|isbn|sku|ticket|case|serial|iban|routing|card|ein|ssn|tax)"
    rb"(?![a-z])[^a-z0-9]{0,4}$"
)
WALLET_MASK = bytes(ord("a") if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
WALLET_SEED = b"a" * 25  # 25 letters or digits in a row: found by one fast literal scan
WALLET_RUN = re.compile(b"a{0,91}")
MAX_WALLET = 90
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BASE58_INDEX = {c: i for i, c in enumerate(BASE58)}
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32_INDEX = {c: i for i, c in enumerate(BECH32)}
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gen"})
LEET = str.maketrans({"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"})
CONFUSABLE = {
    frozenset(p)
    for p in ("il", "lj", "ij", "oq", "nm", "uv", "vw", "ao", "ce", "gq", "bd", "pq", "sz", "ec")
}
ROLE_MIN_PREFIX, ROLE_MIN_SUFFIX = 5, 4
NOTE_MESSENGER = (
    "moving the talk to a messenger leaves the platform's records and protection, a common "
    "first step of scams."
)
NOTE_PHONE = (
    "A phone number: a stranger who moves the talk to calls or texts leaves the platform's "
    "records; call back only on a number you checked yourself."
)

Found = list[tuple[str, int, int, str, str]]  # (kind, start, end, value, note)


def _ascii(text: str) -> bytes:
    """Lowercased ASCII mirror: the same length as `text`, so offsets carry over."""
    return text.encode("ascii", "replace").lower()


def _labels(host: str) -> list[str] | None:
    labels = host.split(".")
    if not 2 <= len(labels) <= 10:
        return None
    for label in labels:
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return None
    return labels


def _strip_tail(low: bytes, start: int, end: int) -> int:
    """End of a link without the sentence punctuation after it."""
    while end > start:
        c = low[end - 1 : end]
        if c in b".,;:!?'\"]}*" or (
            c == b")" and low.count(b"(", start, end) < low.count(b")", start, end)
        ):
            end -= 1
        else:
            break
    return end


# ---------------------------------------------------------------------------------------------
# Platforms and look-alikes.


def real_platform(host: str) -> Platform | None:
    """The platform whose real domain `host` is, or is a subdomain of."""
    real = load_config().real_domains
    labels = host.split(".")
    for i in range(len(labels) - 1):
        platform = real.get(".".join(labels[i:]))
        if platform is not None:
            return platform
    return None


def _variants(word: str) -> set[str]:
    base = word.translate(LEET)
    out = {word}
    for one in ("l", "i"):
        v = base.replace("1", one).replace("!", "i").replace("|", "l")
        out.add(v)
        out.add(v.replace("vv", "w").replace("rn", "m"))
    return out


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance: insert, delete, swap 1; substitute 1 between look-alikes, else 2."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                sub = 0
            else:
                sub = 1 if frozenset((a[i - 1], b[j - 1])) in CONFUSABLE else 2
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _lure_only(rest: str, lure: frozenset[str]) -> bool:
    """`rest` is empty, digits, or made of lure words and digits only ("paymentsupport")."""
    if not rest or rest.isdigit():
        return True
    ok = [True] + [False] * len(rest)
    for i in range(1, len(rest) + 1):
        ok[i] = any(ok[j] and (rest[j:i] in lure or rest[j:i].isdigit()) for j in range(i))
    return ok[-1]


def lookalike_of(host: str) -> Platform | None:
    """The platform `host` imitates, or None (the platform's own domains never count)."""
    cfg = load_config()
    labels = _labels(host)
    if labels is None or real_platform(host) is not None:
        return None
    name = labels[:-1]
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        name = labels[:-2]
    if name and name[0] == "www":
        name = name[1:]
    parts = [p for p in re.split(r"[-._]+", ".".join(name)) if p]
    if not parts:
        return None
    tokens = {t for p in parts for t in (p, *re.split(r"[0-9]+", p)) if t}
    lure = cfg.lure_words
    has_lure = any(t in lure for t in tokens)
    compact = "".join(parts)
    for platform in cfg.platforms:
        pid = platform.id
        limit = 0 if len(pid) < 6 else (1 if len(pid) < 8 else 2)
        for n, raw in enumerate((compact, *tokens)):
            for v in _variants(raw):
                if platform.generic and not (has_lure or v != raw):
                    continue
                at = v.find(pid)
                if at >= 0 and (
                    (len(pid) >= 6 and not platform.generic)
                    or (_lure_only(v[:at], lure) and _lure_only(v[at + len(pid) :], lure))
                ):
                    return platform
                if limit and n > 0 and len(v) >= len(pid) - 1 and _distance(v, pid, limit) <= limit:
                    return platform
    return None


# ---------------------------------------------------------------------------------------------
# Wallet checksums.


def _base58check(s: str) -> bytes | None:
    """The payload (version byte + data) of a base58check string, or None if it is invalid."""
    n = 0
    for c in s:
        i = BASE58_INDEX.get(c)
        if i is None:
            return None
        n = n * 58 + i
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(s) - len(s.lstrip("1"))) + raw
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def _bech32_ok(s: str) -> bool:
    """A valid bech32 (BIP-173, witness v0) or bech32m (BIP-350, v1+) Bitcoin address."""
    if not (s.islower() or s.isupper()) or not 14 <= len(s) <= 90:
        return False
    s = s.lower()
    hrp, _, data = s.rpartition("1")
    if hrp != "bc" or len(data) < 6:
        return False
    values = [BECH32_INDEX.get(c, -1) for c in data]
    if -1 in values:
        return False
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    version = values[0]
    return (version == 0 and chk == 1) or (1 <= version <= 16 and chk == 0x2BC830A3)


def wallet_coin(token: str) -> str | None:
    """The coin of a wallet address (checksums checked where the standard library can)."""
    if len(token) == 42 and token[:2] in ("0x", "0X"):
        return "Ethereum" if all(c in "0123456789abcdefABCDEF" for c in token[2:]) else None
    if token[:3].lower() == "bc1":
        return "Bitcoin" if _bech32_ok(token) else None
    if token[:1] in ("1", "3") and 26 <= len(token) <= 35:
        payload = _base58check(token)
        return "Bitcoin" if payload and len(payload) == 21 and payload[0] in (0, 5) else None
    if token[:1] == "T" and len(token) == 34:
        payload = _base58check(token)
        return "Tron" if payload and len(payload) == 21 and payload[0] == 0x41 else None
    return None


# ---------------------------------------------------------------------------------------------
# Finders. Each appends (kind, start, end, value, note) to `out`.


def _lookalike(host: str, hs: int, he: int, out: Found) -> None:
    platform = lookalike_of(host)
    if platform is not None:
        real = platform.domains[0]
        out.append(
            (
                "lookalike_domain",
                hs,
                he,
                host,
                f"The domain {host} looks like {platform.name} but is not {real}: look-alike "
                f"domains are made to steal logins and payments, so open {platform.name} only "
                f"by typing {real} yourself.",
            )
        )


def _links(text: str, low: bytes, cfg: Config, out: Found) -> None:
    rev = low[::-1]
    size = len(low)
    pos = reads = links = 0
    while reads < cfg.max_candidates and links < cfg.max_per_kind:
        m = DOT_ANCHOR.search(low, pos)
        if m is None:
            return
        reads += 1
        dot = m.start()
        left = HOST_RUN.match(rev, size - dot)
        hs = dot - (left.end() - left.start() if left else 0)
        right = HOST_RUN.match(low, dot)
        he = right.end() if right else dot + 1
        pos = he
        if dot - hs >= 254 or he - dot >= 254:
            continue
        while he > dot and low[he - 1] in b".-":
            he -= 1
        while hs < dot and low[hs] in b".-":
            hs += 1
        if low[hs - 1 : hs] in (b"@", b"_") or hs == dot:
            continue
        host = low[hs:he].decode()
        labels = _labels(host)
        if labels is None:
            continue
        start = hs
        if low[hs - 3 : hs] == b"://":
            if low[hs - 8 : hs] == b"https://":
                start = hs - 8
            elif low[hs - 7 : hs] == b"http://":
                start = hs - 7
            else:
                continue
            tld = labels[-1]
            if not (tld.isalpha() and 2 <= len(tld) <= 24) and not (
                len(labels) == 4 and all(x.isdigit() and int(x) < 256 for x in labels)
            ):
                continue
        elif not labels[-1].isalpha() or not (labels[0] == "www" or labels[-1] in cfg.bare_tlds):
            continue
        end = he
        port = PORT.match(low, end)
        if port:
            end = port.end()
        if low[end : end + 1] in (b"/", b"?", b"#"):
            end = _strip_tail(low, end, PATH.match(low, end).end())
        pos = max(pos, end)
        links += 1
        raw = text[start:end]
        value = raw[: he - start].lower() + raw[he - start :]
        bare = host[4:] if host.startswith("www.") else host
        note = (
            f"A link to {bare}: check where it really points before you open it, and never log "
            "in or pay through a stranger's link."
        )
        out.append(("url", start, end, value, note))
        if bare in cfg.shorteners:
            note = (
                f"A shortened link ({bare}): it hides where it really leads, so ask for the full "
                "address and do not log in or pay through it."
            )
            out.append(("url_shortener", start, end, value, note))
        if bare in cfg.messenger_links and end > he + 1:
            note = f"A messenger chat link ({bare}): {NOTE_MESSENGER}"
            out.append(("messenger_handle", start, end, " ".join(value.lower().split()), note))
        platform = real_platform(host)
        if platform is not None:
            note = (
                f"A link to {platform.name}'s own site ({bare}): neutral, not a warning; keep "
                "the talk and the payment there."
            )
            out.append(("platform_link", start, end, value, note))
        else:
            _lookalike(host, hs, he, out)


def _freemail_reason(local: str, low: bytes, start: int, cfg: Config) -> str | None:
    parts = [p for p in re.split(r"[._+\-0-9]+", local) if p]
    for part in parts:
        if part in cfg.role_words:
            return f"'{part}' in the address"
    for part in parts:
        for word in sorted(cfg.role_words):
            if (len(word) >= ROLE_MIN_PREFIX and part.startswith(word)) or (
                len(word) >= ROLE_MIN_SUFFIX and part.endswith(word)
            ):
                return f"'{word}' in the address"
    for v in _variants("".join(parts)):
        for platform in cfg.platforms:
            if len(platform.id) >= 5 and platform.id in v:
                return f"the name {platform.name} in the address"
    lo = max(0, start - cfg.context)
    para = low.rfind(b"\n\n", lo, start)
    hits = cfg.company_context.findall(low, para + 2 if para >= 0 else lo, start)
    if hits:
        return f"'{hits[-1].decode()}' written before it"
    return None


def _telegram_handle(low: bytes, at: int, cfg: Config, out: Found) -> None:
    m = HANDLE.match(low, at + 1)
    if m is None:
        return
    lo, hi = max(0, at - cfg.context), min(len(low), m.end() + cfg.context)
    if TELEGRAM_NEAR.search(low, lo, hi) is None:
        return
    value = low[at : m.end()].decode()
    out.append(("messenger_handle", at, m.end(), value, f"A Telegram handle: {NOTE_MESSENGER}"))


def _emails(text: str, low: bytes, cfg: Config, out: Found) -> None:
    if b"@" not in low:
        return
    rev = low[::-1]
    size = len(low)
    pos = reads = found = 0
    while reads < cfg.max_candidates and found < cfg.max_per_kind:
        at = low.find(b"@", pos)
        if at < 0:
            return
        reads += 1
        pos = at + 1
        lm = LOCAL_RUN.match(rev, size - at)
        if lm is None:
            _telegram_handle(low, at, cfg, out)
            continue
        ls = at - (lm.end() - lm.start())
        if at - ls > 64:
            continue
        while ls < at and low[ls] == 46:  # "."
            ls += 1
        right = HOST_RUN.match(low, at + 1)
        if ls == at or right is None:
            continue
        he = right.end()
        if he - at > 253:
            continue
        while he > at + 1 and low[he - 1] in b".-":
            he -= 1
        domain = low[at + 1 : he].decode()
        labels = _labels(domain)
        if labels is None or not (labels[-1].isalpha() and 2 <= len(labels[-1]) <= 24):
            continue
        pos = he
        found += 1
        address = text[ls:he].lower()
        note = (
            f"An e-mail address at {domain}: talk that moves to e-mail leaves the platform's "
            "records and protection."
        )
        out.append(("email", ls, he, address, note))
        if domain in cfg.freemail:
            reason = _freemail_reason(address[: at - ls], low, ls, cfg)
            if reason is not None:
                note = (
                    f"A free-mail address ({domain}) used for a company or role ({reason}): "
                    "real companies and recruiters write from their own domain."
                )
                out.append(("freemail_company", ls, he, address, note))
        elif real_platform(domain) is None:
            _lookalike(domain, at + 1, he, out)


@cache
def _label_keys(
    labels: tuple[tuple[bytes, str, bool], ...],
) -> tuple[tuple[bytes, tuple[tuple[bytes, str, bool], ...]], ...]:
    """Search keys: labels that hold no shorter label, each with the labels starting with it."""
    names = {label for label, _, _ in labels}
    keys = [k for k in names if not any(o != k and o in k for o in names)]
    return tuple(
        (k, tuple(sorted((x for x in labels if x[0].startswith(k)), key=lambda x: -len(x[0]))))
        for k in sorted(keys)
    )


def _messengers(text: str, low: bytes, cfg: Config, out: Found) -> None:
    reads = 0
    for key, group in _label_keys(cfg.labels):
        if key not in low:  # one fast scan per key; labels holding a key share its scan
            continue
        pos = 0
        while reads < cfg.max_candidates:
            s = low.find(key, pos)
            if s < 0:
                break
            reads += 1
            pos = s + len(key)
            hit = next((g for g in group if low.startswith(g[0], s)), None)
            if hit is None:
                continue
            label, name, ambiguous = hit
            e = s + len(label)
            if low[s - 1 : s].isalnum() or low[e : e + 1].isalnum():
                continue
            m = LABEL_TAIL.match(low, e)
            if m is None:
                continue
            val, idw, sep = m.group("val"), m.group("idw"), m.group("sep")
            digits = sum(48 <= c <= 57 for c in val)
            if val[:1] == b"+" or val[:1].isdigit():
                ok = 7 <= digits <= 15 and (val[:1] == b"+" or bool(idw or sep) or digits >= 10)
            elif val[:1] == b"@":
                ok = True
            else:
                ok = bool(idw) or (
                    bool(sep) and not ambiguous and any(c in b"0123456789_." for c in val)
                )
            if ok:
                value = " ".join(text[s : m.end()].lower().split())
                note = f"A {name} handle or number: {NOTE_MESSENGER}"
                out.append(("messenger_handle", s, m.end(), value, note))


def _phone_ok(text: str, low: bytes, s: int, e: int) -> bool:
    raw = low[s:e]
    prev, nxt = text[s - 1 : s], text[e : e + 1]
    if prev and (prev.isalnum() or prev in "$€£¥₹#/.,_@:-+%"):
        return False
    if nxt and (nxt.isalnum() or nxt in "%/€$_@"):
        return False
    if raw.count(b"(") != raw.count(b")") or b"+" in raw[1:]:
        return False
    digits = sum(48 <= c <= 57 for c in raw)
    head = low[max(0, s - 24) : s]
    if raw[:1] == b"+":
        return 8 <= digits <= 15
    if NOT_PHONE_WORD.search(head):
        return False
    if US_PHONE.fullmatch(raw):
        return True
    return (
        10 <= digits <= 15
        and PHONE_CUE.search(head) is not None
        and DATE_LIKE.search(raw) is None
        and b"." not in raw
    )


def _phones(text: str, low: bytes, cfg: Config, out: Found) -> None:
    """Numbers around each pair of digits (found by a literal scan of a digit mask)."""
    mask = low.translate(DIGIT_MASK)
    rev = low[::-1]
    size = len(low)
    pos = reads = found = 0
    while reads < cfg.max_candidates and found < cfg.max_per_kind:
        h = mask.find(b"00", pos)
        if h < 0:
            return
        reads += 1
        left = PHONE_LEFT.match(rev, size - h)
        s = h - (left.end() - left.start())
        e = PHONE_RIGHT.match(low, h).end()
        pos = max(e, h + 2)
        if e - s > MAX_PHONE_RUN:
            continue
        spaces = [i for i in range(s, e) if low[i] == 32]
        best: tuple[int, int] | None = None
        for a in [s] + [i + 1 for i in spaces]:  # the longest well-formed number in the run
            for b in [e, *reversed(spaces)]:
                while a < b and low[a] not in PHONE_START:
                    a += 1
                while b > a and low[b - 1] not in PHONE_END:
                    b -= 1
                if b - a < 7 or (best and b - a <= best[1] - best[0]):
                    continue
                if _phone_ok(text, low, a, b):
                    best = (a, b)
        if best is not None:
            found += 1
            digits = bytes(c for c in low[best[0] : best[1]] if 48 <= c <= 57).decode()
            out.append(("phone", best[0], best[1], digits, NOTE_PHONE))


def _wallets(text: str, cfg: Config, out: Found) -> None:
    mask = text.encode("ascii", "replace").translate(WALLET_MASK)
    pos = reads = found = 0
    while reads < cfg.max_candidates and found < cfg.max_per_kind:
        s = mask.find(WALLET_SEED, pos)
        if s < 0:
            return
        reads += 1
        e = WALLET_RUN.match(mask, s).end()
        pos = e
        if e - s > MAX_WALLET:  # a run longer than any address
            continue
        token = text[s:e]
        coin = wallet_coin(token)
        if coin is None:
            continue
        found += 1
        value = token if token[0] in "13T" else token.lower()  # base58 is case-sensitive
        check = "" if coin == "Ethereum" else " (checksum valid)"
        note = (
            f"A {coin} wallet address{check}: crypto payments cannot be reversed, and a stranger "
            "who pays or charges through a wallet cannot be held to anything."
        )
        out.append(("crypto_wallet", s, e, value, note))


def find_entities(text: str) -> list[Entity]:
    """The entities of a text, sorted by where they start (at most `max_per_kind` per kind)."""
    if not isinstance(text, str):
        raise ValueError("find_entities reads text (a str)")
    cfg = load_config()
    low = _ascii(text)
    found: Found = []
    _emails(text, low, cfg, found)
    _links(text, low, cfg, found)
    _messengers(text, low, cfg, found)
    _phones(text, low, cfg, found)
    _wallets(text, cfg, found)
    found.sort(key=lambda f: (f[1], -f[2], f[0]))
    out: list[Entity] = []
    counts: dict[str, int] = {}
    last_end: dict[str, int] = {}
    for kind, start, end, value, note in found:
        if start < last_end.get(kind, -1) or counts.get(kind, 0) >= cfg.max_per_kind:
            continue  # inside an entity of the same kind already kept, or over the cap
        counts[kind] = counts.get(kind, 0) + 1
        last_end[kind] = end
        out.append(Entity(kind, (start, end), value, note))
    return out
