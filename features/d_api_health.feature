Feature: D API health
  Both APIs report on their own health and on the services they depend on.
  A service that says it is unwell is not ready for customers, even when it answers.

  @D1 @shopify @blocker @prod @watch
  Scenario: D1 Shopify API is alive
    The Shopify API is running and answering.
    When the Shopify API is asked whether it is alive
    Then it says it is alive, with the time of its answer

  @D2 @shopify @blocker @prod @watch
  Scenario: D2 Shopify API dependencies are healthy
    The Shopify API can reach its database and its Redis queue store.
    When the Shopify API is asked for its full health report
    Then it reports itself healthy
    And it reports its database and Redis healthy

  @D3 @retail @blocker @prod @watch
  Scenario: D3 Retail API is alive
    The retail API is running and answering.
    When the retail API is asked whether it is alive
    Then it says it is alive

  @D4 @retail @blocker @prod @watch
  Scenario: D4 Retail API is ready
    The retail API is ready to serve customers, its database reachable.
    When the retail API is asked whether it is ready
    Then it says it is ready to serve

  @D5 @retail @critical @prod @watch
  Scenario: D5 Retail database is connected
    The retail API's own database check passes.
    When the retail API is asked about its database
    Then it says its database is connected
