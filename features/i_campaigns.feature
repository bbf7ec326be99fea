Feature: I Campaign create and enqueue
  Sending campaigns is what customers pay for. These scenarios create a real campaign
  in the test shop, in safe mode: its audience holds only test recipients and its SMS
  provider is a sandbox, so no phone receives anything. Whatever the API lets us
  remove is removed afterwards; a sent campaign stays as the run's named record.

  @I1 @shopify @blocker @prod @writes
  Scenario: I1 A draft campaign is created
    Merchants can create a campaign.
    Given the test shop is signed in
    When the test shop creates a smoke campaign for its whole audience
    Then the campaign is created as a draft

  @I2 @shopify @blocker @prod @writes
  Scenario: I2 The campaign is enqueued
    Merchants can send a campaign: it is accepted into the sending queue.
    Given the test shop is signed in
    And the test shop has created a smoke campaign
    When the test shop sends the campaign
    Then the sending queue accepts the campaign

  @I3 @shopify @worker @blocker @prod @writes @watch
  Scenario: I3 The enqueued safe-mode campaign is processed by the worker
    A sent campaign is actually processed by a running worker, and no job fails on the way.
    Given the test shop is signed in
    And the test shop has created a smoke campaign
    And the failed jobs of the sending queue have been counted
    When the test shop sends the campaign
    Then the worker finishes sending it in good time
    And no further job failed in the sending queue
