Feature: C Web Shopify area
  Shopify merchants connect their store and manage campaigns from the web app.

  @C1 @web @blocker @prod @watch
  Scenario: C1 Shopify connect page renders
    Merchants can reach the page where they connect their Shopify store.
    When a visitor opens the Shopify connect page
    Then the page is served as HTML
    And it is not the "page not found" page

  @C2 @web @critical @prod @watch
  Scenario: C2 Shopify dashboard route exists
    Connected merchants land on their dashboard, not on an error page.
    When a visitor opens the Shopify dashboard
    Then the page is served as HTML
    And it is not the "page not found" page

  @C3 @web @shopify @blocker @prod @watch
  Scenario: C3 Web app calls the right Shopify API
    The web app was built to talk to this deployment's Shopify API, not a developer's machine or another environment.
    When a visitor opens the Shopify connect page
    Then the page's scripts call this deployment's Shopify API

  @C4 @web @critical @prod @browser @watch
  Scenario: C4 Anonymous merchants are sent to the Shopify sign-in
    Nobody sees a store's dashboard without signing in with Shopify first.
    When an anonymous visitor opens the Shopify dashboard in a browser
    Then they are sent to the Shopify login page, which asks for their store
