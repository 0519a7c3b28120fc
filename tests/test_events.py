"""ACLED event and sub-event types from Arabic phrasings: several real-world wordings per type, and
wordings that must not trigger."""
import time

import pytest

from gazetteer.core.normalize import normalize
from mapper.extraction.actors import assign_roles, find_actors
from mapper.extraction.events import RULES, find_triggers, refine

PHRASINGS = {
    ("Battles", "Armed clash"): [
        "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة على محور كبانة",
        "اشتبك مقاتلو العشائر مع عناصر قسد في بلدة الشحيل",
        "دارت معارك ضارية على أطراف البلدة حتى ساعات الصباح",
        "تصدّت وحدات الجيش لهجوم شنّه مسلحون على نقطة عسكرية",
        "وقعت مواجهات مسلحة بين الطرفين قرب الحاجز",
        "تبادل الطرفان إطلاق النار لساعات",
        "وهاجم عناصر التنظيم نقطتين عسكريتين على الطريق",
    ],
    ("Battles", "Government regains territory"): [
        "استعادت وحدات من الجيش العربي السوري السيطرة الكاملة على بلدة كفرنبودة",
        "الجيش يستعيد السيطرة على قرية الهبيط",
        "واستعاد الجيش السوري بلدة خان شيخون بعد معارك",
        "أعلنت القيادة العامة استعادة السيطرة على مدينة البوكمال",
    ],
    ("Battles", "Non-state actor overtakes territory"): [
        "بسط مقاتلو العشائر سيطرتهم على بلدة ذيبان",
        "سيطرت فصائل المعارضة على قرية تل ملح بعد هجوم معاكس",
        "وتمكنت هيئة تحرير الشام من السيطرة على بلدة الحماميات",
        "فرض تنظيم داعش سيطرته على أحياء في المدينة",
        "انتزع المسلحون السيطرة على حاجز الصوامع",
    ],
    ("Explosions/Remote violence", "Air/drone strike"): [
        "شنّ الطيران الروسي غارات على محيط بلدة كنصفرة",
        "استهدفت طائرة مسيّرة تركية سيارة على طريق القامشلي",
        "قُتل ثلاثة أشخاص بغارة جوية على ريف البوكمال",
        "نفذت طائرات حربية مجهولة ضربات جوية على مواقع للميليشيات",
        "بقصف جوي استهدف مستودعات للأسلحة",
    ],
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): [
        "قصفت القوات التركية بالمدفعية قرى ريف عين عيسى",
        "سقطت قذائف صاروخية على مدينة محردة",
        "تعرضت بلدة كنصفرة لقصف مدفعي مكثف",
        "استهدفت قوات النظام بقذائف الهاون أطراف البلدة",
        "وسقط صاروخ على حي سكني في المدينة",
        "ودكّت المدفعية مواقع المسلحين",
    ],
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"): [
        "انفجرت عبوة ناسفة بسيارة عسكرية على طريق الشحيل",
        "قُتل ثلاثة رعاة بانفجار لغم أرضي من مخلفات الحرب",
        "انفجار سيارة مفخخة في مدينة الباب",
        "أصيب طفلان بانفجار جسم متفجر في أرض زراعية",
        "بعبوات ناسفة زُرعت على جانب الطريق",
    ],
    ("Explosions/Remote violence", "Suicide bomb"): [
        "فجّر انتحاري نفسه بحزام ناسف عند حاجز لقسد",
        "هجوم انتحاري بسيارة مفخخة استهدف مقرا عسكريا",
        "نفذه انتحاريون يرتدون أحزمة ناسفة",
        "تفجير انتحاري يهز مدينة الشدادي",
    ],
    ("Violence against civilians", "Abduction/forced disappearance"): [
        "اختطف مسلحون مجهولون صيدلانيا في مدينة الباب",
        "وطالب الأهالي بالكشف عن مصير المختطفين",
        "تعرض ثلاثة شبان للاختفاء القسري بعد مراجعتهم فرع الأمن",
        "عملية خطف جديدة في ريف درعا",
        "ولا يزال مصيرهم مجهولاً بعد اختطافهم",
    ],
    ("Violence against civilians", "Attack"): [
        "اغتيال مختار القرية برصاص مجهولين",
        "أعدم التنظيم ثلاثة مدنيين ميدانيا",
        "أطلق مسلحون النار على مدنيين في سوق البلدة",
        "مقتل مدني برصاص مسلحين على طريق السلمية",
        "قبل أن يُعثر أمس على جثتي اثنين منهم وعليهما آثار طلقات نارية",
        "قُتل شاب برصاص قناص في حي الأربعين",
    ],
    ("Strategic developments", "Arrests"): [
        "شنت الأجهزة الأمنية حملة مداهمات في مدينة دوما",
        "اعتقلت قسد عشرة أشخاص بتهمة الانتماء لداعش",
        "ألقت الشرطة العسكرية القبض على ثلاثة مطلوبين",
        "حملة اعتقالات طالت شبانا في حرستا",
        "واحتجزت دورية أمنية اثنين من المطلوبين",
    ],
    ("Strategic developments", "Headquarters or base established"): [
        "أنشأت قوات النظام نقطة عسكرية جديدة قرب خط وقف إطلاق النار",
        "أقامت الفرقة الرابعة حاجزا جديدا على مدخل المدينة",
        "بدأت القوات الروسية إنشاء قاعدة في مطار القامشلي",
        "افتتح الحرس الثوري مقرا جديدا في البوكمال",
    ],
    ("Strategic developments", "Other"): [
        "استقدمت قسد تعزيزات عسكرية كبيرة من الحسكة",
        "وصل رتل عسكري تركي إلى نقطة المراقبة",
        "دفعت قوات النظام بتعزيزات إلى ريف إدلب",
        "حشود عسكرية على تخوم المنطقة",
        "تواصل البحرية الروسية مناورات واسعة قبالة طرطوس",
        "تدريبات عسكرية مشتركة بين القوات الأميركية وجيش المغاوير",
        "تنفذ القوات تمارين عسكرية بالذخيرة الحية",
        "أجرت الوحدات رمايات في البادية",
    ],
    ("Protests", "Peaceful protest"): [
        "خرج مئات الأهالي في مظاهرات بمدينة الرقة",
        "نظّم العشرات وقفة احتجاجية أمام مبنى المجلس المحلي",
        "تظاهر المحتجون في ساحة الكرامة للأسبوع الثالث",
        "اعتصام للمعلمين أمام مديرية التربية",
        "واحتجاجاً على رفع الأسعار أضرب التجار",
    ],
    ("Protests", "Protest with intervention"): [
        "فرّقت قوات الأمن المتظاهرين بالغاز المسيل للدموع",
        "نظم العشرات وقفة احتجاجية قبل أن تعتقل الأسايش خمسة من المحتجين",
        "أطلقت عناصر الأمن النار على المتظاهرين لتفريقهم",
        "قمعت الشرطة مظاهرة طلابية في المدينة",
    ],
    ("Strategic developments", "Disrupted weapons use"): [
        "أسقطت منظومات الدفاع الجوي ثلاث طائرات مسيّرة اقتربت من القاعدة",
        "اعترضت الدفاعات الجوية طائرات مسيرة في سماء المدينة",
        "بدأت وحدات الهندسة تفكيك العبوات الناسفة في الشوارع",
        "تمكنت الفرق من إسقاط طائرة مسيرة مفخخة",
    ],
}

