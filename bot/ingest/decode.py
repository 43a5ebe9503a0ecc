"""Turn the bytes of a file or a response into text: BOMs, UTF-16, UTF-8, then detected legacy code pages."""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from bot.errors import IngestError

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Well-known binary signatures, so the error can say what the file is.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
# A UTF-16 code unit of Arabic or ASCII text has a high byte of 0x06 or 0x00.
_UTF16_HIGH_BYTES = frozenset({0x00, 0x06})


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` and return (text, encoding); IngestError names ``source`` when it is not text."""
    if not data.strip():
        raise IngestError(source, "empty file (no text in it)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, source), encoding
    utf16 = _sniff_utf16(data)
    if utf16:
        return _strict(data, utf16, source), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(source, f"binary file ({what}), not text")
    if b"\x00" in data[:65536] or _control_ratio(data[:65536]) > 0.05:
        raise IngestError(source, "binary file (not text in any known encoding)")
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: declared charset %s does not fit, detecting", source, declared)
    return _detect_legacy(data, source)


MAX_INVALID_UTF8_SHARE = 0.01  # below this share of bad bytes, UTF-8 text is repaired rather than refused


def repaired_bytes(encoding: str) -> int:
    """How many bytes a decoding replaced, from the encoding label ``decode_bytes`` returned."""
    match = re.search(r"(\d+) invalid bytes replaced", encoding)
    return int(match.group(1)) if match else 0


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few bad bytes (a truncated copy, one corrupt sector), the bad bytes replaced."""
    text, bad = _decode_counting(data)
    if bad <= 0 or bad / len(data) >= MAX_INVALID_UTF8_SHARE or not _has_multibyte(data):
        return None
    return text, f"utf-8 ({bad} invalid bytes replaced)"


def _decode_counting(data: bytes) -> tuple[str, int]:
    """UTF-8 with each run of invalid bytes replaced by U+FFFD, and how many bytes were invalid."""
    parts: list[str] = []
    bad = 0
    position = 0
    while position < len(data):
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[position : position + exc.start].decode("utf-8"))
            parts.append("\ufffd")
            bad += exc.end - exc.start
            position += exc.end
            if bad >= MAX_INVALID_UTF8_SHARE * len(data):
                break  # too damaged to repair: no need to read on
    return "".join(parts), bad


def _has_multibyte(data: bytes) -> bool:
    """Whether the bytes hold UTF-8 sequences of non-ASCII letters (Arabic is two bytes a letter)."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:65536])) >= 10


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes (<meta charset>, <?xml encoding>)."""
    if data.lstrip()[:1] != b"<":
        return None  # only markup declares its charset; plain text that mentions "charset=" does not
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not valid {encoding} text (bad bytes at offset {exc.start})") from exc


def _sniff_utf16(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by where the high bytes of Arabic/ASCII characters fall."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for high, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = sum(high.count(b) for b in _UTF16_HIGH_BYTES) / len(high)
        if share >= 0.7:
            try:
                text = data[: len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            if _printable_share(text) >= 0.95:
                return encoding
    return None


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good / len(text)


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(data)


def _detect_legacy(data: bytes, source: str) -> tuple[str, str]:
    """Detect a legacy code page with charset-normalizer; refuse when it has no confident answer."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise IngestError(source, "unknown text encoding (not UTF-8/UTF-16 and no code page fits)")
    encoding = best.encoding
    # Arabic text in a single-byte page: when windows-1256 is among the plausible readings and the
    # winner does not yield Arabic letters, prefer it (Arabic news is what this tool reads).
    text = str(best)
    if not _has_arabic(text):
        for candidate in matches:
            if candidate.encoding == "cp1256" and _has_arabic(str(candidate)):
                encoding, text = candidate.encoding, str(candidate)
                break
    logger.debug("%s: detected encoding %s", source, encoding)
    return text, encoding


def _has_arabic(text: str) -> bool:
    return sum(1 for ch in text if "\u0621" <= ch <= "\u064a") >= max(3, len(text) // 20)
