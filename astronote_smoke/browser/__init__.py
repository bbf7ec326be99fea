"""The browser checks: one system Chromium or Chrome per run (`process`), a fresh context per
scenario that records what the page did (`page`), and the cases judged in it (`cases`). Plain
records out, no behave or allure in here: the steps and the report attach what comes back."""
