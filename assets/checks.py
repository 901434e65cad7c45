"""Asset checks beyond the ones each partition reports inline.

The per-partition floors (extraction coverage on ``stg_articles``, date resolution on
``stg_date_mentions``) are reported by the assets themselves, as blocking checks, so a
bad day stops before it reaches the warehouse. Here: the warehouse-wide checks (keys
unique and not null, every mention's entity in ``dim_entity``), which block the reader
snapshot's consumers, and the freshness of the daily partition, which needs no data at
all, only the instance's record of what was materialized when.
"""

from datetime import UTC, date, datetime, timedelta

import dagster as dg

from assets.pipeline_assets import warehouse_dimensions, warehouse_partition
from assets.resources import StorageResource
from pipelines import quality
from pipelines.load import open_reader
from pipelines.settings import get_settings

# How long after the scheduled hour the previous day's load may take before the
# freshness check fails (the daily run plus retries fit comfortably in it).
FRESHNESS_GRACE = timedelta(hours=get_settings().freshness_grace_hours)


def _result(outcome: quality.CheckOutcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=outcome.passed,
        description=outcome.description,
        metadata=outcome.metadata,
        severity=dg.AssetCheckSeverity.ERROR,
    )


@dg.asset_check(
    asset=warehouse_dimensions,
    blocking=True,
    description="Every key column is not null and unique (dimension and fact grains).",
)
def warehouse_keys_unique_not_null(storage: StorageResource) -> dg.AssetCheckResult:
    # Checks read plain tables: loading fts costs ~75 CPU-ms a connection, on every finalize.
    with open_reader(storage.warehouse().db_path, full_text=False) as con:
        return _result(quality.key_checks(con))


@dg.asset_check(
    asset=warehouse_dimensions,
    blocking=True,
    description="Every mention's entity exists in dim_entity; every fact's article in dim_article.",
)
def warehouse_references_resolve(storage: StorageResource) -> dg.AssetCheckResult:
    with open_reader(storage.warehouse().db_path, full_text=False) as con:
        return _result(quality.referential_checks(con))


def expected_partition(now: datetime, schedule_hour: int, grace: timedelta) -> date:
    """The newest daily partition that should be loaded by ``now``.

    The schedule loads day D-1 at ``schedule_hour`` on day D; allowing ``grace`` for the
    run, D-1 is due from then on, before that only D-2.
    """
    now = now.astimezone(UTC)
    deadline = now.replace(hour=schedule_hour, minute=0, second=0, microsecond=0) + grace
    today = now.date()
    return today - timedelta(days=1) if now >= deadline else today - timedelta(days=2)


def partition_freshness(
    instance: dg.DagsterInstance, now: datetime | None = None
) -> dg.AssetCheckResult:
    """Pass when the expected daily partition of ``warehouse_partition`` is materialized."""
    now = now or datetime.now(UTC)
    due = expected_partition(now, get_settings().schedule_hour, FRESHNESS_GRACE)
    done = instance.get_materialized_partitions(warehouse_partition.key)
    latest = max(done) if done else None
    fresh = due.isoformat() in done
    return dg.AssetCheckResult(
        passed=fresh,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"partition {due} {'is loaded' if fresh else 'is overdue'}",
        metadata={
            "expected_partition": due.isoformat(),
            "latest_loaded_partition": latest or "none",
            "checked_at": now.isoformat(timespec="seconds"),
        },
    )


@dg.asset_check(
    asset=warehouse_partition,
    description="The previous UTC day is loaded within a few hours of the daily schedule "
    "(warns; evaluated by freshness_schedule, or on demand from the UI).",
)
def daily_partition_fresh(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
    return partition_freshness(context.instance)


FRESHNESS_CHECKS = [daily_partition_fresh]
ALL_CHECKS = [warehouse_keys_unique_not_null, warehouse_references_resolve, *FRESHNESS_CHECKS]
