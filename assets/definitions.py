"""The root Definitions that ``workspace.yaml`` loads.

Policy lives with the objects it governs: retries on the fetching asset, the
``duckdb_writer`` pool on the loading assets, automation conditions on the
cross-partition assets (evaluated by ``wirefacts_automation_sensor``).
"""

import dagster as dg

from assets.automation import JOBS, SCHEDULES, SENSORS
from assets.checks import ALL_CHECKS
from assets.pipeline_assets import ALL_ASSETS
from assets.resources import PageSourceResource, StorageResource

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=JOBS,
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources={"page_source": PageSourceResource(), "storage": StorageResource()},
)
