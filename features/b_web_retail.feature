Feature: B Web retail area
  Retail customers sign in to the web app to run their SMS campaigns.

  @B1 @web @blocker @prod @browser @watch
  Scenario: B1 Retail sign-in page renders
    Retail customers can reach the form where they sign in: the page draws it in their browser.
    When a visitor opens the retail sign-in page in a browser
    Then the sign-in form appears, without errors

  @B2 @web @critical @prod @watch
  Scenario: B2 Retail dashboard route exists
    Signed-in retail customers land on their dashboard, not on an error page.
    When a visitor opens the retail dashboard
    Then the page is served as HTML
    And it is not the "page not found" page

  @B3 @web @retail @blocker @prod @watch
  Scenario: B3 Web app calls the right retail API
    The web app was built to talk to this deployment's retail API, not a developer's machine or another environment.
    When a visitor opens the retail sign-in page
    Then the page's scripts call this deployment's retail API

  @B4 @web @critical @prod @browser @watch
  Scenario: B4 Anonymous visitors are sent to sign in
    Nobody sees a retail dashboard without signing in first.
    When an anonymous visitor opens the retail dashboard in a browser
    Then they are sent to the retail sign-in page

  @B5 @web @retail @blocker @prod @browser @watch
  Scenario: B5 A retail user signs in and sees the dashboard
    A retail customer signs in through the web app and sees the figures of their own account; the session is closed afterwards.
    When the retail test user signs in through the web app
    Then they see their dashboard with the figures the retail API reports
    And every API call of the page went to this deployment's retail API, none blocked