NOT_EVENTS = [
    "شنّت وسائل إعلام النظام قصفاً إعلامياً على المعارضة",
    "تصاعد الهجوم الإعلامي على الحكومة",
    "عقد مؤتمر في أستانا لبحث وقف إطلاق النار",
    "دخلت الأطراف في معركة انتخابية حامية",
    "اشتباك كلامي بين الوفدين خلال المفاوضات",
    "تفقّد المحافظ سير العملية الامتحانية في مدارس المدينة",
    "لم تسجل أي اشتباكات في المنطقة منذ أيام",
    "افتتح مستشفى جديد في المدينة بحضور المحافظ",
    "أطلقت الفرقة الرابعة حملة لتوزيع الخبز",
    "تحدث قائد هيئة تحرير الشام عن الأوضاع الاقتصادية",
    "ولم تُسجَّل أي مواجهات مع الأجهزة الأمنية",
    "ويُعدّ هذا الهجوم الثالث من نوعه على الطريق ذاته",
    "إذ تتعرض القاعدة لهجمات مماثلة بشكل متكرر",
    "لا تزال مساحات واسعة مزروعة بالألغام منذ المعارك",
]


def sub_events(sentence):
    norm = normalize(sentence).text
    return {(t.rule.event_type, t.rule.sub_event_type) for t in find_triggers(norm)}


