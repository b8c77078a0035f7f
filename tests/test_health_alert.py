"""After a crawl: the verdict from stored runs, the lines printed and the alert command."""

from __future__ import annotations

from pathlib import Path

from newscrawler.health.alert import lines, run_alert, site_verdicts
from newscrawler.schedule.config import ScheduleConfigError, config_from_dict
from storage.db import open_archive
from storage.runs import finish_run, start_run


def stats(published: int) -> dict[str, int]:
    return {
        "health/s/pages": 25, "health/s/articles": 20, "health/s/with/title": 20,
        "health/s/with/body": 20, "health/s/with/authors": 20, "health/s/with/section": 20,
        "health/s/published/jsonld": published, "health/s/body_chars/1917": 20,
    }  # fmt: skip


def test_turning_fail_runs_the_alert(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    for published in (20, 20, 20, 20, 0):
        with db.session() as session:
            run_id = start_run(session, "s")
            finish_run(session, run_id, "finished", stats(published))
    now, before = site_verdicts(db, "s")
    db.dispose()
    assert (now.level, before and before.level) == ("fail", "ok")
    assert lines([now]) == [
        "health s: fail: published date on 0% of articles, was 100% (last 4 runs)"
    ]
    out = tmp_path / "alert.txt"
    code = run_alert(f'printf "%s %s" "$NEWSCRAWLER_SITE" "$NEWSCRAWLER_HEALTH" > {out}', now)
    assert code == 0 and out.read_text() == "s fail"


def test_schedule_config_takes_alert_and_thresholds() -> None:
    config = config_from_dict(
        {
            "scheduler": {"alert_command": "true"},
            "sites": [{"site": "samplesite", "every": "1h", "health": {"fail_drop": 0.5}}],
        }
    )
    assert config.alert_command == "true"
    assert config.health == {"samplesite": {"fail_drop": 0.5}}
    try:
        config_from_dict({"sites": [{"site": "samplesite", "every": "1h", "health": {"x": 1}}]})
    except ScheduleConfigError as exc:
        assert "unknown health setting 'x'" in str(exc)
    else:
        raise AssertionError("a bad health key was accepted")
