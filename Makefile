# Set-up and everyday commands. Every target builds the environment from uv.lock first,
# so a fresh machine needs only python3.11 and access to the package registry.
PYTHON ?= python3.11
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/wirefacts.duckdb

.PHONY: env demo test lint typecheck sqllint pytest bench bench-smoke eval ui clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Bytecode is compiled once at install: environments that set PYTHONDONTWRITEBYTECODE (this
# one does) would otherwise recompile dagster & co. in every process (~9 CPU-s each).
$(BIN)/wirefacts: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

env: $(BIN)/wirefacts

demo: env
	$(BIN)/wirefacts demo --db $(DB)

lint: env
	$(BIN)/ruff check pipelines assets tests benchmarks
	$(BIN)/ruff format --check pipelines assets tests benchmarks

typecheck: env
	$(BIN)/mypy pipelines assets

sqllint: env
	$(BIN)/sqlfluff lint sql

pytest: env
	$(BIN)/pytest -q

test: lint typecheck sqllint pytest

bench: env
	$(BIN)/python benchmarks/run.py

bench-smoke: env
	$(BIN)/python benchmarks/run.py --smoke

eval: env
	$(BIN)/python benchmarks/eval_all.py

ui: env
	$(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf data build .pytest_cache .mypy_cache .ruff_cache
