Feature: G Dashboard contract
  The dashboards show customers their credits, campaigns and delivery reports in one call.

  @G1 @shopify @critical @prod @watch
  Scenario: G1 Shopify dashboard embeds its reports
    A merchant's dashboard shows its counters and last week's delivery reports.
    Given the test shop is signed in
    When the test shop opens its dashboard
    Then the dashboard shows credits, campaigns, contacts, messages and automations as numbers
    And it embeds the last seven days, top campaigns, delivery trend and credit usage reports

  @G2 @retail @critical @prod @watch
  Scenario: G2 Retail KPIs keep their shape
    A retail customer's dashboard shows every key figure as a number.
    Given the retail test user is signed in
    When the test user opens the KPI dashboard
    Then every key figure is a number
