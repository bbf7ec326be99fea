"""Contract checks: each takes what a service answered and raises ContractViolation when a promise fails."""
