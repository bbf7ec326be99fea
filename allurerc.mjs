// Allure Report 3 configuration for the Astronote release smoke report.
// Build with `python -m astronote_smoke.report build`: it runs `allure generate` with this file,
// removes the Google Analytics snippet Allure puts in every report (no option turns it off),
// and writes reports/smoke-report.html. A bare `npx allure generate` keeps that snippet.
import { readFileSync } from "node:fs";

// The same rules, in the same order, classify results in reports/summary.md.
const failureCategories = JSON.parse(
  readFileSync(new URL("./astronote_smoke/report/failure_categories.json", import.meta.url), "utf8"),
);

export default {
  name: "Astronote release smoke",
  resultsDir: "reports/allure-results",
  output: "reports/allure-report", // the Python build passes its own scratch folder instead
  // One line per run; CI caches this file so the next report shows the trend, flaky and new tests.
  historyPath: "reports/history.jsonl",
  historyLimit: 50,
  // Labels allure-behave adds to every result; they say nothing about the release.
  hideLabels: ["framework", "language"],
  // By label, never by message: failureKind is the kind of the exception a scenario ended with.
  categories: failureCategories.map(({ name, statuses, labels }) => ({
    name,
    matchers: { statuses, ...(labels ? { labels } : {}) },
  })),
  plugins: {
    awesome: {
      options: {
        reportName: "Astronote release smoke",
        singleFile: true,
        // Matrix category, then service: the labels astronote_smoke/report/labels.py sets.
        groupBy: ["parentSuite", "suite"],
      },
    },
  },
};
