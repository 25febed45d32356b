<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminAccountForm</name>
    <message>
        <source>for example: admin</source>
        <translation>例如：admin</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>At least 8 characters, not only digits, not the same as the username.</source>
        <translation>至少 8 个字符，不能全为数字，不能与用户名相同。</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Administrator account</source>
        <translation>管理员账号</translation>
    </message>
    <message>
        <source>You sign in with this account; it can add accounts for other people later.</source>
        <translation>您将用此账号登录，以后还可以用它为其他人添加账号。</translation>
    </message>
</context>
<context>
    <name>BulkHourDialog</name>
    <message>
        <source>Hours for {count} teachers</source>
        <translation>为 {count} 名教师登记学时</translation>
    </message>
    <message>
        <source>{count} selected teachers. If the record does not fit one of them, nothing is saved for any.</source>
        <translation>已选 {count} 名教师。只要有一名教师不能登记这条学时，所有教师都不登记。</translation>
    </message>
    <message>
        <source>Save for All</source>
        <translation>全部登记</translation>
    </message>
    <message>
        <source>Saving hours for {count} teachers…</source>
        <translation>正在为 {count} 名教师登记学时…</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <source>Welcome to NLTS Desktop</source>
        <translation>欢迎使用 NLTS Desktop</translation>
    </message>
    <message>
        <source>There is no workspace in this data folder yet.</source>
        <translation>此数据文件夹中还没有工作区。</translation>
    </message>
    <message>
        <source>Create a new workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <source>For your county, school or city office: you enter the region and the programme rules, then add schools and teachers.</source>
        <translation>适用于区县、学校或地市：先填写所属地区和工程规则，再添加学校和教师。</translation>
    </message>
    <message>
        <source>Open the demo workspace (温江区, 四川 2.0, generated example data)</source>
        <translation>打开演示工作区（温江区，四川 2.0，程序生成的示例数据）</translation>
    </message>
    <message>
        <source>A complete example county with made-up schools and teachers, to try every screen; do not enter real data in it.</source>
        <translation>一个完整的示例区县，学校和教师均为虚构，可用来试用各个界面；请勿在其中录入真实数据。</translation>
    </message>
</context>
<context>
    <name>ChooseFilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>An Excel file listing teachers, as schools send them.</source>
        <translation>学校报送的教师名单 Excel 文件。</translation>
    </message>
    <message>
        <source>An Excel file listing schools.</source>
        <translation>学校名单 Excel 文件。</translation>
    </message>
    <message>
        <source>Choose an Excel file or paste its path</source>
        <translation>选择 Excel 文件，或粘贴文件路径</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Not sure how to lay the file out? Save an empty template with every column, an example row and the code tables, and fill it in.</source>
        <translation>不清楚文件格式？可以先保存一份空白模板（含全部列、示例行和代码表），照着填写。</translation>
    </message>
    <message>
        <source>Save an empty template…</source>
        <translation>保存空白模板…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first}或{second}</translation>
    </message>
    <message>
        <source>The file needs a header row with at least these columns: {columns}. The other columns of the template are optional, and title lines above the header are fine. Columns with other names can be matched on the next page.</source>
        <translation>文件须有列标题行，且至少包含以下列：{columns}。模板中的其他列可以不填，列标题上方有表题行也没关系。列名与模板不同的列，可在下一步中对应。</translation>
    </message>
    <message>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Excel (*.xlsx *.xls *.ods)</source>
        <translation>Excel 文件 (*.xlsx *.xls *.ods)</translation>
    </message>
    <message>
        <source>Teacher import template</source>
        <translation>教师名单导入模板</translation>
    </message>
    <message>
        <source>School import template</source>
        <translation>学校名单导入模板</translation>
    </message>
    <message>
        <source>Save an empty template</source>
        <translation>保存空白模板</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saving the template…</source>
        <translation>正在保存模板…</translation>
    </message>
    <message>
        <source>Template saved</source>
        <translation>模板已保存</translation>
    </message>
    <message>
        <source>The template was saved as:
{path}

Fill it in (one row per record), save it, then choose it here.</source>
        <translation>模板已保存为：
{path}

