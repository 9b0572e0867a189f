// SPDX-License-Identifier: GPL-3.0-or-later
// expandCommand(): every value reaches the shell as exactly one literal word, or is refused.
// The expanded commands are run by the real /bin/sh (and bash when present) to prove it:
// a hostile value that got through would create a marker file, and the test checks it did not.
#include "util/shellcommand.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestShellCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Runs `command` with `shell` in the temporary folder; returns stdout.
    QString run(const QString &shell, const QString &command)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(shell, {u"-c"_s, command});
        if (!process.waitForFinished(10'000))
            return u"<timeout>"_s;
        return QString::fromUtf8(process.readAllStandardOutput());
    }

    QStringList shells() const
    {
        QStringList list{u"/bin/sh"_s};
        if (const QString bash = QStandardPaths::findExecutable(u"bash"_s); !bash.isEmpty())
            list.append(bash);
        return list;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void quote_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << u"v1.2.3"_s << u"'v1.2.3'"_s;
        QTest::newRow("empty") << QString() << u"''"_s;
        QTest::newRow("quote") << u"it's"_s << u"'it'\\''s'"_s;
        QTest::newRow("only quotes") << u"''"_s << u"''\\'''\\'''"_s;
    }
    void quote()
    {
        QFETCH(QString, text);
        QFETCH(QString, quoted);
        QCOMPARE(rd::shellQuote(text), quoted);
    }

    // Outside quotes a value is quoted and the shell sees exactly it, whatever it holds.
    void hostileValuesStayLiteral_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("command substitution") << u"$(touch pwned)"_s;
        QTest::newRow("rm -rf") << u"$(rm -rf /)"_s;
        QTest::newRow("quote break") << u"'; touch pwned; '"_s;
        QTest::newRow("double quote break") << u"\"; touch pwned; \""_s;
        QTest::newRow("backticks") << u"`touch pwned`"_s;
        QTest::newRow("semicolon") << u"a; touch pwned"_s;
        QTest::newRow("pipe and redirect") << u"a | touch pwned > x"_s;
        QTest::newRow("glob") << u"*"_s;
        QTest::newRow("variable") << u"$HOME ${PATH}"_s;
        QTest::newRow("backslashes") << u"a\\'b\\\\"_s;
        QTest::newRow("leading dash") << u"-rf"_s;
        QTest::newRow("unicode") << u"файл ✓"_s;
    }
    void hostileValuesStayLiteral()
    {
        QFETCH(QString, value);
        for (const QString &tmpl : {u"printf '%s' {v}"_s, u"printf '%s' x{v}y"_s, u"printf '%s' \"$(printf '%s' {v})\""_s,
                                    u"printf '%s' $(printf '%s' {v} | od -An -c | tr -d ' \\n' >/dev/null; printf '%s' ok)"_s}) {
            const auto expanded = rd::expandCommand(tmpl, {{u"v"_s, value}});
            QVERIFY2(expanded, qPrintable(tmpl));
            for (const QString &shell : shells()) {
                const QString output = run(shell, *expanded);
                if (tmpl.startsWith(u"printf '%s' {v}"))
                    QCOMPARE(output, value);
                else if (tmpl.contains(u"x{v}y"))
                    QCOMPARE(output, QString(u'x' + value + u'y'));
                else if (tmpl.contains(u"\"$(printf"))
                    QCOMPARE(output, value);
                QVERIFY2(!QFile::exists(m_dir.filePath(u"pwned"_s)), qPrintable(shell + u": "_s + *expanded));
            }
        }
    }

    // Inside quotes the template chose, values that would change the meaning are refused.
    void refusedInContext_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<QString>("value");
        QTest::newRow("double: $()") << u"echo \"{v}\""_s << u"$(rm -rf /)"_s;
        QTest::newRow("double: backtick") << u"echo \"{v}\""_s << u"`reboot`"_s;
        QTest::newRow("double: quote") << u"echo \"{v}\""_s << u"\"; reboot; \""_s;
        QTest::newRow("double: backslash") << u"echo \"{v}\""_s << u"a\\"_s;
        QTest::newRow("single: quote") << u"echo '{v}'"_s << u"'; reboot; '"_s;
        QTest::newRow("newline unquoted") << u"echo {v}"_s << u"a\nreboot"_s;
        QTest::newRow("carriage return") << u"echo {v}"_s << u"a\rb"_s;
        QTest::newRow("nul") << u"echo {v}"_s << QString(u"a"_s + QChar(0) + u"b"_s);
        QTest::newRow("newline in single") << u"echo '{v}'"_s << u"a\nb"_s;
        // Found while writing these tests (fixed): inside `…` a quoted value's backtick ended the
        // substitution early, and $'…' took a value's backslash as an escape of the closing quote.
        QTest::newRow("backticks: backtick") << u"echo `printf %s {v}`"_s << u"x`touch pwned`y"_s;
        QTest::newRow("backticks: backslash") << u"echo `printf %s {v}`"_s << u"a\\b"_s;
        QTest::newRow("dollar-single: backslash") << u"echo $'{v}'; echo x"_s << u"a\\"_s;
        QTest::newRow("dollar-single: quote") << u"echo $'{v}'"_s << u"a'b"_s;
        // Found while writing these tests (fixed): "$(echo "{v}")" was seen as outside quotes,
        // so the value was single-quoted inside real double quotes and its $( ) ran.
        QTest::newRow("double inside $() inside double") << u"echo \"$(echo \"{v}\")\""_s << u"$(touch pwned)"_s;
    }
    void refusedInContext()
    {
        QFETCH(QString, tmpl);
        QFETCH(QString, value);
        const auto expanded = rd::expandCommand(tmpl, {{u"v"_s, value}});
        QVERIFY2(!expanded, expanded ? qPrintable(*expanded) : "");
        QVERIFY(expanded.error().message.contains(u"{v}"));
    }

    // The contexts accept what is harmless in them, and the shell prints it unchanged.
    void acceptedInContext_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("output");
        QTest::newRow("double") << u"printf '%s' \"tag={v}\""_s << u"v1.0 ok'"_s << u"tag=v1.0 ok'"_s;
        QTest::newRow("single") << u"printf '%s' 'tag={v}'"_s << u"a \"$x\" `y`"_s << u"tag=a \"$x\" `y`"_s;
        QTest::newRow("assignment") << u"TAG={v}; printf '%s' \"$TAG\""_s << u"a b;c"_s << u"a b;c"_s;
        QTest::newRow("inside $()") << u"printf '%s' \"$(printf '%s' {v})\""_s << u"a'b\"c"_s << u"a'b\"c"_s;
        QTest::newRow("nested $( ( ) )") << u"printf '%s' \"$( (printf '%s' {v}) )\""_s << u"x y"_s << u"x y"_s;
        QTest::newRow("backticks") << u"printf '%s' `printf '%s' {v}`"_s << u"ab$c"_s << u"ab$c"_s;
        QTest::newRow("escaped quote outside") << u"printf '%s' \\'{v}"_s << u"x"_s << u"'x"_s;
        QTest::newRow("awk braces untouched") << u"printf 'a b\\n' | awk '{print $2}'; printf '%s' {v}"_s << u"z"_s << u"b\nz"_s;
        QTest::newRow("shell braces untouched") << u"X=1; printf '%s' \"${X}\"{v}"_s << u"2"_s << u"12"_s;
    }
    void acceptedInContext()
    {
        QFETCH(QString, tmpl);
        QFETCH(QString, value);
        QFETCH(QString, output);
        const auto expanded = rd::expandCommand(tmpl, {{u"v"_s, value}});
        QVERIFY2(expanded, expanded ? "" : qPrintable(expanded.error().message));
        for (const QString &shell : shells())
            QCOMPARE(run(shell, *expanded), output);
    }

    void unknownPlaceholder()
    {
        const auto expanded = rd::expandCommand(u"deploy {artifact} {versoin}"_s, {{u"artifact"_s, u"api"_s}});
        QVERIFY(!expanded);
        QVERIFY(expanded.error().message.contains(u"{versoin}"));
    }

    void unterminated_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<QString>("what");
        QTest::newRow("single") << u"echo 'abc {v}"_s << u"single"_s;
        QTest::newRow("double") << u"echo \"abc {v}"_s << u"double"_s;
        QTest::newRow("dollar-single") << u"echo $'abc"_s << u"single"_s;
        QTest::newRow("subshell") << u"echo $(date"_s << u"$("_s;
        QTest::newRow("backtick") << u"echo `date"_s << u"`"_s;
    }
    void unterminated()
    {
        QFETCH(QString, tmpl);
        QFETCH(QString, what);
        const auto expanded = rd::expandCommand(tmpl, {{u"v"_s, u"x"_s}});
        QVERIFY(!expanded);
        QVERIFY2(expanded.error().message.contains(u"unterminated "_s + what), qPrintable(expanded.error().message));
    }

    void escapedQuotesDoNotOpen()
    {
        // \' outside quotes and \" inside double quotes are literal characters.
        const auto a = rd::expandCommand(u"echo \\' {v}"_s, {{u"v"_s, u"x y"_s}});
        QVERIFY(a);
        QCOMPARE(*a, u"echo \\' 'x y'"_s);
        const auto b = rd::expandCommand(u"echo \"a\\\"{v}\""_s, {{u"v"_s, u"x"_s}});
        QVERIFY(b);
        QCOMPARE(*b, u"echo \"a\\\"x\""_s);
    }

    void placeholders()
    {
        QCOMPARE(rd::commandPlaceholders(u"a {x} ${HOME} {y} {x} awk '{print}' {Bad} {a_b}"_s),
                 (QStringList{u"x"_s, u"y"_s, u"print"_s, u"a_b"_s}));
    }
};

QTEST_GUILESS_MAIN(TestShellCommand)
#include "tst_shellcommand.moc"
