"""Customer messages: rendering SMS and e-mails from the Jinja2 templates.

Importing this package is cheap: jinja2 and babel are loaded on the first render.
"""
from chalicelib.rendering.render import KINDS, MessageContext, RenderedMessage, render_message

__all__ = ["KINDS", "MessageContext", "RenderedMessage", "render_message"]
