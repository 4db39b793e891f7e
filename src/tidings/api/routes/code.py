"""POST /api/code: an article in, its events out; nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter

from tidings.api.deps import Coding
from tidings.api.schemas import CodedArticle, CodeRequest, CodeResponse, ErrorOut, EventRecord
from tidings.ingest import article_from_dict

router = APIRouter(prefix="/api", tags=["coding"])


@router.post(
    "/code",
    response_model=CodeResponse,
    responses={413: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}},
)
def code(body: CodeRequest, coding: Coding) -> CodeResponse:
    """Code one article (the shared article format) into events in the shared event
    format. The body may be at most 1 MB; coding may take at most the server's timeout."""
    fields = body.model_dump(exclude_none=True)
    if body.published is not None:
        fields["published"] = body.published.isoformat()
    # The same reader as ingest: the same id for the same text, the same checks.
    article = article_from_dict(fields, origin="request")
    events, seconds = coding.code(article)
    return CodeResponse(
        article=CodedArticle(
            id=article.id, published=article.published, characters=len(article.text)
        ),
        events=[EventRecord.model_validate(e.to_dict()) for e in events],
        seconds=round(seconds, 3),
    )
