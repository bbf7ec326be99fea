Feature: H Segments
  Customers target their campaigns at audience segments and contact lists.

  @H1 @shopify @critical @prod @watch
  Scenario: H1 Shopify system segments exist
    The built-in segments that merchants target by gender and age are there.
    Given the test shop is signed in
    When the test shop lists its audience segments
    Then the segments are listed with their total
    And the system segments for men, women and ages 18 to 24 are among them

  @H2 @retail @critical @prod @watch
  Scenario: H2 Retail lists are served
    A retail customer can page through their contact lists.
    Given the retail test user is signed in
    When the test user lists their contact lists
    Then a page of lists is returned with its total, page number and page size
