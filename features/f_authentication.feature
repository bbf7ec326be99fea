Feature: F Authentication
  Customer data is only shown to the customer it belongs to.

  @F1 @shopify @blocker @prod @watch
  Scenario: F1 Shopify dashboard refuses anonymous callers
    A caller who names no shop and shows no credentials sees no dashboard.
    When an anonymous caller asks the Shopify API for a dashboard
    Then the call is refused
    And no dashboard data is disclosed

  @F2 @retail @blocker @prod @watch
  Scenario: F2 Retail KPIs refuse anonymous callers
    A caller without a sign-in sees no retail figures.
    When an anonymous caller asks the retail API for its KPIs
    Then the call is refused as unauthenticated
    And no KPI figures are disclosed

  @F3 @shopify @critical @prod @watch
  Scenario: F3 An unknown shop is refused
    A shop that does not exist is recognised as such, not served someone else's data.
    When a caller asks for the dashboard of a shop that does not exist
    Then the Shopify API answers that the store is not found

  @F4 @shopify @critical @prod @watch
  Scenario: F4 A shop domain alone is not a credential
    Knowing a shop's domain name must not be enough to see its data.
    Given the test shop is known
    When a caller names the test shop without its session token
    Then the call is refused
    And no dashboard data is disclosed
