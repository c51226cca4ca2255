<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertPanel</name>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Deviation</source>
        <translation>偏离</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Mark action taken</source>
        <translation>标记已执行动作</translation>
    </message>
    <message>
        <source>Open alerts ({count})</source>
        <translation>未关闭预警（{count}）</translation>
    </message>
    <message>
        <source>No open alert here.</source>
        <translation>此处没有未关闭的预警。</translation>
    </message>
    <message>
        <source>Taken {when}: {action}</source>
        <translation>{when} 已执行：{action}</translation>
    </message>
    <message>
        <source>No action pack applies.</source>
        <translation>没有适用的建议动作包。</translation>
    </message>
    <message>
        <source>Action taken (own action)</source>
        <translation>已执行动作（自定动作）</translation>
    </message>
    <message>
        <source>Open alerts as of {day} ({count})</source>
        <translation>截至{day}的未关闭预警（{count}）</translation>
    </message>
    <message>
        <source>Read-only history: alerts are acknowledged and acted on in the latest month, {month}.</source>
        <translation>只读的历史记录：预警只能在最近月份（{month}）中确认和处理。</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>未关闭预警</translation>
    </message>
    <message>
        <source>Could not read the alert history: {problem}</source>
        <translation>无法读取预警历史：{problem}</translation>
    </message>
    <message>
        <source>Reading the alert history…</source>
        <translation>正在读取预警历史…</translation>
    </message>
</context>
<context>
    <name>CascadeCanvas</name>
    <message>
        <source>“{name}” already has a parent — drag its edge to move it.</source>
        <translation>“{name}”已有上级——请拖动它的连线来移动它。</translation>
    </message>
    <message>
        <source>Local factor missing</source>
        <translation>缺少本地因子</translation>
    </message>
    <message>
        <source>Local weights are all zero</source>
        <translation>本地权重全为零</translation>
    </message>
    <message>
        <source>Every share is zero</source>
        <translation>所有分配份额均为零</translation>
    </message>
    <message>
        <source>Locked targets exceed the parent&apos;s</source>
        <translation>锁定目标超过上级目标</translation>
    </message>
    <message>
        <source>Locked targets do not add up</source>
        <translation>锁定目标合计不符</translation>
    </message>
    <message>
        <source>Top target missing</source>
        <translation>缺少顶层目标</translation>
    </message>
    <message>
        <source>Allocation column missing</source>
        <translation>缺少分配列</translation>
    </message>
    <message>
        <source>Allocation key missing</source>
        <translation>缺少分配依据</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>进度正常</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>有风险</translation>
    </message>
    <message>
        <source>off track</source>
        <translation>偏离目标</translation>
    </message>
    <message>
        <source>outdated (no recent actuals)</source>
        <translation>已过时（近期无实际值）</translation>
    </message>
    <message>
        <source>Pace: {status}</source>
        <translation>进度：{status}</translation>
    </message>
    <message>
        <source>Health: {score}</source>
        <translation>健康度：{score}</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Health {score}</source>
        <translation>健康度 {score}</translation>
    </message>
    <message>
        <source>{count} units below</source>
        <translation>下属 {count} 个单位</translation>
    </message>
    <message>
        <source>{count} with problems</source>
        <translation>{count} 个有问题</translation>
    </message>
