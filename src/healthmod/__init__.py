"""healthmod: moderation of health articles.

    >>> from healthmod import moderate
    >>> verdict = moderate("Our miracle capsules cure arthritis in seven days, with no side effects at all. Order now!")
    >>> verdict["decision"]

See :class:`healthmod.pipeline.Pipeline` to moderate many articles with one loaded model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["Pipeline", "__version__", "moderate"]

_default: Pipeline | None = None


def moderate(content: str, config: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """Moderate one article (text, Markdown or HTML); returns its verdict as a dict."""
    global _default
    from .pipeline import Pipeline

    if config is not None:
        return Pipeline(config).moderate(content, **kwargs)
    if _default is None:
        _default = Pipeline()
    return _default.moderate(content, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
