"""The browser checks: one service per run (`service`, started and reached through `client`)
owning the system Chromium or Chrome (`process`) and one Playwright driver, running the
scenarios' pages side by side; a fresh context per scenario that records what the page did and
when it settled (`page`, `settle`, `traffic`), and the cases judged in it (`cases`); what a case
takes from the run's HTTP side (`needs`). Plain records out, no behave or allure in here: the
steps and the report attach what comes back."""