请填写（每行一条记录）并保存，然后在此处选择该文件。</translation>
    </message>
    <message>
        <source>Reading and checking the file…</source>
        <translation>正在读取并检查文件…</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Imported: {new} new, {changed} changed</source>
        <translation>已导入：新增 {new} 行，修改 {changed} 行</translation>
    </message>
    <message>
        <source>{count} rows were already in the roster and were left as they are.</source>
        <translation>{count} 行与名单中已有记录相同，未作改动。</translation>
    </message>
    <message>
        <source>{count} rejected rows were not imported: fix them in the file (the error report lists them) and import the file again.</source>
        <translation>{count} 行被拒绝，未导入：请在文件中改正这些行（错误报告中已列出），然后重新导入该文件。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>The program ran into an unexpected problem and the action was not completed.</source>
        <translation>程序遇到意外问题，操作未完成。</translation>
    </message>
    <message>
        <source>NLTS Desktop</source>
        <translation>NLTS Desktop</translation>
    </message>
    <message>
        <source>Details were written to the log. Please contact technical support.</source>
        <translation>详细信息已写入日志，请联系技术支持。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up NLTS Desktop</source>
        <translation>NLTS Desktop 初始设置</translation>
    </message>
    <message>
        <source>Finish creates the demo workspace with {count} example teachers (this takes a few seconds) and this account.</source>
        <translation>点击“完成”后，将创建含 {count} 名示例教师的演示工作区（需要几秒钟）和此账号。</translation>
    </message>
    <message>
        <source>Finish creates the workspace for {region} ({code}) and this account.</source>
        <translation>点击“完成”后，将创建{region}（{code}）的工作区和此账号。</translation>
    </message>
    <message>
        <source>Creating the demo workspace…</source>
        <translation>正在创建演示工作区…</translation>
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation>正在创建工作区…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was created.</source>
        <translation>已取消，未创建任何内容。</translation>
    </message>
</context>
<context>
    <name>HourEntryDialog</name>
    <message>
        <source>{name}, {school}</source>
        <translation>{name}（{school}）</translation>
    </message>
    <message>
        <source>New hour record: {name}</source>
        <translation>登记学时：{name}</translation>
    </message>
    <message>
        <source>Edit hour record: {name}</source>
        <translation>修改学时记录：{name}</translation>
    </message>
    <message>
        <source>Saving the hour record…</source>
        <translation>正在保存学时记录…</translation>
    </message>
