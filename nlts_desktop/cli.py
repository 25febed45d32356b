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
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from nlts_desktop import __version__
from nlts_desktop.domain.errors import AppError
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.progress import Cancelled

if TYPE_CHECKING:
    from nlts_desktop.services.roster_import import ImportSummary

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_BUG = 70

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
    parser.add_argument("--version", action="version", version=f"NLTS Desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    gui = commands.add_parser("gui", help="启动程序窗口（默认命令；首次运行时进入新建向导）")
    gui.set_defaults(handler=_cmd_gui)

    init = commands.add_parser("init", help="新建工作区")
    init.add_argument("--level", default="county", choices=["county", "school", "city"],
                      help="工作区级别：county 区县，school 学校，city 地市")  # fmt: skip
    init.add_argument("--code", required=True, help="6 位行政区划代码，如 510115")
    init.add_argument("--name", required=True, help="地区名称，如 温江区")
    init.add_argument("--preset", required=True, help="规则预设，如 sichuan-2.0")
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

    importer = commands.add_parser("import", help="从 Excel 导入学校、教师名单或承训机构学时")
    importer.add_argument("kind", choices=["schools", "teachers", "hours"],
                          help="schools 学校，teachers 教师，hours 承训机构导出的学时")  # fmt: skip
    importer.add_argument("file", type=Path, help="Excel 文件（.xlsx / .xls / .ods）")
    importer.add_argument("--dry-run", action="store_true", help="只检查并显示结果，不写入")
    importer.add_argument("--valid-only", action="store_true", help="只导入有效行，其余列入报告")
    importer.add_argument("--report", type=Path, help="错误报告的保存位置（默认在源文件旁边）")
    importer.add_argument("--institution", metavar="名称", help="承训机构名称（导入学时时必填）")
    importer.add_argument("--project", type=_positive_int, metavar="编号",
                          help="学时所属培训项目的编号（文件中没有项目名称列时必填）")  # fmt: skip
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
        ],
        help="roster 教师名单，schools 学校名单，hours-summary 学时完成情况汇总表，"
        "project-design 能力提升工程项目设计表，trainee-changes 参训人员变更信息表，"
        "institutions 培训机构名单",
    )
    exporter.add_argument("--out", type=Path, required=True, help="保存为（.xlsx）")
    exporter.add_argument("--year", type=_positive_int, metavar="年度",
                          help="项目设计表的年度（默认为有培训项目的最近年度）")  # fmt: skip
    exporter.add_argument("--unit", metavar="单位", help="表头的填报单位（默认为本地区名称）")
    exporter.add_argument("--contact", metavar="姓名", help="表头的联系人 / 填报人")
    exporter.add_argument("--phone", metavar="电话", help="表头的联系电话")
    exporter.set_defaults(handler=_cmd_export)

    template = commands.add_parser("template", help="生成空白导入模板")
    template.add_argument("kind", choices=["schools", "teachers"])
    template.add_argument("--out", type=Path, required=True, help="保存为（.xlsx）")
    template.set_defaults(handler=_cmd_template)

    stats = commands.add_parser("stats", help="显示统计数字")
    stats.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    stats.set_defaults(handler=_cmd_stats)

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
    return parser


def _actor() -> Actor:
    return Actor.system("命令行")


def _print_summary(paths: DataPaths) -> None:
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=_actor()) as workspace:
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

    return run_gui(paths)


def _cmd_init(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace, WorkspaceSpec

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
    print(
        f"已在“{paths.root}”新建工作区：{info.region_name}（{info.region_code}），"
        f"规则 {info.preset_name}。"
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
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=_actor()) as workspace:
        report = workspace.checks.run()
    for item in report.items:
        mark = "通过" if item.ok else "未通过"
        print(f"[{mark}] {item.name}：{item.detail}")
    if report.ok:
        print("数据库检查全部通过。")
        return EXIT_OK
    print("数据库检查发现问题，请查看上面标为“未通过”的项目。", file=sys.stderr)
    return EXIT_USER_ERROR


def _cmd_stats(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=_actor()) as workspace:
        counts = workspace.stats.counts()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
    else:
        for key, value in counts.items():
            print(f"{key}: {value}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace

    if args.kind == "hours":
        return _cmd_import_hours(args, paths)
    with Workspace.open(paths, actor=_actor()) as workspace:
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
    from nlts_desktop.services.workspace import Workspace

    if not args.institution:
        print(
            "错误：导入学时需要用 --institution 指定承训机构名称（如 --institution 中国研修网），"
            "程序按承训机构保存和核对列对应。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with Workspace.open(paths, actor=_actor()) as workspace:
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


def _cmd_export(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=_actor()) as workspace:
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


def _cmd_ledger(args: argparse.Namespace, paths: DataPaths) -> int:
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=_actor()) as workspace:
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
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=_actor()) as workspace:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.handler = _cmd_gui
    paths = data_paths(args.data_dir)
    try:
        return int(args.handler(args, paths))
    except AppError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
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


def _write_crash_log(paths: DataPaths) -> None:
    import traceback

    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        with (paths.logs / "nlts-errors.log").open("a", encoding="utf-8") as handle:
            handle.write(traceback.format_exc())
    except OSError:
        pass
