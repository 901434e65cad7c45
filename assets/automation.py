"""Jobs, schedules and sensors: the daily run, the feed poll, WARC drops, automation and alerts.

Retries live on the fetching asset only (``raw_pages``: transient network errors back
off and retry; everything else fails at once), so a bug in extraction or a failed check
is not retried three times for nothing.
"""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import dagster as dg
import httpx

from assets.checks import FRESHNESS_CHECKS, FRESHNESS_GRACE
from assets.partitions import DAILY
from assets.pipeline_assets import GLOBAL_ASSETS
from pipelines.drops import list_warcs, warc_days
from pipelines.settings import get_settings

DAILY_KEYS = (
    "raw_pages",
    "stg_articles",
    "stg_entity_mentions",
    "stg_date_mentions",
    "stg_attributions",
    "warehouse_partition",
)
# The freshness check judges the instance's history, not a run's output; it runs on its
# own schedule, never inside a (back)fill of an old day where it would always warn.
_FRESHNESS = dg.AssetSelection.checks(*FRESHNESS_CHECKS)

DAILY_JOB = dg.define_asset_job(
    "daily_partition_job",
    selection=dg.AssetSelection.keys(*DAILY_KEYS) - _FRESHNESS,
    partitions_def=DAILY,
    description="Ingest, extract, annotate and load one UTC day.",
)
FINALIZE_JOB = dg.define_asset_job(
    "finalize_job",
    selection=dg.AssetSelection.keys("story_clusters", "warehouse_dimensions"),
    description="Rebuild stories and cross-partition dimensions; publish the reader snapshot.",
)
FRESHNESS_JOB = dg.define_asset_job(
    "freshness_check_job",
    selection=_FRESHNESS,
    description="Is the previous UTC day loaded? (the daily_partition_fresh check)",
)

_hour = get_settings().schedule_hour


@dg.schedule(
    cron_schedule=f"0 {_hour} * * *",
    job=DAILY_JOB,
    execution_timezone="UTC",
    description="Every day at the configured hour (WIREFACTS_SCHEDULE_HOUR, UTC), run the "
    "previous day's partition.",
)
def daily_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    scheduled = context.scheduled_execution_time
    day = (scheduled - timedelta(days=1)).date()
    return dg.RunRequest(run_key=f"daily-{day.isoformat()}", partition_key=day.isoformat())


_fresh_at = datetime(2000, 1, 1, _hour, tzinfo=UTC) + FRESHNESS_GRACE


@dg.schedule(
    cron_schedule=f"{_fresh_at.minute} {_fresh_at.hour} * * *",
    job=FRESHNESS_JOB,
    execution_timezone="UTC",
    description="Checks, a few hours after the daily run, that the previous day was loaded.",
)
def freshness_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=f"fresh-{context.scheduled_execution_time.date().isoformat()}")


_poll = get_settings().feed_poll_minutes


@dg.schedule(
    cron_schedule=f"*/{_poll} * * * *" if 0 < _poll < 60 else "*/30 * * * *",
    job=DAILY_JOB,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING
    if 0 < _poll < 60
    else dg.DefaultScheduleStatus.STOPPED,
    description="Optional frequent feed poll of today's partition (WIREFACTS_FEED_POLL_MINUTES; "
    "runs by default only when that is set between 1 and 59).",
)
def feed_poll_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    day = context.scheduled_execution_time.date()
    return dg.RunRequest(partition_key=day.isoformat())


def warc_run_config(uri: str) -> dict[str, object]:
    """Run config that makes ``raw_pages`` read this one WARC (and no configured source)."""
    return {
        "resources": {"page_source": {"config": {"extra_locations": [uri], "extra_only": True}}}
    }


@dg.sensor(
    job=DAILY_JOB,
    minimum_interval_seconds=60,
    description="Watches the drop location (WIREFACTS_WARC_DROP, any fsspec URI) for new WARC "
    "files and requests one run per day each file covers, reading only that file; the "
    "cursor remembers processed files so each is read once.",
)
def warc_drop_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    drop = get_settings().warc_drop or ""
    if not drop:
        return dg.SensorResult(skip_reason="WIREFACTS_WARC_DROP is not set")
    seen: list[str] = json.loads(context.cursor) if context.cursor else []
    known = set(seen)
    new_files = [f for f in list_warcs(drop) if f not in known]
    if not new_files:
        return dg.SensorResult(skip_reason="no new WARC files")
    valid = set(DAILY.get_partition_keys())
    requests = []
    for uri in new_files:
        days = sorted(d.isoformat() for d in warc_days(uri))
        outside = [d for d in days if d not in valid]
        if outside:
            context.log.warning("%s: days outside the partitions skipped: %s", uri, outside)
        for key in (d for d in days if d in valid):
            requests.append(
                dg.RunRequest(
                    run_key=f"{uri}:{key}",
                    partition_key=key,
                    run_config=warc_run_config(uri),
                    tags={"wirefacts/warc": uri[-200:]},
                )
            )
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(sorted(known | set(new_files))))


# Declarative automation: the cross-partition assets carry FOLLOW_UPSTREAM conditions;
# this sensor evaluates them. Declared here (rather than relying on Dagster's implicit
# default sensor, which starts stopped) so it is on from the first `dagster dev`.
automation_sensor = dg.AutomationConditionSensorDefinition(
    "wirefacts_automation_sensor",
    target=dg.AssetSelection.assets(*GLOBAL_ASSETS),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="Rebuilds stories and dimensions after daily loads (declarative automation).",
)


def failure_payload(run: dg.DagsterRun, message: str | None) -> dict[str, object]:
    return {
        "event": "wirefacts.run_failed",
        "run_id": run.run_id,
        "job": run.job_name,
        "partition": run.tags.get("dagster/partition"),
        "backfill": run.tags.get("dagster/backfill"),
        "error": message,
    }


@dg.run_failure_sensor(
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Logs every failed run as one JSON line and, if WIREFACTS_WEBHOOK_URL is set, "
    "posts the same JSON there.",
)
def failure_alert_sensor(context: dg.RunFailureSensorContext) -> None:
    payload = failure_payload(context.dagster_run, context.failure_event.message)
    context.log.error("wirefacts run failed: %s", json.dumps(payload, sort_keys=True))
    url = get_settings().webhook_url
    if url:
        try:
            response = httpx.post(url, json=payload, timeout=10)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            # Webhook paths often carry a secret token: name the host only.
            host = urlsplit(url).hostname or "the webhook"
            context.log.warning("webhook post to %s failed: %s", host, type(exc).__name__)


SCHEDULES = [daily_schedule, freshness_schedule, feed_poll_schedule]
SENSORS = [warc_drop_sensor, automation_sensor, failure_alert_sensor]
JOBS = [DAILY_JOB, FINALIZE_JOB, FRESHNESS_JOB]
