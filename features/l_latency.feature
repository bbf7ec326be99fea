Feature: L Response time
  A service that answers, but slowly, makes the web app feel broken. The limit is the
  same one that raises the latency alert in production.

  @L1 @shopify @retail @normal @prod @watch
  Scenario: L1 Liveness endpoints answer within the latency budget
    Once awake, both APIs answer a simple request within the alert threshold.
    When both APIs are asked whether they are alive, once each
    Then each answers within the latency budget
