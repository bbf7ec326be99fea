// Allure Report 3 configuration for the Astronote release smoke report.
// Build with `python -m astronote_smoke.report build`: it runs `allure generate` with this file,
// removes the Google Analytics snippet Allure puts in every report (no option turns it off),
// puts the release verdict above the page, and writes reports/smoke-report.html.
// A bare `npx allure generate` keeps that snippet and shows no verdict.
import { readFileSync } from "node:fs";

// Categories come from labels the suite sets, never from message text: `failureKind` (the failure's
// kind, errors.Kind.label) on every failed or broken result, and `knownIssue` (the known-issue verdict).
// A label value must equal the rule's value (as in report/categories.py); the first matching rule wins.
const failureCategories = JSON.parse(
  readFileSync(new URL("./astronote_smoke/report/failure_categories.json", import.meta.url), "utf8"),
);
const exactly = (value) => new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

export default {
  name: "Astronote release smoke",
  resultsDir: "reports/allure-results",
  output: "reports/allure-report", // the Python build passes its own scratch folder instead
  // No historyPath: Allure's own history would call a regression after an outage "flaky" (it marks any
  // failure with an earlier pass before an older failure) and compare runs of other targets and tag
  // selections. The suite keeps its own history per target and selection (reports/history.jsonl,
  // astronote_smoke/report/history.py) and shows "new since the last run" in the verdict above the page.
  // Labels allure-behave adds to every result; they say nothing about the release.
  hideLabels: ["framework", "language"],
  categories: failureCategories.map(({ name, statuses, labels }) => ({
    name,
    matchers: {
      statuses,
      ...(labels ? { labels: Object.fromEntries(Object.entries(labels).map(([label, value]) => [label, exactly(value)])) } : {}),
    },
  })),
  plugins: {
    awesome: {
      options: {
        reportName: "Astronote release smoke",
        singleFile: true,
        // Matrix category, then service: the labels astronote_smoke/report/labels.py sets.
        groupBy: ["parentSuite", "suite"],
        // Groups A ... L in the matrix's order (their names start with the letter), not in the order they ran.
        defaultSortBy: "name,asc",
      },
    },
  },
};
