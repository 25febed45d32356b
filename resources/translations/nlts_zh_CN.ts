<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountFormDialog</name>
    <message>
        <source>New Account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>修改账号</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>School:</source>
        <translation>所属学校：</translation>
    </message>
    <message>
        <source>At least 8 characters, not only digits, not the same as the username.</source>
        <translation>至少 8 个字符，不能全是数字，不能与用户名相同。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>Choose the school this coordinator works for.</source>
        <translation>请选择该学校管理员所属的学校。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Saving the account…</source>
        <translation>正在保存账号……</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <source>After three failed sign-ins in a row an account waits 30 seconds before the next try, and each further failure doubles the wait (at most 15 minutes). Unlock ends the wait at once; resetting the password also unlocks.</source>
        <translation>连续登录失败 3 次后，账号需等待 30 秒才能再次登录，此后每再失败一次等待时间加倍（最长 15 分钟）。“解锁”可立即解除等待；重置密码也会同时解锁。</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>School</source>
        <translation>所属学校</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>&amp;New Account…</source>
        <translation>新建账号(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reset Password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until {time}</source>
        <translation>已锁定至 {time}</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Disable Account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <source>Disable the account “{name}” ({username})? It can no longer sign in until it is enabled again; its work stays recorded.</source>
        <translation>停用账号“{name}”（{username}）？停用后该账号不能登录，直到重新启用；其操作记录仍会保留。</translation>
    </message>
    <message>
        <source>“{username}” is unlocked and can sign in again.</source>
        <translation>已解锁“{username}”，可以重新登录。</translation>
    </message>
</context>
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
    <name>AnnualPlanDialog</name>
    <message>
        <source>Annual Plan</source>
        <translation>年度规划书</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>e.g. 028-82712345 or 13812345678</source>
        <translation>如 028-82712345 或 13812345678</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>Unit (seal):</source>
        <translation>单位（公章）：</translation>
    </message>
    <message>
        <source>Contact person:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Contact phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>邮箱：</translation>
    </message>
    <message>
        <source>Still missing</source>
        <translation>尚缺内容</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Trainees (who)</source>
        <translation>培训对象</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>培训方式</translation>
    </message>
    <message>
        <source>Trainees</source>
        <translation>培训人数</translation>
    </message>
    <message>
        <source>Budget (10k yuan)</source>
        <translation>经费投入（万元）</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>培训机构</translation>
    </message>
    <message>
        <source>The year&apos;s training projects. Trainees (who) and Training mode are derived (grey) unless typed here; clear a cell to go back to the derived wording.</source>
        <translation>本年度的培训项目。培训对象和培训方式未填写时按数据自动生成（灰色）；清空单元格即恢复自动生成的内容。</translation>
    </message>
    <message>
        <source>Make PDF…</source>
        <translation>生成PDF…</translation>
    </message>
    <message>
        <source>{year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <source>Training plan</source>
        <translation>培训计划</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{region}: {teachers} teachers, {schools} schools, {planned} to be trained; head: {heads}, {members} members; {projects} training projects.</source>
        <translation>{region}：教师总人数 {teachers}，学校总数 {schools}，应培训人数 {planned}；执行办负责人：{heads}，相关成员 {members} 人；培训项目 {projects} 个。</translation>
    </message>
    <message>
        <source>{count} items are missing: the PDF cannot be made yet.</source>
        <translation>还缺 {count} 项内容，暂不能生成PDF：</translation>
    </message>
    <message>
        <source>Nothing is missing: the PDF can be made.</source>
        <translation>内容已齐全，可以生成PDF。</translation>
    </message>
    <message>
        <source>Save the changes to the plan of {year} first?</source>
        <translation>先保存对 {year} 年度规划书的修改吗？</translation>
    </message>
    <message>
        <source>The plan of {year} was saved.</source>
        <translation>{year} 年度规划书已保存。</translation>
    </message>
    <message>
        <source>The PDF was not made: complete the items listed under Still missing.</source>
        <translation>没有生成PDF：请先补全“尚缺内容”中列出的各项。</translation>
    </message>
    <message>
        <source>Make Annual Plan PDF</source>
        <translation>生成年度规划书PDF</translation>
    </message>
    <message>
        <source>Annual plan {year}.pdf</source>
        <translation>{year}年度规划书.pdf</translation>
    </message>
    <message>
        <source>The plan of {year} ({pages} pages) was saved to {path}.</source>
        <translation>{year} 年度规划书（共 {pages} 页）已保存到 {path}。</translation>
    </message>
    <message>
        <source>Writing the annual plan…</source>
        <translation>正在生成年度规划书……</translation>
    </message>
    <message>
        <source>Discard the changes that were not saved?</source>
        <translation>放弃尚未保存的修改吗？</translation>
    </message>
</context>
<context>
    <name>AssessmentTab</name>
    <message>
        <source>Name of the assessor</source>
        <extracomment>What makes the grid stale: grades, plans, batches and reviews; the roster; the rules.</extracomment>
        <translation>考核小组成员姓名</translation>
    </message>
    <message>
        <source>&amp;Assessor:</source>
        <translation>评分人(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;School:</source>
        <translation>学校(&amp;S)：</translation>
    </message>
    <message>
        <source>School Plan…</source>
        <translation>学校方案…</translation>
    </message>
    <message>
        <source>Choose Points…</source>
        <translation>选择能力点…</translation>
    </message>
    <message>
        <source>Evidence…</source>
        <translation>证据材料…</translation>
    </message>
    <message>
        <source>Import Scores…</source>
        <translation>导入成绩…</translation>
    </message>
    <message>
        <source>Export Scores…</source>
        <translation>导出成绩…</translation>
    </message>
    <message>
        <source>Submit for Review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <source>Your account can view the scores but not change them.</source>
        <translation>当前账号只能查看成绩，不能修改。</translation>
    </message>
    <message>
        <source>Choose a school…</source>
        <translation>请选择学校…</translation>
    </message>
    <message>
        <source>Choose a school to enter its assessment scores.</source>
        <translation>请先选择学校，再录入该校的考核成绩。</translation>
    </message>
    <message>
        <source>School plan: not saved yet. Enter it with “School Plan…”.</source>
        <translation>学校方案：尚未填写。请点击“学校方案…”填写。</translation>
    </message>
    <message>
        <source>School plan: {title} ({state}).</source>
        <translation>学校方案：{title}（{state}）。</translation>
    </message>
    <message>
        <source>Scores can be entered now; the batch can be submitted once the county approves the plan.</source>
        <translation>现在可以录入成绩；区县批准学校方案后才能提交审核。</translation>
    </message>
    <message>
        <source>Assessment batch: {state}, submitted by {who} on {date}. It is read-only until the county approves or returns it.</source>
        <translation>考核批次：{state}，由 {who} 于 {date} 提交。区县审核通过或退回之前为只读。</translation>
    </message>
    <message>
        <source>Assessment batch: {state}, approved by {who} on {date}. The results are locked.</source>
        <translation>考核批次：{state}，由 {who} 于 {date} 审核通过，考核结果已锁定。</translation>
    </message>
    <message>
        <source>Assessment batch: {state}, returned by {who} on {date}. Teachers and items the county gave a reason for are shown in orange: point at them to read it. Reason: {reason}</source>
        <translation>考核批次：{state}，由 {who} 于 {date} 退回。区县说明了理由的教师和证据材料以橙色标出，鼠标指向即可查看。退回理由：{reason}</translation>
    </message>
    <message>
        <source>Assessment batch: {state}.</source>
        <translation>考核批次：{state}。</translation>
    </message>
    <message>
        <source>Select a teacher in the grid first.</source>
        <translation>请先在表格中选中一位教师。</translation>
    </message>
    <message>
        <source>Choose Points</source>
        <translation>选择能力点</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据材料</translation>
    </message>
    <message>
        <source>Export Scores</source>
        <translation>导出成绩</translation>
    </message>
    <message>
        <source>Assessment scores_{school}_{date}.xlsx</source>
        <translation>考核成绩_{school}_{date}.xlsx</translation>
    </message>
    <message>
        <source>Exporting scores…</source>
        <translation>正在导出成绩…</translation>
    </message>
    <message>
        <source>The scores were saved to {path}.</source>
        <translation>成绩已导出到 {path}。</translation>
    </message>
    <message>
        <source>Submitted to the county on {date}.</source>
        <translation>已于 {date} 提交区县审核。</translation>
    </message>
    <message>
        <source>Submit the assessment results of {school} to the county?</source>
        <translation>确定将{school}的考核结果提交区县审核吗？</translation>
    </message>
    <message>
        <source>The batch then becomes read-only: no grade, point or evidence can change until the county approves it or returns it with reasons.</source>
        <translation>提交后本校考核批次变为只读：在区县审核通过或说明理由退回之前，不能修改任何等级、能力点或证据材料。</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Before: {values}</source>
        <translation>修改前：{values}</translation>
    </message>
    <message>
        <source>After: {values}</source>
        <translation>修改后：{values}</translation>
    </message>
    <message>
        <source>Audit Log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部操作人</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All objects</source>
        <translation>全部对象</translation>
    </message>
    <message>
        <source>All schools</source>
        <translation>全部学校</translation>
    </message>
    <message>
        <source>Teacher&apos;s name or ID number</source>
        <translation>教师姓名或身份证号</translation>
    </message>
    <message>
        <source>Words in the details</source>
        <translation>内容中的文字</translation>
    </message>
    <message>
        <source>Clear Filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>操作人：</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>起：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>止：</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Object:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>School:</source>
        <translation>学校：</translation>
    </message>
    <message>
        <source>Teacher:</source>
        <translation>教师：</translation>
    </message>
    <message>
        <source>Details:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>&lt; Newer</source>
        <translation>&lt; 较新</translation>
    </message>
    <message>
        <source>Older &gt;</source>
        <translation>较早 &gt;</translation>
    </message>
    <message>
        <source>Verify Log</source>
        <translation>校验日志</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>打印 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取……</translation>
    </message>
    <message>
        <source>Entries {first}–{last} of {total}, newest first</source>
        <translation>第 {first}–{last} 条，共 {total} 条（最新的在前）</translation>
    </message>
    <message>
        <source>No entries match the filter.</source>
        <translation>没有符合条件的记录。</translation>
    </message>
    <message>
        <source>Verifying the audit log…</source>
        <translation>正在校验审计日志……</translation>
    </message>
    <message>
        <source>Audit log verified: {count} entries, the hash chain is intact.</source>
        <translation>审计日志校验通过：共 {count} 条记录，哈希链完整。</translation>
    </message>
    <message>
        <source>The audit log failed the check.</source>
        <translation>审计日志校验未通过。</translation>
    </message>
    <message>
        <source>Export Audit Log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>Audit log_{date}.xlsx</source>
        <translation>审计日志_{date}.xlsx</translation>
    </message>
    <message>
        <source>Exporting the audit log…</source>
        <translation>正在导出审计日志……</translation>
    </message>
    <message>
        <source>Exported {count} entries to {path}.</source>
        <translation>已导出 {count} 条记录到“{path}”。</translation>
    </message>
    <message>
        <source>Print Audit Log</source>
        <translation>打印审计日志</translation>
    </message>
    <message>
        <source>Audit log_{date}.pdf</source>
        <translation>审计日志_{date}.pdf</translation>
    </message>
    <message>
        <source>Printing the audit log…</source>
        <translation>正在生成审计日志打印件……</translation>
    </message>
    <message>
        <source>The audit log ({pages} pages) was saved to {path}.</source>
        <translation>审计日志打印件（{pages} 页）已保存到“{path}”。</translation>
    </message>
</context>
<context>
    <name>BackupListModel</name>
    <message>
        <source>Date</source>
        <extracomment>A restore replaces everything: every tab reloads. After the settings changed (the window&apos;s timer reads the new interval).</extracomment>
        <translation>日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校数</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师数</translation>
    </message>
    <message>
        <source>Hour records</source>
        <translation>学时记录数</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Manual backup</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <source>Automatic backup</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>Backup on exit</source>
        <translation>退出时备份</translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation>导入前</translation>
    </message>
    <message>
        <source>Before a package import</source>
        <translation>导入数据包前</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups and Restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取……</translation>
    </message>
    <message>
        <source>Back Up Now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore Selected Backup…</source>
        <translation>恢复所选备份…</translation>
    </message>
    <message>
        <source>Open Backup Folder</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <source>Automatic backups and retention</source>
        <translation>自动备份与保留</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Save Settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Back up automatically every</source>
        <translation>每隔</translation>
    </message>
    <message>
        <source>when the data changed, and on exit.</source>
        <translation>自动备份一次（仅在数据有修改时）；退出程序时也会备份。</translation>
    </message>
    <message>
        <source>Keep the newest backup of the last</source>
        <translation>保留最近</translation>
    </message>
    <message>
        <source>(the newest of each day, week and month)</source>
        <translation>内每天、每周、每月最新的一个备份</translation>
    </message>
    <message>
        <source>{count} backups in {folder}, newest first.</source>
        <translation>共 {count} 个备份，保存在“{folder}”，最新的在最上面。</translation>
    </message>
    <message>
        <source>No backups yet. They will be kept in {folder}.</source>
        <translation>还没有备份。备份将保存在“{folder}”。</translation>
    </message>
    <message>
        <source>The workspace is open read-only: backups cannot be made or restored.</source>
        <translation>工作区以只读方式打开，不能备份或恢复。</translation>
    </message>
    <message>
        <source>Only the administrator can restore backups and change these settings.</source>
        <translation>只有管理员可以恢复备份和修改这些设置。</translation>
    </message>
    <message>
        <source>The newest backup that passes the check, and the backups made before an upgrade, a restore or an import, are always kept for a while.</source>
        <translation>最新的完好备份，以及升级前、恢复前和导入前的备份，总会保留一段时间（升级前、恢复前 30 天，导入前 7 天）。</translation>
    </message>
    <message>
        <source>Backup Made</source>
        <translation>备份完成</translation>
    </message>
    <message>
        <source>The database was backed up to “{name}” ({size}).</source>
        <translation>数据库已备份为“{name}”（{size}），并已通过完整性检查。</translation>
    </message>
    <message>
        <source>Backing up the database…</source>
        <translation>正在备份数据库……</translation>
    </message>
    <message>
        <source>Restore Backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Restore the database from the backup of {date} ({reason})?

The current data is backed up first (reason “Before a restore”), then replaced by the data in this backup. Changes made after {date} will only be in that new backup.</source>
        <translation>要用 {date} 的备份（{reason}）恢复数据库吗？

恢复前，程序会先把当前数据备份一份（原因为“恢复前”），然后用这个备份中的数据替换当前数据。{date} 之后所做的修改只保留在那份新备份中。</translation>
    </message>
    <message>
        <source>Backup Restored</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <source>The data of {date} was restored. The data as it was before the restore is kept in the backup “{name}”.</source>
        <translation>已恢复 {date} 的数据。恢复前的数据保存在备份“{name}”中。</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在从备份恢复……</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
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
    <name>CertificateDialogs</name>
    <message>
        <source>Print Certificates</source>
        <translation>打印证书</translation>
    </message>
    <message>
        <source>Is the paper pre-printed certificate paper?</source>
        <translation>打印用纸是否为预先印好的证书纸？</translation>
    </message>
    <message>
        <source>Yes: only the name, ID number, school, hours, serial, verification code and QR code are printed, onto the pre-printed paper (offsets: Certificates ▸ Layout).
No: the whole certificate with border and wording is printed on blank paper.</source>
        <translation>是：只在预印证书纸上打印姓名、身份证号、学校、学时、证书编号、验证码和二维码（位置偏移见“证书 ▸ 证书版式”）。
否：在空白纸上打印带边框和文字的完整证书。</translation>
    </message>
    <message>
        <source>Certificates_{who}_{date}.pdf</source>
        <translation>证书_{who}_{date}.pdf</translation>
    </message>
    <message>
        <source>{count} certificates ({first} to {last}) were saved to {path}.</source>
        <translation>已将 {count} 张证书（{first} 至 {last}）保存到 {path}。</translation>
    </message>
    <message>
        <source>Writing the certificates…</source>
        <translation>正在生成证书……</translation>
    </message>
    <message>
        <source>Voided on {date}: {reason}</source>
        <translation>{date} 作废：{reason}</translation>
    </message>
    <message>
        <source>Reissued for {serial}</source>
        <translation>补发自 {serial}</translation>
    </message>
    <message>
        <source>Replaced by {serial}</source>
        <translation>已由 {serial} 补发</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>CertificateLayoutDialog</name>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>Certificate Layout</source>
        <translation>证书版式</translation>
    </message>
    <message>
        <source>Serial number and issuing unit</source>
        <translation>证书编号与发证单位</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Fields: {fields}. {{seq:06d}} pads the sequence to 6 digits; the sequence counts within everything else the pattern names.</source>
        <translation>可用字段：{fields}。{{seq:06d}} 表示流水号不足 6 位时前面补 0；流水号在格式中其他字段相同的范围内连续编号。</translation>
    </message>
    <message>
        <source>Serial pattern:</source>
        <translation>编号格式：</translation>
    </message>
    <message>
        <source>Example:</source>
        <translation>示例：</translation>
    </message>
    <message>
        <source>Issuing unit:</source>
        <translation>发证单位：</translation>
    </message>
    <message>
        <source>Print offsets (right and down, in millimetres)</source>
        <translation>套打偏移（向右、向下，单位毫米）</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>向右</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>向下</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Print a test page on the pre-printed paper, measure how far each field lands from its place and enter that distance (negative: left or up). A field&apos;s offset adds to the whole page&apos;s.</source>
        <translation>在预印证书纸上打印测试页，量出各项偏离应在位置的距离后填入（负数表示向左或向上）。单项偏移在整页偏移的基础上叠加。</translation>
    </message>
    <message>
        <source>Reset Offsets</source>
        <translation>偏移归零</translation>
    </message>
    <message>
        <source>Test page for pre-printed paper (data only)</source>
        <translation>测试页用于预印证书纸（只打印内容）</translation>
    </message>
    <message>
        <source>Print Test Page…</source>
        <translation>打印测试页…</translation>
    </message>
    <message>
        <source>Print Test Page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Certificate test page_{date}.pdf</source>
        <translation>证书测试页_{date}.pdf</translation>
    </message>
    <message>
        <source>Sample school</source>
        <translation>成都市温江区示例小学</translation>
    </message>
    <message>
        <source>The test page was saved to {path}. Print it at 100 % (no fit to page) and hold it against the certificate paper.</source>
        <translation>测试页已保存到 {path}。请按 100% 比例打印（不要“适合页面”），再与证书纸对照。</translation>
    </message>
    <message>
        <source>Writing the test page…</source>
        <translation>正在生成测试页……</translation>
    </message>
</context>
<context>
    <name>CertificateTableModel</name>
    <message>
        <source>Serial</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number (masked)</source>
        <translation>身份证号（脱敏）</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>发证日期</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>验证码</translation>
    </message>
</context>
<context>
    <name>CertificatesDialog</name>
    <message>
        <source>Certificates</source>
        <translation>证书管理</translation>
    </message>
    <message>
        <source>All schools</source>
        <translation>全部学校</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Name, serial or verification code</source>
        <translation>姓名、证书编号或验证码</translation>
    </message>
    <message>
        <source>School:</source>
        <translation>学校：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Search:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>Issue for School…</source>
        <translation>为学校发证…</translation>
    </message>
    <message>
        <source>Print Selected…</source>
        <translation>打印所选…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Reissue…</source>
        <translation>补发…</translation>
    </message>
    <message>
        <source>Print Log</source>
        <translation>打印记录</translation>
    </message>
    <message>
        <source>Verify…</source>
        <translation>核验证书…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载……</translation>
    </message>
    <message>
        <source>{count} certificates shown ({live} in force)</source>
        <translation>显示 {count} 张证书（有效 {live} 张）</translation>
    </message>
    <message>
        <source>Issuing certificates…</source>
        <translation>正在发放证书……</translation>
    </message>
    <message>
        <source>{count} certificates</source>
        <translation>{count} 张证书</translation>
    </message>
    <message>
        <source>Void Certificate</source>
        <translation>作废证书</translation>
    </message>
    <message>
        <source>Void certificate {serial} ({name})? It then verifies as voided. A new one can be issued with Reissue afterwards.</source>
        <translation>作废证书 {serial}（{name}）？作废后核验结果为“已作废”，之后可用“补发”发放新证书。请填写作废原因：</translation>
    </message>
    <message>
        <source>Required, e.g. lost, name misspelt, printed twice (at most 200 characters)</source>
        <translation>必填，例如：遗失、姓名打印错误、重复打印（最多 200 个字）</translation>
    </message>
    <message>
        <source>Certificate {serial} was voided.</source>
        <translation>证书 {serial} 已作废。</translation>
    </message>
    <message>
        <source>Reissue Certificate</source>
        <translation>补发证书</translation>
    </message>
    <message>
        <source>Issue a new certificate to {name} in place of the voided {serial}? It gets a new serial and verification code.</source>
        <translation>为 {name} 补发新证书，替代已作废的 {serial}？新证书有新的编号和验证码。</translation>
    </message>
    <message>
        <source>Certificate {new} was issued in place of {old}.</source>
        <translation>已补发新证书 {new}，替代 {old}。</translation>
    </message>
    <message>
        <source>Print the new certificate {serial} now?</source>
        <translation>现在打印新证书 {serial} 吗？</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change Password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>At least 8 characters, not only digits, not the same as the username.</source>
        <translation>至少 8 个字符，不能全是数字，不能与用户名相同。</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>原密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat new password:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>请输入原密码。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Saving the password…</source>
        <translation>正在保存密码……</translation>
    </message>
    <message>
        <source>Your password was changed. Use the new one the next time you sign in.</source>
        <translation>密码已修改。下次登录时请使用新密码。</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>Export Image…</source>
        <extracomment>Set by the tab: asks for a path and saves (the context menu&apos;s 导出图片).</extracomment>
        <translation>导出图片…</translation>
    </message>
    <message>
        <source>Copy Image</source>
        <translation>复制图片</translation>
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
    <name>CityTab</name>
    <message>
        <source>Loading…</source>
        <extracomment>The kinds of change (``Changes``) after which the table reloads.</extracomment>
        <translation>正在加载……</translation>
    </message>
    <message>
        <source>Import County Report…</source>
        <translation>导入区县上报包…</translation>
    </message>
    <message>
        <source>Export Summary…</source>
        <translation>导出汇总表…</translation>
    </message>
    <message>
        <source>{region}: no county report has been imported yet. Import the counties&apos; reports with “Import County Report…”.</source>
        <translation>{region}：还没有导入任何区县上报包。请用“导入区县上报包…”导入各区县的上报包。</translation>
    </message>
    <message>
        <source>{region}: {counties} counties reported; {teachers} active teachers, {qualified} qualified ({rate}), {passed} passed the assessment.</source>
        <translation>{region}：已有 {counties} 个区县上报；在职教师 {teachers} 名，已达标 {qualified} 名（达标率 {rate}），考核通过 {passed} 名。</translation>
    </message>
    <message>
        <source>Export Summary</source>
        <translation>导出汇总表</translation>
    </message>
    <message>
        <source>County summary_{date}.xlsx</source>
        <translation>各区县完成情况汇总表_{date}.xlsx</translation>
    </message>
    <message>
        <source>Writing the summary…</source>
        <translation>正在生成汇总表……</translation>
    </message>
    <message>
        <source>The summary of {count} counties was saved to {path}.</source>
        <translation>{count} 个区县的汇总表已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>CountyTotalsModel</name>
    <message>
        <source>County code</source>
        <translation>区县代码</translation>
    </message>
    <message>
        <source>County</source>
        <translation>区县名称</translation>
    </message>
    <message>
        <source>Report no.</source>
        <translation>上报序号</translation>
    </message>
    <message>
        <source>Data date</source>
        <translation>数据日期</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校数</translation>
    </message>
    <message>
        <source>Active teachers</source>
        <translation>在职教师数</translation>
    </message>
    <message>
        <source>Qualified</source>
        <translation>已达标人数</translation>
    </message>
    <message>
        <source>Qualified rate</source>
        <translation>达标率</translation>
    </message>
    <message>
        <source>Passed assessment</source>
        <translation>考核通过人数</translation>
    </message>
    <message>
        <source>Online hours</source>
        <translation>网络研修学时</translation>
    </message>
    <message>
        <source>Practice hours</source>
        <translation>校本实践学时</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>The database is damaged</source>
        <translation>数据库文件已损坏</translation>
    </message>
    <message>
        <source>The database file is damaged ({problem}). It was not deleted: it was moved to {moved}.</source>
        <translation>数据库文件已损坏（{problem}）。损坏的文件没有删除，已移到“{moved}”。</translation>
    </message>
    <message>
        <source>The newest good backup is the one of {when}.</source>
        <translation>最近一份完好的备份是 {when} 的备份。</translation>
    </message>
    <message>
        <source>Restoring puts that backup in place; changes made after it are not in it.</source>
        <translation>恢复后使用这份备份中的数据；备份之后所做的修改不在其中，需要核对补录。</translation>
    </message>
    <message>
        <source>No good backup was found. You can export the data that can still be read from the damaged file to an Excel workbook.</source>
        <translation>没有找到完好的备份。可以把损坏的文件中还能读取的数据导出到 Excel 工作簿。</translation>
    </message>
    <message>
        <source>Restore from this backup</source>
        <translation>从该备份恢复</translation>
    </message>
    <message>
        <source>Export the readable data…</source>
        <translation>导出可读取的数据…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Restoring the database from the backup…</source>
        <translation>正在从备份恢复数据库…</translation>
    </message>
    <message>
        <source>Export the readable data</source>
        <translation>导出可读取的数据</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting the readable data…</source>
        <translation>正在导出可读取的数据…</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <source>Active teachers</source>
        <extracomment>The kinds of change (``Changes``) after which the figures are computed again.</extracomment>
        <translation>在职教师</translation>
    </message>
    <message>
        <source>Qualified</source>
        <translation>已达标</translation>
    </message>
    <message>
        <source>Passed assessment</source>
        <translation>考核通过</translation>
    </message>
    <message>
        <source>Schools completed</source>
        <translation>学校完成</translation>
    </message>
    <message>
        <source>Still needed</source>
        <translation>还差人数</translation>
    </message>
    <message>
        <source>Data as of</source>
        <translation>数据时间</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export Statistics…</source>
        <translation>导出统计表…</translation>
    </message>
    <message>
        <source>Every table of this tab in one Excel workbook</source>
        <translation>本页全部表格导出为一个 Excel 工作簿</translation>
    </message>
    <message>
        <source>Print Briefing…</source>
        <translation>打印简报…</translation>
    </message>
    <message>
        <source>The one-page county briefing as a PDF</source>
        <translation>一页纸的区县工作简报（PDF）</translation>
    </message>
    <message>
        <source>Annual Targets…</source>
        <translation>年度目标…</translation>
    </message>
    <message>
        <source>Planned teachers per year and level</source>
        <translation>各年度、各级别的计划培训人数</translation>
    </message>
    <message>
        <source>Target and actual per year</source>
        <translation>年度目标完成情况</translation>
    </message>
    <message>
        <source>Qualified teachers</source>
        <translation>达标教师</translation>
    </message>
    <message>
        <source>Completed schools</source>
        <translation>完成学校</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Teachers qualified</source>
        <translation>教师达标情况</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>达标情况</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Hours per teacher</source>
        <translation>教师学时分布</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Assessment results</source>
        <translation>考核结果</translation>
    </message>
    <message>
        <source>Per teacher</source>
        <translation>按教师</translation>
    </message>
    <message>
        <source>Per ability point</source>
        <translation>按能力点</translation>
    </message>
    <message>
        <source>Find a school</source>
        <translation>查找学校</translation>
    </message>
    <message>
        <source>Only schools not completed</source>
        <translation>只看未完成的学校</translation>
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
        <source>Qualified rate</source>
        <translation>达标率</translation>
    </message>
    <message>
        <source>Teachers Still Needed…</source>
        <translation>尚需达标教师…</translation>
    </message>
    <message>
        <source>The teachers of the selected school who are not qualified yet</source>
        <translation>所选学校尚未达标的教师</translation>
    </message>
    <message>
        <source>Export All Still Needed…</source>
        <translation>导出全部尚需达标教师…</translation>
    </message>
    <message>
        <source>Every teacher not yet qualified, of all schools, as an Excel file</source>
        <translation>全部学校尚未达标的教师，导出为 Excel 文件</translation>
    </message>
    <message>
        <source>Completion per school</source>
        <translation>各校完成情况</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校数</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Urban/rural</source>
        <translation>城乡分类</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>项目级别</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>项目数</translation>
    </message>
    <message>
        <source>Project places</source>
        <translation>项目计划人数</translation>
    </message>
    <message>
        <source>Annual targets</source>
        <translation>年度计划人数</translation>
    </message>
    <message>
        <source>Trained teachers</source>
        <translation>参训教师</translation>
    </message>
    <message>
        <source>Of them qualified</source>
        <translation>其中达标</translation>
    </message>
    <message>
        <source>By stage</source>
        <translation>按学段</translation>
    </message>
    <message>
        <source>By urban/rural</source>
        <translation>按城乡分类</translation>
    </message>
    <message>
        <source>By project level</source>
        <translation>按项目级别</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>说明：{note}</translation>
    </message>
    <message>
        <source>{count} teachers</source>
        <translation>{count} 人</translation>
    </message>
    <message>
        <source>in {count} schools</source>
        <translation>分布在 {count} 所学校</translation>
    </message>
    <message>
        <source>rate {rate}; plan {planned} by {year}</source>
        <translation>达标率 {rate}，计划至 {year} 年 {planned} 人</translation>
    </message>
    <message>
        <source>rate {rate}</source>
        <translation>达标率 {rate}</translation>
    </message>
    <message>
        <source>approved by the county</source>
        <translation>校本应用考核经区县认定合格</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total} 所</translation>
    </message>
    <message>
        <source>completion rate {rate}</source>
        <translation>完成率 {rate}</translation>
    </message>
    <message>
        <source>to reach the target for {year}</source>
        <translation>达到 {year} 年目标</translation>
    </message>
    <message>
        <source>rules: {preset}</source>
        <translation>规则：{preset}</translation>
    </message>
    <message>
        <source>cumulative</source>
        <translation>累计</translation>
    </message>
    <message>
        <source>in the year</source>
        <translation>当年</translation>
    </message>
    <message>
        <source>{year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <source> ({basis})</source>
        <translation>（{basis}）</translation>
    </message>
    <message>
        <source>{year}&lt;br&gt;({basis})</source>
        <translation>{year}年&lt;br&gt;（{basis}）</translation>
    </message>
    <message>
        <source>Completed schools: plan and actual{basis}</source>
        <translation>完成学校：计划与实际{basis}</translation>
    </message>
    <message>
        <source>Planned schools</source>
        <translation>计划完成学校</translation>
    </message>
    <message>
        <source>Qualified teachers: plan and actual{basis}</source>
        <translation>达标教师：计划与实际{basis}</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划达标</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Plan of the year</source>
        <translation>当年计划</translation>
    </message>
    <message>
        <source>Plan by year end</source>
        <translation>累计计划</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Hours registered</source>
        <translation>登记学时</translation>
    </message>
    <message>
        <source>Where the plan comes from: {sources}</source>
        <translation>计划数来源：{sources}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Active teachers by outcome</source>
        <translation>在职教师达标情况</translation>
    </message>
    <message>
        <source>Active teachers by hours registered (required: {hours})</source>
        <translation>在职教师登记学时分布（要求 {hours} 学时）</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Ability points</source>
        <translation>能力点数</translation>
    </message>
    <message>
        <source>Ability points chosen, by grade</source>
        <translation>所选能力点的评定等级</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>考核结果</translation>
    </message>
    <message>
        <source>Active teachers by assessment result</source>
        <translation>在职教师校本应用考核结果</translation>
    </message>
    <message>
        <source>Teachers still to qualify to reach the target for {year}</source>
        <translation>达到 {year} 年目标还需达标的教师人数</translation>
    </message>
    <message>
        <source>{shown} of {total} schools</source>
        <translation>显示 {shown} 所，共 {total} 所学校</translation>
    </message>
    <message>
        <source>Finding the teachers…</source>
        <translation>正在查找教师…</translation>
    </message>
    <message>
        <source>Export All Still Needed</source>
        <translation>导出全部尚需达标教师</translation>
    </message>
    <message>
        <source>Teachers still needed_{region}_{date}.xlsx</source>
        <translation>尚需达标教师_{region}_{date}.xlsx</translation>
    </message>
    <message>
        <source>Writing the list…</source>
        <translation>正在写入名单…</translation>
    </message>
    <message>
        <source>{count} teachers were saved to {path}.</source>
        <translation>已将 {count} 名教师保存到 {path}。</translation>
    </message>
    <message>
        <source>Export Statistics</source>
        <translation>导出统计表</translation>
    </message>
    <message>
        <source>Statistics_{region}_{date}.xlsx</source>
        <translation>统计表_{region}_{date}.xlsx</translation>
    </message>
    <message>
        <source>Writing the statistics…</source>
        <translation>正在写入统计表…</translation>
    </message>
    <message>
        <source>The statistics were saved to {path}.</source>
        <translation>统计表已保存到 {path}。</translation>
    </message>
    <message>
        <source>Print Briefing</source>
        <translation>打印简报</translation>
    </message>
    <message>
        <source>Briefing_{region}_{date}.pdf</source>
        <translation>工作简报_{region}_{date}.pdf</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>The briefing was saved to {path}.

Open the folder?</source>
        <translation>简报已保存到 {path}。

是否打开所在文件夹？</translation>
    </message>
    <message>
        <source>Writing the briefing…</source>
        <translation>正在生成简报…</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>{chart}_{region}_{date}.png</source>
        <translation>{chart}_{region}_{date}.png</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>The image could not be saved to {path}.</source>
        <translation>图片未能保存到 {path}。</translation>
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
        <extracomment>Saves ``(item id, grade or raw text or None)`` pairs in one call; raises AppError.</extracomment>
        <translation>NLTS Desktop</translation>
    </message>
    <message>
        <source>Details were written to the log. Please contact technical support.</source>
        <translation>详细信息已写入日志，请联系技术支持。</translation>
    </message>
</context>
<context>
    <name>EvidenceDialog</name>
    <message>
        <source>Evidence: {name}</source>
        <translation>证据材料：{name}</translation>
    </message>
    <message>
        <source>Ability point</source>
        <translation>能力点</translation>
    </message>
    <message>
        <source>Item no.</source>
        <translation>材料编号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>External link / note</source>
        <translation>外部链接/说明</translation>
    </message>
    <message>
        <source>Add File…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove File</source>
        <translation>移除文件</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Your account can view the evidence but not change it.</source>
        <translation>您的账号只能查看证据材料，不能修改。</translation>
    </message>
    <message>
        <source>Double-click a title or link to edit it. Files may be up to {mb} MB: documents, videos and images; programs and scripts are refused. A larger video can be given as a link instead.</source>
        <translation>双击标题或外部链接即可修改。文件大小上限为 {mb} MB，可添加文档、视频和图片，不接受程序和脚本；更大的视频请改为填写外部链接。</translation>
    </message>
    <message>
        <source>Files may be up to {mb} MB.</source>
        <translation>文件大小上限为 {mb} MB。</translation>
    </message>
    <message>
        <source>{name} has not chosen any ability points yet: choose the points first, then their evidence items appear here.</source>
        <translation>{name}还没有选择能力点。请先为其选点，选点后各能力点的证据材料会列在这里。</translation>
    </message>
    <message>
        <source>{name} ({kind}, at most {minutes} min)</source>
        <translation>{name}（{kind}，≤ {minutes} 分钟）</translation>
    </message>
    <message>
        <source>{name} ({kind})</source>
        <translation>{name}（{kind}）</translation>
    </message>
    <message>
        <source>{name} ({size})</source>
        <translation>{name}（{size}）</translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>The text is {count} characters long; keep it within {most}. Nothing was saved.</source>
        <translation>内容有 {count} 字，请控制在 {most} 字以内。本次修改没有保存。</translation>
    </message>
    <message>
        <source>Saving {code}…</source>
        <translation>正在保存 {code}…</translation>
    </message>
    <message>
        <source>Saved {code}.</source>
        <translation>已保存 {code}。</translation>
    </message>
    <message>
        <source>Copying {name} into the evidence folder…</source>
        <translation>正在把“{name}”复制到证据材料文件夹…</translation>
    </message>
    <message>
        <source>Added {name} to {code}.</source>
        <translation>已将“{name}”添加到 {code}。</translation>
    </message>
    <message>
        <source>Add Evidence File: {code}</source>
        <translation>添加证据材料文件：{code}</translation>
    </message>
    <message>
        <source>Evidence files ({patterns});;All files (*)</source>
        <translation>证据材料文件 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Remove the file &quot;{name}&quot; from {code}? The item then has no file until one is added again.</source>
        <translation>要从 {code} 中移除文件“{name}”吗？移除后该材料没有文件，需重新添加。</translation>
    </message>
    <message>
        <source>Removing the file…</source>
        <translation>正在移除文件…</translation>
    </message>
    <message>
        <source>Removed the file from {code}.</source>
        <translation>已移除 {code} 的文件。</translation>
    </message>
    <message>
        <source>The stored file of {code} is missing from the evidence folder. Add &quot;{name}&quot; to the item again.</source>
        <translation>证据材料文件夹中找不到 {code} 保存的文件，请重新为该材料添加“{name}”。</translation>
    </message>
    <message>
        <source>Saving a copy of {name}…</source>
        <translation>正在另存“{name}”…</translation>
    </message>
    <message>
        <source>Cancelled: no copy was saved.</source>
        <translation>已取消，没有保存副本。</translation>
    </message>
    <message>
        <source>Saved a copy to {path}.</source>
        <translation>已将副本保存到 {path}。</translation>
    </message>
    <message>
        <source>Save Evidence File As</source>
        <translation>证据材料另存为</translation>
    </message>
</context>
<context>
    <name>FiguresView</name>
    <message>
        <source>Copy Selected Rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <source>Copy Whole Table</source>
        <translation>复制整个表格</translation>
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
    <name>FormContactDialog</name>
    <message>
        <source>These are printed on the form&apos;s filling-unit line.</source>
        <translation>以下内容将填写在表格的填报单位、联系人一行。</translation>
    </message>
    <message>
        <source>Filling unit:</source>
        <translation>填报单位：</translation>
    </message>
    <message>
        <source>e.g. 028-82712345 or 13812345678</source>
        <translation>如 028-82712345 或 13812345678</translation>
    </message>
    <message>
        <source>Contact person:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Contact phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Save Form…</source>
        <translation>保存表格…</translation>
    </message>
    <message>
        <source>Enter the filling unit.</source>
        <translation>请填写填报单位。</translation>
    </message>
    <message>
        <source>Enter the contact person.</source>
        <translation>请填写联系人。</translation>
    </message>
    <message>
        <source>Enter the contact phone.</source>
        <translation>请填写联系电话。</translation>
    </message>
</context>
<context>
    <name>FormExports</name>
    <message>
        <source>Row {row}, {column} (“{value}”): {reason}</source>
        <translation>第 {row} 行，{column}（“{value}”）：{reason}</translation>
    </message>
    <message>
        <source>{column} (“{value}”): {reason}</source>
        <translation>{column}（“{value}”）：{reason}</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>{name}_{date}.xlsx</source>
        <translation>{name}_{date}.xlsx</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>正在保存{name}……</translation>
    </message>
    <message>
        <source>{name} was saved to {path}.</source>
        <translation>{name}已保存到 {path}。</translation>
    </message>
    <message>
        <source>Annual Training Plan Table</source>
        <translation>年度培训计划表</translation>
    </message>
    <message>
        <source>Annual training plan table</source>
        <translation>年度培训计划表</translation>
    </message>
    <message>
        <source>Pilot School Summary</source>
        <translation>试点学校汇总表</translation>
    </message>
    <message>
        <source>Pilot school summary</source>
        <translation>试点学校汇总表</translation>
    </message>
    <message>
        <source>{year}: {count} teachers</source>
        <translation>{year} 年：{count} 名教师</translation>
    </message>
    <message>
        <source>The file “{file}” (sheet “{sheet}”, {region}, {teachers} teachers) brings these planned teachers:
{years}

Importing replaces the targets of these years. Import it?</source>
        <translation>文件“{file}”（工作表“{sheet}”，{region}，{teachers} 名教师）中的计划培训人数为：
{years}

导入后将替换这些年度的目标。确定导入吗？</translation>
    </message>
    <message>
        <source>(no year has numbers)</source>
        <translation>（没有任何年度填写了人数）</translation>
    </message>
    <message>
        <source>Import Annual Training Plan Table</source>
        <translation>导入年度培训计划表</translation>
    </message>
    <message>
        <source>The annual targets of {years} were imported from “{file}”.</source>
        <translation>已从“{file}”导入 {years} 年度的目标。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Importing the annual training plan table…</source>
        <translation>正在导入年度培训计划表……</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件……</translation>
    </message>
</context>
<context>
    <name>GradePickerDelegate</name>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
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
        <source>Choose the file to import first.</source>
        <translation>请先选择要导入的文件。</translation>
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
    <name>ImportDialogs</name>
    <message>
        <source>Excel workbooks (*.xlsx *.xls)</source>
        <translation>Excel 工作簿 (*.xlsx *.xls)</translation>
    </message>
    <message>
        <source>There is no file &quot;{path}&quot;.</source>
        <translation>找不到文件“{path}”。</translation>
    </message>
    <message>
        <source>Save Error Report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
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
    <name>IssueResultDialog</name>
    <message>
        <source>Certificates Issued</source>
        <translation>发证结果</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number (masked)</source>
        <translation>身份证号（脱敏）</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Serial or reason</source>
        <translation>证书编号或原因</translation>
    </message>
    <message>
        <source>Print These Certificates…</source>
        <translation>打印这些证书…</translation>
    </message>
    <message>
        <source>{issued} certificates issued.</source>
        <translation>已发放证书 {issued} 张。</translation>
    </message>
    <message>
        <source>{count} teachers are not qualified (no certificate).</source>
        <translation>{count} 名教师未达到发证条件（未发证）。</translation>
    </message>
    <message>
        <source>{count} teachers already hold one (skipped).</source>
        <translation>{count} 名教师已有证书（未重复发放）。</translation>
    </message>
    <message>
        <source>Not qualified</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已发证</translation>
    </message>
</context>
<context>
    <name>IssueSchoolDialog</name>
    <message>
        <source>Issue Certificates for a School</source>
        <translation>为学校发证</translation>
    </message>
    <message>
        <source>Every qualified teacher of the school who has no certificate yet gets one. Teachers who are not qualified are listed with the reason.</source>
        <translation>该校每位已达标、尚未领证的教师各发一张证书；未达标的教师会列出原因。</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> 年度</translation>
    </message>
    <message>
        <source>School:</source>
        <translation>学校：</translation>
    </message>
    <message>
        <source>Certificate year:</source>
        <translation>证书年度：</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>发证</translation>
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
    <name>KeyConfirmDialog</name>
    <message>
        <source>Register Public Key</source>
        <translation>登记对方公钥</translation>
    </message>
    <message>
        <source>County</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>City</source>
        <translation>地市</translation>
    </message>
    <message>
        <source>This key file belongs to {unit}. Phone that office and have them read out the signing fingerprint shown in their Keys window; register the key only if every group matches.</source>
        <translation>这个公钥文件属于{unit}。请打电话给对方，请对方在“密钥管理”窗口中读出本单位的签名指纹，逐组核对；每一组都一致时才登记。</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>级别：</translation>
    </message>
    <message>
        <source>Encryption key:</source>
        <translation>加密公钥：</translation>
    </message>
    <message>
        <source>Included: packages to this office will be encrypted</source>
        <translation>已包含：发给该单位的数据包将加密</translation>
    </message>
    <message>
        <source>Not included</source>
        <translation>未包含</translation>
    </message>
    <message>
        <source>I have checked the fingerprint with that office by phone: it matches</source>
        <translation>我已与对方电话核对指纹，一致</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Signing fingerprint:</source>
        <translation>签名指纹：</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <source>Keys</source>
        <translation>密钥管理</translation>
    </message>
    <message>
        <source>This office</source>
        <translation>本单位</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载……</translation>
    </message>
    <message>
        <source>Export This Office&apos;s Public Key…</source>
        <translation>导出本单位公钥…</translation>
    </message>
    <message>
        <source>Signing fingerprint: read it to the receiving office over the phone when they take in a package from you for the first time.</source>
        <translation>签名指纹：对方第一次导入本单位的数据包时，请电话向对方读出，供其核对。</translation>
    </message>
    <message>
        <source>Encryption fingerprint: packages sent to this office are encrypted with it.</source>
        <translation>加密指纹：发给本单位的数据包用它加密。</translation>
    </message>
    <message>
        <source>Other offices&apos; keys</source>
        <translation>已登记的其他单位公钥</translation>
    </message>
    <message>
        <source>Register Another Office&apos;s Key…</source>
        <translation>登记对方公钥…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <source>Only an administrator can register or revoke keys.</source>
        <translation>只有管理员可以登记或吊销公钥。</translation>
    </message>
    <message>
        <source>Export Public Key</source>
        <translation>导出本单位公钥</translation>
    </message>
    <message>
        <source>Public key-{unit}.nltskey</source>
        <translation>公钥-{unit}.nltskey</translation>
    </message>
    <message>
        <source>Public key files (*.nltskey)</source>
        <translation>公钥文件 (*.nltskey)</translation>
    </message>
    <message>
        <source>The public key was saved to {path}.

Give this file to the other office and read them the signing fingerprint over the phone:
{fingerprint}</source>
        <translation>公钥文件已保存到 {path}。

请把这个文件交给对方，并电话向对方读出本单位的签名指纹：
{fingerprint}</translation>
    </message>
    <message>
        <source>Register Public Key</source>
        <translation>登记对方公钥</translation>
    </message>
    <message>
        <source>Public key files (*.nltskey);;All files (*)</source>
        <translation>公钥文件 (*.nltskey);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The key of {unit} was registered: its packages are recognised from now on, and packages sent to it are encrypted.</source>
        <translation>已登记{unit}的公钥：今后能识别该单位的数据包，发给该单位的数据包也会加密。</translation>
    </message>
    <message>
        <source>Revoke Key</source>
        <translation>吊销公钥</translation>
    </message>
    <message>
        <source>Choose a key in the table first.</source>
        <translation>请先在表格中选择一个公钥。</translation>
    </message>
    <message>
        <source>This key is already revoked.</source>
        <translation>这个公钥已经吊销。</translation>
    </message>
    <message>
        <source>Revoke the key of {unit} (fingerprint {fingerprint})? Packages signed with it will be refused from now on. Why is it revoked (a lost stick, a staff change…)?</source>
        <translation>要吊销{unit}的公钥（指纹 {fingerprint}）吗？吊销后，用它签名的数据包将被拒绝导入。吊销的理由是什么（U盘丢失、人员变动等）？</translation>
    </message>
    <message>
        <source>Required: recorded with the key.</source>
        <translation>必填：理由会与公钥一起记录。</translation>
    </message>
</context>
<context>
    <name>KnownKeysModel</name>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Revoked: {reason}</source>
        <translation>已吊销：{reason}</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已吊销</translation>
    </message>
</context>
<context>
    <name>LeadershipDialog</name>
    <message>
        <source>Leadership Group</source>
        <translation>工作领导小组</translation>
    </message>
    <message>
        <source>e.g. Teacher Development Center</source>
        <translation>例如 教师发展中心</translation>
    </message>
    <message>
        <source>Office in charge:</source>
        <translation>负责科室：</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Add Person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Opinion of the education bureau</source>
        <translation>区教育局意见</translation>
    </message>
    <message>
        <source>Printed in the form&apos;s opinion box above the signature and seal (optional)</source>
        <translation>打印在名单的意见栏中、签字盖章处上方（可不填）</translation>
    </message>
    <message>
        <source>Import List…</source>
        <translation>从名单导入…</translation>
    </message>
    <message>
        <source>Export Form…</source>
        <translation>导出名单…</translation>
    </message>
    <message>
        <source>{count} people, {leaders} leaders</source>
        <translation>共 {count} 人，其中组长 {leaders} 人</translation>
    </message>
    <message>
        <source>The leadership group was saved ({count} people).</source>
        <translation>工作领导小组已保存（{count} 人）。</translation>
    </message>
    <message>
        <source>Import Leadership List</source>
        <translation>导入工作领导小组名单</translation>
    </message>
    <message>
        <source>Reading the list…</source>
        <translation>正在读取名单……</translation>
    </message>
    <message>
        <source>{count} people were read from “{file}”. Check them, then Save to keep them.</source>
        <translation>已从“{file}”读入 {count} 人。请核对，点“保存”后生效。</translation>
    </message>
    <message>
        <source>Export Leadership List</source>
        <translation>导出工作领导小组名单</translation>
    </message>
    <message>
        <source>The list has unsaved changes. Save them and export?</source>
        <translation>名单有尚未保存的修改。保存后再导出吗？</translation>
    </message>
    <message>
        <source>Leadership group list.xlsx</source>
        <translation>工作领导小组名单.xlsx</translation>
    </message>
    <message>
        <source>The list of {count} people was saved to {path}.</source>
        <translation>{count} 人的名单已保存到 {path}。</translation>
    </message>
    <message>
        <source>Writing the list…</source>
        <translation>正在生成名单……</translation>
    </message>
    <message>
        <source>Discard the changes that were not saved?</source>
        <translation>放弃尚未保存的修改吗？</translation>
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
    <name>LocationDialog</name>
    <message>
        <source>The data folder is not on a local disk</source>
        <translation>数据文件夹不在本机磁盘上</translation>
    </message>
    <message>
        <source>The data folder {root} is on a removable disk (USB stick, external disk or memory card). A database there is easily damaged when the disk is pulled out or loses power while it is written.</source>
        <translation>数据文件夹“{root}”在可移动磁盘（U 盘、移动硬盘或存储卡）上。写入时拔出磁盘或断电，数据库容易损坏。</translation>
    </message>
    <message>
        <source>The data folder {root} is on a network share or a mapped network drive. File locking is unreliable there, and the database can be damaged.</source>
        <translation>数据文件夹“{root}”在网络共享或映射的网络驱动器上。那里的文件锁定不可靠，数据库可能损坏。</translation>
    </message>
    <message>
        <source>Move the data to this computer&apos;s data folder (the original folder is left as it is), or open it read-only to view, export and print.</source>
        <translation>请把数据移到本机的数据文件夹（原来的文件夹保持不变），或以只读方式打开，用于查看、导出和打印。</translation>
    </message>
    <message>
        <source>Move to the local data folder ({folder})</source>
        <translation>移动到本机数据文件夹（{folder}）</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>以只读方式打开</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Copying the data folder to this computer…</source>
        <translation>正在把数据文件夹复制到本机…</translation>
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
        <extracomment>只读模式: a banner above the tabs; write actions stay, their services refuse.</extracomment>
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
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
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
        <source>Counties</source>
        <extracomment>&quot;county&quot;, &quot;school&quot; (made from a school kit) or &quot;city&quot;.</extracomment>
        <translation>各区县</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>&amp;Import Package…</source>
        <translation>导入数据包(&amp;I)…</translation>
    </message>
    <message>
        <source>Check a package from another office and take it in</source>
        <translation>检查其他单位发来的数据包并导入</translation>
    </message>
    <message>
        <source>Make &amp;School Kit…</source>
        <translation>生成学校工作包(&amp;S)…</translation>
    </message>
    <message>
        <source>The package a school&apos;s coordinator works offline with</source>
        <translation>供学校管理员离线使用的工作包</translation>
    </message>
    <message>
        <source>Make County &amp;Return…</source>
        <translation>生成区县退回包(&amp;R)…</translation>
    </message>
    <message>
        <source>The review decisions on a school&apos;s batch, back to the school</source>
        <translation>把对学校考核批次的审核结果发回学校</translation>
    </message>
    <message>
        <source>Make County Re&amp;port…</source>
        <translation>生成区县上报包(&amp;P)…</translation>
    </message>
    <message>
        <source>The county&apos;s hours and assessment results for the city</source>
        <translation>本区县的学时和考核结果，报送地市</translation>
    </message>
    <message>
        <source>Make Assessment &amp;Submission…</source>
        <translation>生成考核上报包(&amp;S)…</translation>
    </message>
    <message>
        <source>This school&apos;s submitted batch, for the county&apos;s review</source>
        <translation>本校已提交的考核批次，报区县审核</translation>
    </message>
    <message>
        <source>Package Re&amp;cords…</source>
        <translation>数据包记录(&amp;C)…</translation>
    </message>
    <message>
        <source>Every package made, taken in or refused</source>
        <translation>所有生成、导入和被拒绝的数据包</translation>
    </message>
    <message>
        <source>&amp;Keys…</source>
        <translation>密钥管理(&amp;K)…</translation>
    </message>
    <message>
        <source>This office&apos;s key fingerprints and the other offices&apos; keys</source>
        <translation>本单位的密钥指纹和已登记的其他单位公钥</translation>
    </message>
    <message>
        <source>&amp;Packages</source>
        <translation>数据包(&amp;P)</translation>
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
        <source>Backed up automatically</source>
        <translation>已自动备份</translation>
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
        <source>Annual &amp;Targets…</source>
        <translation>年度目标(&amp;T)…</translation>
    </message>
    <message>
        <source>Planned teachers per year and level</source>
        <translation>各年度、各级别的计划培训人数</translation>
    </message>
    <message>
        <source>&amp;Export Statistics…</source>
        <translation>导出统计表(&amp;E)…</translation>
    </message>
    <message>
        <source>Every table of the Statistics tab in one Excel workbook</source>
        <translation>统计页的全部表格导出为一个 Excel 工作簿</translation>
    </message>
    <message>
        <source>&amp;Print Briefing…</source>
        <translation>打印简报(&amp;P)…</translation>
    </message>
    <message>
        <source>The one-page county briefing as a PDF</source>
        <translation>一页纸的区县工作简报（PDF）</translation>
    </message>
    <message>
        <source>&amp;Statistics</source>
        <translation>统计(&amp;S)</translation>
    </message>
    <message>
        <source>Annual Training Plan Table…</source>
        <translation>市、县级培训年度计划表…</translation>
    </message>
    <message>
        <source>Annual Plan…</source>
        <translation>年度规划书…</translation>
    </message>
    <message>
        <source>Pilot School Summary…</source>
        <translation>试点单位信息汇总表…</translation>
    </message>
    <message>
        <source>Leadership Group List…</source>
        <translation>工作领导小组名单…</translation>
    </message>
    <message>
        <source>Import Annual Training Plan Table…</source>
        <translation>导入年度计划表…</translation>
    </message>
    <message>
        <source>Import Leadership Group List…</source>
        <translation>导入领导小组名单…</translation>
    </message>
    <message>
        <source>&amp;Certificate Register…</source>
        <translation>证书管理(&amp;C)…</translation>
    </message>
    <message>
        <source>Issue, print, void and reissue certificates; the print log</source>
        <translation>发放、打印、作废、补发合格证书；打印记录</translation>
    </message>
    <message>
        <source>&amp;Verify Certificate…</source>
        <translation>核验证书(&amp;V)…</translation>
    </message>
    <message>
        <source>Check a certificate&apos;s verification code or QR code</source>
        <translation>核验证书上的验证码或二维码</translation>
    </message>
    <message>
        <source>Certificate &amp;Layout…</source>
        <translation>证书版式(&amp;L)…</translation>
    </message>
    <message>
        <source>Serial numbers, issuing unit and print offsets</source>
        <translation>证书编号格式、发证单位和套打偏移</translation>
    </message>
    <message>
        <source>&amp;Certificates</source>
        <translation>证书(&amp;C)</translation>
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
        <source>NLTS Desktop — {school} ({code}), {region}</source>
        <translation>NLTS Desktop — {school}（{code}），{region}</translation>
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
        <source>{count} counties reported</source>
        <translation>已有 {count} 个区县上报</translation>
    </message>
    <message>
        <source>{schools} schools, {teachers} teachers ({active} active)</source>
        <translation>学校 {schools} 所，教师 {teachers} 名（在职 {active} 名）</translation>
    </message>
</context>
<context>
    <name>MakePackageDialog</name>
    <message>
        <source>Make School Kit</source>
        <translation>生成学校工作包</translation>
    </message>
    <message>
        <source>Make County Return</source>
        <translation>生成区县退回包</translation>
    </message>
    <message>
        <source>Make Assessment Submission</source>
        <translation>生成考核上报包</translation>
    </message>
    <message>
        <source>Make County Report</source>
        <translation>生成区县上报包</translation>
    </message>
    <message>
        <source>The school kit carries the school&apos;s teachers, plan and assessment with this county&apos;s rules. The school&apos;s coordinator creates the school&apos;s workspace from it and enters the scores offline.</source>
        <translation>学校工作包包含该校的教师、校本研修方案和考核数据，以及本区县的规则。学校管理员用它建立学校工作区，在校内离线录入考核成绩。</translation>
    </message>
    <message>
        <source>The county return carries the review decisions on a school&apos;s batch back to the school: approved results are locked there, returned ones open for correction.</source>
        <translation>区县退回包把对学校考核批次的审核结果发回学校：审核通过的结果在学校锁定，退回的结果可由学校修改。</translation>
    </message>
    <message>
        <source>The assessment submission carries this school&apos;s submitted batch (points, evidence descriptions and grades) to the county for review.</source>
        <translation>考核上报包把本校已提交的考核批次（能力点、证据材料说明和成绩）报送区县审核。</translation>
    </message>
    <message>
        <source>The county report carries every school&apos;s hours and assessment results, with the summary forms and a cover report, to the city.</source>
        <translation>区县上报包把各学校的学时和考核结果，连同汇总表和封面报告，报送地市。</translation>
    </message>
    <message>
        <source>Also put the evidence files in the package</source>
        <translation>同时放入证据材料文件</translation>
    </message>
    <message>
        <source>I have checked this fingerprint with the city by phone: it matches</source>
        <translation>我已与地市电话核对指纹，一致</translation>
    </message>
    <message>
        <source>&amp;School:</source>
        <translation>学校(&amp;S)：</translation>
    </message>
    <message>
        <source>Optional: a note for the county, e.g. where the works are published</source>
        <translation>选填：给区县的说明，如作品公示的位置</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Without the files only their names, sizes and checksums travel; with them the package can be large.</source>
        <translation>不放入时只报送文件名、大小和校验值；放入材料文件后上报包可能较大。</translation>
    </message>
    <message>
        <source>Optional: the city&apos;s public key file</source>
        <translation>选填：地市的公钥文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>City key:</source>
        <translation>地市公钥：</translation>
    </message>
    <message>
        <source>Make…</source>
        <translation>生成…</translation>
    </message>
    <message>
        <source>No school has active teachers to put in a kit.</source>
        <translation>没有学校登记了在职教师，无法生成工作包。</translation>
    </message>
    <message>
        <source>No school&apos;s batch has been decided (returned or approved) yet: there is nothing to send back.</source>
        <translation>还没有学校的考核批次作出审核决定（退回或通过），没有可以发回学校的内容。</translation>
    </message>
    <message>
        <source>the city</source>
        <translation>地市</translation>
    </message>
    <message>
        <source>This key belongs to {unit}, not to this county&apos;s upper office {parent}.</source>
        <translation>这个公钥属于{unit}，不是本区县的上级{parent}。</translation>
    </message>
    <message>
        <source>Key of {unit}: it is registered and the report encrypted to it. Check its fingerprint with the city first:</source>
        <translation>{unit}的公钥：生成时将登记该公钥，并用它加密上报包。请先与地市电话核对指纹：</translation>
    </message>
    <message>
        <source>The key of {parent} is registered: the report will be encrypted.</source>
        <translation>已登记{parent}的公钥：上报包将加密。</translation>
    </message>
    <message>
        <source>The key of {parent} is not registered: without its key file the report is not encrypted, although it holds ID numbers.</source>
        <translation>尚未登记{parent}的公钥：不选择公钥文件，上报包将不加密，而包内含有教师身份证号。</translation>
    </message>
    <message>
        <source>City&apos;s Public Key</source>
        <translation>地市的公钥</translation>
    </message>
    <message>
        <source>Public key files (*.nltskey);;All files (*)</source>
        <translation>公钥文件 (*.nltskey);;所有文件 (*)</translation>
    </message>
    <message>
        <source>School kit-{unit}-{date}.nltspkg</source>
        <translation>学校工作包-{unit}-{date}.nltspkg</translation>
    </message>
    <message>
        <source>County return-{unit}-{date}.nltspkg</source>
        <translation>区县退回包-{unit}-{date}.nltspkg</translation>
    </message>
    <message>
        <source>Assessment submission-{unit}-{date}.nltspkg</source>
        <translation>考核上报包-{unit}-{date}.nltspkg</translation>
    </message>
    <message>
        <source>County report-{unit}-{date}.nltspkg</source>
        <translation>区县上报包-{unit}-{date}.nltspkg</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>正在生成数据包……</translation>
    </message>
    <message>
        <source>the upper office</source>
        <translation>上级单位</translation>
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
    <name>PackageDialogs</name>
    <message>
        <source>{name} ({code})</source>
        <translation>{name}（{code}）</translation>
    </message>
    <message>
        <source>Import Package</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <source>NLTS packages (*.nltspkg);;All files (*)</source>
        <translation>数据包 (*.nltspkg);;所有文件 (*)</translation>
    </message>
    <message>
        <source>NLTS packages (*.nltspkg)</source>
        <translation>数据包 (*.nltspkg)</translation>
    </message>
    <message>
        <source>Checking the package…</source>
        <translation>正在检查数据包……</translation>
    </message>
</context>
<context>
    <name>PackageImportDialog</name>
    <message>
        <source>Import Package</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Sender:</source>
        <translation>发送单位：</translation>
    </message>
    <message>
        <source>Sequence:</source>
        <translation>序号：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>生成时间：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Encrypted:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>Yes (only this office can open it)</source>
        <translation>是（只有本单位能打开）</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Already imported: importing it again changes nothing.</source>
        <translation>已导入过，再次导入不会改变任何数据。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>What importing changes</source>
        <translation>导入后的变化</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>{count} {unit}</source>
        <translation>{count} {unit}</translation>
    </message>
    <message>
        <source>{count} conflicts with this office&apos;s own changes: nothing will be imported until they are resolved.</source>
        <translation>与本单位自己的修改有 {count} 处冲突：解决之前不会导入任何内容。</translation>
    </message>
    <message>
        <source>The sender&apos;s signing key</source>
        <translation>发送单位的签名密钥</translation>
    </message>
    <message>
        <source>{status}: a package signed with it cannot be imported.</source>
        <translation>{status}：用它签名的数据包不能导入。</translation>
    </message>
    <message>
        <source>Phone the sending office and have them read out their signing fingerprint (Packages ▸ Keys…), group by group. Import only if every group matches.</source>
        <translation>请打电话给发送单位，请对方在“数据包 ▸ 密钥管理”中读出签名指纹，逐组核对。每一组都一致时才导入。</translation>
    </message>
    <message>
        <source>I have checked the fingerprint with the sender by phone: it matches</source>
        <translation>我已与发送单位电话核对指纹，一致</translation>
    </message>
    <message>
        <source>Importing the package…</source>
        <translation>正在导入数据包……</translation>
    </message>
    <message>
        <source>{title} had already been imported: nothing was changed.</source>
        <translation>{title}已导入过，没有改变任何数据。</translation>
    </message>
    <message>
        <source>{title} was imported: {summary} ({unit}).</source>
        <translation>{title}已导入：{summary}（单位：{unit}）。</translation>
    </message>
</context>
<context>
    <name>PackageLedgerDialog</name>
    <message>
        <source>Package Records</source>
        <translation>数据包记录</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载……</translation>
    </message>
    <message>
        <source>Copy All</source>
        <translation>复制全部</translation>
    </message>
    <message>
        <source>Copy every row, to paste into Excel</source>
        <translation>复制所有记录，可粘贴到 Excel</translation>
    </message>
    <message>
        <source>{count} records, newest first.</source>
        <translation>共 {count} 条记录，最新的在前。</translation>
    </message>
</context>
<context>
    <name>PackageLedgerModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>已生成</translation>
    </message>
</context>
<context>
    <name>PackageWrittenDialog</name>
    <message>
        <source>Package Written</source>
        <translation>数据包已生成</translation>
    </message>
    <message>
        <source>The package for {receiver} was written.</source>
        <translation>发给{receiver}的数据包已生成。</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Encrypted: only {receiver} can open it.</source>
        <translation>已加密：只有{receiver}能打开。</translation>
    </message>
    <message>
        <source>NOT encrypted: the upper office&apos;s public key is not registered. The package holds the teachers&apos; ID numbers and names: hand it over in person on the office&apos;s own USB stick, never by chat or e-mail. Register the upper office&apos;s key (Packages ▸ Keys…) and make the report again to have it encrypted.</source>
        <translation>没有加密：尚未登记上级单位的公钥。上报包内有教师的身份证号和姓名，请用单位自己的U盘当面交接，不要通过聊天软件或电子邮件发送。登记上级单位的公钥（数据包 ▸ 密钥管理）后重新生成，上报包即会加密。</translation>
    </message>
    <message>
        <source>Not encrypted (the receiver&apos;s public key is not registered here); it is signed, so any change on the way is detected.</source>
        <translation>未加密（本单位尚未登记对方的公钥）；数据包已签名，途中的任何改动都会被发现。</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>When the receiver takes it in for the first time, read them this office&apos;s signing fingerprint over the phone:</source>
        <translation>对方第一次导入时，请电话向对方读出本单位的签名指纹：</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>School-Based Training Plan</source>
        <translation>校本研修方案</translation>
    </message>
    <message>
        <source>Ability point</source>
        <translation>能力点</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必选</translation>
    </message>
    <message>
        <source>Tick the points of the chosen environments that the plan covers; tick Required for the points every teacher should choose.</source>
        <translation>勾选方案包含的能力点（仅列出已选环境的能力点）；每位教师都应选择的能力点，请再勾选“必选”。</translation>
    </message>
    <message>
        <source>e.g. 2022 school-based training plan</source>
        <translation>例如：2022年校本研修方案</translation>
    </message>
    <message>
        <source>File name or where it is kept</source>
        <translation>文件名或存放位置</translation>
    </message>
    <message>
        <source>e.g. Rules for assessing ability points</source>
        <translation>例如：微能力点考核细则</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>ICT environment</source>
        <translation>信息化教学环境</translation>
    </message>
    <message>
        <source>School-based training plan</source>
        <translation>校本研修方案</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Assessment rules</source>
        <translation>考核细则</translation>
    </message>
    <message>
        <source>County approval</source>
        <translation>区县审批</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Return for Changes…</source>
        <translation>退回修改…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Ability points in the plan</source>
        <translation>方案中的能力点</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>School-Based Training Plan: {school} ({cycle})</source>
        <translation>校本研修方案：{school}（{cycle} 年度）</translation>
    </message>
    <message>
        <source>{name} ({code}), cycle {cycle}</source>
        <translation>{name}（{code}），{cycle} 年度</translation>
    </message>
    <message>
        <source>Not filled in yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>{who}, {when}</source>
        <translation>{who}，{when}</translation>
    </message>
    <message>
        <source>Choose at least one ICT environment (multimedia, mixed or smart learning environment).</source>
        <translation>请至少选择一种信息化教学环境（多媒体教学环境、混合学习环境或智慧学习环境）。</translation>
    </message>
    <message>
        <source>The school has not saved a plan with a title yet: nothing to approve.</source>
        <translation>学校尚未保存带标题的校本研修方案，暂时无法审批。</translation>
    </message>
    <message>
        <source>Save the changes first: the county approves the saved plan.</source>
        <translation>请先保存修改：区县审批的是已保存的方案。</translation>
    </message>
    <message>
        <source>Your account can view the plan but not change it.</source>
        <translation>您的账号只能查看方案，不能修改。</translation>
    </message>
    <message>
        <source>The school fills in the plan; you can approve it or return it for changes.</source>
        <translation>方案由学校填写，您可以批准或退回修改。</translation>
    </message>
    <message>
        <source>The county has approved this plan: saving the changes sends it back for approval.</source>
        <translation>该方案已经区县批准；保存修改后需由区县重新审批。</translation>
    </message>
    <message>
        <source>Saving the plan…</source>
        <translation>正在保存方案…</translation>
    </message>
    <message>
        <source>Approving the plan…</source>
        <translation>正在批准方案…</translation>
    </message>
    <message>
        <source>Returning the plan…</source>
        <translation>正在退回方案…</translation>
    </message>
</context>
<context>
    <name>PlanGrid</name>
    <message>
        <source>Total typed in: checked against the levels when saving</source>
        <extracomment>The totals were added up again (after any change of a count). Whether the 合计 column takes a typed total (checked by the service on saving).</extracomment>
        <translation>手工填写的合计：保存时与各级别之和核对</translation>
    </message>
    <message>
        <source>Added up from the levels</source>
        <translation>由各级别人数自动相加</translation>
    </message>
</context>
<context>
    <name>PlanReturnDialog</name>
    <message>
        <source>Return the Plan: {school}</source>
        <translation>退回方案：{school}</translation>
    </message>
    <message>
        <source>Why is the plan returned? The school reads this reason, so say what it should change.</source>
        <translation>为什么退回该方案？学校会看到这条理由，请写明需要修改的地方。</translation>
    </message>
    <message>
        <source>e.g. The scoring rules do not say how the video clips are graded.</source>
        <translation>例如：考核细则未写明视频片段的评分办法。</translation>
    </message>
    <message>
        <source>Return for Changes</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Enter the reason for returning the plan.</source>
        <translation>请填写退回方案的理由。</translation>
    </message>
    <message>
        <source>The reason is {count} characters long; keep it within {most}.</source>
        <translation>理由有 {count} 字，请控制在 {most} 字以内。</translation>
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
    <name>PrintLogDialog</name>
    <message>
        <source>Certificate Print Log</source>
        <translation>证书打印记录</translation>
    </message>
    <message>
        <source>No certificate has been printed yet.</source>
        <translation>还没有打印过证书。</translation>
    </message>
</context>
<context>
    <name>PrintLogTableModel</name>
    <message>
        <source>Printed at</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>张数</translation>
    </message>
    <message>
        <source>First serial</source>
        <translation>起始编号</translation>
    </message>
    <message>
        <source>Last serial</source>
        <translation>截止编号</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>(several schools)</source>
        <translation>（多所学校）</translation>
    </message>
    <message>
        <source>Pre-printed</source>
        <translation>预印证书纸</translation>
    </message>
    <message>
        <source>Blank</source>
        <translation>白纸</translation>
    </message>
</context>
<context>
    <name>ProblemListDialog</name>
    <message>
        <source>Copy List</source>
        <translation>复制清单</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>Read-only: the database file or its disk cannot be written. You can view, export and print, but not change anything.</source>
        <translation>只读模式：数据库文件或所在磁盘不可写，可以查看、导出和打印，不能修改。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Required: the school will read this reason.</source>
        <translation>必填：学校会看到这条理由。</translation>
    </message>
    <message>
        <source>Reasons for individual teachers (optional)</source>
        <translation>针对个别教师的理由（选填）</translation>
    </message>
    <message>
        <source>What this teacher should correct</source>
        <translation>该教师需要更正或补交的内容</translation>
    </message>
    <message>
        <source>The reason is too long ({count} characters): keep it within {limit}.</source>
        <translation>理由过长（{count} 字），请控制在 {limit} 字以内。</translation>
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
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset Password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Set a new password for “{name}” ({username}) and tell it to them in person. The account is unlocked too.</source>
        <translation>为“{name}”（{username}）设置新密码，并当面告诉本人。账号会同时解锁。</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Saving the password…</source>
        <translation>正在保存密码……</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <source>School code</source>
        <translation>学校标识码</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>提交人</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师数</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
</context>
<context>
    <name>ReviewResultsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Points and grades</source>
        <translation>能力点与等级</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>考核结果</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需关注</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>not graded</source>
        <translation>未评</translation>
    </message>
    <message>
        <source>Not complete</source>
        <translation>未评完</translation>
    </message>
    <message>
        <source>Not submitted</source>
        <translation>未提交</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Waiting for review</source>
        <extracomment>The kinds of change (``Changes``) after which the queue and the school view reload.</extracomment>
        <translation>待审核</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Sampling Checks…</source>
        <translation>抽样检查…</translation>
    </message>
    <message>
        <source>Export Summary…</source>
        <translation>导出汇总…</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Approve All Clean Results</source>
        <translation>通过全部无问题结果</translation>
    </message>
    <message>
        <source>Approve every waiting result with nothing to look at; results that need attention are held.</source>
        <translation>通过所有无需关注的待审核结果；需关注的结果将被暂缓。</translation>
    </message>
    <message>
        <source>Approve Selected</source>
        <translation>通过所选</translation>
    </message>
    <message>
        <source>Hold Selected…</source>
        <translation>暂缓所选…</translation>
    </message>
    <message>
        <source>Return to School…</source>
        <translation>退回学校…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <source>Print Review Record…</source>
        <translation>打印审核记录…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{shown} of {total} batches</source>
        <translation>显示 {shown} 个批次，共 {total} 个</translation>
    </message>
    <message>
        <source>Choose a school in the queue to review its results.</source>
        <translation>请在上方列表中选择一所学校，查看并审核其考核结果。</translation>
    </message>
    <message>
        <source>{school} ({code}) — {cycle} assessment batch: {state}</source>
        <translation>{school}（{code}）— {cycle}年度考核批次：{state}</translation>
    </message>
    <message>
        <source>Submitted {when} by {who}.</source>
        <translation>{who} 于 {when} 提交。</translation>
    </message>
    <message>
        <source>Last decided {when} by {who}.</source>
        <translation>{who} 于 {when} 作出最近一次审核决定。</translation>
    </message>
    <message>
        <source>Returned: {reason}</source>
        <translation>退回理由：{reason}</translation>
    </message>
    <message>
        <source>{count} results: {approved} approved, {flagged} need attention.</source>
        <translation>共 {count} 人的结果：已通过 {approved} 人，需关注 {flagged} 人。</translation>
    </message>
    <message>
        <source>No history yet.</source>
        <translation>暂无处理记录。</translation>
    </message>
    <message>
        <source>{when}, {who}: reason for {subject}: {reason}</source>
        <translation>{when}，{who}：对{subject}的意见：{reason}</translation>
    </message>
    <message>
        <source>Last change: {when}, {who}: {old} → {new}. Reason: {reason}</source>
        <translation>最近处理：{when}，{who}：{old} → {new}。理由：{reason}</translation>
    </message>
    <message>
        <source>Last change: {when}, {who}: {old} → {new}.</source>
        <translation>最近处理：{when}，{who}：{old} → {new}。</translation>
    </message>
    <message>
        <source>{when}, {who}: {old} → {new}. Reason: {reason}</source>
        <translation>{when}，{who}：{old} → {new}。理由：{reason}</translation>
    </message>
    <message>
        <source>{when}, {who}: {old} → {new}.</source>
        <translation>{when}，{who}：{old} → {new}。</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Choose a school in the queue first.</source>
        <translation>请先在列表中选择一所学校。</translation>
    </message>
    <message>
        <source>{approved} approved, {held} held (need attention); practice hours credited to {credited} teachers. Every result is approved: the batch is now locked.</source>
        <translation>{approved} 人已通过，{held} 人暂缓（需关注），已为 {credited} 人认定实践学时。全部结果均已通过，该批次已锁定。</translation>
    </message>
    <message>
        <source>{approved} approved, {held} held (need attention); practice hours credited to {credited} teachers.</source>
        <translation>{approved} 人已通过，{held} 人暂缓（需关注），已为 {credited} 人认定实践学时。</translation>
    </message>
    <message>
        <source>Select the results to approve first (approved ones are skipped).</source>
        <translation>请先选择要通过的结果（已通过的结果会被跳过）。</translation>
    </message>
    <message>
        <source>{name}: {flags}</source>
        <translation>{name}：{flags}</translation>
    </message>
    <message>
        <source>… and {count} more.</source>
        <translation>……另有 {count} 人。</translation>
    </message>
    <message>
        <source>{count} of the selected results need attention:

{lines}

Approve them anyway?</source>
        <translation>所选结果中有 {count} 人需关注：

{lines}

确认仍要通过吗？</translation>
    </message>
    <message>
        <source>{approved} results approved; practice hours credited to {credited} teachers. Every result is approved: the batch is now locked.</source>
        <translation>已通过 {approved} 人的结果，已为 {credited} 人认定实践学时。全部结果均已通过，该批次已锁定。</translation>
    </message>
    <message>
        <source>{approved} results approved; practice hours credited to {credited} teachers.</source>
        <translation>已通过 {approved} 人的结果，已为 {credited} 人认定实践学时。</translation>
    </message>
    <message>
        <source>Hold Selected</source>
        <translation>暂缓所选</translation>
    </message>
    <message>
        <source>Select the results to hold first (approved ones cannot be held).</source>
        <translation>请先选择要暂缓的结果（已通过的结果不能暂缓）。</translation>
    </message>
    <message>
        <source>Hold Results</source>
        <translation>暂缓结果</translation>
    </message>
    <message>
        <source>Set aside the results of {names} until they have been looked at. Why are they held?</source>
        <translation>将{names}的结果暂缓，待进一步核实后再处理。请填写暂缓理由：</translation>
    </message>
    <message>
        <source>Return to School</source>
        <translation>退回学校</translation>
    </message>
    <message>
        <source>Return the batch of {school} to the school for correction. Approved results stay approved and locked; the other {count} results go back to the school. Why is it returned?</source>
        <translation>将{school}的考核批次退回学校更正。已通过的结果保持通过并锁定，其余 {count} 人的结果退回学校。请填写退回理由：</translation>
    </message>
    <message>
        <source>The batch of {school} was returned to the school.</source>
        <translation>{school}的考核批次已退回学校。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>{school} has no approved results: there is nothing to unlock.</source>
        <translation>{school}没有已通过的结果，无需解锁。</translation>
    </message>
    <message>
        <source>Unlock the approved results of {names}? Their credited practice hours are withdrawn and the school can correct them. The reason is logged.</source>
        <translation>确定解锁{names}已通过的结果吗？已认定的实践学时将被撤销，学校可以更正这些结果。解锁理由将记入日志，请填写：</translation>
    </message>
    <message>
        <source>Unlock all {count} approved results of {school}? Their credited practice hours are withdrawn and the school can correct them. The reason is logged.</source>
        <translation>确定解锁{school}全部 {count} 人已通过的结果吗？已认定的实践学时将被撤销，学校可以更正这些结果。解锁理由将记入日志，请填写：</translation>
    </message>
    <message>
        <source>Unlock Approved Results</source>
        <translation>解锁已通过的结果</translation>
    </message>
    <message>
        <source>{count} results were unlocked and returned to the school; their credited practice hours were withdrawn.</source>
        <translation>已解锁 {count} 人的结果并退回学校，已撤销其认定的实践学时。</translation>
    </message>
    <message>
        <source>Export Assessment Summary</source>
        <translation>导出考核汇总表</translation>
    </message>
    <message>
        <source>Assessment summary_{date}.xlsx</source>
        <translation>校本应用考核汇总表_{date}.xlsx</translation>
    </message>
    <message>
        <source>Exporting the assessment summary…</source>
        <translation>正在导出考核汇总表…</translation>
    </message>
    <message>
        <source>The assessment summary was saved to {path}.</source>
        <translation>考核汇总表已保存到 {path}。</translation>
    </message>
    <message>
        <source>Print Review Record</source>
        <translation>打印审核记录</translation>
    </message>
    <message>
        <source>Review record_{school}_{date}.pdf</source>
        <translation>审核记录_{school}_{date}.pdf</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Printing the review record…</source>
        <translation>正在生成审核记录…</translation>
    </message>
    <message>
        <source>The review record ({pages} pages) was saved to {path}.</source>
        <translation>审核记录（共 {pages} 页）已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>SampleChecksModel</name>
    <message>
        <source>School</source>
        <extracomment>(check id, grade value or &quot;&quot; for 待复核, notes)</extracomment>
        <translation>学校</translation>
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
        <source>Point</source>
        <translation>能力点</translation>
    </message>
    <message>
        <source>Original grade</source>
        <translation>原等级</translation>
    </message>
    <message>
        <source>Re-check grade</source>
        <translation>复核等级</translation>
    </message>
    <message>
        <source>Re-check result</source>
        <translation>复核结果</translation>
    </message>
    <message>
        <source>Re-check notes</source>
        <translation>复核意见</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation>复核人</translation>
    </message>
</context>
<context>
    <name>SamplingDialog</name>
    <message>
        <source>Sampling Checks</source>
        <translation>抽样检查</translation>
    </message>
    <message>
        <source>New draw</source>
        <translation>新的抽样</translation>
    </message>
    <message>
        <source>By ratio</source>
        <translation>按比例</translation>
    </message>
    <message>
        <source>Count per school</source>
        <translation>每校个数</translation>
    </message>
    <message>
        <source>Empty: chosen at random</source>
        <translation>留空则随机生成</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机生成</translation>
    </message>
    <message>
        <source>Fill in a random seed (it is recorded).</source>
        <translation>填入一个随机种子（抽样时会记录下来）。</translation>
    </message>
    <message>
        <source>Draw Sample</source>
        <translation>抽样</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Approved results are drawn per school. The same seed draws the same results again.</source>
        <translation>从各校已审核通过的结果中分别抽取。使用相同的随机种子可以重现同样的抽样结果。</translation>
    </message>
    <message>
        <source>Earlier draws</source>
        <translation>历次抽样</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总数</translation>
    </message>
    <message>
        <source>Re-checked</source>
        <translation>已复核</translation>
    </message>
    <message>
        <source>Differing</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>Double-click a re-check grade or note to change it; each change is saved at once.</source>
        <translation>双击复核等级或复核意见即可修改，每次修改会立即保存。</translation>
    </message>
    <message>
        <source>Your account can view the sampling checks but not record them.</source>
        <translation>当前账号只能查看抽样检查，不能录入复核结果。</translation>
    </message>
    <message>
        <source>Print Sampling Record…</source>
        <translation>打印抽样记录…</translation>
    </message>
    <message>
        <source>Drawing the sample…</source>
        <translation>正在抽样…</translation>
    </message>
    <message>
        <source>No draw chosen</source>
        <translation>尚未选择抽样</translation>
    </message>
    <message>
        <source>Draw a sample on the left, or choose an earlier draw.</source>
        <translation>请在左侧进行抽样，或选择一次历史抽样。</translation>
    </message>
    <message>
        <source>Random seed: {seed} (this seed reproduces the draw)</source>
        <translation>随机种子：{seed}（凭此种子可重现本次抽样）</translation>
    </message>
    <message>
        <source>{cycle} assessment, {size}, drawn by {who} at {when}: {total} results, {checked} re-checked, {changed} with a different grade.</source>
        <translation>{cycle}年度考核，{size}，{who} 于 {when} 抽取：共 {total} 个结果，已复核 {checked} 个，复核等级不一致 {changed} 个。</translation>
    </message>
    <message>
        <source>Print Sampling Record</source>
        <translation>打印抽样记录</translation>
    </message>
    <message>
        <source>Sampling record_{date}_seed {seed}.pdf</source>
        <translation>抽样检查记录_{date}_种子{seed}.pdf</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Printing the sampling record…</source>
        <translation>正在生成抽样记录…</translation>
    </message>
    <message>
        <source>The sampling record was saved to {path}.</source>
        <translation>抽样记录已保存到 {path}。</translation>
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
    <name>ScoreGridModel</name>
    <message>
        <source>Point grade: excellent only if every item is excellent, fail if any item fails, otherwise pass.</source>
        <extracomment>What a cell is, for colours and tests (``data(index, CELL_STATE_ROLE)``).</extracomment>
        <translation>能力点等级：全部证据材料为优秀才为优秀，任一材料不合格即为不合格，其余为合格。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Point {n}</source>
        <translation>能力点{n}</translation>
    </message>
    <message>
        <source>Item {n}</source>
        <translation>材料{n}</translation>
    </message>
    <message>
        <source>Grade {n}</source>
        <translation>等级{n}</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>考核结果</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{count} not graded</source>
        <translation>{count} 项未评分</translation>
    </message>
    <message>
        <source>All graded</source>
        <translation>已全部评分</translation>
    </message>
    <message>
        <source>This teacher has no evidence item in this column.</source>
        <translation>该教师在这一列没有证据材料。</translation>
    </message>
    <message>
        <source>{code} {name}
Dimension: {dimension}</source>
        <translation>{code} {name}
维度：{dimension}</translation>
    </message>
    <message>
        <source>Result: fail if any point fails; pending until {count} points are graded; excellent if every point is excellent; otherwise pass.</source>
        <translation>考核结果：任一能力点不合格即为不合格；评定满 {count} 个能力点之前为待定；全部能力点为优秀则为优秀；其余为合格。</translation>
    </message>
    <message>
        <source>The county&apos;s reason: {reason}</source>
        <translation>区县意见：{reason}</translation>
    </message>
    <message>
        <source>{code} {name} ({kind})</source>
        <translation>{code} {name}（{kind}）</translation>
    </message>
    <message>
        <source>At most {minutes} minutes long</source>
        <translation>时长不超过 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Evidence recorded</source>
        <translation>已登记证据材料</translation>
    </message>
    <message>
        <source>No evidence recorded yet: add it with “Evidence…”.</source>
        <translation>尚未登记证据材料：请点击“证据材料…”添加。</translation>
    </message>
    <message>
        <source>Graded {grade} by {assessor} on {date}</source>
        <translation>{assessor} 于 {date} 评为{grade}</translation>
    </message>
    <message>
        <source>This teacher&apos;s results are locked.</source>
        <translation>该教师的考核结果已锁定，不能修改。</translation>
    </message>
</context>
<context>
    <name>ScoreGridView</name>
    <message>
        <source>This teacher has no evidence item in this column.</source>
        <extracomment>A line for the tab&apos;s message label (saved, refused, invalid key).</extracomment>
        <translation>该教师在这一列没有证据材料。</translation>
    </message>
    <message>
        <source>{name}, {item}: grade cleared.</source>
        <translation>{name}，{item}：已清除等级。</translation>
    </message>
    <message>
        <source>{name}, {item}: saved as {grade}.</source>
        <translation>{name}，{item}：已保存为{grade}。</translation>
    </message>
    <message>
        <source>Scores cannot be entered here.</source>
        <translation>此处不能录入成绩。</translation>
    </message>
    <message>
        <source>Cleared {count} grades.</source>
        <translation>已清除 {count} 个等级。</translation>
    </message>
    <message>
        <source>The copied block ({rows} rows × {columns} columns) does not fit into the grid from the current cell, so nothing was pasted. Choose the cell where its first value belongs, or copy a smaller block.</source>
        <translation>复制的区域（{rows} 行 × {columns} 列）从当前单元格开始超出了表格范围，没有粘贴任何内容。请先选中第一个值应放入的单元格，或复制较小的区域。</translation>
    </message>
    <message>
        <source>This teacher has no evidence item in this column; leave it empty.</source>
        <translation>该教师在这一列没有证据材料，请留空。</translation>
    </message>
    <message>
        <source>{count} pasted cells cannot be used, so nothing was saved. They are marked in red: point at one to see why. The first: {problem}</source>
        <translation>有 {count} 个粘贴的单元格无法使用，因此没有保存任何成绩。这些单元格已标为红色，鼠标指向即可查看原因。第一个问题：{problem}</translation>
    </message>
    <message>
        <source>Pasted {count} grades.</source>
        <translation>已粘贴并保存 {count} 个等级。</translation>
    </message>
    <message>
        <source>This column is not a grade: the pasted “{value}” differs from “{shown}”. Leave it empty or paste the same value.</source>
        <translation>这一列不是评分列：粘贴的“{value}”与表中的“{shown}”不一致。请留空，或粘贴与表中相同的内容。</translation>
    </message>
</context>
<context>
    <name>ScoreImportDialog</name>
    <message>
        <source>Import Score Sheet</source>
        <translation>导入成绩表</translation>
    </message>
    <message>
        <source>The score sheet (.xlsx or .xls) the assessment team graded</source>
        <translation>考核小组评好分的成绩表（.xlsx 或 .xls）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>As named in the file&apos;s assessor column</source>
        <translation>不填则以文件“评分人”列为准</translation>
    </message>
    <message>
        <source>Check File</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>评分人</translation>
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
        <source>{school} ({code}), {cycle}: batch {state}</source>
        <translation>{school}（{code}），{cycle}年度，考核批次：{state}</translation>
    </message>
    <message>
        <source>The school&apos;s batch is with the county or approved, so its grades cannot change now: every row would be rejected. Ask the county to return or unlock the batch first.</source>
        <translation>本校考核批次已提交区县或已审核通过，现在不能修改成绩，导入时每一行都会被拒绝。请先请区县退回或解锁考核批次。</translation>
    </message>
    <message>
        <source>Choose the Score Sheet</source>
        <translation>选择成绩表</translation>
    </message>
    <message>
        <source>Choose the score sheet to import first.</source>
        <translation>请先选择要导入的成绩表。</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>{rejected} rows have problems. The sheet is imported whole or not at all: save the error report, fix the rows it lists and check the file again.</source>
        <translation>有 {rejected} 行数据有问题。成绩表只能整体导入：请保存错误报告，按报告逐行修改后重新检查文件。</translation>
    </message>
    <message>
        <source>{file}: {rejected} rows are rejected.</source>
        <translation>{file}：有 {rejected} 行被拒绝，整个文件暂不能导入。</translation>
    </message>
    <message>
        <source>{file}: {teachers} teachers. Points added {added}, grades set {set}, grades cleared {cleared}, unchanged {unchanged}.</source>
        <translation>{file}：教师 {teachers} 人。新增能力点 {added} 个，评定等级 {set} 项，清除等级 {cleared} 项，未变 {unchanged} 项。</translation>
    </message>
    <message>
        <source>{blank} rows without points or grades were skipped.</source>
        <translation>另有 {blank} 行没有填写能力点和等级，已跳过。</translation>
    </message>
    <message>
        <source>Saving the error report…</source>
        <translation>正在保存错误报告…</translation>
    </message>
    <message>
        <source>The error report was saved to {path}.</source>
        <translation>错误报告已保存到“{path}”，修改后可直接重新导入。</translation>
    </message>
    <message>
        <source>Importing grades…</source>
        <translation>正在导入成绩…</translation>
    </message>
    <message>
        <source>Imported: {teachers} teachers, {added} points added, {set} grades set, {cleared} grades cleared, {unchanged} unchanged.</source>
        <translation>导入完成：教师 {teachers} 人，新增能力点 {added} 个，评定等级 {set} 项，清除等级 {cleared} 项，未变 {unchanged} 项。</translation>
    </message>
</context>
<context>
    <name>SectionEditor</name>
    <message>
        <source>{count} of at most {limit} characters</source>
        <translation>已写 {count} 字（最多 {limit} 字）</translation>
    </message>
</context>
<context>
    <name>SelectionDialog</name>
    <message>
        <source>Ability Points: {name}</source>
        <translation>选择能力点：{name}</translation>
    </message>
    <message>
        <source>Choose the ability points {name} practises in class and is assessed on this cycle.</source>
        <translation>请选择{name}本年度在课堂中实践并参加考核的能力点。</translation>
    </message>
    <message>
        <source>Ability point</source>
        <translation>能力点</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>School plan</source>
        <translation>校本方案</translation>
    </message>
    <message>
        <source>Save Selection</source>
        <translation>保存选点</translation>
    </message>
    <message>
        <source>Your account can view the selection but not change it.</source>
        <translation>您的账号只能查看选点，不能修改。</translation>
    </message>
    <message>
        <source>The school has not chosen an ICT environment yet: set it in the school&apos;s plan first.</source>
        <translation>学校尚未选定信息化教学环境，请先在校本研修方案中设置。</translation>
    </message>
    <message>
        <source>At least {points} points covering at least {dimensions} dimensions, from: {environments}.</source>
        <translation>至少选择 {points} 个能力点，覆盖至少 {dimensions} 个维度；可选环境：{environments}。</translation>
    </message>
    <message>
        <source>Points in the school plan</source>
        <translation>校本方案中的能力点</translation>
    </message>
    <message>
        <source>Other points of the school&apos;s environments</source>
        <translation>本校环境的其他能力点</translation>
    </message>
    <message>
        <source>Chosen before, not allowed for this school</source>
        <translation>原已选择、但本校环境不允许的能力点</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必选</translation>
    </message>
    <message>
        <source>Elective</source>
        <translation>自选</translation>
    </message>
    <message>
        <source>Not one of the school&apos;s environments: take this point out.</source>
        <translation>该能力点不属于本校选定的环境，请取消选择。</translation>
    </message>
    <message>
        <source>Meets the requirement: {points} points chosen, covering {dimensions} dimensions</source>
        <translation>符合要求：已选 {points} 个能力点，覆盖 {dimensions} 个维度</translation>
    </message>
    <message>
        <source>Saving the points…</source>
        <translation>正在保存选点…</translation>
    </message>
    <message>
        <source>Take Out Points</source>
        <translation>取消能力点</translation>
    </message>
    <message>
        <source>These points already have grades or evidence. Taking them out deletes their evidence and grades for {name}:

{points}

Take them out?</source>
        <translation>以下能力点已有评分或证据材料。取消后，{name}在这些能力点上的证据材料和评分将被删除：

{points}

确定取消吗？</translation>
    </message>
</context>
<context>
    <name>ServerPassword</name>
    <message>
        <source>Password for the database server %1:</source>
        <translation>数据库服务器 %1 的密码：</translation>
    </message>
    <message>
        <source>The password was not accepted. Password for the database server %1:</source>
        <translation>密码不正确，请重新输入数据库服务器 %1 的密码：</translation>
    </message>
    <message>
        <source>Connect to the database server</source>
        <translation>连接数据库服务器</translation>
    </message>
</context>
<context>
    <name>StartupNotes</name>
    <message>
        <source>When the workspace was opened</source>
        <translation>打开工作区时</translation>
    </message>
</context>
<context>
    <name>StillNeededDialog</name>
    <message>
        <source>all schools</source>
        <translation>全部学校</translation>
    </message>
    <message>
        <source>Teachers Still Needed — {school}</source>
        <translation>尚需达标教师 — {school}</translation>
    </message>
    <message>
        <source>{school}: {teachers} active teachers, {qualified} qualified ({rate}); {needed} more needed to reach the target for {year}. {count} teachers are not qualified yet:</source>
        <translation>{school}：在职教师 {teachers} 人，已达标 {qualified} 人（{rate}），距 {year} 年目标还差 {needed} 人。以下 {count} 名教师尚未达标：</translation>
    </message>
    <message>
        <source>{school}: {teachers} active teachers, {qualified} qualified ({rate}); {needed} more needed to reach the target. {count} teachers are not qualified yet:</source>
        <translation>{school}：在职教师 {teachers} 人，已达标 {qualified} 人（{rate}），距目标还差 {needed} 人。以下 {count} 名教师尚未达标：</translation>
    </message>
    <message>
        <source>{count} teachers of all schools are not qualified yet.</source>
        <translation>全部学校共有 {count} 名教师尚未达标。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Online hours</source>
        <translation>网络研修学时</translation>
    </message>
    <message>
        <source>Practice hours</source>
        <translation>校本实践学时</translation>
    </message>
    <message>
        <source>Counted hours</source>
        <translation>已计学时</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考核情况</translation>
    </message>
    <message>
        <source>Why not qualified</source>
        <translation>未达标原因</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Export Teachers Still Needed</source>
        <translation>导出尚需达标教师</translation>
    </message>
    <message>
        <source>Teachers still needed_{school}_{date}.xlsx</source>
        <translation>尚需达标教师_{school}_{date}.xlsx</translation>
    </message>
    <message>
        <source>Writing the list…</source>
        <translation>正在写入名单…</translation>
    </message>
    <message>
        <source>{count} teachers were saved to {path}.</source>
        <translation>已将 {count} 名教师保存到 {path}。</translation>
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
    <name>TargetsDialog</name>
    <message>
        <source>Annual Targets</source>
        <translation>年度目标</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Planned teachers (people)</source>
        <translation>计划培训教师数（人）</translation>
    </message>
    <message>
        <source>Planned schools to complete (schools)</source>
        <translation>计划完成学校数（所）</translation>
    </message>
    <message>
        <source>Suggest from the Rules</source>
        <translation>按规则建议</translation>
    </message>
    <message>
        <source>The rules&apos; yearly shares of the registered teachers and schools</source>
        <translation>按规则规定的年度比例和在册教师、学校数计算</translation>
    </message>
    <message>
        <source>Import Annual Plan Table…</source>
        <translation>从年度计划表导入…</translation>
    </message>
    <message>
        <source>Read an annual training plan table (Excel) into the table; it is kept with Save</source>
        <translation>读取市、县级培训年度计划表（Excel）填入表格，点击“保存”后生效</translation>
    </message>
    <message>
        <source>{name} (national programme)</source>
        <translation>{name}（国培）</translation>
    </message>
    <message>
        <source>{name} (provincial programme)</source>
        <translation>{name}（省培）</translation>
    </message>
    <message>
        <source>{year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Only a county administrator can change the annual targets.</source>
        <translation>只有区县管理员可以修改年度目标。</translation>
    </message>
    <message>
        <source>The targets of {years} lie outside the rules&apos; programme years and are shown read-only.</source>
        <translation>{years} 年不在规则的工程年份之内，其年度目标只读显示。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{share} of teachers</source>
        <translation>教师的 {share}</translation>
    </message>
    <message>
        <source>{share} of schools</source>
        <translation>学校的 {share}</translation>
    </message>
    <message>
        <source>by the end of {year}: {parts}</source>
        <translation>至 {year} 年底累计完成{parts}</translation>
    </message>
    <message>
        <source>in {year}: {parts}</source>
        <translation>{year} 年完成{parts}</translation>
    </message>
    <message>
        <source>Rules {preset}: {shares}.</source>
        <translation>规则（{preset}）：{shares}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Rules {preset} set no yearly shares.</source>
        <translation>规则（{preset}）未规定年度比例。</translation>
    </message>
    <message>
        <source>Registered: {teachers} active teachers in {schools} schools. Each teacher is planned once over the programme: the years together may not plan more teachers than are registered.</source>
        <translation>在册在职教师 {teachers} 人，有在职教师的学校 {schools} 所。每位教师在工程期内只计划一次：各年度计划人数之和不能超过在册教师数。</translation>
    </message>
    <message>
        <source>The years together plan {planned} teachers, more than the {registered} active teachers registered.</source>
        <translation>各年度计划人数合计 {planned} 人，多于在册在职教师 {registered} 人。</translation>
    </message>
    <message>
        <source>Type the planned numbers per level; the totals add up by themselves. A total typed in by hand is checked against the levels when saving.</source>
        <translation>按级别填写计划人数，合计会自动相加；手工填写的合计在保存时与各级别之和核对。</translation>
    </message>
    <message>
        <source>Saving the targets…</source>
        <translation>正在保存年度目标…</translation>
    </message>
    <message>
        <source>Replace the numbers in the table with the rules&apos; suggestion? Nothing is saved until you click Save.</source>
        <translation>用规则建议的人数替换表格中的数字吗？点击“保存”之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>Check the numbers and click Save to keep them.</source>
        <translation>请核对后点击“保存”。</translation>
    </message>
    <message>
        <source>Import Annual Plan Table</source>
        <translation>导入年度计划表</translation>
    </message>
    <message>
        <source>Reading the plan table…</source>
        <translation>正在读取年度计划表…</translation>
    </message>
    <message>
        <source>The planned teachers of {years} were read from “{file}” (sheet “{sheet}”, {teachers} teachers in all). Check them and click Save to keep them.</source>
        <translation>已从“{file}”（工作表“{sheet}”，教师总数 {teachers} 人）读入 {years} 年的计划培训人数，请核对后点击“保存”。</translation>
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
    <name>ToolsMenu</name>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份与恢复(&amp;B)…</translation>
    </message>
    <message>
        <source>Back up now, restore a backup, and how often and how long backups are kept</source>
        <translation>立即备份、从备份恢复，以及自动备份的间隔和保留期限</translation>
    </message>
    <message>
        <source>&amp;Audit Log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Who changed, imported or exported what and when; check the log is intact</source>
        <translation>谁在何时修改、导入或导出了什么；校验日志是否完整</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>账号管理(&amp;U)…</translation>
    </message>
    <message>
        <source>Add accounts, set their roles, disable, reset passwords, unlock</source>
        <translation>新建账号、设置角色、停用、重置密码、解锁</translation>
    </message>
    <message>
        <source>Change &amp;Password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Change the password of the account you are signed in with</source>
        <translation>修改当前登录账号的密码</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
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
    <name>VerifyCertificateDialog</name>
    <message>
        <source>Verify Certificate</source>
        <translation>核验证书</translation>
    </message>
    <message>
        <source>Type the verification code printed on the certificate (e.g. ABCD EFGH JKLM), or scan its QR code into the field below.</source>
        <translation>请输入证书上印的验证码（如 ABCD EFGH JKLM），或用扫码枪扫描证书上的二维码到下面的输入框。</translation>
    </message>
    <message>
        <source>Verification code or QR code content</source>
        <translation>验证码或二维码内容</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书信息</translation>
    </message>
    <message>
        <source>Serial:</source>
        <translation>证书编号：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <source>Hours:</source>
        <translation>学时：</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>发证单位：</translation>
    </message>
    <message>
        <source>Register state:</source>
        <translation>登记状态：</translation>
    </message>
    <message>
        <source>Checked by:</source>
        <translation>核验方式：</translation>
    </message>
    <message>
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>NOT VALID</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>QR code signature</source>
        <translation>二维码签名</translation>
    </message>
    <message>
        <source>Verification code in this register</source>
        <translation>本工作区证书登记簿中的验证码</translation>
    </message>
    <message>
        <source>Not readable</source>
        <translation>无法识别</translation>
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
<context>
    <name>_Section</name>
    <message>
        <source>Export Image…</source>
        <translation>导出图片…</translation>
    </message>
</context>
</TS>
