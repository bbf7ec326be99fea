Feature: J Shortener
  Campaign messages carry short links; a broken link loses the customer's click.

  @J1 @shopify @critical @prod @watch
  Scenario: J1 A short link redirects to its destination
    A customer who taps a link in an SMS lands on the merchant's page.
    Given the known short link is configured
    When a customer follows the known short link
    Then they are sent on to its destination

  @J2 @shopify @normal @prod @watch
  Scenario: J2 An unknown short link fails safely
    A mistyped or expired link ends on our error page, never on a crash or another website.
    When a customer follows a short link that does not exist
    Then they are sent to the web app's error page
    And the error page they land on exists
