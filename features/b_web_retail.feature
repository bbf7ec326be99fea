Feature: B Web retail area
  Retail customers sign in to the web app to run their SMS campaigns.

  @B1 @web @blocker @prod
  Scenario: B1 Retail sign-in page renders
    Retail customers can reach the form where they sign in.
    When a visitor opens the retail sign-in page
    Then the page is served as HTML
    And it is not the "page not found" page
    And it asks for a password

  @B2 @web @critical @prod
  Scenario: B2 Retail dashboard route exists
    Signed-in retail customers land on their dashboard, not on an error page.
    When a visitor opens the retail dashboard
    Then the page is served as HTML
    And it is not the "page not found" page

  @B3 @web @retail @blocker @prod
  Scenario: B3 Web app calls the right retail API
    The web app was built to talk to this deployment's retail API, not a developer's machine or another environment.
    When a visitor opens the retail sign-in page
    Then the page's scripts call this deployment's retail API
