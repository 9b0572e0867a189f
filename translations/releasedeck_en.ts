<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>rd::ui::ComparisonView</name>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
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
    <name>rd::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n problem(s) in %1</source>
        <translation>
            <numerusform>%n problem in %1</numerusform>
            <numerusform>%n problems in %1</numerusform>
        </translation>
    </message>
</context>
</TS>
