"""Command line: ``nlts-desktop`` / ``python -m nlts_desktop``.

Headless, used by people and by tests.  A mistake the user can fix exits with code 1 and one
Chinese sentence on stderr; a usage error exits with 2 (argparse); anything else is a bug and
is logged with its traceback, the user still sees one sentence.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from nlts_desktop import __version__
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.masking import mask_id_numbers
from nlts_desktop.logs import configure_logging
from nlts_desktop.paths import DataPaths, data_paths, save_server
from nlts_desktop.services.context import Actor
from nlts_desktop.services.progress import Cancelled

if TYPE_CHECKING:
    from nlts_desktop.services.roster_import import ImportSummary
    from nlts_desktop.services.workspace import Workspace

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_BUG = 70
# export kinds of 校本应用考核 (handled by _cmd_export_assessment)
ASSESSMENT_EXPORTS = ("scores", "assessment-results", "assessment-summary", "review-record")
# export form:<name>: every official form under one prefix (the older names stay valid).
FORM_EXPORTS = {
    "form:institutions": "institutions",
    "form:trainee-changes": "trainee-changes",
    "form:project-design": "project-design",
    "form:hours-summary": "hours-summary",
    "form:roster": "roster",
    "form:assessment-summary": "assessment-summary",
    "form:annual-plan-table": "annual-plan-table",
    "form:annual-plan": "annual-plan",
    "form:pilot-schools": "pilot-schools",
    "form:leadership": "leadership",
}
# the planning forms (handled by _cmd_export_plan_form)
PLAN_FORMS = ("annual-plan-table", "annual-plan", "pilot-schools", "leadership")

log = logging.getLogger("nlts_desktop")


class _Parser(argparse.ArgumentParser):
    """argparse with its fixed English phrases in Chinese."""

    def error(self, message: str) -> NoReturn:
        message = (
            message.replace("the following arguments are required", "缺少必需的参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("choose from", "可选")
            .replace("invalid int value", "不是有效的整数")
            .replace("expected one argument", "需要一个参数值")
        )
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：参数错误：{message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}”必须大于 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = _Parser(
        prog="nlts-desktop",
        description="中小学教师信息技术应用能力提升工程 2.0 区县管理程序（NLTS Desktop）",
    )
    parser.add_argument(
        "--data-dir",
        metavar="目录",
        help="数据文件夹（默认为用户数据目录；也可用环境变量 NLTS_DATA_DIR 指定）",
    )
    parser.add_argument(
        "--db",
        metavar="服务器地址",
        help="使用共享的 PostgreSQL 数据库服务器，如 postgresql+psycopg://nlts@192.168.1.10/nlts"
        "（密码可放在 PGPASSWORD 环境变量或 pgpass.conf 中，程序不保存密码）；"
        "不指定时使用数据文件夹中的工作区",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="以只读方式打开工作区：可以查看、导出和打印，不能修改（数据库所在磁盘不可写时自动只读）",
    )
    parser.add_argument(
        "--user",
        metavar="用户名",
        help="以该账号的身份执行命令（会询问密码），账号的权限同样适用；"
        "不指定时以本机管理员身份执行",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取密码，每行一个：先是 --user 账号的密码，再是要设置的新密码"
        "（供脚本使用）",
    )
    parser.add_argument("--version", action="version", version=f"NLTS Desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    gui = commands.add_parser("gui", help="启动程序窗口（默认命令；首次运行时进入新建向导）")
    gui.set_defaults(handler=_cmd_gui)

    init = commands.add_parser("init", help="新建工作区")
    init.add_argument("--level", default="county", choices=["county", "school", "city"],
                      help="工作区级别：county 区县，school 学校，city 地市")  # fmt: skip
    init.add_argument("--code", help="6 位行政区划代码，如 510115")
    init.add_argument("--name", help="地区名称，如 温江区")
    init.add_argument("--preset", help="规则预设，如 sichuan-2.0")
    init.add_argument("--from-kit", type=Path, metavar="工作包",
                      help="用区县发来的学校工作包（.nltspkg）建立学校工作区")  # fmt: skip
    init.add_argument("--accept-key", metavar="指纹",
                      help="与区县电话核对过的区县密钥指纹（用 --from-kit 时必填）")  # fmt: skip
    init.add_argument("--parent-code", help="上级（地市）代码，如 510100")
    init.add_argument("--parent-name", help="上级（地市）名称，如 成都市")
    init.set_defaults(handler=_cmd_init)

    demo = commands.add_parser("demo", help="创建演示工作区（温江区，四川 2.0）")
    demo.add_argument("--teachers", type=_positive_int, default=3000, help="教师人数（默认 3000）")
    demo.add_argument("--seed", type=int, default=2022, help="随机种子（相同种子生成相同数据）")
    demo.add_argument("--no-gui", action="store_true", help="只生成数据，不打开程序窗口")
    demo.set_defaults(handler=_cmd_demo)

    check = commands.add_parser("check", help="检查数据库")
    check.set_defaults(handler=_cmd_check)

    importer = commands.add_parser(
        "import", help="从 Excel 导入学校、教师名单、承训机构学时或校本应用考核成绩"
    )
    importer.add_argument("kind", choices=["schools", "teachers", "hours", "scores",
                                           "annual-plan", "leadership"],
                          help="schools 学校，teachers 教师，hours 承训机构导出的学时，"
                          "scores 学校的考核成绩表，annual-plan 市、县级培训年度计划表，"
                          "leadership 工作领导小组名单")  # fmt: skip
    importer.add_argument("file", type=Path, help="Excel 文件（.xlsx / .xls / .ods）")
    importer.add_argument("--dry-run", action="store_true", help="只检查并显示结果，不写入")
    importer.add_argument("--valid-only", action="store_true", help="只导入有效行，其余列入报告")
    importer.add_argument("--report", type=Path, help="错误报告的保存位置（默认在源文件旁边）")
    importer.add_argument("--institution", metavar="名称", help="承训机构名称（导入学时时必填）")
    importer.add_argument("--project", type=_positive_int, metavar="编号",
                          help="学时所属培训项目的编号（文件中没有项目名称列时必填）")  # fmt: skip
    importer.add_argument(
        "--school", metavar="学校", help="成绩表所属的学校（学校标识码或学校全称，导入成绩时必填）"
    )
    importer.add_argument("--assessor", metavar="姓名",
                          help="评分人（默认取成绩表“评分人”列填写的姓名）")  # fmt: skip
    importer.set_defaults(handler=_cmd_import)

    exporter = commands.add_parser("export", help="导出名单和上报表格")
    exporter.add_argument(
        "what",
        choices=[
            "roster",
            "schools",
            "hours-summary",
            "project-design",
            "trainee-changes",
            "institutions",
            *ASSESSMENT_EXPORTS,
            *FORM_EXPORTS,
        ],
        help="roster 教师名单，schools 学校名单，hours-summary 学时完成情况汇总表，"
        "project-design 能力提升工程项目设计表，trainee-changes 参训人员变更信息表，"
        "institutions 培训机构名单，scores 校本应用考核成绩表，assessment-results 学校的"
        "考核结果表，assessment-summary 考核汇总表，review-record 审核记录（PDF）；"
        "form:名称 导出上报表格：form:annual-plan-table 市、县级培训年度计划表，"
        "form:annual-plan 年度规划书（PDF），form:pilot-schools 试点单位信息汇总表，"
        "form:leadership 工作领导小组名单，以及 form:institutions、form:trainee-changes、"
        "form:project-design、form:hours-summary、form:roster、form:assessment-summary",
    )
    exporter.add_argument("--school", metavar="学校",
                          help="学校标识码或学校全称（考核结果表、审核记录必填；"
                          "成绩表不填时导出全部学校）")  # fmt: skip
    exporter.add_argument("--out", type=Path, required=True,
                          help="保存为（.xlsx；审核记录和年度规划书为 .pdf）")  # fmt: skip
    exporter.add_argument("--year", type=_positive_int, metavar="年度",
                          help="项目设计表的年度（默认为有培训项目的最近年度）；"
                          "年度规划书、试点单位信息汇总表的年度"
                          "（默认为本工作区的当前年度）")  # fmt: skip
    exporter.add_argument("--unit", metavar="单位", help="表头的填报单位（默认为本地区名称）")
    exporter.add_argument("--contact", metavar="姓名", help="表头的联系人 / 填报人")
    exporter.add_argument("--phone", metavar="电话", help="表头的联系电话")
    exporter.set_defaults(handler=_cmd_export)

    template = commands.add_parser("template", help="生成空白导入模板")
    template.add_argument("kind", choices=["schools", "teachers"])
    template.add_argument("--out", type=Path, required=True, help="保存为（.xlsx）")
    template.set_defaults(handler=_cmd_template)

    stats = commands.add_parser("stats", help="显示统计数字；可生成工作简报 PDF 和统计表")
    stats.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    stats.add_argument("--briefing", type=Path, metavar="FILE.pdf",
                       help="生成一页 A4 的区县工作简报（PDF）")  # fmt: skip
    stats.add_argument("--xlsx", type=Path, metavar="FILE.xlsx",
                       help="导出全部统计表（每张表一个工作表）")  # fmt: skip
    stats.set_defaults(handler=_cmd_stats)

    city = commands.add_parser("city", help="地市工作区：各区县汇总")
    city_commands = city.add_subparsers(
        dest="city_command", metavar="子命令", parser_class=_Parser, required=True
    )
    counties = city_commands.add_parser("counties", help="列出已导入的各区县及其汇总数字")
    counties.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    counties.set_defaults(handler=_cmd_city)
    city_export = city_commands.add_parser("export", help="导出各区县完成情况汇总表（.xlsx）")
    city_export.add_argument("--out", type=Path, required=True, help="保存为（.xlsx）")
    city_export.set_defaults(handler=_cmd_city)

    hours = commands.add_parser("hours", help="学时：查看还未达到学时要求的教师")
    hours_commands = hours.add_subparsers(
        dest="hours_command", metavar="子命令", parser_class=_Parser, required=True
    )
    short = hours_commands.add_parser("short", help="列出还差学时或考核未通过的教师")
    short.add_argument("--school", metavar="学校", help="只看一所学校（学校标识码或学校全称）")
    short.add_argument(
        "--of",
        dest="short_of",
        choices=["online", "practice", "total", "assessment"],
        help="只看某一项不足：online 网络研修，practice 校本实践应用，total 总学时，"
        "assessment 校本应用考核",
    )
    short.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    short.set_defaults(handler=_cmd_hours_short)
    ledger = commands.add_parser("ledger", help="打印个人学时档案（PDF，每位教师从新的一页开始）")
    who = ledger.add_mutually_exclusive_group(required=True)
    who.add_argument("--teacher", metavar="身份证号", help="一位教师的身份证号")
    who.add_argument("--school", metavar="学校", help="一所学校（学校标识码或学校全称）的在职教师")
    ledger.add_argument("--out", type=Path, required=True, help="保存为（.pdf）")
    ledger.set_defaults(handler=_cmd_ledger)
    _add_assessment_commands(commands)
    return parser


def _add_assessment_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``plan``, ``review`` and ``sample``: the school's plan, the county's review, sampling."""
    plan = commands.add_parser("plan", help="校本研修方案：保存、批准或退回")
    plan_commands = plan.add_subparsers(
        dest="plan_command", metavar="子命令", parser_class=_Parser, required=True
    )
    plan_set = plan_commands.add_parser("set", help="保存学校的校本研修方案（信息化环境和能力点）")
    plan_set.add_argument("--school", required=True, metavar="学校", help="学校标识码或学校全称")
    plan_set.add_argument("--environments", required=True, metavar="环境",
                          help="信息化教学环境，如 A,B（A 多媒体，B 混合，C 智慧）")  # fmt: skip
    plan_set.add_argument(
        "--points",
        metavar="能力点",
        help="方案中的能力点，如 A1!,A5（加 ! 表示必选；不填则保留原有的）",
    )
    plan_set.add_argument("--title", metavar="名称", help="校本研修方案的名称")
    plan_set.add_argument("--rules-title", metavar="名称", help="考核细则的名称")
    plan_set.set_defaults(handler=_cmd_plan)
    for action, text in (("approve", "区县批准学校的方案"), ("return", "区县退回学校的方案")):
        decide = plan_commands.add_parser(action, help=text)
        decide.add_argument("--school", required=True, metavar="学校", help="学校标识码或学校全称")
        decide.add_argument("--reason", metavar="理由", help="审批意见（退回时必填）")
        decide.set_defaults(handler=_cmd_plan)

    review = commands.add_parser("review", help="考核批次：学校提交，区县审核、退回、解锁")
    review_commands = review.add_subparsers(
        dest="review_command", metavar="子命令", parser_class=_Parser, required=True
    )
    for action, text in (
        ("submit", "学校提交考核结果"),
        ("approve", "区县通过没有问题的结果（有问题的暂缓）并认定实践学时"),
        ("return", "区县把考核批次退回学校（须说明理由）"),
        ("unlock", "区县解锁已通过的结果以便更正（须说明理由，撤销已认定的学时）"),
    ):
        command = review_commands.add_parser(action, help=text)
        command.add_argument("--school", required=True, metavar="学校", help="学校标识码或学校全称")
        command.add_argument("--reason", metavar="理由", help="退回或解锁的理由")
        command.set_defaults(handler=_cmd_review)
    queue = review_commands.add_parser("queue", help="列出已提交的考核批次")
    queue.set_defaults(handler=_cmd_review)

    sample = commands.add_parser("sample", help="抽样检查：抽取审核通过的结果并生成抽样检查记录")
    size = sample.add_mutually_exclusive_group(required=True)
    size.add_argument("--ratio", metavar="比例", help="每校抽取的比例，如 0.1 或 10%%")
    size.add_argument("--count", metavar="个数", help="每校抽取的个数")
    size.add_argument("--draw", type=_positive_int, metavar="编号",
                      help="不重新抽样，只重新生成某次抽样的记录")  # fmt: skip
    sample.add_argument("--seed", metavar="种子", help="随机种子（0–2147483647，不填则随机生成）")
    sample.add_argument(
        "--out", type=Path, required=True, help="抽样检查记录保存为（.pdf 或 .xlsx）"
    )
    sample.set_defaults(handler=_cmd_sample)

    keys = commands.add_parser("keys", help="本单位的签名密钥和已登记的其他单位公钥")
    keys_commands = keys.add_subparsers(
        dest="keys_command", metavar="子命令", parser_class=_Parser, required=True
    )
    keys_commands.add_parser("show", help="显示本单位的密钥指纹（可电话核对）").set_defaults(
        handler=_cmd_keys
    )
    keys_commands.add_parser("list", help="列出已登记的其他单位公钥").set_defaults(
        handler=_cmd_keys
    )
    export_key = keys_commands.add_parser("export-public", help="导出本单位的公钥文件（.nltskey）")
    export_key.add_argument("--out", type=Path, required=True, help="公钥文件保存为")
    export_key.set_defaults(handler=_cmd_keys)
    import_key = keys_commands.add_parser("import-public", help="登记其他单位的公钥文件")
    import_key.add_argument("file", type=Path, metavar="文件", help="对方导出的 .nltskey 文件")
    import_key.set_defaults(handler=_cmd_keys)
    revoke_key = keys_commands.add_parser("revoke", help="吊销一把已登记的公钥（须说明理由）")
    revoke_key.add_argument("fingerprint", metavar="指纹", help="如 ABCD-EFGH-…")
    revoke_key.add_argument("--reason", required=True, metavar="理由", help="吊销的理由")
    revoke_key.set_defaults(handler=_cmd_keys)

    _add_certificate_commands(commands)
    _add_user_commands(commands)
    _add_backup_commands(commands)
    _add_audit_commands(commands)
    _add_recovery_commands(commands)
    _add_migrate_command(commands)
    package = commands.add_parser("package", help="数据包（.nltspkg）：生成、检查、导入")
    package_commands = package.add_subparsers(
        dest="package_command", metavar="子命令", parser_class=_Parser, required=True
    )
    verify = package_commands.add_parser(
        "verify", help="完整检查一个数据包（校验值、签名、发送方），不导入"
    )
    verify.add_argument("file", type=Path, metavar="文件", help="要检查的 .nltspkg 文件")
    verify.set_defaults(handler=_cmd_package)
    make = package_commands.add_parser("make", help="生成数据包")
    make_kinds = make.add_subparsers(
        dest="package_kind", metavar="类型", parser_class=_Parser, required=True
    )
    kit = make_kinds.add_parser("school-kit", help="学校工作包（区县发给学校）")
    kit.add_argument("--school", required=True, metavar="学校", help="学校标识码或学校全称")
    kit.add_argument("--out", type=Path, required=True, help="工作包保存为（.nltspkg）")
    kit.set_defaults(handler=_cmd_package)
    submission = make_kinds.add_parser("submission", help="学校考核上报包（学校发给区县）")
    submission.add_argument("--out", type=Path, required=True, help="上报包保存为（.nltspkg）")
    submission.add_argument("--note", metavar="说明", help="给区县的说明（可选）")
    submission.add_argument(
        "--with-files",
        action="store_true",
        help="证据材料文件一并放入上报包（默认只带名称、大小、校验值）",
    )
    submission.set_defaults(handler=_cmd_package)
    county_return = make_kinds.add_parser(
        "county-return", help="区县退回包（区县发给学校的审核结果）"
    )
    county_return.add_argument(
        "--school", required=True, metavar="学校", help="学校标识码或学校全称"
    )
    county_return.add_argument("--out", type=Path, required=True, help="退回包保存为（.nltspkg）")
    county_return.set_defaults(handler=_cmd_package)
    report = make_kinds.add_parser("county-report", help="区县上报包（区县发给地市）")
    report.add_argument("--out", type=Path, required=True, help="上报包保存为（.nltspkg）")
    report.add_argument("--recipient-key", type=Path, metavar="公钥文件",
                        help="地市的公钥文件（.nltskey）：登记后用它加密上报包")  # fmt: skip
    report.set_defaults(handler=_cmd_package)
    take_in = package_commands.add_parser(
        "import", help="导入数据包（区县：学校考核上报包；学校：区县退回包；地市：区县上报包）"
    )
    take_in.add_argument("file", type=Path, metavar="文件", help="收到的 .nltspkg 文件")
    take_in.add_argument("--accept-new-key", action="store_true",
                         help="接受未登记或已更换的发送单位密钥（须先电话核对指纹）")  # fmt: skip
    take_in.add_argument("--dry-run", action="store_true", help="只检查并显示将导入的内容")
    take_in.set_defaults(handler=_cmd_package)


