<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChangeSummary</name>
    <message numerus="yes">
        <source>%n commit(s)</source>
        <translation>
            <numerusform>%n commit</numerusform>
            <numerusform>%n commits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed</source>
        <translation>
            <numerusform>%n file changed</numerusform>
            <numerusform>%n files changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::BackupsPanel</name>
    <message numerus="yes">
        <source>All %n environment(s) have recent backups.</source>
        <translation>
            <numerusform>The %n environment has recent backups.</numerusform>
            <numerusform>All %n environments have recent backups.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n environment(s) need attention.</source>
        <translation>
            <numerusform>%n environment needs attention.</numerusform>
            <numerusform>%n environments need attention.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n backup(s)</source>
        <translation>
            <numerusform>Delete %n backup</numerusform>
            <numerusform>Delete %n backups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::CleanupDialog</name>
    <message numerus="yes">
        <source>Delete (%n tag(s))</source>
        <translation>
            <numerusform>Delete (%n tag)</numerusform>
            <numerusform>Delete (%n tags)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keep (%n tag(s))</source>
        <translation>
            <numerusform>Keep (%n tag)</numerusform>
            <numerusform>Keep (%n tags)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Image(s)</source>
        <translation>
            <numerusform>Delete %n Image</numerusform>
            <numerusform>Delete %n Images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::ComparisonView</name>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;: promoting &lt;b&gt;%2&lt;/b&gt; into &lt;b&gt;%3&lt;/b&gt; changes %n file(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: promoting &lt;b&gt;%2&lt;/b&gt; into &lt;b&gt;%3&lt;/b&gt; changes %n file</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: promoting &lt;b&gt;%2&lt;/b&gt; into &lt;b&gt;%3&lt;/b&gt; changes %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, in %n commit(s).</source>
        <translation>
            <numerusform>, in %n commit.</numerusform>
            <numerusform>, in %n commits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n commit(s) that %2 lacks: promoting would drop them.</source>
        <translation>
            <numerusform>%1 has %n commit that %2 lacks: promoting would drop it.</numerusform>
            <numerusform>%1 has %n commits that %2 lacks: promoting would drop them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::HistoryPanel</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>Exported %n record to %1.</numerusform>
            <numerusform>Exported %n records to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::HostActionWindow</name>
    <message numerus="yes">
        <source>… %n earlier line(s) not shown</source>
        <translation>
            <numerusform>… %n earlier line not shown</numerusform>
            <numerusform>… %n earlier lines not shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n problem(s) in %1</source>
        <translation>
            <numerusform>%n problem in %1</numerusform>
            <numerusform>%n problems in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::PromoteDialog</name>
    <message numerus="yes">
        <source>⚠ %n commit(s) that %1 runs now are not in %2 and would be dropped.</source>
        <translation>
            <numerusform>⚠ %n commit that %1 runs now is not in %2 and would be dropped.</numerusform>
            <numerusform>⚠ %n commits that %1 runs now are not in %2 and would be dropped.</numerusform>
        </translation>
    </message>
</context>
</TS>