@pytest.mark.parametrize("expected, sentence",
                         [(kind, s) for kind, sentences in PHRASINGS.items() for s in sentences])
def test_each_phrasing_triggers_its_acled_type(expected, sentence):
    assert expected in sub_events(sentence), sub_events(sentence)


def test_every_required_type_has_at_least_four_phrasings():
    assert all(len(sentences) >= 4 for sentences in PHRASINGS.values())


@pytest.mark.parametrize("sentence", NOT_EVENTS)
def test_figurative_negated_and_unrelated_wording_does_not_trigger(sentence):
    assert sub_events(sentence) == set()


def test_acled_names_are_exact():
    allowed = {
        "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
        "Explosions/Remote violence": {"Air/drone strike", "Shelling/artillery/missile attack",
                                       "Remote explosive/landmine/IED", "Suicide bomb"},
        "Violence against civilians": {"Attack", "Abduction/forced disappearance"},
        "Protests": {"Peaceful protest", "Protest with intervention"},
        "Strategic developments": {"Arrests", "Headquarters or base established", "Other",
                                   "Disrupted weapons use"},
    }
    for rule in RULES:
        assert rule.sub_event_type in allowed[rule.event_type], rule


def test_territory_changes_are_battles():
    assert sub_events("سيطرت قسد على بلدة الطبقة") == {("Battles", "Non-state actor overtakes territory")}
    assert sub_events("استعاد الجيش السيطرة على البلدة") == {("Battles", "Government regains territory")}


def test_a_specific_type_replaces_the_generic_one():
    assert sub_events("استهدفت طائرة مسيرة سيارة لقسد") == {("Explosions/Remote violence", "Air/drone strike")}
    assert sub_events("هجوم انتحاري بسيارة مفخخة") == {("Explosions/Remote violence", "Suicide bomb")}


def refined(sentence):
    norm = normalize(sentence).text
    (trigger,) = find_triggers(norm)
    actors = assign_roles(norm, trigger, find_actors(norm, 0, len(norm)))
    return refine(trigger.rule, actors).sub_event_type


def test_who_captures_decides_the_territory_subtype():
    assert refined("سيطرت قوات النظام على بلدة كفرنبودة") == "Government regains territory"
    assert refined("استعادت قسد السيطرة على قرية الصبحة") == "Non-state actor overtakes territory"
    assert refined("سيطر تنظيم داعش على حقل التيم") == "Non-state actor overtakes territory"


def test_an_attack_on_civilians_only_is_violence_against_civilians():
    assert refined("هجوم لمسلحين على المدنيين في السوق") == "Attack"
    assert refined("هجوم لداعش على مواقع قوات النظام") == "Armed clash"


def test_missiles_fired_by_aircraft_belong_to_the_air_strike():
    assert sub_events("اعترضت الدفاعات عدداً من الصواريخ التي أطلقتها طائرات حربية إسرائيلية") == {
        ("Explosions/Remote violence", "Air/drone strike")}
    assert sub_events("سقطت صواريخ على حي سكني") == {("Explosions/Remote violence", "Shelling/artillery/missile attack")}
    assert sub_events("أفاد المرصد بأن الصواريخ طالت مستودعات أسلحة") == set()  # the strike's missiles, told again


def test_a_similar_protest_is_still_a_protest():
    assert sub_events("شهدت بلدة القريا وقفة احتجاجية مماثلة") == {("Protests", "Peaceful protest")}


def test_missile_and_shell_mentions_of_one_shelling_share_a_kind():
    first = find_triggers(normalize("قصف مدفعي على القرية").text)
    second = find_triggers(normalize("قصفت قوات النظام القرية").text)
    assert first[0].rule.kind == second[0].rule.kind == "shelling"


def test_trigger_finding_is_one_fast_pass():
    text = normalize(" ".join(s for ss in PHRASINGS.values() for s in ss) * 70).text
    started = time.perf_counter()
    find_triggers(text)
    elapsed = time.perf_counter() - started
    assert len(text) > 200_000
    assert elapsed < 1.0, f"{len(text) / elapsed / 1e6:.2f} M chars/s"
