"""Where each rule comes from, cited in every message that enforces it.

Citations name the national regulation; a province that is stricter names its own rule
in ``ReceptionStandard.basis``, which is then cited instead.
"""

RECEPTION_REGULATION = "《党政机关国内公务接待管理规定》（2013年）"
NO_LETTER_NO_RECEPTION = f"{RECEPTION_REGULATION}第七条：无公函的公务活动和来访人员一律不予接待"
MEAL_COMPANIONS = (
    f"{RECEPTION_REGULATION}第十条：接待对象在10人以内的，陪餐人数不得超过3人；"
    "接待对象超过10人的，不得超过接待对象人数的三分之一"
)
MEAL_STANDARD = f"{RECEPTION_REGULATION}第十条、本地公务接待管理办法规定的工作餐标准"
BUDGET = f"{RECEPTION_REGULATION}第十四条：公务接待费用纳入预算管理，不得超标准接待"
RECEPTION_LIST = f"{RECEPTION_REGULATION}第十六条：接待费用报销凭公函、接待清单和财务票据"
HOSTS_NOT_OUTNUMBERING = "本地公务接待管理办法：陪餐人数不得超过接待对象人数"
