"""The root Definitions that ``workspace.yaml`` loads; cross-cutting policy is applied here.

Policy applied once: retries with exponential backoff and jitter on every asset step (a
step raises only on transient errors; bad pages are quarantined, not retried), the
``duckdb_writer`` pool on the loading assets, and eager automation for the
cross-partition assets so they follow upstream loads.
"""

from __future__ import annotations

import dagster as dg

from assets.automation import JOBS, SCHEDULES, SENSORS
from assets.checks import ALL_CHECKS
from assets.pipeline_assets import ALL_ASSETS, GLOBAL_ASSETS
from assets.resources import PageSourceResource, StorageResource

_assets = [
    a.with_attributes(automation_condition=dg.AutomationCondition.eager())
    if a in GLOBAL_ASSETS
    else a
    for a in ALL_ASSETS
]

defs = dg.Definitions(
    assets=_assets,
    asset_checks=ALL_CHECKS,
    jobs=JOBS,
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources={"page_source": PageSourceResource(), "storage": StorageResource()},
)