def _actor() -> Actor:
    # The account signed in with --user, else the local administrator (the CLI's default).
    return _SIGNED_IN.get("actor") or Actor.system("命令行")


# The account the command acts as (--user), set by main after its password was checked.
_SIGNED_IN: dict[str, Actor] = {}


# ---------------------------------------------------------------- accounts (--user, users)


def _read_password(args: argparse.Namespace, prompt: str) -> str:
    """One password: the next line of stdin with --password-stdin, else asked without echo."""
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise AppError("使用了 --password-stdin，但标准输入中没有（更多的）密码行。")
        return line.rstrip("\r\n")
    import getpass

    return getpass.getpass(prompt)


def _new_password(args: argparse.Namespace) -> str:
    """A new password: one stdin line, or asked twice without echo (both must agree)."""
    first = _read_password(args, "新密码：")
    if not args.password_stdin and not _asked_again(first):
        raise AppError("两次输入的新密码不一致，没有修改任何内容。")
    return first


def _asked_again(first: str) -> bool:
    """Ask for the new password again; whether it matches."""
    import getpass

    return getpass.getpass("再输入一次新密码：") == first


def _sign_in(args: argparse.Namespace, paths: DataPaths) -> None:
    """Check --user's password; the command then acts as that account (its role applies)."""
    if args.command in (None, "gui", "init", "demo"):
        raise AppError(
            "--user 只能用于对已有工作区的命令；程序窗口启动时会要求登录，新建工作区时还没有账号。"
        )
    password = _read_password(args, f"{args.user} 的密码：")
    with _open_workspace(paths) as workspace:
        actor = workspace.accounts.authenticate(args.user, password)
    _SIGNED_IN["actor"] = actor


