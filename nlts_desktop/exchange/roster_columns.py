"""The columns of the school and teacher import templates (also the roster export's columns).

Header texts and their common synonyms in files sent by schools; the label is what templates
and exports write, so an exported roster re-imports unchanged.
"""

from __future__ import annotations

from nlts_desktop.exchange.excel_reader import ColumnSpec

SCHOOL_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("code", "学校标识码", ("学校代码", "学校识别码", "标识码"), required=True),
    ColumnSpec("name", "学校名称", ("学校全称", "学校", "单位名称"), required=True),
    ColumnSpec("category", "学校类别", ("办学类型", "学校类型")),
    ColumnSpec("stage", "学段", ("学段类型", "办学层次")),
    ColumnSpec("urban_rural", "城乡分类", ("城乡分类代码", "城乡类别")),
    ColumnSpec("environments", "信息化环境", ("教学环境", "信息化教学环境")),
    ColumnSpec("is_center_school", "中心校", ("是否中心校",), kind="flag"),
    ColumnSpec("is_pilot", "试点校", ("是否试点校", "试点学校"), kind="flag"),
    ColumnSpec("is_demo", "示范校", ("是否示范校", "示范学校"), kind="flag"),
    ColumnSpec("contact_name", "联系人", ("学校联系人",)),
    ColumnSpec("contact_phone", "联系电话", ("电话", "联系方式", "手机")),
    ColumnSpec("address", "地址", ("学校地址", "通讯地址")),
    ColumnSpec("note", "备注", ("说明",)),
)

TEACHER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "id_number",
        "身份证号",
        ("身份证号码", "证件号码", "公民身份号码", "身份证", "证件号"),
        required=True,
        kind="id",
    ),
    ColumnSpec("name", "姓名", ("教师姓名", "名字"), required=True),
    ColumnSpec("gender", "性别", ()),
    ColumnSpec("birth_date", "出生日期", ("出生年月日", "出生年月", "生日"), kind="date"),
    ColumnSpec("school_code", "学校标识码", ("学校代码", "学校识别码", "标识码")),
    ColumnSpec(
        "school_name",
        "学校名称",
        ("工作单位", "所在学校", "学校", "任职学校", "单位", "工作单位（全称）", "单位全称"),
    ),
    ColumnSpec("phone", "联系电话", ("手机", "手机号", "手机号码", "电话", "联系方式")),
    ColumnSpec("stage", "学段", ("任教学段",)),
    ColumnSpec("subject", "学科", ("任教学科", "任教科目", "科目")),
    ColumnSpec("title", "职称", ("专业技术职务", "现任职称", "职务（职称）")),
    ColumnSpec("status", "状态", ("在职状态", "人员状态")),
    ColumnSpec("note", "备注", ("说明",)),
)

# The example row of each template (grey italics in row 2). Left in a filled-in template
# unchanged, it is refused on import: it is not a real school or teacher.
TEACHER_EXAMPLE = {
    "id_number": "510115199001010122",
    "name": "王示例",
    "gender": "女",
    "birth_date": "1990-01-01",
    "school_code": "2151009999",
    "school_name": "成都市温江区示例小学",
    "phone": "13812345678",
    "stage": "小学",
    "subject": "语文",
    "title": "一级教师",
    "status": "在职",
    "note": "",
}
SCHOOL_EXAMPLE = {
    "code": "2151009999",
    "name": "成都市温江区示例小学",
    "category": "普通小学",
    "stage": "小学",
    "urban_rural": "主城区",
    "environments": "多媒体、混合",
    "is_center_school": "否",
    "is_pilot": "是",
    "is_demo": "否",
    "contact_name": "李明",
    "contact_phone": "028-86721266",
    "address": "四川省成都市温江区柳城街道1号",
    "note": "",
}
