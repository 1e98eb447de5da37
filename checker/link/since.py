"""The words between a rate and its change on the year before: ",比上年下降1.84个千分点".

Read by ARITH-DIFF's vital-rate identity (:mod:`checker.link.vital`: the three rates'
changes) and by XDOC-MISMATCH's implied figures (:mod:`checker.reconcile.implied`: last
year's rate from this year's and its change), so both take the same wording for "on the
year before": 比上年, 较上年末, 同比, 比去年同期, 上年 … followed by the word that says
which way the figure moved.
"""

from __future__ import annotations

import regex

# up and down words of a rate (a gap widens, a growth rate quickens)
_UP = r"提高|上升|增加|增长|提升|上涨|扩大|升高|回升|加快"
_DOWN = r"下降|降低|回落|减少|下滑|下跌|收窄|缩小|放缓|减缓|回调"
# ",比上年下降" / ",较上年末提高了" / ",同比上升" / "、上年下降": the whole gap, nothing else
_SINCE = regex.compile(
    r"^\s*[,，、]?\s*(?:(?:比|较|同比)?\s*(?:上年|去年|上一年)(?:末|底|同期)?|同比)\s*"
    r"(?:(?P<up>" + _UP + r")|(?P<down>" + _DOWN + r"))了?\s*$")


def rose(between: str) -> bool | None:
    """Whether ``between`` (the simplified text from a rate's end to its change's start)
    says the change is on the year before: True when it says the rate rose, False when it
    fell, None when it is not such a phrase."""
    how = _SINCE.match(between)
    if how is None:
        return None
    return how.group("up") is not None
