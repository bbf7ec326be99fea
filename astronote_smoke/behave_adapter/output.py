"""Secret masking for what behave itself writes: step failures, cleanup errors, log records.

The suite masks what it writes (the client's exchanges, the console, notes). Behave writes
more on its own: a failed step's message goes to the console formatters, the JUnit XML and
the Allure results, and captured log records go along with it. `guard_behave_output` puts
the run's `Masker` in front of each of those, so a secret that reaches an exception message,
by whatever route, is masked before behave formats it. `scrub_files` is the last line: when
the run ends it masks whatever still got into its files, and says which files needed it.
"""
from __future__ import annotations

import atexit
import logging
import os
import traceback
from pathlib import Path

from ..masking import Masker

_CAPTURED_STREAMS = ("stdout", "stderr", "log")


class MaskedError(Exception):
    """Stands in for an exception whose text held a secret and cannot be rewritten in place."""


class MaskedAssertion(MaskedError, AssertionError):
    """A masked stand-in that still counts as a failed check."""


def guard_behave_output(context, masker: Masker, say) -> None:
    """Puts the masker in front of what behave writes in this run; `say` tells the person running it."""
    mask_log_records(masker)
    context.on_cleanup_error = cleanup_error_reporter(masker, say)
    # behave sets a failed step's error message after the after_step hook, just before it hands the
    # step to its formatters: the formatters are the first place where the final message can be masked.
    for formatter in context._runner.formatters:
        mask_before_result(formatter, masker)
        opener = getattr(formatter, "stream_opener", None)
        if getattr(formatter, "stream", None) is not None and getattr(opener, "stream", None) is formatter.stream:
            # What else a formatter prints, a scenario's captured output for one, is masked as it is written.
            # The opener holds the same stream: behave checks that they agree when it closes them.
            formatter.stream = opener.stream = MaskingStream(formatter.stream, masker)
    for reporter in context.config.reporters:
        mask_before_report(reporter, masker)
    places = output_places(context.config)
    # At exit every formatter and reporter has closed its files, interrupted runs included.
    atexit.register(_scrub_and_say, masker, places, say)


class MaskingStream:
    """A text stream that masks what is written to it; everything else is the wrapped stream's."""

    def __init__(self, stream, masker: Masker):
        self._stream = stream
        self._masker = masker

    def write(self, text: str) -> int:
        return self._stream.write(self._masker.mask(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def mask_before_result(formatter, masker: Masker) -> None:
    """Masks each finished step before `formatter` sees it; its JUnit record is later taken from the same step."""
    show_result = formatter.result

    def result(step):
        mask_step(masker, step)
        show_result(step)

    formatter.result = result


def mask_before_report(reporter, masker: Masker) -> None:
    """Masks a finished feature's scenarios (messages, captured output) before `reporter` (JUnit) writes them."""
    report_feature = reporter.feature

    def feature(finished):
        for scenario in finished.walk_scenarios():
            if scenario.error_message:
                scenario.error_message = masker.mask(scenario.error_message)
            if scenario.exception is not None:
                scenario.exception = masked_exception(masker, scenario.exception)
            mask_captured(masker, scenario.captured)
            for step in scenario.all_steps:
                mask_step(masker, step)
        report_feature(finished)

    reporter.feature = feature


def output_places(config) -> list[str]:
    """The files and folders behave writes to: each formatter's output (the Allure results folder too), JUnit XML."""
    places = [getattr(opener, "name", None) for opener in getattr(config, "outputs", None) or []]
    if getattr(config, "junit", False):
        places.append(config.junit_directory)
    return [place for place in places if place]


def _scrub_and_say(masker: Masker, places, say) -> None:
    for path in scrub_files(masker, places):
        say(f"Masked a secret that reached {path} past the suite's own masking.")


def mask_step(masker: Masker, step) -> None:
    """Masks a finished step's error message, exception and captured output."""
    if step.error_message:
        step.error_message = masker.mask(step.error_message)
    if step.exception is not None:
        step.exception = masked_exception(masker, step.exception)
    mask_captured(masker, step.captured)


def masked_exception(masker: Masker, error: BaseException) -> BaseException:
    """The exception itself when its text holds no secret, else one whose text is masked."""
    text = str(error)
    masked = masker.mask(text)
    if masked == text:
        return error
    try:
        error.args = (masked,)
    except (AttributeError, TypeError):
        pass
    rewritten = str(error)
    if masker.mask(rewritten) == rewritten:
        return error
    # Exceptions that build their text from other attributes (OSError, KeyError...) get a stand-in.
    stand_in = MaskedAssertion if isinstance(error, AssertionError) else MaskedError
    return stand_in(f"{type(error).__name__}: {masked}")


def mask_captured(masker: Masker, captured) -> None:
    """Masks behave's captured output: one `Captured` or a `ManyCaptured` holding several."""
    for part in getattr(captured, "captures", None) or [captured]:
        for stream in _CAPTURED_STREAMS:
            text = getattr(part, stream, None)
            if isinstance(text, str) and text:
                setattr(part, stream, masker.mask(text))
        # Captured caches its combined output once asked for it.
        if hasattr(part, "_output"):
            part._output = None


def cleanup_error_reporter(masker: Masker, say):
    """A handler for `context.on_cleanup_error`: one masked line instead of behave's unmasked traceback."""
    def report(context, cleanup, error):
        name = getattr(cleanup, "__name__", None) or repr(cleanup)
        say(masker.mask(f"CLEANUP-ERROR in {name}: {type(error).__name__}: {error}"))
    return report


def mask_log_records(masker: Masker) -> None:
    """Masks every log record as it is made, whichever handler (behave's capture, a file) gets it."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_secrets", False):
        return

    def masked_record(*args, **kwargs):
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} {record.args}"
        record.msg, record.args = masker.mask(message), None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatters keep a record's exc_text when it is set: the traceback is masked once, here.
            record.exc_text = masker.mask("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return record

    masked_record.masks_secrets = True
    logging.setLogRecordFactory(masked_record)


def scrub_files(masker: Masker, places) -> list[str]:
    """Masks secrets in the text files under `places` (files or folders); returns the files it changed."""
    changed = []
    for path in _files(places):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        masked = masker.mask(text)
        if masked != text:
            path.write_text(masked, encoding="utf-8")
            changed.append(str(path))
    return changed


def _files(places):
    for place in places:
        if not place:
            continue
        place = Path(place)
        if place.is_file():
            yield place
        elif place.is_dir():
            for folder, _, names in os.walk(place):
                yield from (Path(folder) / name for name in names)
