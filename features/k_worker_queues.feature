Feature: K Worker queue processing
  Background workers send the messages. A stopped worker or a growing backlog means
  customers' campaigns silently do not go out.

  @K1 @retail @worker @critical @prod @watch
  Scenario: K1 Retail queue is healthy
    The retail sending queue reports its jobs and is not backed up.
    Given the retail test user is signed in
    When the retail sending queue is inspected
    Then it reports its waiting, active, completed, failed and delayed jobs
    And its waiting jobs are within the alert threshold

  @K2 @shopify @worker @critical @prod @watch
  Scenario: K2 Shopify worker is running
    The Shopify API sees its worker running and its queue reachable.
    When the Shopify API is asked for its full health report
    Then it reports its worker and queue healthy

  @K3 @shopify @worker @critical @prod @watch
  Scenario: K3 Shopify queue is draining
    The Shopify sending queue reports its jobs and is not backed up.
    Given the test shop is signed in
    When the Shopify sending queue is inspected
    Then it reports its waiting, active, completed, failed and delayed jobs
    And its waiting jobs are within the alert threshold
