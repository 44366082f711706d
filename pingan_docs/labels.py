"""The Chinese words users see for the pipeline's codes, and the words they may type.

Extraction keeps short English codes (``lead``, ``overdue``, ``>=``) so the JSON is
stable; tables, ledgers and calendars speak the 督办 office's language. The aliases are
what a user types on the command line (``--role 牵头``, ``--status 逾期``).
"""

from __future__ import annotations

from .models import Deadline, Target

ROLE_ZH = {"lead": "牵头", "responsible": "责任", "cooperate": "配合", "guide": "指导"}

# deadline statuses (from dates) and progress statuses (from returned ledgers)
STATUS_ZH = {"overdue": "逾期", "due_soon": "将到期", "upcoming": "未到期", "recurring": "周期性",
             "open": "无日期", "done": "已完成", "on_track": "正常推进", "late": "滞后",
             "not_started": "未启动", "unreported": "未报送"}
PROGRESS_KEYS = {"已完成": "done", "正常推进": "on_track", "滞后": "late", "未启动": "not_started"}

KIND_ZH = {"organ": "机关单位", "collective": "集合单位", "generic": "泛指部门"}
FREQ_ZH = {"daily": "每日", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
           "half-yearly": "每半年", "yearly": "每年"}
CMP_ZH = {">=": "不低于", "<=": "不高于", "<": "低于", ">": "高于", "=": "", "range": "",
          "increase": "提高", "decrease": "下降"}
DEADLINE_KIND_ZH = {"due": "截止", "period": "期间", "recurring": "周期"}

ROLE_ALIASES = {**{code: code for code in ROLE_ZH}, **{zh: code for code, zh in ROLE_ZH.items()},
                **{zh + "单位": code for code, zh in ROLE_ZH.items()}, "协办": "cooperate",
                "主办": "lead", "负责": "responsible"}
STATUS_ALIASES = {**{code: code for code in STATUS_ZH}, **{zh: code for code, zh in STATUS_ZH.items()},
                  "已逾期": "overdue", "超期": "overdue", "即将到期": "due_soon",
                  "30日内到期": "due_soon", "常态化": "recurring", "无明确时限": "open",
                  "完成": "done", "推进中": "on_track", "未开始": "not_started", "未填报": "unreported"}
KIND_ALIASES = {**{code: code for code in KIND_ZH}, **{zh: code for code, zh in KIND_ZH.items()},
                "机关": "organ", "集合": "collective", "泛指": "generic"}


def target_value_text(target: Target) -> str:
    """``不低于75%``, ``下降5%``, ``1-2名``."""
    value = f"{target.value:g}" + (f"-{target.value_max:g}" if target.value_max is not None else "")
    return f"{CMP_ZH.get(target.comparator, '')}{value}{target.unit or ''}"


def target_text(target: Target) -> str:
    """``破案率不低于75%``, ``刑事案件发案数下降5%``, ``楼长1-2名``."""
    return target.indicator + target_value_text(target)


def deadline_text(deadline: Deadline) -> str:
    """``2014-11-15``, ``2014-04-01至2014-12-31``, ``每周1次``; the wording when no date."""
    if deadline.kind == "recurring":
        return FREQ_ZH.get(deadline.frequency or "", "定期") + (f"{deadline.count}次" if deadline.count else "")
    if deadline.kind == "period" and deadline.start and deadline.end:
        return f"{deadline.start}至{deadline.end}"
    return deadline.end or deadline.text
