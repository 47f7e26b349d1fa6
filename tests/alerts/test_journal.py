"""The delivery journal on its own: what was appended is read back, a torn record costs only itself,
compaction drops only what it is told the index shows."""
import logging
import os
import stat

import pytest

from leakscout.alerts.journal import DeliveryJournal, Entry


def test_appended_records_are_read_back_per_alert(tmp_path):
    journal = DeliveryJournal(tmp_path / "alerts", "p-alerts")
    journal.append("new-1", "email", "<new-1@leakscout>")
    journal.append("new-1", "webhook", "webhook:200")
    journal.append("new-2", "email", "<new-2@leakscout>")

    assert journal.by_alert() == {"new-1": {"email": "<new-1@leakscout>", "webhook": "webhook:200"},
                                  "new-2": {"email": "<new-2@leakscout>"}}
    assert journal.by_alert(["new-2", "new-3"]) == {"new-2": {"email": "<new-2@leakscout>"}}
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600


def test_a_torn_record_is_ignored_and_does_not_swallow_the_next(tmp_path):
    journal = DeliveryJournal(tmp_path / "alerts", "p-alerts")
    journal.append("new-1", "email", "<new-1@leakscout>")
    with open(journal.path, "ab") as handle:   # what a crash in the middle of a write leaves
        handle.write(b'\n{"alert": "new-2", "channel": "em')
    journal.append("new-3", "email", "<new-3@leakscout>")

    assert [entry.alert for entry in journal.entries()] == ["new-1", "new-3"]


def test_compaction_keeps_what_the_index_does_not_show(tmp_path):
    journal = DeliveryJournal(tmp_path / "alerts", "p-alerts")
    for alert in ("new-1", "new-2", "new-3"):
        journal.append(alert, "email", f"<{alert}@leakscout>")

    assert journal.compact({("new-1", "email"), ("new-3", "email"), ("new-2", "webhook")}) == 1
    assert journal.entries() == [Entry("new-2", "email", "<new-2@leakscout>")]
    journal.append("new-4", "email", "<new-4@leakscout>")   # appends go on after a compaction
    assert [entry.alert for entry in journal.entries()] == ["new-2", "new-4"]

    assert journal.compact({("new-2", "email"), ("new-4", "email")}) == 0
    assert journal.entries() == [] and journal.size() == 0


def test_one_journal_per_alerts_index(tmp_path):
    first, second = DeliveryJournal(tmp_path, "a-alerts"), DeliveryJournal(tmp_path, "b-alerts")
    first.append("new-1", "email", "<new-1@leakscout>")
    assert second.entries() == []


def test_a_sender_whose_journal_cannot_be_written_logs_it_and_goes_on(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the journal's folder should be")
    journal = DeliveryJournal(blocked, "alerts")

    with pytest.raises(OSError):
        journal.append("a1", "email", "<a1@leakscout>")
    with caplog.at_level(logging.ERROR, logger="leakscout.alerts.journal"):
        journal.record("a1", "email", "<a1@leakscout>")

    assert "not written" in caplog.text and "a1" in caplog.text
