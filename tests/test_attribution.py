"""Who claims an event, hedges that lower certainty, and allegations flagged apart from reports."""
import datetime as dt

import pytest

from gazetteer.core.normalize import normalize
from mapper.extraction.attribution import certainty, find_source, is_alleged


def analyse(text):
    norm = normalize(text).text
    return find_source(norm, 0, len(norm)), certainty(norm, 0, len(norm)), is_alleged(norm, 0, len(norm))


@pytest.mark.parametrize("text, source", [
    ("وقال مصدر ميداني للميادين نت إن الهجوم وقع فجراً", "field source"),
    ("وبحسب ما رصده المرصد السوري لحقوق الإنسان، اندلعت اشتباكات", "Syrian Observatory for Human Rights"),
    ("وفق ما نقله للمرصد السوري ناشطون في المنطقة", "Syrian Observatory for Human Rights"),
    ("قالت وكالة سانا إن الدفاعات الجوية تصدت للصواريخ", "SANA"),
    ("ونقلت سانا عن مصدر عسكري", "SANA"),
    ("تبنى التنظيم الهجوم في بيان نشرته وكالة أعماق", "statement"),
    ("أعلنت وكالة أعماق مقتل عناصر من قسد", "Amaq"),
    ("وأفادت مصادر محلية بسقوط قذائف", "local sources"),
])
def test_the_named_source_is_found(text, source):
    assert analyse(text)[0] == source


def test_a_plain_report_has_no_source_and_full_certainty():
    assert analyse("قصفت القوات التركية قرى ريف عين عيسى") == ("", 0.8, False)


@pytest.mark.parametrize("hedge", ["على الأرجح", "ربما", "يُعتقد أن", "يُرجَّح أن", "رجّحت مصادر أن",
                                   "أنباء عن", "لم يتسنَّ التحقق من"])
def test_hedges_lower_certainty(hedge):
    _, value, _ = analyse(f"{hedge} الطيران الإسرائيلي نفذ الغارات على المستودعات")
    assert value < 0.8


def test_more_hedges_lower_it_more_and_attribution_a_little():
    _, one, _ = analyse("يُعتقد أن الانتحاري تسلل من البادية")
    _, two, _ = analyse("يُعتقد أن الانتحاري ربما تسلل من البادية")
    _, attributed, _ = analyse("بحسب ناشطين تسلل الانتحاري من البادية")
    assert two < one < attributed < 0.8
    assert analyse("ربما يعتقد على الأرجح أنباء عن غير مؤكدة")[1] == 0.2  # floor


@pytest.mark.parametrize("text", [
    "وتتهم قسد دمشق بالوقوف وراء الاضطرابات",
    "اتهمت المعارضة الطيران الروسي باستهداف المستشفى",
    "زعم التنظيم أنه قتل أربعة عناصر",
    "ادعى الجيش أنه أسقط طائرات مسيرة",
    "بعد تسريبات عن نقل معتقلي التنظيم",
    "واعتبر المصدر أن الهجوم رسالة أميركية",
])
def test_allegations_are_flagged(text):
    assert analyse(text)[2]


def test_a_report_is_not_an_allegation():
    assert not analyse("وبحسب مصادر محلية سقطت قذائف على البلدة")[2]


def test_geoparse_attributes_to_the_outlet_when_nothing_else_is_named(curated_index):
    from mapper.extraction.pipeline import geoparse

    result = geoparse("قصف مدفعي على إدلب\n\nقصفت قوات النظام مدينة إدلب أمس.", curated_index,
                      published=dt.date(2024, 1, 10), outlet="عنب بلدي")
    assert result["incidents"] and all(i["attributed_to"] == "عنب بلدي" for i in result["incidents"])
    sourced = geoparse("قصف مدفعي على إدلب\n\nوبحسب المرصد السوري قصفت قوات النظام مدينة إدلب أمس.",
                       curated_index, published=dt.date(2024, 1, 10), outlet="عنب بلدي")
    assert "Syrian Observatory for Human Rights" in {i["attributed_to"] for i in sourced["incidents"]}
