"""What a message says: rendered text with a fresh personal link (and unsubscribe link for e-mail).

The tokens behind the links are minted here but not stored: ``render`` returns the writes
that store them (and those that delete them again), and the send path makes them in the
transaction that claims the message — so a link exists exactly when its message does,
without a write of its own (docs/operations.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.domain.channel import EMAIL
from chalicelib.domain.customer import Customer
from chalicelib.domain.masking import mask_tokens
from chalicelib.domain.message_kinds import link_purpose, topic_of
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.wiring import stores
from chalicelib.rendering.render import MessageContext, render_message
from chalicelib.services.links import links, unsubscribe

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write


@dataclass(frozen=True)
class Rendered:
    """The rendered message, the unsubscribe URL its e-mail headers announce, and its tokens' writes."""

    subject: str | None
    text: str
    html: str | None
    unsubscribe_url: str | None
    token_writes: tuple[Write, ...] = ()   # store the minted tokens (with the claim)
    revoke_writes: tuple[Write, ...] = ()  # delete them again (when the provider was unavailable)
    tokens: tuple[str, ...] = ()           # the minted tokens themselves: masked in the history (SPEC §9)

    def for_history(self) -> tuple[str | None, str | None]:
        """(text, html) as the history stores them: each token masked, everything else exact."""
        return mask_tokens(self.text, self.tokens), mask_tokens(self.html, self.tokens)


def render(optician: OpticianSettings, customer: Customer, kind: str, channel: str,
           data: dict[str, Any] | None, now: datetime | None) -> Rendered:
    """Render ``kind`` for ``channel`` with newly minted links; ValidationError if a setting or datum is missing."""
    oid, cid = optician.id, customer.id
    link = unsubscribe_url = None
    writes: list[Write] = []
    revokes: list[Write] = []
    tokens: list[str] = []
    purpose = link_purpose(kind)
    if purpose and optician.webshop_url:
        link, token, token_writes = links.mint_link(optician, cid, purpose, now)
        writes += token_writes
        tokens.append(token)
        revokes += stores().links.revoke_writes(oid, cid, stores().links.LINK, token)
    if channel == EMAIL:
        unsubscribe_url, token, token_writes = unsubscribe.mint_url(oid, cid, topic_of(kind), now)
        writes += token_writes
        tokens.append(token)
        revokes += stores().links.revoke_writes(oid, cid, stores().links.UNSUBSCRIBE, token)
    context = MessageContext(kind=kind, language=customer.language or optician.language,
                             optician=optician.settings(), customer=customer.addressed(), link_url=link,
                             unsubscribe_url=unsubscribe_url, data=data or {})
    rendered = render_message(context, channel)
    return Rendered(rendered.subject, rendered.text, rendered.html, unsubscribe_url, tuple(writes), tuple(revokes),
                    tuple(tokens))
