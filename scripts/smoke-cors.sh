#!/usr/bin/env bash
# CORS smoke test: the preflights a browser on the web app sends before it calls the APIs (E1, E2),
# the same preflights from foreign origins, which both APIs must refuse (E3, E4), and the browser's
# own verdict on both calls (E5, E6, in Chromium: skipped without one).
#
#   WEB_URL=https://astronote.onrender.com \
#   SHOPIFY_API_URL=https://astronote-shopify.onrender.com \
#   RETAIL_API_URL=https://astronote-retail.onrender.com \
#   ./scripts/smoke-cors.sh
#
# The interface of the old script: the three URLs come from the environment (or from .env); with none
# of them set it runs against the local reference stack. It needs no credentials. Run it after a
# change of CORS_ALLOWLIST on either API. Options pass to the suite.
#
# Exit status: 0 when no check failed, 1 when a check failed, 2 when the configuration is wrong and
# nothing ran. Results go to reports/; `bin/smoke` also builds the report.
set -uo pipefail
cd "$(dirname "$0")/.."
bin/setup || exit $?
exec .venv/bin/python -m astronote_smoke run --tags="@E1 or @E2 or @E3 or @E4 or @E5 or @E6" "$@"
