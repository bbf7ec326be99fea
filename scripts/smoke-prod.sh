#!/usr/bin/env bash
# Production smoke test: the release gate, every @prod check of the suite, against one deployment.
#
#   WEB_URL=https://astronote.onrender.com \
#   SHOPIFY_API_URL=https://astronote-shopify.onrender.com \
#   RETAIL_API_URL=https://astronote-retail.onrender.com \
#   ./scripts/smoke-prod.sh
#
# The interface of the old script: the three URLs come from the environment (or from .env). With none
# of them set it now runs against the local reference stack, never against production by surprise;
# setting only some is a configuration error. Credentials and test data (SHOPIFY_SESSION_TOKEN,
# RETAIL_ACCESS_TOKEN, SHORT_LINK_TOKEN...) are read the same way: a check that lacks them is skipped
# and names them. Options pass to the suite, e.g. `./scripts/smoke-prod.sh --tags=@retail` runs the
# @prod checks of the retail API only.
#
# Exit status: 0 when no check failed (passed or skipped), 1 when a check failed, 2 when the
# configuration is wrong and nothing ran. Results go to reports/; `bin/smoke` also builds the report.
set -uo pipefail
cd "$(dirname "$0")/.."
bin/setup || exit $?
exec .venv/bin/python -m astronote_smoke run --tags=@prod "$@"
