Feature: E CORS preflight
  Before the web app calls an API with a customer's credentials, the browser asks the
  API whether the web app's origin may call it (a CORS preflight). This feature speaks
  in origins and credentials because here the headers are the behaviour.

  @E1 @shopify @blocker @prod @watch
  Scenario: E1 Shopify API admits the web origin
    Without this, every Shopify screen of the web app fails in the browser.
    When the web app's origin sends a preflight for an authenticated POST to the Shopify API
    Then a browser would let the call through without credentials

  @E2 @retail @blocker @prod @watch
  Scenario: E2 Retail API admits the web origin
    Without this, every retail screen of the web app fails in the browser.
    When the web app's origin sends a preflight for an authenticated POST to the retail API
    Then a browser would let the call through with credentials

  @E3 @shopify @critical @prod @watch
  Scenario: E3 Shopify API refuses foreign origins
    Other websites must not be able to call the Shopify API from a customer's browser.
    When foreign origins send the same preflight to the Shopify API
    Then the API admits none of them

  @E4 @retail @critical @prod @watch
  Scenario: E4 Retail API refuses foreign origins
    Other websites, including look-alikes of ours, must not be able to call the retail API with a customer's cookie.
    When foreign origins send the same preflight to the retail API
    Then the API admits none of them

  @E5 @shopify @blocker @prod @browser @watch
  Scenario: E5 A browser lets the web app call the Shopify API
    The browser's own verdict: the preflight and the actual answer both admit the web origin.
    When a page of the web app calls the Shopify API in a browser
    Then the browser lets the page read the answer

  @E6 @retail @blocker @prod @browser @watch
  Scenario: E6 A browser lets the web app call the retail API with credentials
    The browser's own verdict, for a call that carries the customer's cookie.
    When a page of the web app calls the retail API with the customer's cookie in a browser
    Then the browser lets the page read the answer