def _add_user_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    from nlts_desktop.domain.enums import Role

    users = commands.add_parser(
        "users", help="账号管理（区县管理员）：列出、添加、重置密码、解锁、停用"
    )
    actions = users.add_subparsers(
        dest="users_command", metavar="子命令", parser_class=_Parser, required=True
    )
    actions.add_parser("list", help="列出全部账号及其状态").set_defaults(handler=_cmd_users)
    add = actions.add_parser("add", help="添加账号（会询问新账号的密码）")
    add.add_argument("username", metavar="用户名")
    add.add_argument("--name", required=True, metavar="姓名", help="显示名称，如姓名")
    add.add_argument(
        "--role",
        required=True,
        choices=[role.value for role in Role],
        help="角色：county_admin 区县管理员，county_reviewer 区县审核员，"
        "school_coordinator 学校管理员（须用 --school 指定学校），viewer 只读用户",
    )
    add.add_argument("--school", metavar="学校", help="学校管理员所属学校（学校标识码或名称）")
    add.set_defaults(handler=_cmd_users)
    for name, text in (
        ("reset-password", "为忘记密码的账号设置新密码（同时解锁）"),
        ("unlock", "解除账号因多次登录失败而被锁定的状态"),
        ("disable", "停用账号（停用后不能登录）"),
        ("enable", "重新启用已停用的账号"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("username", metavar="用户名")
        action.set_defaults(handler=_cmd_users)


def _cmd_users(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.domain.enums import Role
    from nlts_desktop.domain.errors import NotFoundError
    from nlts_desktop.domain.passwords import normalize_username

    command = args.users_command
    new_password = ""
    if command in ("add", "reset-password"):
        # Asked before the workspace is opened: nobody waits on a prompt holding the lock.
        new_password = _new_password(args)
    with _open_workspace(paths) as workspace:
        accounts = workspace.accounts
        users = accounts.list_users()  # administrators only: refuses the others first
        if command == "list":
            now = accounts.now()
            schools = {s.id: s.name for s in workspace.schools.list()}
            print("用户名\t姓名\t角色\t所属学校\t状态\t最近登录")
            for user in users:
                if not user.active:
                    state = "已停用"
                elif user.locked_at(now) and user.locked_until is not None:
                    state = f"已锁定至 {user.locked_until.astimezone():%Y-%m-%d %H:%M}"
                else:
                    state = "正常"
                last = (
                    f"{user.last_login_at.astimezone():%Y-%m-%d %H:%M}"
                    if user.last_login_at
                    else "从未登录"
                )
                school = schools.get(user.school_id, "") if user.school_id else ""
                print(
                    f"{user.username}\t{user.display_name}\t{user.role.label}\t"
                    f"{school or '—'}\t{state}\t{last}"
                )
            print(f"共 {len(users)} 个账号。")
            return EXIT_OK
        if command == "add":
            school_id = workspace.schools.find(args.school).id if args.school else None
            record = accounts.create_user(
                username=args.username,
                display_name=args.name,
                role=Role(args.role),
                password=new_password,
                school_id=school_id,
            )
            print(f"已添加账号“{record.username}”（{record.display_name}，{record.role.label}）。")
            return EXIT_OK
        name = normalize_username(args.username)
        found = next((u for u in users if u.username == name), None)
        if found is None:
            raise NotFoundError(f"没有用户名为“{name}”的账号。", code="account.unknown")
        if command == "reset-password":
            accounts.reset_password(found.id, new_password)
            print(f"已为“{found.username}”设置新密码，账号已解锁。请把新密码当面告诉本人。")
        elif command == "unlock":
            accounts.unlock(found.id)
            print(f"已解锁“{found.username}”，可以重新登录。")
        else:
            accounts.set_active(found.id, command == "enable")
            print(f"已{'启用' if command == 'enable' else '停用'}“{found.username}”。")
    return EXIT_OK


# Global options of the running command (set by main).
_OPTIONS = {"read_only": False}


def _open_workspace(paths: DataPaths) -> Workspace:
    """Open the folder's workspace for a command; what the start-up check did goes to stderr."""
    from nlts_desktop.services.workspace import Workspace

    workspace = Workspace.open(paths, actor=_actor(), read_only=_OPTIONS["read_only"])
    for note in workspace.startup_notes:
        print(f"注意：{note}", file=sys.stderr)
    if workspace.db.read_only and not _OPTIONS["read_only"]:
        print("注意：数据库文件或所在磁盘不可写，已以只读方式打开。", file=sys.stderr)
    return workspace


def _print_summary(paths: DataPaths) -> None:

    with _open_workspace(paths) as workspace:
        info = workspace.info()
        counts = workspace.stats.counts()
    parent = f"{info.parent_name} " if info.parent_name else ""
    print(f"工作区：{info.province_name or ''} {parent}{info.region_name}（{info.region_code}）")
    print(f"规则：{info.preset_name}，能力点目录版本 {info.catalogue_version}")
    print(f"数据文件夹：{paths.root}")
    print(
        f"学校 {counts['schools']} 所，教师 {counts['teachers']} 名"
        f"（在职 {counts['teachers_active']} 名），学时记录 {counts['hour_records']} 条，"
        f"选点 {counts['point_selections']} 个，考核批次 {counts['submissions']} 个"
    )


def _progress_printer(quiet: bool) -> Callable[[int, int, str], None]:
    def report(done: int, total: int, message: str) -> None:
        if not quiet:
            print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)

    return report


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_gui(args: argparse.Namespace, paths: DataPaths) -> int:
    if not _has_display():
        print(
            "错误：没有找到图形界面（未设置 DISPLAY），无法打开程序窗口。"
            "可在桌面环境中运行，或使用命令行功能（nlts-desktop --help）。",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    from nlts_desktop.app import run_gui

    return run_gui(paths, read_only=_OPTIONS["read_only"])


def _cmd_init(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace, WorkspaceSpec

    if args.from_kit is not None:
        return _init_from_kit(args, paths)
    spec = WorkspaceSpec(
        level=args.level,
        region_code=args.code,
        region_name=args.name,
        preset_id=args.preset,
        parent_code=args.parent_code,
        parent_name=args.parent_name,
    )
    with Workspace.create(paths, spec, actor=_actor()) as workspace:
        info = workspace.info()
    where = f"“{paths.root}”"
    if args.db is not None and paths.server is not None:
        # The folder remembers the server (never the password): later commands need no --db.
        save_server(paths.root, redact_url(paths.server))
        where = (
            f"数据库服务器“{redact_url(paths.server)}”（数据文件夹“{paths.root}”已记住该服务器）"
        )
    print(
        f"已在{where}新建工作区：{info.region_name}（{info.region_code}），"
        f"规则 {info.preset_name}。"
    )
    return EXIT_OK


def _init_from_kit(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.exchange.package import open_package
    from nlts_desktop.services.workspace import Workspace

    if not args.accept_key:
        opened = open_package(args.from_kit)
        raise ValidationError(
            f"学校工作包由{opened.manifest.origin.name}的密钥签名，指纹为 "
            f"{opened.signer_fingerprint}。请与区县电话核对该指纹，一致时用 "
            "--accept-key 指纹 重新运行。",
            code="cli.accept_key",
        )
    with Workspace.create_from_kit(
        paths, args.from_kit, actor=_actor(), accept_fingerprint=args.accept_key
    ) as workspace:
        school = workspace.schools.list()[0]
        teachers = workspace.stats.counts()["teachers"]
    print(
        f"已在“{paths.root}”建立{school.name}（{school.code}）的学校工作区，"
        f"教师 {teachers} 名；区县密钥已登记。"
    )
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.demo import create_demo

    workspace, summary = create_demo(
        paths, teachers=args.teachers, seed=args.seed, progress=_progress_printer(quiet=False)
    )
    workspace.close()
    print(
        f"已创建演示工作区：学校 {summary.schools} 所，教师 {summary.teachers} 名，"
        f"学时记录 {summary.hour_records} 条，选点 {summary.point_selections} 个，"
        f"佐证材料 {summary.evidence_items} 份，评分 {summary.scores} 条。"
    )
    _print_summary(paths)
    if not args.no_gui and _has_display():
        from nlts_desktop.app import run_gui

        return run_gui(paths)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, paths: DataPaths) -> int:

    with _open_workspace(paths) as workspace:
        report = workspace.checks.run()
    for item in report.items:
        mark = "通过" if item.ok else "未通过"
        print(f"[{mark}] {item.name}：{item.detail}")
    if report.ok:
        print("数据库检查全部通过。")
        return EXIT_OK
    print("数据库检查发现问题，请查看上面标为“未通过”的项目。", file=sys.stderr)
    return EXIT_USER_ERROR


def _cmd_city(args: argparse.Namespace, paths: DataPaths) -> int:

    with _open_workspace(paths) as workspace:
        if args.city_command == "export":
            count = workspace.city.export_summary(args.out)
            print(f"已导出 {count} 个区县的完成情况汇总表到“{args.out}”。")
            return EXIT_OK
        rows = workspace.city.counties()
        total = workspace.city.totals()
    if args.json:
        fields = ("code", "name", "sequence", "reported_at", "schools", "teachers", "qualified",
                  "assessment_passed", "online_half_hours", "practice_half_hours")  # fmt: skip
        print(
            json.dumps(
                {
                    "counties": [{f: getattr(r, f) for f in fields} for r in rows],
                    "total": {f: getattr(total, f) for f in fields},
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    print(f"已导入 {len(rows)} 个区县的上报包。")
    for r in [*rows, total]:
        rate = f"{r.rate:.1%}" if r.rate is not None else "—"
        print(
            f"{r.code or '':8}{r.name}\t学校 {r.schools:,}\t教师 {r.teachers:,}\t"
            f"已达标 {r.qualified:,}（{rate}）\t考核通过 {r.assessment_passed:,}"
        )
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace, paths: DataPaths) -> int:

    with _open_workspace(paths) as workspace:
        counts: dict[str, object] = dict(workspace.stats.counts())
        dashboard = workspace.dashboard.overview()
        written: list[str] = []
        if args.briefing:
            workspace.dashboard.briefing_pdf(args.briefing)
            written.append(f"已生成工作简报“{args.briefing}”。")
        if args.xlsx:
            workspace.dashboard.export_xlsx(args.xlsx)
            written.append(f"已导出统计表“{args.xlsx}”。")
    if written and not args.json:
        print("\n".join(written))
        return EXIT_OK
    if args.json:
        counts["dashboard"] = dashboard.summary()
        print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    for key, value in counts.items():
        print(f"{key}: {value}")
    h = dashboard.headline
    rate = "—" if h.qualified_rate is None else f"{h.qualified_rate:.1%}"
    print(f"达标教师：{h.qualified:,} / {h.teachers:,}（{rate}），尚需达标 {h.still_needed:,} 人")
    print(f"完成学校：{h.completed_schools:,} / {h.schools:,}")
    for y in dashboard.years:
        planned = "未设目标" if y.planned_teachers is None else f"{y.planned_teachers:,}"
        print(
            f"{y.year} 年（{y.basis_label}）：计划达标 {planned}（{y.teacher_source_label}），"
            f"实际达标 {y.actual_teachers:,}"
        )
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, paths: DataPaths) -> int:

    if args.kind == "hours":
        return _cmd_import_hours(args, paths)
    if args.kind == "scores":
        return _cmd_import_scores(args, paths)
    if args.kind in ("annual-plan", "leadership"):
        return _cmd_import_plan(args, paths)
    with _open_workspace(paths) as workspace:
        service = workspace.roster_import
        plan = (
            service.plan_teachers(args.file)
            if args.kind == "teachers"
            else service.plan_schools(args.file)
        )
        stop = _preview_import(
            args, plan.summary(), lambda: service.write_error_report(plan, args.report)
        )
        if stop is not None:
            return stop
        result = service.commit(plan, valid_only=args.valid_only)
    if result.written:
        print(f"导入完成：新增 {result.new}，修改 {result.changed}。")
    else:
        print("没有需要写入的变化。")
    return EXIT_OK


def _preview_import(
    args: argparse.Namespace,
    preview: ImportSummary,
    write_report: Callable[[], Path],
    *,
    source: str = "",
) -> int | None:
    """Print an import's preview and report; the exit code when nothing is to be written."""
    print(
        f"文件“{preview.file_name}”工作表“{preview.sheet}”"
        f"（标题在第 {preview.header_row} 行）{'，' + source if source else ''}："
        f"新增 {preview.new}，修改 {preview.changed}，未变 {preview.unchanged}，"
        f"拒绝 {preview.rejected}"
    )
    for issue in preview.issues[:20]:
        column = f"“{issue.column}”列" if issue.column else ""
        value = f"（{issue.value}）" if issue.value else ""
        print(f"  第 {issue.row} 行 {column}{value}：{issue.reason}")
    if len(preview.issues) > 20:
        print(f"  ……另有 {len(preview.issues) - 20} 处问题，见错误报告。")
    if preview.issues:
        print(f"错误报告已保存到“{write_report()}”，修改后可直接重新导入。")
    if args.dry_run:
        print("试运行：没有写入任何内容。")
        return EXIT_REJECTED if preview.issues else EXIT_OK
    if preview.issues and not args.valid_only:
        print(
            "有数据被拒绝，按“全部或不导入”的规则没有写入任何内容"
            "（如只导入有效行，请加 --valid-only）。",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    return None


def _cmd_import_hours(args: argparse.Namespace, paths: DataPaths) -> int:

    if not args.institution:
        print(
            "错误：导入学时需要用 --institution 指定承训机构名称（如 --institution 中国研修网），"
            "程序按承训机构保存和核对列对应。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with _open_workspace(paths) as workspace:
        service = workspace.hours_import
        plan = service.plan(args.file, institution=args.institution, project_id=args.project)
        stop = _preview_import(
            args,
            plan.summary(),
            lambda: service.write_error_report(plan, args.report),
            source=f"承训机构“{plan.institution_name}”",
        )
        if stop is not None:
            return stop
        result = service.commit(plan, valid_only=args.valid_only)
    if result.written:
        print(f"导入完成：新增 {result.new}，修改 {result.changed}。")
        if plan.mapping_to_save is not None:
            print(f"已保存承训机构“{plan.institution_name}”的列对应，下次导入时沿用。")
    else:
        print("没有需要写入的变化。")
    return EXIT_OK


def _cmd_import_scores(args: argparse.Namespace, paths: DataPaths) -> int:

    if not args.school:
        print(
            "错误：导入成绩需要用 --school 指定学校（学校标识码或学校全称），"
            "成绩表按学校整体导入。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.valid_only:
        print(
            "错误：成绩表按“全部或不导入”的规则整体导入，不能使用 --valid-only，"
            "请按错误报告修改后重新导入。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with _open_workspace(paths) as workspace:
        school = workspace.schools.find(args.school)
        service = workspace.score_sheets
        plan = service.plan(args.file, school.id)
        table = plan.table
        head = (
            f"文件“{table.path.name}”工作表“{table.sheet}”（标题在第 {table.header_row} 行），"
            f"学校“{plan.school_name}”："
        )
        if plan.issues:
            print(f"{head}拒绝 {len(plan.rejected_rows)} 行")
        else:
            print(
                f"{head}教师 {plan.teachers} 人，新增能力点 {plan.points_added} 个，"
                f"评定等级 {plan.grades_set} 项，清除等级 {plan.grades_cleared} 项，"
                f"未变 {plan.unchanged} 项"
            )
        if plan.blank_rows:
            print(f"另有 {plan.blank_rows} 行没有填写能力点和等级（尚未选点的教师），已跳过。")
        for issue in plan.issues[:20]:
            column = f"“{issue.column}”列" if issue.column else ""
            value = f"（{issue.value}）" if issue.value else ""
            print(f"  第 {issue.row} 行 {column}{value}：{issue.reason}")
        if len(plan.issues) > 20:
            print(f"  ……另有 {len(plan.issues) - 20} 处问题，见错误报告。")
        if plan.issues:
            report = service.write_error_report(plan, args.report)
            print(f"错误报告已保存到“{report}”，修改后可直接重新导入。")
        if args.dry_run:
            print("试运行：没有写入任何内容。")
            return EXIT_REJECTED if plan.issues else EXIT_OK
        if plan.issues:
            print(
                "有数据被拒绝，按“全部或不导入”的规则没有写入任何成绩，请按错误报告修改后重新导入。",
                file=sys.stderr,
            )
            return EXIT_REJECTED
        outcome = service.commit(plan, assessor=args.assessor)
    print(
        f"导入完成：教师 {outcome.teachers} 人，新增能力点 {outcome.points_added} 个，"
        f"评定等级 {outcome.grades_set} 项，清除等级 {outcome.grades_cleared} 项，"
        f"未变 {outcome.unchanged} 项。"
    )
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, paths: DataPaths) -> int:

    args.what = FORM_EXPORTS.get(args.what, args.what)
    if args.what in PLAN_FORMS:
        return _cmd_export_plan_form(args, paths)
    if args.what in ASSESSMENT_EXPORTS:
        return _cmd_export_assessment(args, paths)
    with _open_workspace(paths) as workspace:
        reports = workspace.reports
        if args.what == "roster":
            count = workspace.roster_export.export_teachers(args.out)
            label = "名教师"
        elif args.what == "schools":
            count = workspace.roster_export.export_schools(args.out)
            label = "所学校"
        elif args.what == "hours-summary":
            count = reports.school_hours_summary(args.out)
            label = "所学校的学时完成情况汇总表"
        elif args.what == "project-design":
            count = reports.project_design_form(
                args.out,
                year=args.year,
                unit=args.unit,
                contact=args.contact or "",
                phone=args.phone or "",
            )
            label = "个项目的能力提升工程项目设计表"
        elif args.what == "trainee-changes":
            count = reports.trainee_changes_form(
                args.out, unit=args.unit, filler=args.contact or ""
            )
            label = "条变更的参训人员变更信息表"
        else:
            count = reports.institutions_form(args.out)
            label = "个机构的培训机构名单"
    print(f"已导出 {count} {label}到“{args.out}”。")
    return EXIT_OK


def _cmd_export_plan_form(args: argparse.Namespace, paths: DataPaths) -> int:

    with _open_workspace(paths) as workspace:
        year = args.year or workspace.info().current_cycle
        if args.what == "annual-plan-table":
            years = workspace.targets.plan_table_form(
                args.out, contact=args.contact or "", phone=args.phone or ""
            )
            print(f"已导出 {years} 个年度的市、县级培训年度计划表到“{args.out}”。")
        elif args.what == "annual-plan":
            if year is None:
                print("错误：请用 --year 指定年度规划书的年度。", file=sys.stderr)
                return EXIT_USAGE
            pages = workspace.annual_plan.write_pdf(args.out, year)
            print(f"已生成 {year} 年度规划书，共 {pages} 页：“{args.out}”。")
        elif args.what == "pilot-schools":
            count = workspace.reports.pilot_schools_form(
                args.out,
                year=year,
                unit=args.unit,
                contact=args.contact or "",
                phone=args.phone or "",
            )
            print(f"已导出 {count} 所学校的试点单位信息汇总表到“{args.out}”。")
        else:
            count = workspace.leadership.leadership_form(args.out, unit=args.unit)
            print(f"已导出 {count} 人的工作领导小组名单到“{args.out}”。")
    return EXIT_OK


def _cmd_import_plan(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.roster_import import ImportRejectedError, RowIssue

    with _open_workspace(paths) as workspace:
        try:
            if args.kind == "annual-plan":
                service = workspace.targets
                plan = (
                    service.read_plan_table(args.file)
                    if args.dry_run
                    else service.import_plan_table(args.file)
                )
                names = dict(service.levels())
                print(
                    f"文件“{plan.file_name}”工作表“{plan.sheet}”：地区“{plan.region}”，"
                    f"教师总数 {plan.teachers}"
                )
                for year, levels in sorted(plan.years.items()):
                    parts = "，".join(f"{names.get(k, k)} {v}" for k, v in levels.items() if v)
                    print(f"  {year} 年：合计 {sum(levels.values())} 人（{parts or '无'}）")
            else:
                group = workspace.leadership
                found = group.read_file(args.file) if args.dry_run else group.import_file(args.file)
                roles = {"leader": "组长", "deputy": "副组长", "member": "成员"}
                counts = "，".join(
                    f"{label} {sum(1 for m in found.members if m.group_role == role)} 人"
                    for role, label in roles.items()
                )
                print(
                    f"文件“{found.file_name}”工作表“{found.sheet}”：负责科室“{found.office}”，{counts}"
                )
        except ImportRejectedError as exc:
            issues: list[RowIssue] = list(exc.details.get("issues", []))
            for issue in issues[:20]:
                where = f"第 {issue.row} 行 " if issue.row else ""
                print(f"  {where}{issue.column}（{issue.value}）：{issue.reason}")
            if len(issues) > 20:
                print(f"  ……另有 {len(issues) - 20} 处问题。")
            print(f"错误：{exc.message}", file=sys.stderr)
            return EXIT_REJECTED
    print("试运行：没有写入任何内容。" if args.dry_run else "导入完成。")
    return EXIT_OK


def _cmd_export_assessment(args: argparse.Namespace, paths: DataPaths) -> int:

    if args.what in ("assessment-results", "review-record") and not args.school:
        print(
            f"错误：导出 {args.what} 需要用 --school 指定学校（学校标识码或学校全称）。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with _open_workspace(paths) as workspace:
        service = workspace.score_sheets
        school = workspace.schools.find(args.school) if args.school else None
        if args.what == "scores":
            count = service.export_scores(args.out, school_id=school.id if school else None)
            print(f"已导出 {count} 行校本应用考核成绩表到“{args.out}”。")
        elif args.what == "assessment-results":
            assert school is not None
            count = service.export_results(args.out, school.id)
            print(f"已导出“{school.name}”{count} 名教师的校本应用考核结果到“{args.out}”。")
        elif args.what == "assessment-summary":
            count = service.export_summary(args.out)
            print(f"已导出 {count} 所学校的校本应用考核汇总表到“{args.out}”。")
        else:
            assert school is not None
            pages = service.review_record_pdf(args.out, school.id)
            print(f"已生成“{school.name}”的审核记录，共 {pages} 页：“{args.out}”。")
    return EXIT_OK


def _plan_points(text: str) -> list[tuple[str, bool]]:
    """Plan points typed as "A1!,A5": a trailing ! marks a required (必选) point."""
    out: list[tuple[str, bool]] = []
    for part in text.replace("，", ",").replace("、", ",").split(","):
        code = part.strip()
        if not code:
            continue
        required = code.endswith(("!", "！"))
        out.append((code.rstrip("!！").strip(), required))
    return out


def _cmd_plan(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.domain.enums import Environment

    with _open_workspace(paths) as workspace:
        school = workspace.schools.find(args.school)
        service = workspace.assessment
        if args.plan_command == "set":
            current = service.plan(school.id)
            points = (
                _plan_points(args.points)
                if args.points is not None
                else [(p.code, p.required) for p in current.points]
            )
            record = service.save_plan(
                school.id,
                {
                    "environments": args.environments,
                    "points": points,
                    "plan_title": args.title if args.title is not None else current.plan_title,
                    "plan_date": current.plan_date,
                    "plan_file_ref": current.plan_file_ref,
                    "rules_title": (
                        args.rules_title if args.rules_title is not None else current.rules_title
                    ),
                    "rules_date": current.rules_date,
                    "rules_file_ref": current.rules_file_ref,
                    "version": current.version,
                },
            )
            environments = "、".join(Environment(e).label for e in record.environments)
            listed = "、".join(f"{p.code}（必选）" if p.required else p.code for p in record.points)
            missing = "" if record.plan_title else "还需用 --title 填写方案名称，区县才能审批；"
            print(
                f"已保存{school.name}{record.cycle}年度的校本研修方案：信息化环境 {environments}；"
                f"能力点 {listed or '未指定（教师可在环境内自选）'}；{missing}"
                f"审批状态：{record.approval_state.label}。"
            )
        elif args.plan_command == "approve":
            record = service.decide_plan(school.id, approve=True, note=args.reason)
            print(f"已批准{school.name}{record.cycle}年度的校本研修方案和考核细则。")
        else:
            record = service.decide_plan(school.id, approve=False, note=args.reason)
            print(f"已退回{school.name}的校本研修方案，理由：{record.approval_note}。")
    return EXIT_OK


def _cmd_review(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.exchange.score_sheet import format_moment

    with _open_workspace(paths) as workspace:
        if args.review_command == "queue":
            entries = workspace.review.queue()
            if not entries:
                print("还没有学校提交考核结果。")
                return EXIT_OK
            print("学校标识码\t学校\t批次状态\t提交时间\t教师\t待审核\t暂缓\t已通过\t已退回")
            for e in entries:
                print(
                    f"{e.school_code}\t{e.school_name}\t{e.state.label}\t"
                    f"{format_moment(e.submitted_at) or '—'}\t{e.teachers}\t{e.pending}\t"
                    f"{e.held}\t{e.approved}\t{e.returned}"
                )
            return EXIT_OK
        school = workspace.schools.find(args.school)
        if args.review_command == "submit":
            batch = workspace.assessment.submit(school.id)
            print(f"{school.name}的考核结果已提交区县审核（批次状态：{batch.state.label}）。")
        elif args.review_command == "approve":
            outcome = workspace.review.approve_clean(school.id)
            print(
                f"{school.name}：通过 {outcome.approved} 人，暂缓 {outcome.held} 人"
                f"（需逐一查看），认定实践学时 {outcome.credited} 人；"
                f"批次状态：{outcome.batch.state.label}。"
            )
        elif args.review_command == "return":
            batch = workspace.review.return_batch(school.id, args.reason)
            print(f"已把{school.name}的考核批次退回学校，理由：{batch.return_reason}。")
        else:
            batch = workspace.review.unlock(school.id, args.reason)
            print(
                f"已解锁{school.name}已通过的考核结果并撤销认定的实践学时，"
                f"学校可更正后重新提交（批次状态：{batch.state.label}）。"
            )
    return EXIT_OK


def _cmd_sample(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.score_sheets import sampling_record_format

    sampling_record_format(args.out)
    with _open_workspace(paths) as workspace:
        if args.draw is not None:
            record = workspace.review.sample(args.draw)
        else:
            record = workspace.review.draw_sample(
                ratio=args.ratio, count=args.count, seed=args.seed
            )
            print(
                f"已抽样（{record.size_label}），随机种子 {record.seed}，"
                f"共抽取 {len(record.checks)} 个结果。"
                "用相同的随机种子和抽样方式重新抽样，会得到相同的结果。"
            )
        count = workspace.score_sheets.sampling_record(args.out, record.draw_id)
    print(f"第 {record.draw_id} 次抽样的检查记录（{count} 个结果）已保存到“{args.out}”。")
    return EXIT_OK


def _cmd_ledger(args: argparse.Namespace, paths: DataPaths) -> int:

    with _open_workspace(paths) as workspace:
        if args.teacher:
            teacher = workspace.teachers.find_by_id_number(args.teacher)
            pages = workspace.reports.ledger_pdf(args.out, teacher_ids=[teacher.id])
            whose = f"教师“{teacher.name}”"
        else:
            school = workspace.schools.find(args.school)
            pages = workspace.reports.ledger_pdf(args.out, school_id=school.id)
            whose = f"“{school.name}”在职教师"
    print(f"已生成{whose}的个人学时档案，共 {pages} 页：“{args.out}”。")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.roster_export import write_roster_template

    write_roster_template(args.kind, args.out)
    print(f"已生成导入模板“{args.out}”。")
    return EXIT_OK


def _cmd_hours_short(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.domain.hour_rules import format_hours
    from nlts_desktop.domain.idcard import mask_id_number

    with _open_workspace(paths) as workspace:
        school_id = workspace.schools.find(args.school).id if args.school else None
        preset = workspace.hours.preset()
        teachers = workspace.hours.still_short(school_id=school_id, short_of=args.short_of)
    if args.json:
        rows = [
            {
                "teacher_id": t.teacher_id,
                "name": t.name,
                "id_number": mask_id_number(t.id_number),
                "school_code": t.school_code,
                "school_name": t.school_name,
                "online": t.online,
                "practice": t.practice,
                "other": t.other,
                "total": t.verdict.counted_total,
                "assessment": t.assessment,
                "reason_codes": list(t.verdict.reason_codes),
                "reasons": list(t.verdict.reasons),
            }
            for t in teachers
        ]
        payload = {"preset": preset.preset_id, "count": len(rows), "teachers": rows}
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    labels = {
        "online": "网络研修不足",
        "practice": "校本实践应用不足",
        "total": "总学时不足",
        "assessment": "校本应用考核未通过",
    }
    which = f"（{labels[args.short_of]}）" if args.short_of else ""
    print(f"规则：{preset.name}。还未达到要求的教师{which}共 {len(teachers)} 名。")
    for t in teachers:
        print(
            f"{t.name}\t{mask_id_number(t.id_number)}\t{t.school_name}\t"
            f"网络研修 {format_hours(t.online)} / 校本实践应用 {format_hours(t.practice)} / "
            f"合计 {format_hours(t.verdict.counted_total)} 学时\t{''.join(t.verdict.reasons)}"
        )
    return EXIT_OK


def _cmd_keys(args: argparse.Namespace, paths: DataPaths) -> int:

    with _open_workspace(paths) as workspace:
        keys = workspace.keys
        if args.keys_command == "show":
            own = keys.own()
            print(f"单位：{own.origin.name}（{own.origin.code}）")
            print(f"签名密钥指纹：{own.fingerprint}")
            print(f"加密密钥指纹：{own.encryption_fingerprint}")
        elif args.keys_command == "export-public":
            keys.export_public(args.out)
            print(f"已导出本单位的公钥到“{args.out}”，指纹 {keys.own().fingerprint}。")
            print("请把该文件交给对方，并通过电话核对指纹。")
        elif args.keys_command == "import-public":
            record = keys.import_public(args.file)
            print(
                f"已登记{record.origin.name}（{record.origin.code}）的公钥，"
                f"指纹 {record.fingerprint}。请确认已与对方电话核对过该指纹。"
            )
        elif args.keys_command == "revoke":
            record = keys.revoke(args.fingerprint, args.reason)
            print(f"已吊销{record.origin.name}的公钥 {record.fingerprint}。")
        else:
            known = keys.known()
            print(f"已登记的公钥共 {len(known)} 把。")
            for record in known:
                state = (
                    "有效" if record.state == "accepted" else f"已吊销（{record.revoke_reason}）"
                )
                print(f"{record.origin.name}\t{record.origin.code}\t{record.fingerprint}\t{state}")
    return EXIT_OK


def _add_backup_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``backup``: back up now; ``backup list``, ``backup restore FILE``, ``backup thin``."""
    backup = commands.add_parser(
        "backup",
        help="备份：立即备份（不带操作时）、列出备份、从备份恢复、清理旧备份",
        description="不带操作时立即备份数据库（检查通过后才保留），并按保留规则清理旧备份。",
    )
    actions = backup.add_subparsers(
        dest="backup_command", metavar="操作", required=False, parser_class=_Parser
    )
    actions.add_parser("list", help="列出备份（最新的在前）")
    restore = actions.add_parser("restore", help="从备份恢复数据库（先自动备份当前数据；不再询问）")
    restore.add_argument("file", type=Path, metavar="备份文件", help="要恢复的备份文件（.db）")
    actions.add_parser("thin", help="按保留规则删除多余的旧备份")
    backup.set_defaults(handler=_cmd_backup)


def _cmd_backup(args: argparse.Namespace, paths: DataPaths) -> int:

    action = args.backup_command
    with _open_workspace(paths) as workspace:
        service = workspace.backups
        if action == "list":
            records = service.list()
            print(f"备份文件夹“{service.folder}”中共有 {len(records)} 个备份（最新的在前）。")
            for r in records:
                counts = (
                    f"学校 {r.schools:,} 所\t教师 {r.teachers:,} 名\t学时记录 {r.hour_records:,} 条"
                    if r.problem is None
                    and r.schools is not None
                    and r.teachers is not None
                    and r.hour_records is not None
                    else (r.problem or "数量无法读取")
                )
                print(
                    f"{r.made_at:%Y-%m-%d %H:%M:%S}\t{r.reason_label}\t{r.size_text}\t"
                    f"{counts}\t{r.path.name}"
                )
            return EXIT_OK
        if action == "restore":
            before = workspace.restore_backup(args.file)
            print(f"已从备份“{args.file}”恢复数据库。")
            print(f"恢复前的数据已备份到“{before.path}”。")
            return EXIT_OK
        if action == "thin":
            deleted = service.thin()
            left = len(service.list())
            print(f"按保留规则删除了 {len(deleted)} 个旧备份，保留 {left} 个。")
            for path in deleted:
                print(f"  已删除：{path.name}")
            return EXIT_OK
        record = service.make("manual")
    print(f"已备份数据库到“{record.path}”（{record.size_text}）。")
    print(
        f"备份中有学校 {record.schools or 0:,} 所，教师 {record.teachers or 0:,} 名，"
        f"学时记录 {record.hour_records or 0:,} 条；备份已通过完整性检查。"
    )
    return EXIT_OK


def _add_certificate_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    certificates = commands.add_parser(
        "certificates", help="合格证书：发放、打印、核验、作废、补发"
    )
    actions = certificates.add_subparsers(
        dest="certificates_command", metavar="操作", required=True, parser_class=_Parser
    )
    issue = actions.add_parser("issue", help="为一所学校的达标教师发放证书并生成 PDF")
    issue.add_argument("--school", required=True, metavar="学校标识码", help="学校标识码或全称")
    issue.add_argument("--out", required=True, type=Path, metavar="文件.pdf")
    issue.add_argument(
        "--year", type=_positive_int, metavar="年度", help="证书年度（默认为考核年度）"
    )
    issue.add_argument(
        "--pre-printed", action="store_true", help="套打：只打印数据，不打印边框和固定文字"
    )
    printer = actions.add_parser("print", help="重新打印证书（记入打印记录）")
    which = printer.add_mutually_exclusive_group(required=True)
    which.add_argument("--school", metavar="学校标识码", help="该校全部有效证书")
    which.add_argument("--serial", nargs="+", metavar="证书编号", help="指定的证书")
    printer.add_argument("--out", required=True, type=Path, metavar="文件.pdf")
    printer.add_argument("--pre-printed", action="store_true", help="套打：只打印数据")
    verify = actions.add_parser(
        "verify", help="核验证书：验证码或二维码内容（有效返回 0，无效返回 1）"
    )
    verify.add_argument(
        "code", nargs="+", metavar="验证码", help="12 位验证码或扫描得到的二维码内容"
    )
    listing = actions.add_parser("list", help="列出证书登记簿")
    listing.add_argument("--school", metavar="学校标识码")
    listing.add_argument("--state", choices=("issued", "reissued", "voided"), help="只列出该状态")
    void = actions.add_parser("void", help="作废证书（须说明原因）")
    void.add_argument("serial", metavar="证书编号")
    void.add_argument("--reason", required=True, metavar="原因")
    reissue = actions.add_parser("reissue", help="补发已作废的证书并生成 PDF")
    reissue.add_argument("serial", metavar="证书编号", help="已作废的原证书编号")
    reissue.add_argument("--out", required=True, type=Path, metavar="文件.pdf")
    reissue.add_argument("--reason", metavar="原因", help="补发原因（默认记录原证书的作废原因）")
    reissue.add_argument("--pre-printed", action="store_true", help="套打：只打印数据")
    for command in (issue, printer, verify, listing, void, reissue):
        command.set_defaults(handler=_cmd_certificates)


def _cmd_certificates(args: argparse.Namespace, paths: DataPaths) -> int:

    action = args.certificates_command
    with _open_workspace(paths) as workspace:
        service = workspace.certificates
        if action == "verify":
            result = service.verify(" ".join(args.code))
            print(result.message)
            return EXIT_OK if result.valid else EXIT_USER_ERROR
        if action == "list":
            school_id = workspace.schools.find(args.school).id if args.school else None
            records = service.register(school_id=school_id, state=args.state)
            print(f"证书登记簿共 {len(records)} 份。")
            for r in records:
                print(
                    f"{r.serial}\t{r.state_label}\t{r.teacher_name}\t{r.masked_id}\t"
                    f"{r.school_name or ''}\t{r.year or ''}\t{r.short_code}"
                )
            return EXIT_OK
        if action == "void":
            record = service.void(service.find(args.serial).id, args.reason)
            print(
                f"已作废证书 {record.serial}（{record.teacher_name}），原因：{record.void_reason}。"
            )
            return EXIT_OK
        if action == "reissue":
            record = service.reissue(service.find(args.serial).id, args.reason)
            printed = service.print_pdf(
                args.out, certificate_ids=[record.id], pre_printed=args.pre_printed
            )
            print(
                f"已补发证书 {record.serial}（{record.teacher_name}），替代已作废的 "
                f"{record.replaces_serial}；PDF 已保存到“{printed.path}”。"
            )
            return EXIT_OK
        if action == "print":
            if args.school:
                school_id = workspace.schools.find(args.school).id
                printed = service.print_pdf(
                    args.out, school_id=school_id, pre_printed=args.pre_printed
                )
            else:
                ids = [service.find(serial).id for serial in args.serial]
                printed = service.print_pdf(
                    args.out, certificate_ids=ids, pre_printed=args.pre_printed
                )
            print(
                f"已打印证书 {printed.pages} 份（按学科、姓氏拼音排序），保存到“{printed.path}”。"
            )
            return EXIT_OK
        school = workspace.schools.find(args.school)
        outcome = service.issue(school_id=school.id, year=args.year)
        printed = service.print_pdf(
            args.out,
            certificate_ids=[r.id for r in outcome.issued],
            pre_printed=args.pre_printed,
        )
    print(
        f"已为“{school.name}”发放证书 {len(outcome.issued)} 份（{printed.first_serial} 至 "
        f"{printed.last_serial}），PDF 共 {printed.pages} 页：“{printed.path}”。"
    )
    if outcome.skipped:
        print(f"已有证书、未重复发放 {len(outcome.skipped)} 名。")
    if outcome.refused:
        print(f"未达到发证条件、未发证 {len(outcome.refused)} 名：")
        for note in outcome.refused:
            print(f"{note.name}\t{note.masked_id}\t{note.reason}")
    return EXIT_OK


def _cmd_package(args: argparse.Namespace, paths: DataPaths) -> int:

    if args.package_command == "import":
        with _open_workspace(paths) as workspace:
            if args.dry_run:
                preview = workspace.intake.preview(args.file)
            else:
                preview = workspace.intake.take_in(args.file, accept_new_key=args.accept_new_key)
        what = (
            "已导入过，没有改变任何数据"
            if preview.already_imported
            else ("检查通过（未导入）" if args.dry_run else "已导入")
        )
        print(f"{preview.title}（序号 {preview.sequence}）：{what}。")
        for line in preview.details:
            print(f"  {line}")
        if not preview.already_imported:
            print(f"  与本单位数据相比（{preview.unit}）：{preview.changes.summary}")
            for conflict in preview.changes.conflicts[:20]:
                print(f"  冲突：{conflict}")
        print(f"  签名：{preview.sender_label}（{preview.sender_fingerprint}）")
        return EXIT_OK
    if args.package_command == "make" and args.package_kind == "submission":
        with _open_workspace(paths) as workspace:
            written = workspace.submissions.make(
                args.out, note=args.note, include_files=args.with_files
            )
            fingerprint = workspace.keys.own().fingerprint
        print(f"已生成考核上报包“{written.path}”（{written.size:,} 字节）。")
        print(f"请把本校的密钥指纹告诉区县，供其核对：{fingerprint}")
        return EXIT_OK
    if args.package_command == "make" and args.package_kind == "county-return":
        with _open_workspace(paths) as workspace:
            school = workspace.schools.find(args.school)
            written = workspace.returns.make(school.id, args.out)
        print(f"已生成{school.name}的区县退回包“{written.path}”（{written.size:,} 字节）。")
        return EXIT_OK
    if args.package_command == "make" and args.package_kind == "county-report":
        with _open_workspace(paths) as workspace:
            written = workspace.county_reports.make(
                args.out,
                recipient_key=args.recipient_key,
                progress=_progress_printer(quiet=False),
            )
            fingerprint = workspace.keys.own().fingerprint
        print(f"已生成区县上报包“{written.path}”（{written.size:,} 字节）。")
        print(
            "上报包已用地市的公钥加密，只有地市能打开。"
            if written.encrypted
            else "注意：尚未登记地市的公钥，上报包没有加密，其中含教师身份证号，请妥善保管。"
        )
        print(f"请把本单位的密钥指纹告诉地市，供其核对：{fingerprint}")
        return EXIT_OK
    if args.package_command == "make":
        with _open_workspace(paths) as workspace:
            school = workspace.schools.find(args.school)
            written = workspace.school_kits.make(school.id, args.out)
            fingerprint = workspace.keys.own().fingerprint
        print(f"已生成{school.name}的学校工作包“{written.path}”（{written.size:,} 字节）。")
        print(f"请把本单位的密钥指纹告诉学校，供其核对：{fingerprint}")
        return EXIT_OK
    with _open_workspace(paths) as workspace:
        report = workspace.packages.verify(args.file)
    counts = "、".join(f"{name} {count}" for name, count in report.counts.items()) or "无"
    print(f"数据包“{report.file_name}”检查通过：校验值和签名均正确。")
    print(
        f"类型：{report.kind_label}；来自：{report.origin.name}（{report.origin.code}）；"
        f"序号 {report.sequence}；生成时间 {report.created_at}；期间 {report.period}"
    )
    print(
        f"内容：{counts}；{'已加密' if report.encrypted else '未加密'}；大小 {report.size:,} 字节"
    )
    print(f"签名密钥指纹：{report.signer_fingerprint}（{report.sender_label}）")
    if report.replay:
        print(
            f"注意：该单位已导入过序号 {report.last_sequence} 的数据包，本包较旧，导入时将被拒绝。"
        )
    elif report.seen_before:
        print("注意：这个数据包已经导入过，再次导入不会改变任何数据。")
    return EXIT_OK  # fmt: skip


def _date_arg(text: str) -> date:
    from nlts_desktop.domain.roster import parse_date

    try:
        found = parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    if found is None:
        raise argparse.ArgumentTypeError("日期不能为空")
    return found


def _add_audit_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``audit list``, ``audit verify``, ``audit export --out F.xlsx|F.pdf``."""
    audit = commands.add_parser("audit", help="审计日志：查看、校验、导出或打印（管理员）")
    actions = audit.add_subparsers(
        dest="audit_command", metavar="操作", required=True, parser_class=_Parser
    )
    listing = actions.add_parser("list", help="列出审计日志（最新的在前）")
    exporting = actions.add_parser("export", help="导出审计日志（.xlsx 表格或 .pdf 打印件）")
    exporting.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="文件",
        help="保存到的文件：.xlsx 导出全部符合条件的记录，.pdf 打印最新的记录",
    )
    for command in (listing, exporting):
        command.add_argument("--actor", metavar="操作人", help="只看这个操作人（用户名）的记录")
        command.add_argument("--since", type=_date_arg, metavar="日期",
                             help="起始日期（含），如 2026-11-01")  # fmt: skip
        command.add_argument("--until", type=_date_arg, metavar="日期",
                             help="截止日期（含），如 2026-11-23")  # fmt: skip
        command.add_argument(
            "--action",
            metavar="操作",
            help="操作类型：create 新增、update 修改、delete 删除、import 导入、export 导出、"
            "package 数据包、backup 备份、restore 恢复、login 登录等",
        )
        command.add_argument("--school", metavar="学校标识码", help="只看这所学校的记录")
    listing.add_argument("--limit", type=_positive_int, default=50,
                         help="最多列出多少条（默认 50）")  # fmt: skip
    actions.add_parser("verify", help="校验审计日志的哈希链（发现改动或删除时返回 1）")
    audit.set_defaults(handler=_cmd_audit)


def _cmd_audit(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.audit import AuditFilter

    with _open_workspace(paths) as workspace:
        service = workspace.audit
        if args.audit_command == "verify":
            report = service.verify()
            if not report.ok:
                print(report.problem, file=sys.stderr)
                return EXIT_USER_ERROR
            print(f"审计日志校验通过：共 {report.checked:,} 条记录，哈希链完整。")
            return EXIT_OK
        wanted = AuditFilter(
            actor=args.actor,
            since=args.since,
            until=args.until,
            action=args.action,
            school_id=workspace.schools.find(args.school).id if args.school else None,
        )
        if args.audit_command == "export":
            out: Path = args.out
            if out.suffix.lower() == ".pdf":
                pages = service.print_pdf(wanted, out)
                print(f"已打印审计日志到“{out}”，共 {pages} 页。")
            elif out.suffix.lower() == ".xlsx":
                count = service.export_xlsx(wanted, out)
                print(f"已导出审计日志 {count:,} 条到“{out}”。")
            else:
                raise ValidationError(
                    f"“{out.name}”的扩展名不对：请用 .xlsx（表格）或 .pdf（打印件）。",
                    code="audit.out_suffix",
                )
            return EXIT_OK
        page = service.query(wanted, limit=args.limit)
    print(f"共 {page.total:,} 条记录，列出最新的 {len(page.rows):,} 条。")
    for r in page.rows:
        where = "、".join(x for x in (r.school_name, r.teacher_name) if x)
        print(
            f"{r.id}\t{r.local_time}\t{r.actor}\t{r.action_label}\t{r.entity_label}\t"
            f"{where}\t{r.description}"
        )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "init" and args.from_kit is None:
        missing = [flag for flag in ("code", "name", "preset") if getattr(args, flag) is None]
        if missing:  # a usage error (exit 2), like the other missing arguments
            parser.error(
                "缺少必需的参数："
                + "、".join(f"--{flag}" for flag in missing)
                + "（或用 --from-kit 从学校工作包建立学校工作区）"
            )
    if args.command is None:
        args.handler = _cmd_gui
    try:
        paths = data_paths(args.data_dir, server=_server_arg(args.db))
    except AppError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    configure_logging(paths.logs)  # ID numbers masked in every record
    _OPTIONS["read_only"] = bool(args.read_only)
    try:
        _SIGNED_IN.clear()
        if args.user is not None:
            _sign_in(args, paths)
        return int(args.handler(args, paths))
    except AppError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        hint = _recovery_hint(exc, args.command)
        if hint:
            print(hint, file=sys.stderr)
        return EXIT_USER_ERROR
    except (Cancelled, KeyboardInterrupt):
        print("已取消，没有写入任何内容。", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        _write_crash_log(paths)
        print(
            "错误：程序遇到意外问题，操作没有完成。详细信息已写入日志文件，请联系技术支持。",
            file=sys.stderr,
        )
        return EXIT_BUG


def _server_arg(value: str | None) -> str | None:
    """``--db``: a PostgreSQL address (checked), or None for the data folder's own setting."""
    if value is None:
        return None
    from nlts_desktop.storage.server import parse_url

    return parse_url(value).render_as_string(hide_password=False)


def _add_migrate_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    migrate = commands.add_parser(
        "migrate-to",
        help="把整个工作区复制到数据库服务器（--db），或把服务器上的工作区复制到本机文件夹"
        "（--folder，离线快照）；复制后逐表核对行数和校验值",
    )
    target = migrate.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--db", dest="target_db", metavar="服务器地址", help="目标：服务器上一个空的数据库"
    )
    target.add_argument("--folder", type=Path, metavar="目录", help="目标：本机一个空的数据文件夹")
    migrate.set_defaults(handler=_cmd_migrate_to)
    server = commands.add_parser(
        "server",
        help="数据文件夹使用的数据库服务器：show 显示，set 地址 设置（先检查能否连接、"
        "服务器上是否有工作区；只保存地址，不保存密码），clear 改回本机的工作区文件",
    )
    server.add_argument("action", choices=["show", "set", "clear"])
    server.add_argument("url", nargs="?", metavar="服务器地址")
    server.set_defaults(handler=_cmd_server)


def _cmd_server(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace

    if args.action == "show":
        print(
            f"数据库服务器：{redact_url(paths.server)}" if paths.server else "使用本机的工作区文件"
        )
        return EXIT_OK
    if args.action == "clear":
        save_server(paths.root, None)
        print(f"数据文件夹“{paths.root}”改回使用本机的工作区文件。服务器上的数据没有改动。")
        return EXIT_OK
    if not args.url:
        raise ValidationError(
            "请写出服务器地址，如 server set postgresql+psycopg://nlts@192.168.1.10/nlts。"
        )
    url = _server_arg(args.url)
    assert url is not None
    target = DataPaths(root=paths.root, server=url)
    with Workspace.open(target, actor=_actor(), read_only=True) as workspace:
        info = workspace.info()
    save_server(paths.root, redact_url(url))
    print(
        f"已连接数据库服务器“{redact_url(url)}”上的工作区：{info.region_name}（{info.region_code}）。"
        f"数据文件夹“{paths.root}”以后使用这个服务器（密码不保存，每次连接时询问，"
        "或放在 PGPASSWORD / pgpass.conf 中）。"
    )
    return EXIT_OK


def _cmd_migrate_to(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.migration import migrate_to_folder, migrate_to_server

    progress = _progress_printer(quiet=False)
    with _open_workspace(paths) as workspace:
        if args.target_db is not None:
            url = _server_arg(args.target_db)
            assert url is not None
            report = migrate_to_server(workspace, url, progress=progress)
            where = f"数据库服务器“{redact_url(url)}”"
            then = f"以后各工作站用 --db {redact_url(url)}（或程序中的“连接数据库服务器”）连接。"
        else:
            target, report = migrate_to_folder(workspace, args.folder, progress=progress)
            where = f"数据文件夹“{target.root}”"
            then = f"离线快照可用 --data-dir “{target.root}” 打开（不含签名私钥）。"
    print(
        f"已把工作区复制到{where}：{len(report.tables)} 张表共 {report.rows} 行，"
        f"行数和校验值逐表一致（总校验值 {report.digest[:16]}）。原工作区没有改动。{then}"
    )
    return EXIT_OK


def redact_url(url: str) -> str:
    """A server address without its password (for printing and for the folder's setting)."""
    from nlts_desktop.storage.server import public_address

    return public_address(url)


def _write_crash_log(paths: DataPaths) -> None:
    import traceback

    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        with (paths.logs / "nlts-errors.log").open("a", encoding="utf-8") as handle:
            handle.write(mask_id_numbers(traceback.format_exc()))
    except OSError:
        pass


# ---------------------------------------------------------------- start-up recovery


def _add_recovery_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``recover``, ``salvage``, ``relocate``: the ways out when a workspace cannot be opened."""
    recover = commands.add_parser(
        "recover", help="数据库损坏时：从最近一份完好的备份（或指定的备份）恢复"
    )
    recover.add_argument(
        "--from-backup",
        nargs="?",
        const="",
        default="",
        type=str,
        metavar="备份文件",
        help="用哪份备份恢复（.db；不写时用最近一份检查通过的备份）",
    )
    recover.set_defaults(handler=_cmd_recover)
    salvage = commands.add_parser(
        "salvage", help="数据库损坏且没有完好的备份时：把还能读取的数据导出到 Excel"
    )
    salvage.add_argument("--out", type=Path, required=True, help="保存为（.xlsx）")
    salvage.add_argument(
        "--from",
        dest="damaged",
        type=Path,
        metavar="损坏的文件",
        help="损坏的数据库文件（默认为数据文件夹中最近移开的 workspace-damaged-….db）",
    )
    salvage.set_defaults(handler=_cmd_salvage)
    relocate = commands.add_parser(
        "relocate", help="把数据文件夹复制到本机磁盘（原文件夹不变），用于网络位置或 U 盘上的数据"
    )
    relocate.add_argument("--to", type=Path, required=True, metavar="目录", help="本机的空文件夹")
    relocate.set_defaults(handler=_cmd_relocate)


def _recovery_hint(exc: AppError, command: str | None) -> str | None:
    """What to run next after a damaged database or an unsuitable location."""
    if exc.code == "db.damaged" and exc.details.get("moved_to"):
        if exc.details.get("backup"):
            return (
                "可以运行“nlts-desktop recover --from-backup”用这份备份恢复，"
                "或运行“nlts-desktop salvage --out 文件.xlsx”把损坏文件中还能读取的数据导出。"
            )
        return "可以运行“nlts-desktop salvage --out 文件.xlsx”把损坏文件中还能读取的数据导出。"
    if exc.code == "db.location" and command != "relocate":
        local = exc.details.get("local_dir")
        target = f"“{local}”" if local else "本机的空文件夹"
        return (
            f"可以运行“nlts-desktop relocate --to 目录”把数据复制到本机（如 {target}），"
            "或加 --read-only 以只读方式打开。"
        )
    return None


def _cmd_recover(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.recovery import (
        DamagedDatabaseError,
        newest_good_backup_of,
        prepare_open,
        restore_damaged,
    )

    if paths.database.exists():
        try:
            prepare_open(paths).lock.release()  # moves a damaged file aside
        except DamagedDatabaseError as exc:
            print(f"注意：{exc.message}", file=sys.stderr)
    if args.from_backup:
        backup = Path(args.from_backup)
    else:
        found = newest_good_backup_of(paths)
        if found is None:
            raise ValidationError(
                f"备份文件夹“{paths.backups}”中没有检查通过的备份。"
                "可以运行“nlts-desktop salvage --out 文件.xlsx”导出损坏文件中还能读取的数据。",
                code="recover.no_backup",
            )
        backup = found.path
    print(restore_damaged(paths, backup))
    return EXIT_OK


def _cmd_salvage(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.recovery import salvage_export

    damaged = args.damaged
    if damaged is None:
        moved = sorted(paths.root.glob("workspace-damaged-*.db"), key=lambda p: p.stat().st_mtime)
        if not moved:
            raise ValidationError(
                f"数据文件夹“{paths.root}”中没有移开的损坏数据库（workspace-damaged-….db）。"
                "请用 --from 指定损坏的文件。",
                code="salvage.nothing",
            )
        damaged = moved[-1]
    report = salvage_export(damaged, args.out, progress=_progress_printer(quiet=False))
    print(report.summary())
    return EXIT_OK


def _cmd_relocate(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.recovery import relocate_workspace

    target = relocate_workspace(paths, args.to, progress=_progress_printer(quiet=False))
    print(
        f"已把数据文件夹复制到“{target.root}”并检查无误，原来的“{paths.root}”没有改动。"
        f"以后请用 --data-dir “{target.root}”（或环境变量 NLTS_DATA_DIR）打开。"
    )
    return EXIT_OK
