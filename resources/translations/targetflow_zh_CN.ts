<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Counts</name>
    <message>
        <source>Org units</source>
        <translation>组织单元</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Periods</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Objectives</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Cascades</source>
        <translation>目标分解</translation>
    </message>
    <message>
        <source>Target nodes</source>
        <translation>目标节点</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Acknowledgements</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Actuals</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Incentive payments</source>
        <translation>激励发放</translation>
    </message>
    <message>
        <source>Logged changes</source>
        <translation>变更记录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
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
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>Create an empty workspace</source>
        <translation>新建一个空工作区</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a workspace file</source>
        <translation>打开工作区文件</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save a copy of this workspace and continue in the copy</source>
        <translation>保存此工作区的副本，并在副本中继续工作</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About TargetFlow</source>
        <translation>关于 TargetFlow(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>TargetFlow workspaces (*.tfw);;All files (*)</source>
        <translation>TargetFlow 工作区 (*.tfw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New Workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>Save Workspace As</source>
        <translation>工作区另存为</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>About TargetFlow</source>
        <translation>关于 TargetFlow</translation>
    </message>
    <message>
        <source>&lt;b&gt;TargetFlow {version}&lt;/b&gt;&lt;br&gt;Dynamic target cascading: from strategy to every region, team and person, offline first.</source>
        <translation>&lt;b&gt;TargetFlow {version}&lt;/b&gt;&lt;br&gt;动态目标分解：把战略分解到每个大区、团队和个人，离线优先。</translation>
    </message>
    <message>
        <source>Working on {name}…</source>
        <translation>正在处理 {name}…</translation>
    </message>
    <message>
        <source>Could not create the workspace “{name}”.</source>
        <translation>无法创建工作区“{name}”。</translation>
    </message>
    <message>
        <source>Could not save a copy as “{name}”.</source>
        <translation>无法另存为“{name}”。</translation>
    </message>
    <message>
        <source>Could not create the demo workspace “{name}”.</source>
        <translation>无法创建演示工作区“{name}”。</translation>
    </message>
    <message>
        <source>Could not open the workspace “{name}”.</source>
        <translation>无法打开工作区“{name}”。</translation>
    </message>
</context>
<context>
    <name>OrgTreeDock</name>
    <message>
        <source>Organisation</source>
        <translation>组织架构</translation>
    </message>
</context>
<context>
    <name>OrgTreeModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Headcount</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Project team</source>
        <translation>项目组</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>“System default” follows the language of your computer. The change applies at once.</source>
        <translation>“跟随系统”使用计算机的语言。更改立即生效。</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>No workspace is open</source>
        <translation>没有打开的工作区</translation>
    </message>
    <message>
        <source>Create a new workspace or open an existing one.</source>
        <translation>新建一个工作区，或打开已有的工作区。</translation>
    </message>
    <message>
        <source>New Workspace…</source>
        <translation>新建工作区…</translation>
    </message>
    <message>
        <source>Open Workspace…</source>
        <translation>打开工作区…</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>Periods</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Objectives</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>{code}    {start} – {end}    {weeks} weeks</source>
        <translation>{code}    {start} 至 {end}    共 {weeks} 周</translation>
    </message>
    <message>
        <source>No periods yet</source>
        <translation>尚无周期</translation>
    </message>
    <message>
        <source>No objectives yet</source>
        <translation>尚无目标</translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusBar</name>
    <message>
        <source>No workspace</source>
        <translation>未打开工作区</translation>
    </message>
</context>
</TS>
