<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChangeSummary</name>
    <message numerus="yes">
        <source>%n commit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::BackupsPanel</name>
    <message numerus="yes">
        <source>All %n environment(s) have recent backups.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n environment(s) need attention.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n backup(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::CleanupDialog</name>
    <message numerus="yes">
        <source>Delete (%n tag(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keep (%n tag(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Image(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::HostActionWindow</name>
    <message numerus="yes">
        <source>… %n earlier line(s) not shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
