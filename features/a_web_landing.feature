Feature: A Web landing page
  The public marketing site is where prospects first meet Astronote and where
  customers start to sign in. If it is down or broken, nobody can reach the product.

  @A1 @web @blocker @prod @watch
  Scenario: A1 Marketing landing page loads
    Prospects who type our address see the Astronote marketing site.
    When a visitor opens the marketing landing page
    Then the page is served as HTML
    And its title names Astronote

  @A2 @web @critical @prod @watch
  Scenario: A2 Deep links are served, not 404
    Links in emails and bookmarks open the page they point to, not "page not found".
    When a visitor opens the retail sign-in page
    Then the page is served as HTML
    And it is not the "page not found" page

  @A3 @web @normal @prod @watch
  Scenario: A3 Dark theme is applied
    The site shows our brand's dark theme from the first paint, without a white flash.
    When a visitor opens the marketing landing page
    Then the page is served in the dark theme

  @A4 @web @critical @prod @browser @watch
  Scenario: A4 Landing page renders, dark
    What prospects see once the page has run its scripts: no script error, nothing missing, our dark theme.
    When a visitor opens the marketing landing page in a browser
    Then the page renders without errors, in the dark theme
