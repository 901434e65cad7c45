"""Asset checks on the warehouse: keys unique and not null, references that resolve."""


import dagster as dg

from assets.pipeline_assets import warehouse_dimensions
from assets.resources import StorageResource
from pipelines import quality
from pipelines.load import open_reader


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
    with open_reader(storage.warehouse().db_path) as con:
        return _result(quality.key_checks(con))


@dg.asset_check(
    asset=warehouse_dimensions,
    blocking=True,
    description="Every mention's entity exists in dim_entity; every fact's article in dim_article.",
)
def warehouse_references_resolve(storage: StorageResource) -> dg.AssetCheckResult:
    with open_reader(storage.warehouse().db_path) as con:
        return _result(quality.referential_checks(con))


ALL_CHECKS = [warehouse_keys_unique_not_null, warehouse_references_resolve]
