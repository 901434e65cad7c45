"""Dagster resources: where pages come from, where partitions are kept, the warehouse.

``PageSourceResource`` has a live implementation (HTTP fetcher over configured feeds,
sitemaps and WARCs) and an offline one (the bundled sample corpus served from package
files through the same discovery code), so tests run real partitions without a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg

from pipelines.corpus import fetcher_for, sample_sources
from pipelines.dedup import StoryIndex
from pipelines.fetch import Fetcher
from pipelines.lake import Lake
from pipelines.load import Warehouse
from pipelines.raw import RawArchive, archive_under
from pipelines.settings import Settings, get_settings
from pipelines.sources import SourceConfig, detect_kind, load_sources


class PageSourceResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The configured sources and the fetcher that reads them."""

    # "bundled" (the sample corpus, offline) or "live"; unset means settings.source_mode.
    mode: str | None = None
    sources_file: str | None = None
    # Extra locations for one run (a dropped WARC file, a URL list) beside the configured ones.
    extra_locations: list[str] = []
    # Restrict a run to these named sources (``wirefacts backfill --source``).
    only_sources: list[str] = []
    # Read only ``extra_locations`` (a WARC drop run must not poll every feed too).
    extra_only: bool = False

    def resolved_mode(self) -> str:
        mode = self.mode or get_settings().source_mode
        if mode not in ("bundled", "live"):
            raise dg.Failure(f"page_source mode must be 'bundled' or 'live', not {mode!r}")
        return mode

    def settings(self) -> Settings:
        return get_settings()

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        found: list[SourceConfig]
        if self.extra_only:
            found = []
        elif self.resolved_mode() == "bundled":
            found = sample_sources()
        else:
            path = self.sources_file or get_settings().sources_file
            if path is None:
                raise dg.Failure(
                    "live mode needs a sources file: set WIREFACTS_SOURCES_FILE "
                    "(see sources.example.yaml)"
                )
            found = load_sources(Path(path))
        wanted = set(names or ()) | set(self.only_sources)
        if wanted:
            found = [s for s in found if s.name in wanted]
        for i, location in enumerate(self.extra_locations):
            found.append(
                SourceConfig(name=f"extra-{i}", kind=detect_kind(location), location=location)  # type: ignore[arg-type]
            )
        return found

    def sources_for_day(self, day: date, *, archived: bool) -> list[SourceConfig]:
        """The sources worth reading for ``day``.

        Feeds list only recent items, so they cannot reach the past: once a past day has
        pages in the raw archive, re-running it (a backfill, a reprocess after a code
        change) skips them and rebuilds from the archive. WARC, sitemap, URL-list and
        folder sources carry their own dates and are re-read.
        """
        found = self.sources()
        if archived and day < datetime.now(UTC).date():
            found = [s for s in found if s.kind != "feed"]
        return found

    def fetcher(self) -> Fetcher:
        return fetcher_for(self.resolved_mode(), get_settings())


class StorageResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The data root (raw archive, silver Parquet, story index) and the DuckDB warehouse."""

    data_root: str = ""
    db_path: str = ""

    def _root(self) -> str:
        return (self.data_root or get_settings().data).rstrip("/")

    def raw(self) -> RawArchive:
        return archive_under(self._root())

    def lake(self) -> Lake:
        return Lake(f"{self._root()}/silver")

    def story_index(self) -> StoryIndex:
        return StoryIndex(f"{self._root()}/story_index", get_settings())

    def warehouse(self) -> Warehouse:
        return Warehouse(Path(self.db_path or get_settings().db))
