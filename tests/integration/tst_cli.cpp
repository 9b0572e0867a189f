// SPDX-License-Identifier: GPL-3.0-or-later
// The built releasedeck-cli, run as scripts run it: exit codes, stdout, stderr and --json.
#include "processrun.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Run = rd::test::ProcessRun;

Run run(const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"RELEASEDECK_WORKSPACE"_s);
    return rd::test::runProcess(rd::test::binaryPath(u"releasedeck-cli"_s), arguments, environment, workingDirectory);
}

QString describe(const Run &r)
{
    return r.describe();
}

QStringList lines(const QString &text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// What the demo runs: artifact → version per environment (dev, qa, staging, prod; "" = none).
const QList<std::pair<QString, QStringList>> &demoTable()
{
    static const QList<std::pair<QString, QStringList>> table{
        {u"api"_s, {u"v1.6.0"_s, u"v1.5.1"_s, u"v1.5.1"_s, u"v1.5.0"_s}},
        {u"web"_s, {u"v2.3.0"_s, u"v2.3.0"_s, u"v2.2.1"_s, u"v2.2.1"_s}},
        {u"worker"_s, {u"v0.9.0"_s, u"v0.8.1"_s, u"v0.8.1"_s, QString()}},
    };
    return table;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(rd::test::binaryPath(u"releasedeck-cli"_s)).isExecutable(),
                 qPrintable(rd::test::binaryPath(u"releasedeck-cli"_s) + u" is not built (RD_BIN_DIR)"_s));
        QVERIFY(m_dir.isValid());
        const QString demoDir = m_dir.filePath(u"demo"_s);
        const Run r = run({u"demo"_s, u"create"_s, demoDir});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
        m_workspace = QDir(demoDir).filePath(u"releasedeck.yaml"_s);
        QVERIFY2(r.out.contains(m_workspace), qPrintable(describe(r)));
        QCOMPARE(r.err, QString());
        QVERIFY(QFileInfo(m_workspace).isFile());
    }

    void validate()
    {
        const Run r = run({u"-w"_s, m_workspace, u"validate"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.err, QString());
        QVERIFY2(r.out.contains(m_workspace + u": valid (3 artifacts, 4 environments"_s), qPrintable(r.out));
        // The long option and the environment variable name the same file.
        const Run longForm = run({u"--workspace"_s, m_workspace, u"validate"_s});
        QCOMPARE(longForm.exitCode, 0);
    }

    void workspaceFromTheCurrentFolder()
    {
        // No -w: ./releasedeck.yaml
        const Run r = run({u"validate"_s}, QFileInfo(m_workspace).absolutePath());
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(u"valid (3 artifacts"_s));
    }

    void listJson()
    {
        const Run r = run({u"-w"_s, m_workspace, u"list"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.err, QString());
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u'\n' + r.out));
        QVERIFY(document.isObject());
        const QJsonObject root = document.object();
        const QStringList environments{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s};
        QCOMPARE(root.value(u"environments"_s).toArray(), QJsonArray::fromStringList(environments));
        const QJsonArray artifacts = root.value(u"artifacts"_s).toArray();
        QCOMPARE(artifacts.size(), demoTable().size());
        const QRegularExpression commit(u"\\A[0-9a-f]{40}\\z"_s);
        const QRegularExpression digest(u"\\Asha256:[0-9a-f]{64}\\z"_s);
        for (qsizetype a = 0; a < artifacts.size(); ++a) {
            const auto &[name, versions] = demoTable()[a];
            const QJsonObject artifact = artifacts[a].toObject();
            QCOMPARE(artifact.value(u"name"_s).toString(), name);
            const QJsonObject cells = artifact.value(u"cells"_s).toObject();
            QCOMPARE(cells.size(), 4);
            for (qsizetype e = 0; e < environments.size(); ++e) {
                const QString where = name + u" in "_s + environments[e];
                const QJsonValue value = cells.value(environments[e]);
                if (versions[e].isEmpty()) {
                    QVERIFY2(value.isNull(), qPrintable(where));
                    continue;
                }
                QVERIFY2(value.isObject(), qPrintable(where));
                const QJsonObject cell = value.toObject();
                QCOMPARE(cell.value(u"version"_s).toString(), versions[e]);
                const QJsonArray tags = cell.value(u"tags"_s).toArray();
                QVERIFY2(tags.contains(versions[e]) && tags.contains(environments[e]), qPrintable(where));
                QVERIFY2(tags.contains(QString(u"sha-"_s + cell.value(u"commit"_s).toString().left(7))), qPrintable(where));
                QVERIFY2(digest.match(cell.value(u"digest"_s).toString()).hasMatch(), qPrintable(where));
                QVERIFY2(commit.match(cell.value(u"commit"_s).toString()).hasMatch(), qPrintable(where));
                QVERIFY2(QDateTime::fromString(cell.value(u"created"_s).toString(), Qt::ISODate).isValid(), qPrintable(where));
                // Same version, same image: the digest and commit agree across environments.
                for (qsizetype other = 0; other < e; ++other) {
                    if (versions[other] == versions[e]) {
                        QCOMPARE(cells.value(environments[other]).toObject().value(u"digest"_s), cell.value(u"digest"_s));
                        QCOMPARE(cells.value(environments[other]).toObject().value(u"commit"_s), cell.value(u"commit"_s));
                    }
                }
            }
        }
    }

    void listHuman()
    {
        const Run r = run({u"-w"_s, m_workspace, u"list"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.err, QString());
        const QStringList table = lines(r.out);
        QCOMPARE(table.size(), 4); // header and three artifacts, no error lines
        QVERIFY2(QRegularExpression(u"\\AARTIFACT +DEV +QA +STAGING +PROD \\(protected\\)\\z"_s).match(table[0]).hasMatch(),
                 qPrintable(table[0]));
        QVERIFY2(table[1].startsWith(u"api "_s) && table[1].contains(u"v1.6.0"_s) && table[1].contains(u"behind"_s), qPrintable(table[1]));
        QVERIFY2(table[3].startsWith(u"worker "_s) && table[3].contains(u"not deployed"_s), qPrintable(table[3]));
        QVERIFY(r.out.contains(u"not deployed"_s));
        QVERIFY(r.out.contains(u"behind"_s));
        QVERIFY(!r.out.contains(u"ahead"_s));
    }

    void missingWorkspace()
    {
        const QString missing = m_dir.filePath(u"nowhere/releasedeck.yaml"_s);
        for (const QString &command : {u"validate"_s, u"list"_s}) {
            const Run r = run({u"-w"_s, missing, command});
            QVERIFY2(r.finished && r.exitCode == 2, qPrintable(describe(r)));
            QCOMPARE(r.out, QString());
            QCOMPARE(lines(r.err).size(), 1);
            QVERIFY2(r.err.contains(missing), qPrintable(r.err));
            QVERIFY2(r.err.contains(u"does not exist"_s), qPrintable(r.err));
        }
    }

    void invalidWorkspace()
    {
        const QString broken = m_dir.filePath(u"broken.yaml"_s);
        QVERIFY(writeFile(broken, "version: 1\n"
                                  "name: broken\n"
                                  "environments:\n"
                                  "  - name: dev\n"
                                  "    colour: blue\n"));
        for (const QString &command : {u"validate"_s, u"list"_s}) {
            const Run r = run({u"-w"_s, broken, command});
            QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
            QCOMPARE(r.out, QString());
            const QRegularExpression located(u"\\Areleasedeck-cli: "_s + QRegularExpression::escape(broken) + u":5:\\d+: .*colour"_s);
            const QStringList errors = lines(r.err);
            QVERIFY2(std::any_of(errors.cbegin(), errors.cend(), [&](const QString &line) { return located.match(line).hasMatch(); }),
                     qPrintable(r.err));
        }
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message"); // a fragment of stderr
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command 'frobnicate'"_s;
        QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s, u"list"_s} << u"unknown option '--frobnicate'"_s;
        QTest::newRow("-w without a file") << QStringList{u"-w"_s} << u"unknown option '-w'"_s;
        QTest::newRow("no command") << QStringList{} << u"usage: releasedeck-cli"_s;
        QTest::newRow("list option") << QStringList{u"list"_s, u"--yaml"_s} << u"unknown option '--yaml'"_s;
        QTest::newRow("validate argument") << QStringList{u"validate"_s, u"extra"_s} << u"takes no arguments"_s;
        QTest::newRow("demo create without DIR") << QStringList{u"demo"_s, u"create"_s} << u"usage: releasedeck-cli demo create DIR"_s;
        QTest::newRow("demo without create") << QStringList{u"demo"_s} << u"unknown command 'demo'"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = run(arguments, m_dir.path());
        QVERIFY2(r.finished && r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(message), qPrintable(describe(r)));
        QCOMPARE(r.out, QString());
    }

    void helpAndVersion()
    {
        const Run help = run({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.startsWith(u"usage: releasedeck-cli"_s));
        const Run version = run({u"--version"_s});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(QRegularExpression(u"\\Areleasedeck-cli \\d+\\.\\d+\\.\\d+\\n\\z"_s).match(version.out).hasMatch(), qPrintable(version.out));
    }

    void demoCreateRefusesNonEmptyFolder()
    {
        const QString dir = m_dir.filePath(u"occupied"_s);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(writeFile(dir + u"/notes.txt"_s, "mine\n"));
        const Run r = run({u"demo"_s, u"create"_s, dir});
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY2(r.err.contains(dir) && r.err.contains(u"not empty"_s), qPrintable(r.err));
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{u"notes.txt"_s});
    }

    // rd_core never links Qt Gui or Widgets; the CLI proves it.
    void doesNotLinkGui()
    {
        const QString binary = rd::test::binaryPath(u"releasedeck-cli"_s);
        bool checked = false;
        auto check = [&](const QString &tool, const QStringList &arguments, const QString &what) {
            QProcess process;
            process.start(tool, arguments);
            QVERIFY(process.waitForFinished(30'000));
            QCOMPARE(process.exitCode(), 0);
            const QString output = QString::fromLocal8Bit(process.readAllStandardOutput());
            QVERIFY2(output.contains(u"libQt6Core.so"_s), qPrintable(what + u" lists no libQt6Core:\n"_s + output)); // the check sees libraries
            QVERIFY2(!output.contains(u"libQt6Gui"_s), qPrintable(what + u" lists libQt6Gui:\n"_s + output));
            QVERIFY2(!output.contains(u"libQt6Widgets"_s), qPrintable(what + u" lists libQt6Widgets:\n"_s + output));
            checked = true;
        };
        // ldd also follows the libraries' own dependencies; objdump shows what the binary asks for.
        if (const QString ldd = QStandardPaths::findExecutable(u"ldd"_s); !ldd.isEmpty())
            check(ldd, {binary}, u"ldd"_s);
        if (QTest::currentTestFailed())
            return;
        if (const QString objdump = QStandardPaths::findExecutable(u"objdump"_s); !objdump.isEmpty())
            check(objdump, {u"-p"_s, binary}, u"objdump -p"_s);
        if (QTest::currentTestFailed())
            return;
        if (!checked)
            QSKIP("neither ldd nor objdump is on PATH");
    }

private:
    QTemporaryDir m_dir;
    QString m_workspace;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
