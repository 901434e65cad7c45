"""Schedules and sensors: the daily run, the feed poll, WARC drops and failure alerts."""


import json
from datetime import timedelta

import dagster as dg
import httpx

from assets.partitions import DAILY
from pipelines.drops import list_warcs, warc_days
from pipelines.settings import get_settings

# Steps raise only on transient trouble (bad pages are quarantined, not raised), so every
# failure is worth a few retries with exponential backoff and jitter.
RETRY = dg.RetryPolicy(
    max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)

DAILY_JOB = dg.define_asset_job(
    "daily_partition_job",
    selection=dg.AssetSelection.groups("ingest", "extract")
    | dg.AssetSelection.keys(
        "stg_entity_mentions", "stg_date_mentions", "stg_attributions", "warehouse_partition"
    ),
    partitions_def=DAILY,
    op_retry_policy=RETRY,
    description="Ingest, extract, annotate and load one UTC day.",
)
FINALIZE_JOB = dg.define_asset_job(
    "finalize_job",
    selection=dg.AssetSelection.keys("story_clusters", "warehouse_dimensions"),
    op_retry_policy=RETRY,
    description="Rebuild stories and cross-partition dimensions; publish the reader snapshot.",
)


@dg.schedule(
    cron_schedule=f"0 {get_settings().schedule_hour} * * *",
    job=DAILY_JOB,
    execution_timezone="UTC",
    description="Every day at the configured hour (UTC), run the previous day's partition.",
)
def daily_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    scheduled = context.scheduled_execution_time
    day = (scheduled - timedelta(days=1)).date()
    return dg.RunRequest(run_key=f"daily-{day.isoformat()}", partition_key=day.isoformat())


_poll = get_settings().feed_poll_minutes


@dg.schedule(
    cron_schedule=f"*/{_poll} * * * *" if 0 < _poll < 60 else "*/30 * * * *",
    job=DAILY_JOB,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING
    if 0 < _poll < 60
    else dg.DefaultScheduleStatus.STOPPED,
    description="Optional frequent feed poll of today's partition (settings.feed_poll_minutes).",
)
def feed_poll_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    day = context.scheduled_execution_time.date()
    return dg.RunRequest(partition_key=day.isoformat())


class WarcDropConfig(dg.Config):
    """Where new WARC files are dropped (a URI); empty disables the sensor's work."""

    drop_uri: str = ""


@dg.sensor(
    job=DAILY_JOB,
    minimum_interval_seconds=60,
    description="Watches the drop location (WIREFACTS_WARC_DROP) for new WARC files and requests "
    "runs for the days they cover; the cursor remembers processed files.",
)
def warc_drop_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    import os

    drop = os.environ.get("WIREFACTS_WARC_DROP", "")
    if not drop:
        return dg.SensorResult(skip_reason="WIREFACTS_WARC_DROP is not set")
    seen: list[str] = json.loads(context.cursor) if context.cursor else []
    new_files = [f for f in list_warcs(drop) if f not in set(seen)]
    if not new_files:
        return dg.SensorResult(skip_reason="no new WARC files")
    requests = []
    for uri in new_files:
        for day in sorted(warc_days(uri)):
            requests.append(
                dg.RunRequest(
                    run_key=f"{uri}:{day.isoformat()}",
                    partition_key=day.isoformat(),
                    run_config={
                        "resources": {"page_source": {"config": {"extra_locations": [uri]}}}
                    },
                    tags={"wirefacts/warc": uri},
                )
            )
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(sorted({*seen, *new_files})))


@dg.run_failure_sensor(
    description="Logs every failed run and, if WIREFACTS_WEBHOOK_URL is set, posts it there."
)
def failure_alert_sensor(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    payload = {
        "run_id": run.run_id,
        "job": run.job_name,
        "partition": run.tags.get("dagster/partition"),
        "error": context.failure_event.message,
    }
    context.log.error("wirefacts run failed: %s", json.dumps(payload))
    url = get_settings().webhook_url
    if url:
        try:
            httpx.post(url, json=payload, timeout=10)
        except httpx.HTTPError as exc:
            context.log.warning("webhook post failed: %s", exc)


SCHEDULES = [daily_schedule, feed_poll_schedule]
SENSORS = [warc_drop_sensor, failure_alert_sensor]
JOBS = [DAILY_JOB, FINALIZE_JOB]
