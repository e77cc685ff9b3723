"""plotly.js from the installed plotly package (no page uses a CDN), made to run under the
Content-Security-Policy, which allows no inline style with content.

plotly.js adds two kinds of style at load. Its own rules go, through the CSSOM (which the
policy allows), into one ``<style>`` element it creates empty: the policy allows exactly an
empty inline style (``EMPTY_STYLE_HASH``). It also writes maplibre's map stylesheet, as text,
into a ``<style>`` unless an element with that sheet's id is already there; Parity draws no
maps, so a line placed before plotly.js puts an empty element with that id in the page.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

# 'sha256-...' of the empty string, as a CSP source.
EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
_TEXT_STYLE = re.compile(r'getElementById\("([0-9a-f]{64})"\)\)\{var \w=document\.createElement')


def prelude(source: str) -> str:
    """JavaScript that stops plotly.js from writing its text stylesheets into the page."""
    lines = [
        f'document.getElementById("{sheet}")||document.head.appendChild('
        f'Object.assign(document.createElement("meta"),{{id:"{sheet}"}}));'
        for sheet in _TEXT_STYLE.findall(source)
    ]
    return "\n".join(lines) + "\n"


@cache
def plotly_js() -> tuple[str, str]:
    """The script served at /assets/plotly.min.js, and its ETag."""
    import plotly
    from plotly.offline import get_plotlyjs

    source = get_plotlyjs()
    script = prelude(source) + source
    return script, f"{plotly.__version__}-{hashlib.sha256(script.encode()).hexdigest()[:12]}"
