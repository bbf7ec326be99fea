"""A scenario whose worker ended before reporting it goes into the Allure results as broken.

The worker that ran it wrote nothing for it, and a report that leaves a scenario out would
count one check fewer, never one failure more: the release summary could say GO. The parent
writes the result instead, through its own copy of the Allure formatter, with the scenario's
labels and the reason.
"""
from __future__ import annotations

from allure_behave.formatter import AllureFormatter
from allure_commons.model2 import Label, Status, StatusDetails
from allure_commons.utils import now

from ...errors import Kind
from ...report.categories import KIND_LABEL


def report_lost(formatters, scenarios, message: str) -> None:
    for formatter in formatters:
        if isinstance(formatter, AllureFormatter):
            for scenario in scenarios:
                _write_broken(formatter.listener, scenario, message)


def _write_broken(listener, scenario, message: str) -> None:
    listener.start_scenario(scenario)
    uuid = listener.current_scenario_uuid
    result = listener.logger.get_test(uuid)
    result.status = Status.BROKEN
    result.statusDetails = StatusDetails(message=message)
    result.labels.append(Label(name=KIND_LABEL, value=Kind.SUITE_ERROR.label))
    result.stop = now()
    listener.logger.close_test(uuid)
    listener.group_context.exit()
    listener.current_scenario_uuid = None
