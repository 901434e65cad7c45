"""A drop location (any fsspec URI) where WARC files appear, and the days each covers."""

from __future__ import annotations

from datetime import date, datetime

import fsspec

WARC_SUFFIXES = (".warc", ".warc.gz")


def list_warcs(drop_uri: str) -> list[str]:
    """WARC files currently in the drop location, as full URIs, sorted for stable cursors."""
    fs, root = fsspec.core.url_to_fs(drop_uri)
    if not fs.exists(root):
        return []
    found = [p for p in fs.find(root) if str(p).endswith(WARC_SUFFIXES)]
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    prefix = "" if protocol in ("file", "local") else f"{protocol}://"
    return sorted(prefix + str(p) for p in found)


def warc_days(uri: str) -> set[date]:
    """UTC days of the response records' WARC-Date headers (headers only, streamed)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    days: set[date] = set()
    with fsspec.open(uri, "rb", compression="infer") as fh:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=False):
            stamp = record.headers.get("WARC-Date")
            if stamp:
                try:
                    days.add(datetime.fromisoformat(stamp.replace("Z", "+00:00")).date())
                except ValueError:
                    continue
    return days