</context>
<context>
    <name>CascadeControls</name>
    <message>
        <source>Designer</source>
        <translation>设计器</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Write the cascade&apos;s changes to the workspace</source>
        <translation>将目标分解的修改写入工作区</translation>
    </message>
    <message>
        <source>&amp;What-if</source>
        <translation>假设分析(&amp;W)</translation>
    </message>
    <message>
        <source>Compare the cascade with the published version before publishing</source>
        <translation>发布前将目标分解与已发布版本对比</translation>
    </message>
    <message>
        <source>&amp;Publish…</source>
        <translation>发布(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Cascade</source>
        <translation>目标分解(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Arrange</source>
        <translation>排列(&amp;A)</translation>
    </message>
    <message>
        <source>Saved: {count} change(s) written to the workspace.</source>
        <translation>已保存：{count} 项修改已写入工作区。</translation>
    </message>
    <message>
        <source>Published version {number}.</source>
        <translation>已发布版本 {number}。</translation>
    </message>
    <message>
        <source>Could not save the cascade.</source>
        <translation>无法保存目标分解。</translation>
    </message>
    <message>
        <source>Could not publish the cascade.</source>
        <translation>无法发布目标分解。</translation>
    </message>
    <message>
        <source>Could not load the cascade.</source>
        <translation>无法加载目标分解。</translation>
    </message>
    <message>
        <source>The autosaved changes could not be read.</source>
        <translation>无法读取自动保存的修改。</translation>
    </message>
    <message>
        <source>Could not write the recovery file.</source>
        <translation>无法写入恢复文件。</translation>
    </message>
    <message>
        <source>This cascade has changes that were not saved when TargetFlow last closed.</source>
        <translation>TargetFlow 上次关闭时，此目标分解有未保存的修改。</translation>
    </message>
    <message>
        <source>Autosaved at {time}. Recover them? (You can undo the recovery, or save to keep it.)</source>
        <translation>自动保存于 {time}。要恢复这些修改吗？（恢复后可撤销，保存即可保留。）</translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Save the changes to the cascade before closing?</source>
        <translation>关闭前保存对目标分解的更改吗？</translation>
    </message>
    <message>
        <source>If you discard them, the unsaved changes are lost.</source>
        <translation>如果放弃，未保存的更改将丢失。</translation>
    </message>
    <message>
        <source>{count} unit(s) get new targets.</source>
        <translation>{count} 个单位将获得新目标。</translation>
    </message>
    <message>
        <source>{unit} — {metric}</source>
        <translation>{unit} — {metric}</translation>
    </message>
</context>
<context>
    <name>CascadeDesign</name>
    <message>
        <source>A unit cannot be its own parent.</source>
        <translation>单位不能是自己的上级。</translation>
    </message>
    <message>
        <source>“{child}” is above “{parent}” in the cascade: putting it underneath would make a loop.</source>
        <translation>在目标分解中“{child}”位于“{parent}”之上：将其放到下面会形成循环。</translation>
    </message>
    <message>
        <source>“{child}” is already under “{parent}”.</source>
        <translation>“{child}”已经隶属“{parent}”。</translation>
    </message>
</context>
<context>
    <name>CascadeScene</name>
    <message>
        <source>The cascade is still loading: this card opens in a moment.</source>
        <translation>分解仍在加载：此卡片稍后即可展开。</translation>
    </message>
</context>
<context>
    <name>CaseFigureCards</name>
    <message>
        <source>{scope}, {period}</source>
        <translation>{scope}，{period}</translation>
    </message>
    <message>
        <source>{scope}: {before} in {previous} → &lt;span style=&apos;color:{colour}&apos;&gt;&lt;b&gt;{change}&lt;/b&gt;&lt;/span&gt;</source>
        <translation>{scope}：{previous} 为 {before} → &lt;span style=&apos;color:{colour}&apos;&gt;&lt;b&gt;{change}&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Impact on the company figure: share of its actual</source>
        <translation>对公司指标的贡献：占公司实际值的比例</translation>
    </message>
    <message>
        <source>The company itself: select a region, team or person to see its contribution.</source>
        <translation>这是公司本身：选择大区、团队或个人可查看其贡献。</translation>
    </message>
    <message>
        <source>{metric}: moves it &lt;b&gt;{points}&lt;/b&gt; pts</source>
        <translation>{metric}：使其变动 &lt;b&gt;{points}&lt;/b&gt; 个百分点</translation>
    </message>
    <message>
        <source>{metric}: &lt;b&gt;{share}&lt;/b&gt;</source>
        <translation>{metric}：&lt;b&gt;{share}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Impact of the deal on the company figure</source>
        <translation>该商机对公司指标的贡献</translation>
    </message>
    <message>
        <source>Won by {owner}: {impacts}</source>
        <translation>由{owner}赢单：{impacts}</translation>
    </message>
</context>
<context>
    <name>ChooseFilePage</name>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>A CSV or Excel (.xlsx) file; nothing is written until the last step.</source>
        <translation>CSV 或 Excel（.xlsx）文件；在最后一步之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Contains:</source>
        <translation>内容(&amp;C)：</translation>
    </message>
    <message>
        <source>Org units (org chart)</source>
        <translation>组织单元（组织架构图）</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Actuals</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>Opportunities (deals)</source>
        <translation>商机（交易）</translation>
    </message>
    <message>
        <source>Incentive spend</source>
        <translation>激励支出</translation>
    </message>
    <message>
        <source>Saved &amp;mapping:</source>
        <translation>已保存的映射(&amp;M)：</translation>
    </message>
    <message>
        <source>optional: a mapping saved earlier</source>
        <translation>可选：之前保存的映射</translation>
    </message>
    <message>
        <source>The columns are matched from the header names (English or Chinese); you can change the match on the next page.</source>
        <translation>将按表头名称（英文或中文）自动匹配各列；可在下一页修改匹配。</translation>
    </message>
    <message>
        <source>Import File</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Tables (*.csv *.txt *.xlsx *.xlsm);;All files (*)</source>
        <translation>表格 (*.csv *.txt *.xlsx *.xlsm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saved Mapping</source>
        <translation>已保存的映射</translation>
    </message>
    <message>
        <source>Mappings (*.json);;All files (*)</source>
        <translation>映射 (*.json);;所有文件 (*)</translation>
    </message>
</context>
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
    <name>CrmSettingsDialog</name>
    <message>
        <source>Salesforce Connection</source>
        <translation>Salesforce 连接</translation>
    </message>
    <message>
        <source>&amp;Login URL:</source>
        <translation>登录网址(&amp;L)：</translation>
    </message>
    <message>
        <source>Client &amp;ID:</source>
        <translation>客户端 ID(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Flow:</source>
        <translation>授权方式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Refresh token:</source>
        <translation>刷新令牌(&amp;R)：</translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation>客户端密钥(&amp;E)：</translation>
    </message>
    <message>
        <source>Client credentials</source>
        <translation>客户端凭据</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>刷新令牌</translation>
    </message>
    <message>
        <source>the connected app&apos;s consumer key</source>
        <translation>连接应用的使用者密钥（Consumer Key）</translation>
    </message>
    <message>
        <source>leave empty to keep the one in the keyring</source>
        <translation>留空则沿用密钥环中已保存的值</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>S&amp;ync Now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Cancel Sync</source>
        <translation>取消同步(&amp;C)</translation>
    </message>
    <message>
        <source>The secret and the refresh token are kept in the operating system&apos;s keyring, never in the workspace file or the logs.</source>
        <translation>客户端密钥和刷新令牌保存在操作系统的密钥环中，绝不写入工作区文件或日志。</translation>
    </message>
    <message>
        <source>no keyring service was found on this system</source>
        <translation>本系统上找不到密钥环服务</translation>
    </message>
    <message>
        <source>the “keyring” package is not installed</source>
        <translation>未安装“keyring”软件包</translation>
    </message>
    <message>
        <source>The secret cannot be stored: {problem}. A secret typed here is used only until this dialog closes; it is never written to the workspace file or the logs.</source>
        <translation>无法保存密钥：{problem}。在此输入的密钥只在本对话框关闭前使用，绝不写入工作区文件或日志。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Fetching opportunities…</source>
        <translation>正在获取商机…</translation>
    </message>
    <message>
        <source>Matching owners to units…</source>
        <translation>正在将负责人匹配到组织单元…</translation>
    </message>
    <message>
        <source>Writing the deals…</source>
        <translation>正在写入商机…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source> {count} opportunities are visible.</source>
        <translation>可见商机 {count} 个。</translation>
    </message>
    <message>
        <source>Connected to {instance}.</source>
        <translation>已连接到 {instance}。</translation>
    </message>
    <message>
        <source>Save or discard the cascade edits first: the workspace reloads after a sync.</source>
        <translation>请先保存或放弃分解编辑：同步后工作区会重新加载。</translation>
    </message>
    <message>
        <source>Sync finished: {fetched} opportunities fetched; {created} deals created, {updated} updated, {closed} closed. Watermark: {watermark}.</source>
        <translation>同步完成：获取商机 {fetched} 个；新建 {created} 个，更新 {updated} 个，关闭 {closed} 个。水位线：{watermark}。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{count} owner(s) match no unit: {names}</source>
        <translation>{count} 位负责人未匹配到任何组织单元：{names}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Sync cancelled; nothing was changed.</source>
        <translation>同步已取消；未做任何更改。</translation>
    </message>
    <message>
        <source>Failed: {problem}</source>
        <translation>失败：{problem}</translation>
    </message>
</context>
<context>
    <name>DealsPanel</name>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>贡献</translation>
    </message>
    <message>
        <source>Won deals by impact on {metric} ({count})</source>
        <translation>按对{metric}贡献排序的赢单（{count}）</translation>
    </message>
    <message>
        <source>{points} pts</source>
        <translation>{points} 个百分点</translation>
    </message>
</context>
<context>
    <name>DesignCommands</name>
    <message>
        <source>Move %n unit(s)</source>
        <translation>移动 %n 个单位</translation>
    </message>
    <message>
        <source>Add “{name}”</source>
        <translation>添加“{name}”</translation>
    </message>
    <message>
        <source>Delete “{name}”</source>
        <translation>删除“{name}”</translation>
    </message>
    <message>
        <source>Delete “{name}” and {count} below it</source>
        <translation>删除“{name}”及其下属 {count} 个单位</translation>
    </message>
    <message>
        <source>Connect “{child}” under “{parent}”</source>
        <translation>将“{child}”连接到“{parent}”之下</translation>
    </message>
    <message>
        <source>Move “{child}” under “{parent}”</source>
        <translation>将“{child}”移到“{parent}”之下</translation>
    </message>
    <message>
        <source>Detach “{name}”</source>
        <translation>断开“{name}”</translation>
    </message>
    <message>
        <source>Change the rule into “{name}”</source>
        <translation>更改通向“{name}”的分解规则</translation>
    </message>
    <message>
        <source>Edit rule “{name}”</source>
        <translation>编辑分解规则“{name}”</translation>
    </message>
    <message>
        <source>Set a target of “{name}”</source>
        <translation>设置“{name}”的目标</translation>
    </message>
    <message>
        <source>Edit a local factor of “{name}”</source>
        <translation>编辑“{name}”的本地因子</translation>
    </message>
    <message>
        <source>Rename “{name}”</source>
        <translation>重命名“{name}”</translation>
    </message>
    <message>
        <source>Paste “{name}” under “{parent}”</source>
        <translation>将“{name}”粘贴到“{parent}”下</translation>
    </message>
    <message>
        <source>the default rule</source>
        <translation>默认规则</translation>
    </message>
    <message>
        <source>Apply {rule} to the subtree of “{name}”</source>
        <translation>对“{name}”的整个子树应用 {rule}</translation>
    </message>
    <message>
        <source>Apply {rule} into “{name}”</source>
        <translation>对通向“{name}”的路径应用 {rule}</translation>
    </message>
</context>
<context>
    <name>DesignerPage</name>
    <message>
        <source>Overview: drag to move the view</source>
        <translation>总览：拖动以移动视图</translation>
    </message>
    <message>
        <source>Add a {kind} under the selected unit, or drag onto a unit</source>
        <translation>在所选单位下添加{kind}，或拖到某个单位上</translation>
    </message>
    <message>
        <source>Add child:</source>
        <translation>添加下级：</translation>
    </message>
    <message>
        <source>Loading the cascade…</source>
        <translation>正在加载目标分解…</translation>
    </message>
    <message>
        <source>Open a workspace to design its cascade.</source>
        <translation>打开工作区以设计其目标分解。</translation>
    </message>
    <message>
        <source>This workspace has no cascade yet.</source>
        <translation>此工作区还没有目标分解。</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <source>No unit matches “{text}”.</source>
        <translation>没有与“{text}”匹配的单位。</translation>
    </message>
    <message>
        <source>Arrange</source>
        <translation>排列</translation>
    </message>
    <message>
        <source>New {kind}</source>
        <translation>新{kind}</translation>
    </message>
    <message>
        <source>Delete units</source>
        <translation>删除单位</translation>
    </message>
    <message>
        <source>Delete {count} unit(s) and the {below} below them from the cascade?</source>
        <translation>从目标分解中删除 {count} 个单位及其下属的 {below} 个单位？</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The org units stay in the workspace; you can undo this.</source>
        <translation>组织单位仍保留在工作区中；此操作可撤销。</translation>
    </message>
    <message>
        <source>Delete {count} units</source>
        <translation>删除 {count} 个单位</translation>
    </message>
    <message>
        <source>Auto-layout top-down</source>
        <translation>自动布局：自上而下</translation>
    </message>
    <message>
        <source>Auto-layout left-right</source>
        <translation>自动布局：从左到右</translation>
    </message>
    <message>
        <source>Align %n unit(s)</source>
        <translation>对齐 %n 个单位</translation>
    </message>
    <message>
        <source>Distribute %n unit(s)</source>
        <translation>分布 %n 个单位</translation>
    </message>
    <message>
        <source>Copy one card (with what is below it) at a time.</source>
        <translation>一次只能复制一张卡片（连同其下级）。</translation>
    </message>
    <message>
        <source>Copied “{name}” and {count} unit(s) below it.</source>
        <translation>已复制“{name}”及其下 {count} 个单位。</translation>
    </message>
    <message>
        <source>Add Child</source>
        <translation>添加下级</translation>
    </message>
    <message>
        <source>Auto-layout &amp;Top-Down</source>
        <translation>自动布局：自上而下(&amp;T)</translation>
    </message>
    <message>
        <source>Auto-layout &amp;Left-Right</source>
        <translation>自动布局：从左到右(&amp;L)</translation>
    </message>
    <message>
        <source>Zoom to &amp;Fit</source>
        <translation>缩放至适合(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Delete Unit</source>
        <translation>删除单位(&amp;D)</translation>
    </message>
    <message>
        <source>Detach from &amp;Parent</source>
        <translation>从上级断开(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Collapse or Expand</source>
        <translation>折叠或展开(&amp;C)</translation>
    </message>
    <message>
        <source>Add {kind}</source>
        <translation>添加{kind}</translation>
    </message>
    <message>
        <source>&amp;Find Unit…</source>
        <translation>查找单位(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Copy Subtree</source>
        <translation>复制子树(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste Subtree</source>
        <translation>粘贴子树(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>缩略图(&amp;M)</translation>
    </message>
    <message>
        <source>Align &amp;Left</source>
        <translation>左对齐(&amp;L)</translation>
    </message>
    <message>
        <source>Align &amp;Centres</source>
        <translation>水平居中对齐(&amp;C)</translation>
    </message>
    <message>
        <source>Align &amp;Right</source>
        <translation>右对齐(&amp;R)</translation>
    </message>
    <message>
        <source>Align &amp;Top</source>
        <translation>顶端对齐(&amp;T)</translation>
    </message>
    <message>
        <source>Align &amp;Middles</source>
        <translation>垂直居中对齐(&amp;M)</translation>
    </message>
    <message>
        <source>Align &amp;Bottom</source>
        <translation>底端对齐(&amp;B)</translation>
    </message>
    <message>
        <source>Distribute &amp;Horizontally</source>
        <translation>水平等距分布(&amp;H)</translation>
    </message>
    <message>
        <source>Distribute &amp;Vertically</source>
        <translation>垂直等距分布(&amp;V)</translation>
    </message>
</context>
<context>
    <name>ExchangeControls</name>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import org units, targets, actuals, deals or spend from CSV or Excel</source>
        <translation>从 CSV 或 Excel 导入组织单元、目标、实际值、商机或激励支出</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export targets, actuals, alerts, health or case figures to CSV or Excel</source>
        <translation>将目标、实际值、预警、健康度或案例指标导出为 CSV 或 Excel</translation>
    </message>
    <message>
        <source>Sales&amp;force Connection…</source>
        <translation>Salesforce 连接(&amp;F)…</translation>
    </message>
    <message>
        <source>Set up the Salesforce connector, test it and fetch changed opportunities</source>
        <translation>设置 Salesforce 连接器、测试连接并获取有变化的商机</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Save or discard the cascade edits first: the workspace reloads after an import.</source>
        <translation>请先保存或放弃分解设计中的修改：导入后工作区会重新加载。</translation>
    </message>
    <message>
        <source>Wrote {name}: {rows} rows.</source>
        <translation>已写入 {name}：{rows} 行。</translation>
    </message>
    <message>
        <source>Could not export to “{name}”.</source>
        <translation>无法导出到“{name}”。</translation>
    </message>
</context>
<context>
    <name>ExchangeText</name>
    <message>
        <source>“{value}” is not a number (decimal “{decimal}”, thousands “{thousands}”)</source>
        <translation>“{value}”不是数字（小数点“{decimal}”，千位分隔符“{thousands}”）</translation>
    </message>
    <message>
        <source>a number is required here</source>
        <translation>此处必须填写数字</translation>
    </message>
    <message>
        <source>“{value}” is not a date (format {format})</source>
        <translation>“{value}”不是日期（格式 {format}）</translation>
    </message>
    <message>
        <source>a date is required here</source>
        <translation>此处必须填写日期</translation>
    </message>
    <message>
        <source>the column holds both D/M/YYYY and M/D/YYYY dates; they cannot be told apart</source>
        <translation>该列同时含有 日/月/年 和 月/日/年 两种日期，无法区分</translation>
    </message>
    <message>
        <source>“{value}” could be day/month or month/day and no date in the column decides it</source>
        <translation>“{value}”既可能是 日/月 也可能是 月/日，该列中没有能确定格式的日期</translation>
    </message>
    <message>
        <source>unknown {what} “{value}”</source>
        <translation>未知的{what}“{value}”</translation>
    </message>
    <message>
        <source>unknown {what} “{value}”; probably “{close}”</source>
        <translation>未知的{what}“{value}”；可能是“{close}”</translation>
    </message>
    <message>
        <source>a {what} is required here</source>
        <translation>此处必须填写{what}</translation>
    </message>
    <message>
        <source>the mapping skips rows by column “{column}”, which the file does not have</source>
        <translation>映射按列“{column}”跳过行，但文件中没有该列</translation>
    </message>
    <message>
        <source>no column “{column}” in the file (columns: {columns})</source>
        <translation>文件中没有列“{column}”（现有列：{columns}）</translation>
    </message>
    <message>
        <source>no column is mapped to “{field}”</source>
        <translation>没有列映射到“{field}”</translation>
    </message>
    <message>
        <source>“{column}” names no month or quarter</source>
        <translation>“{column}”没有指明月份或季度</translation>
    </message>
    <message>
        <source>targets are per period (quarter), not per month</source>
        <translation>目标按期间（季度）设定，不能按月</translation>
    </message>
    <message>
        <source>same {what} as row {row}</source>
        <translation>{what}与第 {row} 行相同</translation>
    </message>
    <message>
        <source>{value} is negative and the metric does not allow it</source>
        <translation>{value} 为负数，而该指标不允许负值</translation>
    </message>
    <message>
        <source>an incentive spend cannot be negative</source>
        <translation>激励支出不能为负数</translation>
    </message>
    <message>
        <source>a spend must name a metric or a product line</source>
        <translation>支出必须指明指标或产品线</translation>
    </message>
    <message>
        <source>a ratio metric needs a denominator (e.g. the total the share is of)</source>
        <translation>比率指标需要分母（例如占比所依据的总数）</translation>
    </message>
    <message>
        <source>no column “{column}” for {field}</source>
        <translation>没有列“{column}”（用于 {field}）</translation>
    </message>
    <message>
        <source>no level column “{column}”</source>
        <translation>没有层级列“{column}”</translation>
    </message>
    <message>
        <source>headcount “{value}” is not a whole number ≥ 0</source>
        <translation>人数“{value}”不是大于等于 0 的整数</translation>
    </message>
    <message>
        <source>a level above this unit is blank and no row above gives it</source>
        <translation>此单元的上级层级为空，且上方各行也没有给出</translation>
    </message>
    <message>
        <source>“{name}” under {parent} is already on row {row}</source>
        <translation>{parent} 下的“{name}”已在第 {row} 行出现</translation>
    </message>
    <message>
        <source>“{name}” under the top is already on row {row}</source>
        <translation>顶层的“{name}”已在第 {row} 行出现</translation>
    </message>
    <message>
        <source>a unit needs a code</source>
        <translation>组织单元必须有编码</translation>
    </message>
    <message>
        <source>code {code} is already on row {row}</source>
        <translation>编码 {code} 已在第 {row} 行出现</translation>
    </message>
    <message>
        <source>unknown unit kind “{kind}” (company, region, team, person, project)</source>
        <translation>未知的单元类型“{kind}”（可用 company、region、team、person、project，或 公司、大区、团队、个人、项目）</translation>
    </message>
    <message>
        <source>parent {parent} is neither in the file nor in the workspace</source>
        <translation>上级单元 {parent} 既不在文件中，也不在工作区中</translation>
    </message>
    <message>
        <source>{code}&apos;s parent chain comes back to {parent}</source>
        <translation>{code} 的上级链又回到了 {parent}（形成循环）</translation>
    </message>
    <message>
        <source>parent {parent} is an ended history row (row {row}) of the unit now coded {current}; using {current}</source>
        <translation>上级单元 {parent} 是已结束的历史行（第 {row} 行），该单元现在的编码为 {current}；改用 {current}</translation>
    </message>
    <message>
        <source>parent {parent} is an ended row (row {row}) with no current row</source>
        <translation>上级单元 {parent} 是已结束的行（第 {row} 行），且没有对应的当前行</translation>
    </message>
    <message>
        <source>{count} ended row(s) left out: {codes}</source>
        <translation>已略过 {count} 个已结束的行：{codes}</translation>
    </message>
    <message>
        <source>{count} top-level units (a forest): {codes}</source>
        <translation>有 {count} 个顶层单元（多棵树）：{codes}</translation>
    </message>
    <message>
        <source>no column gives the period</source>
        <translation>没有列给出期间</translation>
    </message>
    <message>
        <source>no cascade for period “{period}”</source>
        <translation>期间“{period}”没有目标分解</translation>
    </message>
    <message>
        <source>{count} cascades for period {period}; name one</source>
        <translation>期间 {period} 有 {count} 个目标分解；请指定其中一个</translation>
    </message>
    <message>
        <source>unit {unit} has no node in cascade “{cascade}”</source>
        <translation>组织单元 {unit} 在目标分解“{cascade}”中没有节点</translation>
    </message>
    <message>
        <source>a second target for this unit, metric and period (first on row {row})</source>
        <translation>该组织单元、指标和期间已有目标（首次出现在第 {row} 行）</translation>
    </message>
    <message>
        <source>deal {deal} is already on row {row}</source>
        <translation>商机 {deal} 已在第 {row} 行出现</translation>
    </message>
    <message>
        <source>open deals need a probability column (for the stage-weighted forecast)</source>
        <translation>未关闭的商机需要赢率列（用于按阶段加权的预测）</translation>
    </message>
    <message>
        <source>every row needs a UUID</source>
        <translation>每一行都必须有 UUID</translation>
    </message>
    <message>
        <source>“{value}” is no {what} at head office</source>
        <translation>总部没有{what}“{value}”</translation>
    </message>
    <message>
        <source>“{value}” is no unit of this office</source>
        <translation>“{value}”不是本分支机构的组织单元</translation>
    </message>
    <message>
        <source>“{state}” is not an alert state</source>
        <translation>“{state}”不是有效的预警状态</translation>
    </message>
    <message>
        <source>“{value}” is not an ISO date</source>
        <translation>“{value}”不是 ISO 日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>组织单元</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>owner unit</source>
        <translation>负责单元</translation>
    </message>
    <message>
        <source>product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>CRM id</source>
        <translation>CRM 编号</translation>
    </message>
    <message>
        <source>unit of this office</source>
        <translation>本分支机构的组织单元</translation>
    </message>
    <message>
        <source>period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>published version</source>
        <translation>已发布版本</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>action-pack rule</source>
        <translation>建议动作包规则</translation>
    </message>
    <message>
        <source>did you mean {close}?</source>
        <translation>是否指 {close}？</translation>
    </message>
    <message>
        <source>split the file, or set &quot;date_format&quot;</source>
        <translation>请拆分文件，或设置 &quot;date_format&quot;</translation>
    </message>
    <message>
        <source>set &quot;date_format&quot;: &quot;DMY&quot; or &quot;MDY&quot; in the mapping</source>
        <translation>在映射中设置 &quot;date_format&quot;: &quot;DMY&quot; 或 &quot;MDY&quot;</translation>
    </message>
    <message>
        <source>&quot;history_key&quot;: &quot;&lt;column the rows of one person share&gt;&quot;</source>
        <translation>&quot;history_key&quot;: &quot;&lt;同一人各行共有的列&gt;&quot;</translation>
    </message>
    <message>
        <source>&quot;columns&quot;: {{&quot;code&quot;: ..., &quot;parent&quot;: ...}} or &quot;levels&quot;: [...]</source>
        <translation>&quot;columns&quot;: {{&quot;code&quot;: ..., &quot;parent&quot;: ...}} 或 &quot;levels&quot;: [...]</translation>
    </message>
    <message>
        <source>&quot;columns&quot;: {{&quot;{field}&quot;: &quot;&lt;header&gt;&quot;}} or &quot;constants&quot;: {{&quot;{field}&quot;: &quot;&lt;value&gt;&quot;}}</source>
        <translation>&quot;columns&quot;: {{&quot;{field}&quot;: &quot;&lt;列名&gt;&quot;}} 或 &quot;constants&quot;: {{&quot;{field}&quot;: &quot;&lt;值&gt;&quot;}}</translation>
    </message>
    <message>
        <source>&quot;wide&quot;: {{&quot;year&quot;: &lt;year&gt;}} for headers without one</source>
        <translation>表头中没有年份时，设置 &quot;wide&quot;: {{&quot;year&quot;: &lt;年份&gt;}}</translation>
    </message>
    <message>
        <source>&quot;columns&quot;: {{&quot;period&quot;: ...}} or {{&quot;year&quot;: ..., &quot;quarter&quot;: ...}}</source>
        <translation>&quot;columns&quot;: {{&quot;period&quot;: ...}} 或 {{&quot;year&quot;: ..., &quot;quarter&quot;: ...}}</translation>
    </message>
    <message>
        <source>&quot;constants&quot;: {{&quot;cascade&quot;: &quot;&lt;cascade name&gt;&quot;}}</source>
        <translation>&quot;constants&quot;: {{&quot;cascade&quot;: &quot;&lt;目标分解名称&gt;&quot;}}</translation>
    </message>
    <message>
        <source>&quot;aggregate&quot;: &quot;sum&quot; to add such rows up</source>
        <translation>设置 &quot;aggregate&quot;: &quot;sum&quot; 可将这些行相加</translation>
    </message>
    <message>
        <source>{message} ({suggestion})</source>
        <translation>{message}（{suggestion}）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>&amp;Export:</source>
        <translation>导出内容(&amp;E)：</translation>
    </message>
    <message>
        <source>Targets per unit (latest published version)</source>
        <translation>各单元目标（最新发布版本）</translation>
    </message>
    <message>
        <source>Actuals</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Health index</source>
        <translation>健康指数</translation>
    </message>
    <message>
        <source>Case figures</source>
        <translation>案例指标</translation>
    </message>
    <message>
        <source>Export To</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>The workspace changes only when the whole file is in.</source>
        <translation>只有整个文件全部导入后，工作区才会改变。</translation>
    </message>
    <message>
        <source>Cancel Import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Imported {rows} rows: {added} new, {changed} changed.</source>
        <translation>已导入 {rows} 行：新增 {added}，修改 {changed}。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was imported; the workspace is as it was.</source>
        <translation>已取消。未导入任何内容，工作区保持原样。</translation>
    </message>
    <message>
        <source>The import failed and nothing was changed: {problem}</source>
        <translation>导入失败，未做任何更改：{problem}</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import Data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
</context>
<context>
    <name>InspectorDock</name>
    <message>
        <source>customer density</source>
        <translation>客户密度</translation>
    </message>
    <message>
        <source>competition intensity</source>
        <translation>竞争强度</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Select a unit on the canvas to see and edit its targets, weights, local factors and rule.</source>
        <translation>在画布上选择一个单位，以查看和编辑其目标、权重、本地因子和分解规则。</translation>
    </message>
    <message>
        <source>Weights and targets</source>
        <translation>权重与目标</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Local market factors</source>
        <translation>本地市场因子</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Inherit share (α)</source>
        <translation>继承比例 (α)</translation>
    </message>
    <message>
        <source>Factor sensitivity (β)</source>
        <translation>因子敏感度 (β)</translation>
    </message>
    <message>
        <source>Overage</source>
        <translation>超额比例</translation>
    </message>
    <message>
        <source>Ratio band (points)</source>
        <translation>比率浮动区间（百分点）</translation>
    </message>
    <message>
        <source>Allocation key</source>
        <translation>分配依据</translation>
    </message>
    <message>
        <source>Equal</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Headcount</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Last period&apos;s actual</source>
        <translation>上期实际</translation>
    </message>
    <message>
        <source>Custom column</source>
        <translation>自定义列</translation>
    </message>
    <message>
        <source>under {parent}</source>
        <translation>隶属 {parent}</translation>
    </message>
    <message>
        <source>top of the cascade</source>
        <translation>目标分解顶层</translation>
    </message>
    <message>
        <source>The cascade could not be loaded for editing: {problem} — reopen the workspace. Its cards stay on show, read-only.</source>
        <translation>无法加载目标分解以供编辑：{problem} — 请重新打开工作区。其卡片仍以只读方式显示。</translation>
    </message>
    <message>
        <source>Loading the cascade for editing… A unit&apos;s targets, weights, factors and rule can be seen and edited here in a moment.</source>
        <translation>正在加载分解以供编辑…稍后即可在此查看和编辑单元的目标、权重、因子和规则。</translation>
    </message>
    <message>
        <source>Locked: the target is kept through every re-cascade</source>
        <translation>锁定：每次重新分解都保留此目标</translation>
    </message>
    <message>
        <source>How this weight and target were computed</source>
        <translation>此权重和目标是如何计算的</translation>
    </message>
    <message>
        <source>Rule from {parent}</source>
        <translation>来自 {parent} 的分解规则</translation>
    </message>
    <message>
        <source>Default rule (from the settings)</source>
        <translation>默认规则（来自设置）</translation>
    </message>
    <message>
        <source>{label} — used by {count} edges; a change applies to all of them.</source>
        <translation>{label} — 用于 {count} 条分解路径；修改将应用于所有路径。</translation>
    </message>
    <message>
        <source>The default rule comes from the workspace settings; choose a rule above to edit its parameters.</source>
        <translation>默认规则来自工作区设置；在上方选择一个分解规则以编辑其参数。</translation>
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
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>复盘</translation>
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
        <source>Computing the targets of {count} units…</source>
        <translation>正在计算 {count} 个单元的目标…</translation>
    </message>
    <message>
        <source>Loading for editing…</source>
        <translation>正在加载以供编辑…</translation>
    </message>
    <message>
        <source>The cascade is shown while it loads; editing, what-if and publishing are enabled once it is loaded.</source>
        <translation>分解在加载时即已显示；加载完成后即可编辑、进行假设分析和发布。</translation>
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
    <name>MappingPage</name>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Denominator</source>
        <translation>分母</translation>
    </message>
    <message>
        <source>Unit code</source>
        <translation>单位编码</translation>
    </message>
    <message>
        <source>Parent unit</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
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
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Opportunity ID</source>
        <translation>商机编号</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢率</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Created on</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Close date</source>
        <translation>成交日期</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Match the columns</source>
        <translation>匹配列</translation>
    </message>
    <message>
        <source>Fields marked * are required. Ambiguous dates (3/4/2025) need a date format.</source>
        <translation>带 * 的字段为必填。含义不明确的日期（如 3/4/2025）需要指定日期格式。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Column of the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Date format:</source>
        <translation>日期格式：</translation>
    </message>
    <message>
        <source>Save Mapping…</source>
        <translation>保存映射…</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>(not in the file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>{count} columns in {name}. Check the matches below.</source>
        <translation>{name} 共 {count} 列。请检查下面的匹配。</translation>
    </message>
    <message>
        <source>This file cannot be imported: {problem}</source>
        <translation>此文件无法导入：{problem}</translation>
    </message>
    <message>
        <source>Save Mapping</source>
        <translation>保存映射</translation>
    </message>
    <message>
        <source>Mappings (*.json)</source>
        <translation>映射 (*.json)</translation>
    </message>
    <message>
        <source>Mapping saved as {name}.</source>
        <translation>映射已保存为 {name}。</translation>
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
    <name>PreviewPage</name>
    <message>
        <source>Preview the changes</source>
        <translation>预览更改</translation>
    </message>
    <message>
        <source>Import writes all of this in one step, or nothing.</source>
        <translation>导入会一次性写入以下全部内容，否则什么也不写入。</translation>
    </message>
    <message>
        <source>Values that change (examples):</source>
        <translation>将更改的值（示例）：</translation>
    </message>
    <message>
        <source>{added} new, {changed} changed, {unchanged} unchanged (of {rows} rows).</source>
        <translation>新增 {added}，修改 {changed}，不变 {unchanged}（共 {rows} 行）。</translation>
    </message>
    <message>
        <source>Nothing to change: the workspace already holds all {count} rows.</source>
        <translation>无需更改：工作区已包含全部 {count} 行。</translation>
    </message>
</context>
<context>
    <name>ProvenanceDialog</name>
    <message>
        <source>Why this number?</source>
        <translation>这个数字从何而来？</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>Publish the cascade</source>
        <translation>发布目标分解</translation>
    </message>
    <message>
        <source>Publishing freezes the cascade as a new version; each unit then acknowledges it. Unsaved edits are saved first.</source>
        <translation>发布会将目标分解固定为一个新版本，随后各单位进行确认。未保存的修改会先保存。</translation>
    </message>
    <message>
        <source>What changed and why (shown to every unit)</source>
        <translation>修改了什么以及原因（所有单位可见）</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>等待自</translation>
    </message>
    <message>
        <source>{metric} {direction} since {week}</source>
        <translation>{metric} 自 {week} 起{direction}</translation>
    </message>
    <message>
        <source>Confidence in this period&apos;s targets</source>
        <translation>对本周期目标的信心</translation>
    </message>
    <message>
        <source>What must I do now ({count})</source>
        <translation>我现在要做什么（{count}）</translation>
    </message>
    <message>
        <source>What was to do as of {day} ({count})</source>
        <translation>截至{day}的待办（{count}）</translation>
    </message>
    <message>
        <source>What must I do now</source>
        <translation>我现在要做什么</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Sync timeliness</source>
        <translation>同步及时性</translation>
    </message>
    <message>
        <source>Path soundness</source>
        <translation>路径合理性</translation>
    </message>
    <message>
        <source>Resource match</source>
        <translation>资源匹配度</translation>
    </message>
    <message>
        <source>Feedback speed</source>
        <translation>反馈响应速度</translation>
    </message>
    <message>
        <source>Target communication latency</source>
        <translation>目标传达时效</translation>
    </message>
    <message>
        <source>Strategic action consistency</source>
        <translation>战略动作一致性</translation>
    </message>
    <message>
        <source>Incentive misallocation rate</source>
        <translation>激励资源错配率</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <source>ahead</source>
        <translation>超前</translation>
    </message>
    <message>
        <source>raised</source>
        <translation>已触发</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>action taken</source>
        <translation>已执行动作</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Acknowledge version</source>
        <translation>确认版本</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>进展签到</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>{delta} days</source>
        <translation>{delta} 天</translation>
    </message>
    <message>
        <source>{delta} pts</source>
        <translation>{delta} 个百分点</translation>
    </message>
    <message>
        <source>moved {metric} by &lt;b&gt;{points}&lt;/b&gt; pts</source>
        <translation>使{metric}变动 &lt;b&gt;{points}&lt;/b&gt; 个百分点</translation>
    </message>
    <message>
        <source>&lt;b&gt;{share}&lt;/b&gt; of {metric}</source>
        <translation>占{metric}的 &lt;b&gt;{share}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>d MMMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Loading earlier months…</source>
        <translation>正在加载更早的月份…</translation>
    </message>
    <message>
        <source>Could not load the review: {problem}</source>
        <translation>无法加载复盘：{problem}</translation>
    </message>
    <message>
        <source>Could not record it: {problem}</source>
        <translation>无法记录：{problem}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Health {month}, overall {score}</source>
        <translation>目标健康度 {month}，综合 {score}</translation>
    </message>
    <message>
        <source>alert raised</source>
        <translation>预警触发</translation>
    </message>
    <message>
        <source>alert resolved</source>
        <translation>预警解决</translation>
    </message>
    <message>
        <source>Weekly achievement against plan, {period}</source>
        <translation>按周达成率对比计划，{period}</translation>
    </message>
    <message>
        <source>Unit health radar</source>
        <translation>单元健康度雷达图</translation>
    </message>
    <message>
        <source>Regions health radar</source>
        <translation>大区健康度雷达图</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Save Chart as PNG</source>
        <translation>将图表另存为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>Export Monthly Review</source>
        <translation>导出月度复盘</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting the monthly review…</source>
        <translation>正在导出月度复盘…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Drawing charts ({done} of {total})…</source>
        <translation>正在绘制图表（{done}/{total}）…</translation>
    </message>
    <message>
        <source>Writing the pages…</source>
        <translation>正在写入页面…</translation>
    </message>
    <message>
        <source>Could not write {path}: {problem}</source>
        <translation>无法写入 {path}：{problem}</translation>
    </message>
    <message>
        <source>Wrote {path} ({pages} pages)</source>
        <translation>已写入 {path}（{pages} 页）</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>已取消导出</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Save chart as PNG</source>
        <translation>图表另存为 PNG</translation>
    </message>
    <message>
        <source>Light charts</source>
        <translation>浅色图表</translation>
    </message>
    <message>
        <source>Dark charts</source>
        <translation>深色图表</translation>
    </message>
    <message>
        <source>Health of the regions</source>
        <translation>各大区目标健康度</translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <source>Monthly review {month}</source>
        <translation>月度复盘 {month}</translation>
    </message>
    <message>
        <source>Period {period} · generated {day} · {path}</source>
        <translation>周期 {period} · 生成于 {day} · {path}</translation>
    </message>
    <message>
        <source>Case figures</source>
        <translation>案例指标</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Case figures per region, {period}</source>
        <translation>各大区案例指标，{period}</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <source>Health {month} (0–100)</source>
        <translation>目标健康度 {month}（0–100）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>综合</translation>
    </message>
    <message>
        <source>Health per region, {month}: each region against the company (dashed)</source>
        <translation>各大区目标健康度，{month}：各大区对比公司（虚线）</translation>
    </message>
    <message>
        <source>Weekly achievement against plan, {period}: the company</source>
        <translation>按周达成率对比计划，{period}：公司</translation>
    </message>
    <message>
        <source>Weighted achievement per region</source>
        <translation>各大区加权达成率</translation>
    </message>
    <message>
        <source>Open alerts ({count}) and their action packs</source>
        <translation>未关闭预警（{count}）及建议动作包</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Deviation</source>
        <translation>偏离</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>✓ taken {day}: {action}</source>
        <translation>✓ {day} 已执行：{action}</translation>
    </message>
    <message>
        <source>Won deals with the largest impact on the company figure, {period}</source>
        <translation>对公司指标贡献最大的赢单，{period}</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>贡献</translation>
    </message>
    <message>
        <source>Open alerts as of {day} ({count}) and their action packs</source>
        <translation>截至{day}的未关闭预警（{count}）及建议动作包</translation>
    </message>
    <message>
        <source>Open alerts today ({count}) and their action packs</source>
        <translation>今天的未关闭预警（{count}）及建议动作包</translation>
    </message>
</context>
<context>
    <name>RulePalette</name>
    <message>
        <source>Rules:</source>
        <translation>规则：</translation>
    </message>
    <message>
        <source>Drag a rule onto a card or onto a path to use it on the path into that unit; hold Shift to use it on the unit&apos;s whole subtree</source>
        <translation>把规则拖到卡片或路径上，即用于通向该单位的路径；按住 Shift 则用于该单位的整个子树</translation>
    </message>
    <message>
        <source>Nothing changed: drop the rule on a card or on a path.</source>
        <translation>未做任何更改：请把规则放到卡片或路径上。</translation>
    </message>
    <message>
        <source>Default: {label}</source>
        <translation>默认：{label}</translation>
    </message>
    <message>
        <source>The default rule (from the settings)</source>
        <translation>默认规则（来自设置）</translation>
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
    <name>UnitSearch</name>
    <message>
        <source>Find a unit (name or code)…</source>
        <translation>查找单位（名称或代码）…</translation>
    </message>
    <message>
        <source>Jump to a unit by its name or code (Ctrl+F)</source>
        <translation>按名称或代码跳转到单位 (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>ValidationPage</name>
    <message>
        <source>Check the file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Every row is checked before anything is written.</source>
        <translation>写入之前会检查每一行。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Checking every row of {name}…</source>
        <translation>正在检查 {name} 的每一行…</translation>
    </message>
    <message>
        <source>No problems in {rows} rows.</source>
        <translation>{rows} 行均无问题。</translation>
    </message>
    <message>
        <source>{rows} rows can be imported; see the notes below.</source>
        <translation>{rows} 行可以导入；请查看下面的说明。</translation>
    </message>
    <message>
        <source>Refused: {count} problem(s). Nothing will be imported; correct the file or the mapping.</source>
        <translation>已拒绝：{count} 个问题。不会导入任何内容；请修正文件或映射。</translation>
    </message>
</context>
<context>
    <name>WhatIfDock</name>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>What-if: changes against the published version</source>
        <translation>假设分析：与已发布版本的差异</translation>
    </message>
    <message>
        <source>Changed only</source>
        <translation>仅显示变化</translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation>发布…</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量类型</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>变化 %</translation>
    </message>
    <message>
        <source>{units} units change ({rows} figures).</source>
        <translation>{units} 个单位有变化（{rows} 个数值）。</translation>
    </message>
    <message>
        <source>Nothing changes against the published version.</source>
        <translation>与已发布版本相比没有变化。</translation>
    </message>
</context>
<context>
    <name>WorkspaceDocument</name>
    <message>
        <source>Recover unsaved changes</source>
        <translation>恢复未保存的修改</translation>
    </message>
    <message>
        <source>The cascade could not be loaded for editing: {problem} — reopen the workspace.</source>
        <translation>无法加载目标分解以供编辑：{problem} — 请重新打开工作区。</translation>
    </message>
    <message>
        <source>The cascade is still loading for editing: it can be changed in a moment.</source>
        <translation>分解仍在加载以供编辑：稍后即可更改。</translation>
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
