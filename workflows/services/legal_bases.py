"""Where each rule comes from, cited in every message that enforces it.

Citations name the national regulation; a province that is stricter names its own rule
in ``ReceptionStandard.basis``, which is then cited instead.

Checked (2026-11) against public copies of 《党政机关国内公务接待管理规定》 (中共中央办公厅、
国务院办公厅, 2013年12月8日); no official (gov.cn) copy was reachable from here, so:
- 第四条 and 第五条 were read in a full-text copy of the regulation;
- 第七条, 第十条 and 第十二条: the article numbers come from a third-party article quoting the
  regulation article by article (cardozapub.com, machine-translated), and agree with the
  numbering of the full-text copy; the Chinese wording quoted below is the one repeated
  verbatim by several implementing rules (e.g. 福建师范大学, 电子科技大学 and 株洲 pages).
  Re-check these three against the official text before relying on the numbers in print.
- The earlier citations 第十四条 (budget) and 第十六条 (reimbursement) were wrong or
  unverifiable and are gone: the budget rule is 第十二条, and the cost warning now cites
  the 接待清单 provision (第七条) instead of an unverified reimbursement article.
"""

RECEPTION_REGULATION = "《党政机关国内公务接待管理规定》（2013年）"
# 第五条 (full text): "公务外出确需接待的，派出单位应当向接待单位发出公函，告知内容、行程和人员。"
# 第七条 (number: third-party copy): "……无公函的公务活动和来访人员一律不予接待。"
NO_LETTER_NO_RECEPTION = (
    f"{RECEPTION_REGULATION}第五条、第七条：派出单位应当向接待单位发出公函；"
    "无公函的公务活动和来访人员一律不予接待"
)
# 第十条 (number: third-party copy).
MEAL_COMPANIONS = (
    f"{RECEPTION_REGULATION}第十条：接待对象在10人以内的，陪餐人数不得超过3人；"
    "超过10人的，不得超过接待对象人数的三分之一"
)
# 第四条 (full text): "各级党政机关公务接待管理部门应当结合当地实际，完善国内公务接待管理
# 制度，制定国内公务接待标准。" The per-head figure itself is the local standard.
MEAL_STANDARD = f"{RECEPTION_REGULATION}第四条：本地制定的国内公务接待标准（工作餐标准）"
# 第十二条 (number: third-party copy).
BUDGET = (
    f"{RECEPTION_REGULATION}第十二条：合理限定接待费预算总额，"
    "公务接待费用应当全部纳入预算管理，单独列示"
)
# 第七条 (number: third-party copy): the 接待清单 records the costs and is signed off.
RECEPTION_LIST = (
    f"{RECEPTION_REGULATION}第七条：公务活动结束后，接待单位应当如实填写接待清单，"
    "并由相关负责人审签；接待清单包括公务活动项目、时间、场所、费用等内容"
)
# Not national: some provinces and units add it (e.g. "原则上陪同人员不超过接待人员").
HOSTS_NOT_OUTNUMBERING = "本地公务接待管理办法：陪餐人数不得超过接待对象人数"
