"""Query parameters that select events: the fields of ``tidings.store.EventFilter``.

Each value is checked here (pattern, range, known type) and reaches DuckDB only as a
bound parameter of ``EventFilter.where``: no endpoint takes SQL text or a file path.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query

from tidings.events import PLOVER_TYPES
from tidings.store import EventFilter

COUNTRY = r"^[A-Za-z]{3}$"
SECTOR = r"^[A-Za-z]{3}$"
EARLIEST = date(1800, 1, 1)
LATEST = date(2200, 12, 31)

Table = Literal["events", "mentions"]


def event_filter(
    source: Annotated[
        str | None,
        Query(pattern=COUNTRY, description="Source country: ISO alpha-3, or UNO, EUR, IGO ..."),
    ] = None,
    target: Annotated[str | None, Query(pattern=COUNTRY, description="Target country.")] = None,
    country: Annotated[
        str | None, Query(pattern=COUNTRY, description="Either side's country.")
    ] = None,
    source_sector: Annotated[
        str | None, Query(pattern=SECTOR, description="Source sector: GOV, MIL, REB ...")
    ] = None,
    target_sector: Annotated[
        str | None, Query(pattern=SECTOR, description="Target sector.")
    ] = None,
    actor: Annotated[
        str | None,
        Query(min_length=2, max_length=100, description="An actor's name or words, e.g. Putin."),
    ] = None,
    type: Annotated[
        str | None, Query(max_length=20, description="PLOVER type, e.g. ASSAULT.")
    ] = None,
    mode: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z][A-Za-z-]{0,39}$", description="PLOVER mode, e.g. aerial."),
    ] = None,
    cameo: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{2,4}$", description="CAMEO code or its root, e.g. 19 or 193."),
    ] = None,
    since: Annotated[
        date | None, Query(description="Events dated on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        date | None, Query(description="Events dated on or before (YYYY-MM-DD).")
    ] = None,
    place: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="A place name, or a country code."),
    ] = None,
    historical: Annotated[
        bool | None,
        Query(description="true: only background mentions; false: leave them out."),
    ] = None,
    min_sources: Annotated[
        int | None,
        Query(ge=1, le=1_000_000, description="Only events reported by this many outlets."),
    ] = None,
) -> EventFilter:
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise HTTPException(
            422, detail=f"type: unknown PLOVER type {type!r}; use one of {', '.join(PLOVER_TYPES)}"
        )
    for name, day in (("since", since), ("until", until)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise HTTPException(
                422, detail=f"{name}: {day} is outside {EARLIEST.year}-{LATEST.year}"
            )
    if since and until and since > until:
        raise HTTPException(422, detail=f"since ({since}) is after until ({until})")
    return EventFilter(
        source=source,
        target=target,
        country=country,
        source_sector=source_sector,
        target_sector=target_sector,
        actor=actor,
        type=type,
        mode=mode,
        cameo=cameo,
        since=since,
        until=until,
        place=place,
        historical=historical,
        min_sources=min_sources,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
TableParam = Annotated[
    Table,
    Query(description="events: de-duplicated events; mentions: every coded report."),
]
