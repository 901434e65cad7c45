"""The one daily partition definition (UTC days) shared by assets, jobs and schedules."""

from __future__ import annotations

import dagster as dg

from pipelines.settings import get_settings

DAILY = dg.DailyPartitionsDefinition(
    start_date=get_settings().partition_start.isoformat(),
    timezone="UTC",
    end_offset=1,
)
