"""``newscrawler serve``: the archive as a web page for researchers."""

from __future__ import annotations

import click

from newscrawler.cli.options import db_option, open_db

TOKEN_ENV = "NEWSCRAWLER_WEB_TOKEN"


@click.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 serves every network: set a --token).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--token",
    envvar=TOKEN_ENV,
    metavar="SECRET",
    help=f"Require this shared secret on every request [env: {TOKEN_ENV}].",
)
@click.option(
    "--tz",
    default="Asia/Dhaka",
    show_default=True,
    help="Time zone of dates typed into the filters.",
)
def serve(db_url: str | None, host: str, port: int, token: str | None, tz: str) -> None:
    """Serve a search page over the archive (read-only), for any browser, offline.

    Search with the same Bengali rules as `newscrawler search`, filter by site,
    date, section and author, read articles with their copies and revisions,
    and download what you found as CSV or JSONL. A JSON API is at /api/search
    and /api/articles/ID (described at /api/openapi.json).

    \b
    Example:
        newscrawler serve                  # after make demo; then open http://127.0.0.1:8000/
        NEWSCRAWLER_WEB_TOKEN=s3cret newscrawler serve --host 0.0.0.0 --db postgresql+psycopg://news@db/news
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    import uvicorn

    from newscrawler.web.app import create_app

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"unknown time zone {tz!r} (e.g. Asia/Dhaka)", param_hint="--tz"
        ) from None
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        click.echo(
            f"warning: serving on {host} without a token: anyone who can reach it can read "
            f"the archive (set --token or ${TOKEN_ENV})",
            err=True,
        )
    with open_db(db_url, upgrade=False) as db:
        app = create_app(db, token=token or None, tz=tz)
        click.echo(f"serving {db.url} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
        try:
            uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        except OSError as exc:
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