</context>
<context>
    <name>HoursImportDialog</name>
    <message>
        <source>Import Institution Hours Export</source>
        <translation>导入承训机构学时</translation>
    </message>
    <message>
        <source>The .xlsx or .xls file the platform exported</source>
        <translation>研修平台导出的 .xlsx 或 .xls 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>(named in the file)</source>
        <translation>（以文件中的项目名称为准）</translation>
    </message>
    <message>
        <source>Check File</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>承训机构</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>培训项目</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Means</source>
        <translation>对应内容</translation>
    </message>
    <message>
        <source>Check Again with This Matching</source>
        <translation>按此对应重新检查</translation>
    </message>
    <message>
        <source>Import only the valid rows</source>
        <translation>只导入有效的行</translation>
    </message>
    <message>
        <source>Save Error Report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>No training institution is registered yet. Register the institution before importing its hours.</source>
        <translation>还没有登记承训机构。请先登记承训机构，再导入其学时。</translation>
    </message>
    <message>
        <source>{name} ({year})</source>
        <translation>{name}（{year} 年度）</translation>
    </message>
    <message>
        <source>Choose the Institution&apos;s Export</source>
        <translation>选择承训机构导出的文件</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx *.xls)</source>
        <translation>Excel 工作簿 (*.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Choose the file to import first.</source>
        <translation>请先选择要导入的文件。</translation>
    </message>
    <message>
        <source>There is no file &quot;{path}&quot;.</source>
        <translation>找不到文件“{path}”。</translation>
    </message>
    <message>
        <source>Choose the institution whose platform made the file.</source>
        <translation>请选择导出该文件的承训机构。</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>The column matching you chose is used and will be saved for {institution} when you import.</source>
        <translation>已按您选择的列对应检查；导入时会为“{institution}”保存这一对应。</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>（不导入此列）</translation>
    </message>
    <message>
        <source>{label} (required)</source>
        <translation>{label}（必填）</translation>
    </message>
    <message>
        <source>&quot;{first}&quot; and &quot;{second}&quot; are both matched to {field}.</source>
        <translation>“{first}”和“{second}”都对应到了“{field}”，每项只能对应一列。</translation>
    </message>
    <message>
        <source>Match a column to {fields}.</source>
        <translation>请为“{fields}”选择对应的列。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{file}: {total} rows. New {new}, changed {changed}, unchanged {unchanged}, rejected {rejected}.</source>
        <translation>{file}：共 {total} 行。新增 {new}，修改 {changed}，未变 {unchanged}，有问题 {rejected}。</translation>
    </message>
    <message>
        <source>Save Error Report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saving the error report…</source>
        <translation>正在保存错误报告…</translation>
    </message>
    <message>
        <source>The error report was saved to {path}.</source>
        <translation>错误报告已保存到 {path}。</translation>
    </message>
    <message>
        <source>Importing hours…</source>
        <translation>正在导入学时…</translation>
    </message>
    <message>
        <source>Imported: {new} new, {changed} changed, {unchanged} unchanged, {rejected} rejected rows left out.</source>
        <translation>导入完成：新增 {new} 条，修改 {changed} 条，未变 {unchanged} 条，有问题未导入 {rejected} 行。</translation>
    </message>
</context>
<context>
    <name>HoursTab</name>
    <message>
        <source>Search name, ID number or school</source>
        <translation>搜索姓名、身份证号或学校</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>全部培训项目</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <source>All teachers</source>
        <translation>全部教师</translation>
    </message>
    <message>
        <source>Not qualified</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>Short of online hours</source>
        <translation>网络研修不足</translation>
    </message>
    <message>
        <source>Short of practice hours</source>
        <translation>校本实践不足</translation>
    </message>
    <message>
        <source>Short of total hours</source>
        <translation>总学时不足</translation>
    </message>
    <message>
        <source>Assessment not passed</source>
        <translation>考核未通过</translation>
    </message>
    <message>
        <source>Qualified only</source>
        <translation>仅达标</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>登记…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>New Hour Record…</source>
        <translation>登记学时…</translation>
    </message>
    <message>
        <source>Bulk Entry for Selected Teachers…</source>
        <translation>为所选教师批量登记…</translation>
    </message>
    <message>
        <source>Print Hour Records (PDF)…</source>
        <translation>打印个人学时档案（PDF）…</translation>
    </message>
    <message>
        <source>Copy Rows</source>
        <translation>复制行</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{name} ({year})</source>
        <translation>{name}（{year} 年度）</translation>
    </message>
    <message>
        <source>{shown} of {total} teachers; {qualified} qualified</source>
        <translation>显示 {shown} / 共 {total} 名教师，其中达标 {qualified} 名</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Select a teacher in the table first.</source>
        <translation>请先在表格中选择教师。</translation>
    </message>
    <message>
        <source>Hour records</source>
        <translation>个人学时档案</translation>
    </message>
    <message>
        <source>Select a teacher in the table to see their hour records.</source>
        <translation>在上方表格中选择教师，即可查看其学时记录。</translation>
    </message>
    <message>
        <source>Hour records of {name} ({id_number}), {school}{scope}</source>
        <translation>{name}（{id_number}，{school}）的学时记录{scope}</translation>
    </message>
    <message>
        <source>qualified</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>not qualified</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>{count} records. Online {online} h, practice {practice} h, other {other} h; counted {total} h. Result: {result}.</source>
        <translation>共 {count} 条记录。网络研修 {online} 学时，校本实践应用 {practice} 学时，其他 {other} 学时；计入合计 {total} 学时。结论：{result}。</translation>
    </message>
    <message>
        <source>year {year}</source>
        <translation>{year} 年度</translation>
    </message>
    <message>
        <source> — only {scope}</source>
        <translation>（只列 {scope}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Imported and credited records change with their source: they cannot be deleted here, only their note can be edited.</source>
        <translation>导入的和考核认定的学时随来源变化，不能在这里删除，只能修改备注。</translation>
    </message>
    <message>
        <source>Select an hour record in the ledger first.</source>
        <translation>请先在下方的学时记录中选择一条。</translation>
    </message>
    <message>
        <source>Delete hour record</source>
        <translation>删除学时记录</translation>
    </message>
    <message>
        <source>Delete the record of {hours} {category} hours of {name} on {date}?</source>
        <translation>删除{name} {date} 的{category}学时 {hours} 学时吗？</translation>
    </message>
    <message>
        <source>Export Still-Short List</source>
        <translation>导出未达标名单</translation>
    </message>
    <message>
        <source>None of the teachers shown is short of hours: nothing to export.</source>
        <translation>当前显示的教师都已达标，没有需要导出的未达标教师。</translation>
    </message>
    <message>
        <source>Still short of hours_{date}.xlsx</source>
        <translation>学时未达标名单_{date}.xlsx</translation>
    </message>
    <message>
        <source>Teachers still short of hours ({date})</source>
        <translation>学时未达标教师名单（{date}）</translation>
    </message>
    <message>
        <source>Exporting the still-short list…</source>
        <translation>正在导出未达标名单…</translation>
    </message>
    <message>
        <source>Exported {count} teachers to {path}.</source>
        <translation>已将 {count} 名教师导出到 {path}。</translation>
    </message>
    <message>
        <source>Print Hour Records</source>
        <translation>打印个人学时档案</translation>
    </message>
    <message>
        <source>Whose hour records should be printed?</source>
        <translation>要打印哪些教师的个人学时档案？</translation>
    </message>
    <message>
        <source>{count} selected teachers</source>
        <translation>所选的 {count} 名教师</translation>
    </message>
    <message>
        <source>All teachers of {school}</source>
        <translation>{school}的全部教师</translation>
    </message>
    <message>
        <source>Select teachers in the table, or choose a school, first.</source>
        <translation>请先在表格中选择教师，或在上方选择学校。</translation>
    </message>
    <message>
        <source>{name} and others</source>
        <translation>{name}等</translation>
    </message>
    <message>
        <source>Print Hour Records (PDF)</source>
        <translation>打印个人学时档案（PDF）</translation>
    </message>
    <message>
        <source>Hour records_{who}_{date}.pdf</source>
        <translation>个人学时档案_{who}_{date}.pdf</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Printing hour records…</source>
        <translation>正在生成个人学时档案…</translation>
    </message>
    <message>
        <source>Saved {pages} pages to {path}.</source>
        <translation>已生成 {pages} 页，保存到 {path}。</translation>
    </message>
    <message>
        <source>Project Design Form</source>
        <translation>能力提升工程项目设计表</translation>
    </message>
    <message>
        <source>Project design form</source>
        <translation>能力提升工程项目设计表</translation>
    </message>
    <message>
        <source>Trainee Change Form</source>
        <translation>参训人员变更信息表</translation>
    </message>
    <message>
        <source>Trainee change form</source>
        <translation>参训人员变更信息表</translation>
    </message>
    <message>
        <source>Institution List</source>
        <translation>培训机构名单</translation>
    </message>
    <message>
        <source>Institution list</source>
        <translation>培训机构名单</translation>
    </message>
    <message>
        <source>School Hours Summary</source>
        <translation>学校学时完成情况汇总表</translation>
    </message>
    <message>
        <source>School hours summary</source>
        <translation>学校学时完成情况汇总表</translation>
    </message>
    <message>
        <source>{name}_{date}.xlsx</source>
        <translation>{name}_{date}.xlsx</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>正在生成{name}…</translation>
    </message>
    <message>
        <source>{name} was saved to {path}.</source>
        <translation>{name}已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>HoursTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>网络研修</translation>
    </message>
    <message>
        <source>Practice</source>
        <translation>校本实践</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待认定</translation>
    </message>
    <message>
        <source>Qualified</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>Not qualified</source>
        <translation>未达标</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import teachers</source>
        <translation>导入教师名单</translation>
    </message>
    <message>
        <source>Import schools</source>
        <translation>导入学校名单</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>File: {file} · Sheet: {sheet} · Header in row {row}</source>
        <translation>文件：{file} · 工作表：{sheet} · 列标题在第 {row} 行</translation>
    </message>
    <message>
        <source>“{path}” could not be saved. If it is open in Excel, close it; otherwise choose another folder. ({reason})</source>
        <translation>无法保存“{path}”。如果该文件已在 Excel 中打开，请先关闭；否则请另选文件夹。（{reason}）</translation>
    </message>
</context>
<context>
    <name>IssueTableModel</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>培训项目</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in — {region}</source>
        <translation>登录 — {region}</translation>
    </message>
    <message>
        <source>NLTS Desktop — {region}</source>
        <translation>NLTS Desktop — {region}</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Import &amp;Teachers…</source>
        <translation>导入教师名单(&amp;T)…</translation>
    </message>
    <message>
        <source>Import a teacher roster from an Excel file</source>
        <translation>从 Excel 文件导入教师名单</translation>
    </message>
    <message>
        <source>Import &amp;Schools…</source>
        <translation>导入学校名单(&amp;S)…</translation>
    </message>
    <message>
        <source>Import a school list from an Excel file</source>
        <translation>从 Excel 文件导入学校名单</translation>
    </message>
    <message>
        <source>&amp;Export Roster…</source>
        <translation>导出教师名单(&amp;E)…</translation>
    </message>
    <message>
        <source>Export every teacher to an Excel file</source>
        <translation>将全部教师导出为 Excel 文件</translation>
    </message>
    <message>
        <source>Export &amp;Current View…</source>
        <translation>导出当前列表(&amp;C)…</translation>
    </message>
    <message>
        <source>Export the teachers shown in the table</source>
        <translation>导出表格中当前显示的教师</translation>
    </message>
    <message>
        <source>Teacher Import Template…</source>
        <translation>教师名单导入模板…</translation>
    </message>
    <message>
        <source>School Import Template…</source>
        <translation>学校名单导入模板…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>New &amp;Teacher…</source>
        <translation>新增教师(&amp;T)…</translation>
    </message>
    <message>
        <source>Register a teacher</source>
        <translation>登记一名教师</translation>
    </message>
    <message>
        <source>New &amp;School…</source>
        <translation>新增学校(&amp;S)…</translation>
    </message>
    <message>
        <source>Register a school</source>
        <translation>登记一所学校</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>T&amp;ransfer Teacher…</source>
        <translation>调动教师(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Deactivate / Reactivate</source>
        <translation>停用/启用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Copy Rows</source>
        <translation>复制行(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>New &amp;Hour Record…</source>
        <translation>登记学时…(&amp;H)</translation>
    </message>
    <message>
        <source>Add an hour record for the selected teacher</source>
        <translation>为所选教师登记一条学时</translation>
    </message>
    <message>
        <source>&amp;Bulk Entry for Selected Teachers…</source>
        <translation>为所选教师批量登记…(&amp;B)</translation>
    </message>
    <message>
        <source>Add the same hour record for every selected teacher</source>
        <translation>为所选的每位教师登记同一条学时</translation>
    </message>
    <message>
        <source>&amp;Import Institution Export…</source>
        <translation>导入承训机构学时…(&amp;I)</translation>
    </message>
    <message>
        <source>Import the hours a training institution&apos;s platform exported</source>
        <translation>导入承训机构研修平台导出的学时</translation>
    </message>
    <message>
        <source>Export &amp;Still-Short List…</source>
        <translation>导出未达标名单…(&amp;S)</translation>
    </message>
    <message>
        <source>Save the teachers shown who are short of hours as an Excel file</source>
        <translation>把当前显示的学时未达标教师导出为 Excel 文件</translation>
    </message>
    <message>
        <source>&amp;Print Hour Records (PDF)…</source>
        <translation>打印个人学时档案（PDF）…(&amp;P)</translation>
    </message>
    <message>
        <source>Personal hour records of the selected teachers or of a school</source>
        <translation>打印所选教师或某所学校全部教师的个人学时档案</translation>
    </message>
    <message>
        <source>Project Design Form…</source>
        <translation>能力提升工程项目设计表…</translation>
    </message>
    <message>
        <source>Trainee Change Form…</source>
        <translation>参训人员变更信息表…</translation>
    </message>
    <message>
        <source>Institution List…</source>
        <translation>培训机构名单…</translation>
    </message>
    <message>
        <source>School Hours Summary…</source>
        <translation>学校学时完成情况汇总表…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import Templates</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <source>Official Forms</source>
        <translation>上报表格</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>H&amp;ours</source>
        <translation>学时(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>About NLTS Desktop</source>
        <translation>关于 NLTS Desktop</translation>
    </message>
    <message>
        <source>NLTS Desktop {version}
Teacher IT application capability programme 2.0, county management.</source>
        <translation>NLTS Desktop {version}
中小学教师信息技术应用能力提升工程 2.0 区县管理程序。</translation>
    </message>
    <message>
        <source>NLTS Desktop — {region} ({code})</source>
        <translation>NLTS Desktop — {region}（{code}）</translation>
    </message>
    <message>
        <source>Workspace: {region}, rules {preset}</source>
        <translation>工作区：{region}，规则：{preset}</translation>
    </message>
    <message>
        <source>User: {name} ({role})</source>
        <translation>用户：{name}（{role}）</translation>
    </message>
    <message>
        <source>{schools} schools, {teachers} teachers ({active} active)</source>
        <translation>学校 {schools} 所，教师 {teachers} 名（在职 {active} 名）</translation>
    </message>
</context>
<context>
    <name>MapColumnsPage</name>
    <message>
        <source>Match the columns</source>
        <translation>核对列的对应关系</translation>
    </message>
    <message>
        <source>Each column of the file is matched to a roster field. Check the matches and change any that are wrong; columns set to “(ignore)” are not imported.</source>
        <translation>文件中的每一列都已对应到一个名单字段。请核对，对应错误的请改正；设为“（忽略）”的列不导入。</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>示例内容</translation>
    </message>
    <message>
        <source>Roster field</source>
        <translation>对应字段</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（忽略）</translation>
    </message>
    <message>
        <source>{label} (required)</source>
        <translation>{label}（必填）</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first}或{second}</translation>
    </message>
    <message>
        <source>Required and not matched to any column: {fields}.</source>
        <translation>以下必填字段未对应任何列：{fields}。</translation>
    </message>
    <message>
        <source>Matched to more than one column (choose one): {fields}.</source>
        <translation>以下字段对应了多列（请只保留一列）：{fields}。</translation>
    </message>
    <message>
        <source>Reading and checking the file…</source>
        <translation>正在读取并检查文件…</translation>
    </message>
</context>
<context>
    <name>NewAdminDialog</name>
    <message>
        <source>Administrator account</source>
        <translation>管理员账号</translation>
    </message>
    <message>
        <source>This workspace has no accounts yet: create the administrator account you will sign in with.</source>
        <translation>此工作区还没有账号：请创建一个管理员账号，以后用它登录。</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check before importing</source>
        <translation>导入前检查</translation>
    </message>
    <message>
        <source>Nothing has been written yet.</source>
        <translation>目前尚未写入任何数据。</translation>
    </message>
    <message>
        <source>An error workbook listing the rejected rows can be saved next to the source file, to send back to the school or fix and import again.</source>
        <translation>可以把列出被拒绝行的错误报告保存在源文件旁边，退回学校修改，或自行改正后重新导入。</translation>
    </message>
    <message>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <source>Import only the valid rows</source>
        <translation>只导入有效的行</translation>
    </message>
    <message>
        <source>Unchecked, the file is imported all or nothing: any rejected row stops the whole import.</source>
        <translation>不勾选时，文件要么全部导入，要么全不导入：只要有一行被拒绝，整个文件都不导入。</translation>
    </message>
    <message>
        <source>New {new} · Changed {changed} · Unchanged {unchanged} · Rejected {rejected}</source>
        <translation>新增 {new} · 修改 {changed} · 未变 {unchanged} · 拒绝 {rejected}</translation>
    </message>
    <message>
        <source>Row {row}, {column}: {reason}</source>
        <translation>第 {row} 行，{column}：{reason}</translation>
    </message>
    <message>
        <source>Nothing to import: the file has no rows under its header.</source>
        <translation>没有可导入的内容：文件的列标题下没有数据行。</translation>
    </message>
    <message>
        <source>Nothing to import: every row is already in the roster.</source>
        <translation>没有可导入的内容：所有行都已在名单中。</translation>
    </message>
    <message>
        <source>Nothing can be imported: the valid rows are already in the roster. Fix the rejected rows listed below and import the file again.</source>
        <translation>没有可导入的内容：有效的行都已在名单中。请改正下面列出的被拒绝行，然后重新导入该文件。</translation>
    </message>
    <message>
        <source>Every row is valid. Press Import to write {new} new and {changed} changed rows.</source>
        <translation>所有行均有效。点击“导入”将写入新增 {new} 行、修改 {changed} 行。</translation>
    </message>
    <message>
        <source>Press Import to write the {count} valid rows that are new or changed; the {rejected} rejected rows are left out.</source>
        <translation>点击“导入”将写入 {count} 行新增或修改的有效数据；被拒绝的 {rejected} 行不导入。</translation>
    </message>
    <message>
        <source>Nothing will be imported until the rejected rows are fixed in the file or “Import only the valid rows” is checked.</source>
        <translation>在文件中改正被拒绝的行，或勾选“只导入有效的行”之前，不会导入任何数据。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Save the error report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saving the error report…</source>
        <translation>正在保存错误报告…</translation>
    </message>
    <message>
        <source>Error report saved</source>
        <translation>错误报告已保存</translation>
    </message>
    <message>
        <source>The error report was saved as:
{path}

It lists every rejected row as it was in the file, with the reason.</source>
        <translation>错误报告已保存为：
{path}

其中按文件原样列出了每个被拒绝的行及其原因。</translation>
    </message>
</context>
<context>
    <name>RegionPage</name>
    <message>
        <source>Region and programme</source>
        <translation>地区与工程规则</translation>
    </message>
    <message>
        <source>Which office this workspace belongs to, and which province&apos;s rules apply.</source>
        <translation>此工作区属于哪一级单位，以及采用哪个省的规则。</translation>
    </message>
    <message>
        <source>County office</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>City office</source>
        <translation>地市</translation>
    </message>
    <message>
        <source>6 digits, for example 510115</source>
        <translation>6 位数字，例如 510115</translation>
    </message>
    <message>
        <source>optional, for example 510100</source>
        <translation>选填，例如 510100</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>级别：</translation>
    </message>
    <message>
        <source>Region code:</source>
        <translation>行政区划代码：</translation>
    </message>
    <message>
        <source>Region name:</source>
        <translation>地区名称：</translation>
    </message>
    <message>
        <source>Parent (city) code:</source>
        <translation>上级（地市）代码：</translation>
    </message>
    <message>
        <source>Parent (city) name:</source>
        <translation>上级（地市）名称：</translation>
    </message>
    <message>
        <source>Programme rules:</source>
        <translation>工程规则：</translation>
    </message>
    <message>
        <source>The parent code has 6 digits, for example 510100 for 成都市.</source>
        <translation>上级代码为 6 位数字，例如成都市为 510100。</translation>
    </message>
</context>
<context>
    <name>SchoolDialog</name>
    <message>
        <source>New school</source>
        <translation>新增学校</translation>
    </message>
    <message>
        <source>Edit school: {name}</source>
        <translation>编辑学校：{name}</translation>
    </message>
    <message>
        <source>10 digits, e.g. 2151000001</source>
        <translation>10 位数字，例如 2151000001</translation>
    </message>
    <message>
        <source>From the school category</source>
        <translation>按学校类别确定</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Center school</source>
        <translation>中心校</translation>
    </message>
    <message>
        <source>Pilot school</source>
        <translation>试点校</translation>
    </message>
    <message>
        <source>Demonstration school</source>
        <translation>示范校</translation>
    </message>
    <message>
        <source>School code</source>
        <translation>学校标识码</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>学校类别</translation>
    </message>
    <message>
        <source>School name</source>
        <translation>学校名称</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>Urban/rural type</source>
        <translation>城乡分类</translation>
    </message>
    <message>
        <source>ICT environment</source>
        <translation>信息化环境</translation>
    </message>
    <message>
        <source>School type</source>
        <translation>学校属性</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Saving the school…</source>
        <translation>正在保存学校信息…</translation>
    </message>
</context>
<context>
    <name>SchoolTableModel</name>
    <message>
        <source>School code</source>
        <translation>学校标识码</translation>
    </message>
    <message>
        <source>School name</source>
        <translation>学校名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>Urban/rural</source>
        <translation>城乡分类</translation>
    </message>
    <message>
        <source>IT environment</source>
        <translation>信息化环境</translation>
    </message>
    <message>
        <source>Centre school</source>
        <translation>中心校</translation>
    </message>
    <message>
        <source>Pilot</source>
        <translation>试点校</translation>
    </message>
    <message>
        <source>Demonstration</source>
        <translation>示范校</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active teachers registered at the school</source>
        <translation>在本校登记的在职教师人数</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>SchoolsTab</name>
    <message>
        <source>Search school code or name</source>
        <translation>搜索学校标识码或名称</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部学段</translation>
    </message>
    <message>
        <source>All urban/rural areas</source>
        <translation>全部城乡分类</translation>
    </message>
    <message>
        <source>Active and inactive</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Deactivate / Reactivate</source>
        <translation>停用/启用</translation>
    </message>
    <message>
        <source>Copy Rows</source>
        <translation>复制行</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{shown} of {total} schools</source>
        <translation>显示 {shown} 所，共 {total} 所学校</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Select a school in the table first.</source>
        <translation>请先在表格中选择学校。</translation>
    </message>
    <message>
        <source>Reactivate schools</source>
        <translation>启用学校</translation>
    </message>
    <message>
        <source>Reactivate {names}?</source>
        <translation>确定要重新启用{names}吗？</translation>
    </message>
    <message>
        <source>Deactivate schools</source>
        <translation>停用学校</translation>
    </message>
    <message>
        <source>Deactivate {names}? A school that still has active teachers stays active.</source>
        <translation>确定要停用{names}吗？仍有在职教师的学校不会被停用。</translation>
    </message>
    <message>
        <source>Updating schools…</source>
        <translation>正在更新学校…</translation>
    </message>
    <message>
        <source>School Import Template</source>
        <translation>学校名单导入模板</translation>
    </message>
    <message>
        <source>School import template.xlsx</source>
        <translation>学校名单导入模板.xlsx</translation>
    </message>
</context>
<context>
    <name>TableTab</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation>{names}及其他 {count} 项</translation>
    </message>
    <message>
        <source>All schools</source>
        <extracomment>&quot;schools&quot;, &quot;teachers&quot; or &quot;hours&quot;: the settings key of the table and the import kind. The kinds of change (``Changes``) after which the rows are loaded again.</extracomment>
        <translation>全部学校</translation>
    </message>
    <message>
        <source>Import Template</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <source>The template was saved to {path}.</source>
        <translation>模板已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
<context>
    <name>TeacherDialog</name>
    <message>
        <source>New teacher</source>
        <translation>新增教师</translation>
    </message>
    <message>
        <source>Edit teacher: {name}</source>
        <translation>编辑教师：{name}</translation>
    </message>
    <message>
        <source>18 characters; the last may be X</source>
        <translation>18 位，最后一位可以是 X</translation>
    </message>
    <message>
        <source>Type part of the school&apos;s name or code</source>
        <translation>输入学校名称或标识码的一部分</translation>
    </message>
    <message>
        <source>From ID number</source>
        <translation>按身份证号</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>学科</translation>
    </message>
    <message>
        <source>Professional title</source>
        <translation>职称</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>No active school is registered yet. Register the school first.</source>
        <translation>还没有可选的学校（未登记或均已停用），请先登记学校。</translation>
    </message>
    <message>
        <source>A change of school is recorded as a transfer: use Transfer in the list.</source>
        <translation>更换学校须登记为调动：请在列表中使用“调动”。</translation>
    </message>
    <message>
        <source>{gender}, born {date}</source>
        <translation>{gender}，{date}出生</translation>
    </message>
    <message>
        <source>No active school matches &quot;{text}&quot;. Choose one from the list.</source>
        <translation>没有与“{text}”相符的可选学校，请从列表中选择。</translation>
    </message>
    <message>
        <source>Saving the teacher…</source>
        <translation>正在保存教师信息…</translation>
    </message>
</context>
<context>
    <name>TeacherTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>学科</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职称</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TeachersTab</name>
    <message>
        <source>Search name, ID number, school or phone</source>
        <translation>搜索姓名、身份证号、学校或电话</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部学段</translation>
    </message>
    <message>
        <source>All subjects</source>
        <translation>全部学科</translation>
    </message>
    <message>
        <source>All titles</source>
        <translation>全部职称</translation>
    </message>
    <message>
        <source>Active and inactive</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>调动…</translation>
    </message>
    <message>
        <source>Deactivate / Reactivate</source>
        <translation>停用/启用</translation>
    </message>
    <message>
        <source>Copy Rows</source>
        <translation>复制行</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{shown} of {total} teachers</source>
        <translation>显示 {shown} 名，共 {total} 名教师</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Select a teacher in the table first.</source>
        <translation>请先在表格中选择教师。</translation>
    </message>
    <message>
        <source>Reactivate teachers</source>
        <translation>启用教师</translation>
    </message>
    <message>
        <source>Reactivate {names}?</source>
        <translation>确定要重新启用{names}吗？</translation>
    </message>
    <message>
        <source>Deactivate teachers</source>
        <translation>停用教师</translation>
    </message>
    <message>
        <source>Deactivate {names}? Their records are kept and they can be reactivated later.</source>
        <translation>确定要停用{names}吗？其记录会保留，以后可以重新启用。</translation>
    </message>
    <message>
        <source>Updating teachers…</source>
        <translation>正在更新教师信息…</translation>
    </message>
    <message>
        <source>Delete teachers</source>
        <translation>删除教师</translation>
    </message>
    <message>
        <source>Delete {names}? This cannot be undone.</source>
        <translation>确定要删除{names}吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Deleting teachers…</source>
        <translation>正在删除教师…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>No teachers are shown, so there is nothing to export.</source>
        <translation>当前没有显示任何教师，无内容可导出。</translation>
    </message>
    <message>
        <source>Export Teachers</source>
        <translation>导出教师名单</translation>
    </message>
    <message>
        <source>Teachers_{date}.xlsx</source>
        <translation>教师名单_{date}.xlsx</translation>
    </message>
    <message>
        <source>Exported {count} teachers to {path}.</source>
        <translation>已将 {count} 名教师导出到 {path}。</translation>
    </message>
    <message>
        <source>Exporting teachers…</source>
        <translation>正在导出教师名单…</translation>
    </message>
    <message>
        <source>Teacher Import Template</source>
        <translation>教师名单导入模板</translation>
    </message>
    <message>
        <source>Teacher import template.xlsx</source>
        <translation>教师名单导入模板.xlsx</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer teacher: {name}</source>
        <translation>调动教师：{name}</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>调动</translation>
    </message>
    <message>
        <source>Choose the school the teacher moves to</source>
        <translation>选择调入的学校</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Current school</source>
        <translation>现所在学校</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>调入学校</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>调动日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>From</source>
        <translation>调出学校</translation>
    </message>
    <message>
        <source>To</source>
        <translation>调入学校</translation>
    </message>
    <message>
        <source>No earlier transfers.</source>
        <translation>此前没有调动记录。</translation>
    </message>
    <message>
        <source>Transfer history</source>
        <translation>调动记录</translation>
    </message>
    <message>
        <source>No other active school matches &quot;{text}&quot;. Choose one from the list.</source>
        <translation>没有与“{text}”相符的其他可选学校，请从列表中选择。</translation>
    </message>
    <message>
        <source>The last transfer was on {date}; a new one cannot be dated earlier.</source>
        <translation>上次调动日期为 {date}，新调动的日期不能早于该日期。</translation>
    </message>
    <message>
        <source>Recording the transfer…</source>
        <translation>正在登记调动…</translation>
    </message>
</context>
<context>
    <name>_HourForm</name>
    <message>
        <source>e.g. 2 or 2.5</source>
        <translation>例如 2 或 2.5</translation>
    </message>
    <message>
        <source>(no project)</source>
        <translation>（不属于培训项目）</translation>
    </message>
    <message>
        <source>e.g. the county education bureau</source>
        <translation>例如 温江区教育局</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>学时类别</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时数</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>培训项目</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Certified by</source>
        <translation>认定单位</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>{name} ({year})</source>
        <translation>{name}（{year} 年度）</translation>
    </message>
    <message>
        <source>In steps of {step} hours, at most {most} hours a day.</source>
        <translation>以 {step} 学时为单位，一天最多 {most} 学时。</translation>
    </message>
    <message>
        <source>This record came from {source}: it changes with its source, so only the note can be edited here.</source>
        <translation>这条学时的来源是“{source}”，随来源变化，这里只能修改备注。</translation>
    </message>
    <message>
        <source>The date {date} is not in the year {year}: the year of an hour record must be the year of its date. Check the year or the date.</source>
        <translation>日期 {date} 不在 {year} 年度内：学时的年度应与日期的年份一致，请核对年度或日期。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; registers hours in {years} only, not in {year}. Choose another project or year.</source>
        <translation>培训项目“{name}”只登记 {years} 年度的学时，不能登记 {year} 年度的学时。请选择其他项目或年度。</translation>
    </message>
    <message>
        <source>Hours certified by the county need the unit that certified them (e.g. the county education bureau).</source>
        <translation>区县认定的学时必须填写认定单位（例如 温江区教育局）。</translation>
    </message>
    <message>
        <source>Too long ({length} characters); at most {limit}.</source>
        <translation>太长了（{length} 个字），最多 {limit} 个字。</translation>
    </message>
</context>
</TS>
